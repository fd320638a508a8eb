"""The read side's shortcuts (slice "read", issue 13's figures) give the answers of the long way."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner
from jinja2.sandbox import ImmutableSandboxedEnvironment

from netmd import query
from netmd.cli import cli
from netmd.parse import parse_text
from netmd.render import environment
from netmd.vault import open_vault
from tests.conftest import write_vault

DAY = ["--today", "2026-11-25"]


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--vault", str(root), *DAY, *args])


# -- the template sandbox reads a key of plain data without an exception ------------------------

ROW = {"date": "2026-11-25", "items": "a key that shadows dict.items", "_hidden": 1, "__class__": "x"}


def _outcome(env: jinja2.Environment, source: str) -> str:
    """What rendering `source` gives: the text, or the kind of error."""
    try:
        return str(env.from_string(source).render(row=dict(ROW), nested={"row": dict(ROW)}))
    except Exception as e:
        return type(e).__name__


@pytest.mark.parametrize(
    "source",
    [
        "{{ row.date }}",
        "{{ row['date'] }}",
        "{{ row.items is callable }}",  # the method, as before: the attribute comes first
        "{{ row.get('date') }}",
        "{{ row._hidden }}",
        "{{ row.__class__ }}",  # unsafe, as before
        "{{ row.update({'date': 1}) }}",  # refused by the immutable sandbox, as before
        "{{ row.nothing }}",  # undefined: an error, as before
        "{{ [row, row] | map(attribute='date') | join(',') }}",
        "{{ nested.row.date }}",
    ],
)
def test_attribute_of_plain_data_reads_as_jinja_reads_it(tmp_path: Path, source: str) -> None:
    root = write_vault(tmp_path / "v", {})
    ours = environment(open_vault(str(root), ()))
    theirs = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    assert _outcome(ours, source) == _outcome(theirs, source)
    assert _outcome(ours, "{{ row.date }}") == "2026-11-25"


# -- ls records -------------------------------------------------------------------------------


def test_record_reads_every_field_as_get_does() -> None:
    text = (
        '---\ntype: contact\nname: "[[Ada Lovelace|Ada]]"\nlist: B\nemail: a@x.org\nreferred_by: "[[Bob]]"\n'
        "score: .nan\nmet: 2026-11-20\ntags: [a, b]\nmore: {x: .inf}\nflag: true\nn: 3\n---\n"
    )
    note = parse_text("contacts/Ada.md", text, {})
    want: dict[str, object] = {"name": "Ada Lovelace", "path": "contacts/Ada.md"}
    for k in note.fields:
        if k != "name":
            want[k] = query.plain(note.get(k))
    want["email"], want["referred_by"] = ["a@x.org"], ["Bob"]  # the schema's lists
    assert query.record(note) == want


def test_ls_json_is_strict_without_a_second_pass(tmp_path: Path) -> None:
    root = write_vault(
        tmp_path / "v", {"contacts/Ada.md": "---\ntype: contact\nlist: B\nrole: .nan\nx: [1.5, -.inf]\n---\n"}
    )
    result = run(root, "ls", "contact", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"role": ".nan"' in result.output and '"x": [1.5, "-.inf"]' in result.output


# -- path: one index, names looked up lazily -------------------------------------------------

VAULT = {
    "organizations/Verdant Grid.md": "---\ntype: organization\ntarget: true\n---\n",
    "contacts/Ada Lovelace.md": "---\ntype: contact\nlist: B\norganization: '[[Verdant Grid]]'\n---\n",
    "contacts/Vera Grid.md": "---\ntype: contact\nlist: C\n---\n",
}


@pytest.mark.parametrize(
    ("target", "code", "says"),
    [
        ("Verdant Grid", 0, "Referral chains to Verdant Grid"),
        ("Verdant", 0, "Referral chains to Verdant Grid"),  # a unique prefix: the entries are read
        ("V", 1, "could be 2 notes"),
        ("Nobody", 1, "no contact or organization"),
    ],
)
def test_path_finds_the_target_as_before(tmp_path: Path, target: str, code: int, says: str) -> None:
    root = write_vault(tmp_path / "v", VAULT)
    result = run(root, "path", target)
    assert result.exit_code == code, result.output
    assert says in result.output


# -- `lint FILE` (the git hook) starts without the method ------------------------------------


def test_lint_imports_no_method() -> None:
    """The method is imported by the commands that use it (index.py says so): a rule module
    that imported it at the top made every `lint FILE` pay for it (~2 ms of ~80)."""
    import subprocess
    import sys

    code = "import sys, netmd.cli, netmd.lint, netmd.shown; print(sorted(m for m in sys.modules if 'method' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
