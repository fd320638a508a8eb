"""`lint --fix` writes the value the user meant or nothing, and a linked note stays a link."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from netmd.parse import parse
from tests.conftest import write_vault

ORG = "---\ntype: organization\n---\n"


def lint(root, *args: str):
    return CliRunner().invoke(cli, ["--vault", str(root), "lint", *args])


def fields(text: str) -> dict[str, object]:
    n = parse("contacts/A.md", text.encode())
    assert n.syntax == (), n.syntax
    return {k: f.value.data for k, f in n.fields.items()}


def contact(*lines: str) -> str:
    return "---\ntype: contact\nlist: B\n" + "".join(line + "\n" for line in lines) + "---\nBody [[x]]\n"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ('[[Ada "The Countess" Lovelace]]', '[[Ada "The Countess" Lovelace]]'),
        ("[[Ada\\Lovelace]]", "[[Ada\\Lovelace]]"),
        ("[[O'Brien]]", "[[O'Brien]]"),
        ("[[Ada|Countess]]", "[[Ada|Countess]]"),
        ("[[Ada#Early life]]", "[[Ada#Early life]]"),
        ('[[Ada "x" O\'Brien\\y]]', '[[Ada "x" O\'Brien\\y]]'),
    ],
)
def test_an_unquoted_link_is_quoted_to_the_text_written(tmp_path, written, meant):
    root = write_vault(tmp_path / "v", {"contacts/A.md": contact(f"organization: {written}", "role: x")})
    lint(root, "--fix")
    after = (root / "contacts" / "A.md").read_text("utf-8")
    assert fields(after) == {"type": "contact", "list": "B", "organization": meant, "role": "x"}
    assert "NM103" not in lint(root).stdout


def test_an_anchored_or_tagged_trap_is_reported_without_a_fix(tmp_path):
    text = contact("role: &r yes", "looking_for: *r", "name: !!bool no")
    root = write_vault(tmp_path / "v", {"contacts/A.md": text})
    result = lint(root, "--fix")
    assert (root / "contacts" / "A.md").read_text("utf-8") == text
    assert 'yes is read as true; quote it: "yes"' in result.stdout
    assert 'no is read as false; quote it: "no"' in result.stdout


def test_a_fix_that_would_not_read_back_is_not_written(tmp_path, monkeypatch):
    """The last guard: a fix whose result reads as anything but the text it replaced."""
    from netmd.rules import yaml_trap

    monkeypatch.setattr(yaml_trap, "quoted", lambda text: f'"{text}"')  # the old, unescaped quoting
    text = contact('organization: [[Ada "The Countess" Lovelace]]', "phone: +4930123")
    root = write_vault(tmp_path / "v", {"contacts/A.md": text})
    result = lint(root, "--fix")
    assert (root / "contacts" / "A.md").read_text("utf-8") == text  # nothing written for the file
    assert result.stdout.count("NM103") == 2  # and its diagnostics are left


def test_a_changed_file_is_not_fixed_with_old_offsets(tmp_path):
    """Offsets from a lint run that no longer match the file (edited since): nothing is written."""
    from netmd import lint as engine
    from netmd.diagnostics import Diagnostic, Severity
    from netmd.vault import open_vault

    root = write_vault(tmp_path / "v", {"contacts/A.md": contact("role: yes")})
    start = contact("role: yes").index("yes")
    edited = contact("role: x", "name: yes")
    (root / "contacts" / "A.md").write_text(edited, "utf-8")
    d = Diagnostic("contacts/A.md", 4, 7, "NM103", "yaml-trap", Severity.WARNING, "", ((start, start + 3, '"yes"'),))
    assert engine.fix(open_vault(str(root)), [d]) == []
    assert (root / "contacts" / "A.md").read_text("utf-8") == edited


def test_a_symlinked_note_stays_a_link_and_its_target_is_fixed(tmp_path):
    root = write_vault(tmp_path / "v", {"people/Ada.md": contact("role: yes"), "organizations/Initech.md": ORG})
    (root / "contacts").mkdir()
    os.symlink("../people/Ada.md", root / "contacts" / "Ada.md")
    lint(root, "--fix")
    assert os.path.islink(root / "contacts" / "Ada.md")
    assert fields((root / "people" / "Ada.md").read_text("utf-8"))["role"] == "yes"


def test_a_link_to_a_note_outside_the_vault_is_not_written(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(contact("role: yes"), "utf-8")
    root = write_vault(tmp_path / "v", {"organizations/Initech.md": ORG})
    (root / "contacts").mkdir()
    os.symlink(outside, root / "contacts" / "Ada.md")
    lint(root, "--fix")
    assert outside.read_text("utf-8") == contact("role: yes") and os.path.islink(root / "contacts" / "Ada.md")


def test_a_hard_linked_note_stays_one_file_under_both_names(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact("role: yes", "phone: +4930123")})
    os.link(root / "contacts" / "Ada.md", tmp_path / "elsewhere.md")
    mode = os.stat(root / "contacts" / "Ada.md").st_mode
    lint(root, "--fix")
    a, b = os.stat(root / "contacts" / "Ada.md"), os.stat(tmp_path / "elsewhere.md")
    assert (a.st_ino, a.st_nlink, a.st_mode) == (b.st_ino, 2, mode)
    text = (tmp_path / "elsewhere.md").read_text("utf-8")
    assert fields(text)["role"] == "yes" and fields(text)["phone"] == "+4930123"


# -- the property: every fixable note ---------------------------------------------------------------

_TRAPS = ["14:00", "9:30", "yes", "no", "on", "Off", "+4930123", "0049301", "1e3", "3.5", "0x1F", "1_000"]
_LINK_NAMES = [
    "Ada",
    'Ada "The Countess" Lovelace',
    "Ada\\Lovelace",
    "O'Brien",
    "A|B",
    "A#b",
    "x y",
    "é✓",
    "a:b",
    "a, b",
]
_PLAIN = ["x", "Ada Lovelace", "2026-11-20", "[a, b]", '"quoted"', "'single'", "~", "[[Ada]]"]


def _trap():
    link = st.sampled_from(_LINK_NAMES).map(lambda n: f"[[{n}]]")
    scalar = st.sampled_from(_TRAPS)
    anchored = st.builds(lambda a, v: f"&{a} {v}", st.sampled_from(["r", "s"]), scalar)
    flow = st.lists(scalar | link | st.sampled_from(["x", '"y"']), min_size=1, max_size=3).map(
        lambda xs: "[" + ", ".join(xs) + "]"
    )
    block = st.lists(scalar | link, min_size=1, max_size=3).map(lambda xs: "".join(f"\n  - {x}" for x in xs))
    return st.one_of(link, scalar, scalar, anchored, flow, block)


_TEXT_FIELDS = ["role", "looking_for", "name", "organization", "email", "phone", "tags", "aliases", "linkedin"]


def _note():
    trap = st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(_TEXT_FIELDS), _trap())
    other = st.builds(
        lambda k, v: f"{k}: {v}", st.sampled_from(["x_note", "website", "cadence"]), st.sampled_from(_PLAIN)
    )
    alias = st.sampled_from(["x_alias: *r", "x_alias: [*s]"])
    lines = st.lists(trap | trap | other | alias, min_size=1, max_size=6)
    return st.builds(
        lambda ls, nl, bom: ("\ufeff" if bom else "") + contact(*ls).replace("\n", nl),
        lines,
        st.sampled_from(["\n", "\r\n"]),
        st.booleans(),
    )


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(text=_note())
def test_a_fix_keeps_every_other_field_removes_the_fixable_traps_and_is_done_once(tmp_path_factory, text):
    root = write_vault(tmp_path_factory.mktemp("v"), {"contacts/A.md": text.encode(), "organizations/Initech.md": ORG})
    path = root / "contacts" / "A.md"
    before = parse("contacts/A.md", text.encode())
    result = lint(root, "--fix", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    after_bytes = path.read_bytes()
    after = parse("contacts/A.md", after_bytes)
    if before.syntax:  # (a generated alias to no anchor: nothing to fix, nothing written)
        assert after_bytes == text.encode()
        return
    assert after.syntax == () and after_bytes.startswith(b"\xef\xbb\xbf") == text.startswith("\ufeff")
    # every field reads as before, but a fixed one reads as the text that was written
    for key, f in before.fields.items():
        now = after.fields[key].value.data
        assert _as_meant(f.value, now, text.lstrip("\ufeff")), key
    # no fixable trap is left; and a second --fix changes nothing
    import json

    left = json.loads(lint(root, "--format", "json").stdout)
    assert not [d for d in left if d["fixable"]]
    lint(root, "--fix")
    assert path.read_bytes() == after_bytes


def _as_meant(v, now, text: str) -> bool:
    """Whether `now` is what `v` read as, or the text written for it, or a list of such items."""
    if type(now) is type(v.data) and now == v.data:
        return True
    if now == text[v.start : v.end]:
        return True
    return (
        v.tag == "seq"
        and isinstance(now, list)
        and len(now) == len(v.items)
        and all(_as_meant(i, x, text) for i, x in zip(v.items, now))
    )
