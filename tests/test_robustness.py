"""Promise 1: no traceback for any input, and every other file is still checked."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from netmd.parse import parse
from tests.conftest import contact, write_vault

BOMB = (
    "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]\n" for n, p in zip("bcdefghi", "abcdefgh"))
    + "---\n"
)

BAD_FILES: dict[str, str | bytes] = {
    "invalid yaml": "---\ntype: contact\nlist: [B\n---\n",
    "tab": "---\ntype: contact\n\tlist: B\n---\n",
    "duplicate keys": "---\ntype: contact\nlist: B\nlist: C\n---\n",
    "impossible date": "---\ntype: contact\nlist: B\nfollow_up: 2026-02-30\n---\n",
    "bom": b"\xef\xbb\xbf---\ntype: contact\nlist: B\n---\n",
    "crlf": b"---\r\ntype: contact\r\nlist: B\r\n---\r\nbody\r\n",
    "latin-1": "---\ntype: contact\nlist: B\nrole: Zo\xeb\n---\n".encode("latin-1"),
    "nul": b"---\ntype: contact\x00\n---\n",
    "list front matter": "---\n- a\n---\n",
    "scalar front matter": "---\nhello\n---\n",
    "unclosed": "---\ntype: contact\n",
    "alias bomb": BOMB,
    "empty": "",
    "deep nesting": "---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n",
    "python tag": "---\na: !!python/object/apply:os.system ['echo owned']\n---\n",
    "complex key": "---\n? [a, b]\n: c\n---\n",
    "only dashes": "---\n",
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_a_diagnostic_and_others_are_still_checked(tmp_path, name):
    files = {
        "contacts/Bad.md": BAD_FILES[name],
        "contacts/Zoë Ångström.md": contact(organization='"[[Nowhere]]"'),
        "meetings/2026-11-20 Zoë Ångström.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Nobody]]"]\n---\n',
    }
    root = write_vault(tmp_path / "v", files)
    result = CliRunner().invoke(cli, ["--vault", str(root), "lint", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    paths = {d["path"] for d in __import__("json").loads(result.stdout)}
    assert {"contacts/Zoë Ångström.md", "meetings/2026-11-20 Zoë Ångström.md"} <= paths


def test_symlink_and_unreadable_files_do_not_stop_the_run(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntype: contact\n---\n")
    root = write_vault(tmp_path / "v", {"contacts/B.md": contact(organization='"[[Nowhere]]"')})
    os.symlink(outside, root / "contacts" / "Out.md")
    os.symlink(root / "gone.md", root / "contacts" / "Dangling.md")
    os.symlink(tmp_path, root / "loop")  # a folder link is not followed
    result = CliRunner().invoke(cli, ["--vault", str(root), "lint"])
    assert result.exit_code == 1
    assert [line.split(": ")[1].split()[1] for line in result.stdout.splitlines()] == ["NM301", "NM105", "NM105"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    parse("contacts/x.md", data)
    parse("contacts/x.md", b"---\n" + data + b"\n---\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#%@`, \n\tab0129?")), max_size=120))
def test_yaml_like_text_never_raises(text):
    note = parse("contacts/x.md", ("---\n" + text + "\n---\n").encode())
    for f in note.fields.values():  # positions point inside the file
        assert 1 <= f.key_pos.line and f.value.pos.start <= f.value.pos.end
