"""`ls`, `show` and `search` on sample-vault/, through the CLI, against golden files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd import query
from netmd.cli import cli
from tests.conftest import SAMPLE

GOLDEN = Path(__file__).parent / "golden"


def run(*args: str):
    return CliRunner().invoke(cli, ["--vault", str(SAMPLE), "--today", "2026-11-25", *args])


CASES = {
    "ls-contact": ["ls", "contact"],
    "ls-contact-where": ["ls", "contact", "--where", "list=C", "--where", "organization=[[Verdant Grid]]"],
    "ls-meeting-sorted": ["ls", "meeting", "--sort", "kind", "--format", "csv"],
    "ls-organization-json": ["ls", "organization", "--where", "target=true", "--format", "json"],
    "show-contact": ["show", "Hannah Weiss"],
    "show-organization": ["show", "verdant grid"],
    "show-alias": ["show", "Prof. Marković"],
    "search": ["search", "grid", "forecasting"],
}


@pytest.mark.parametrize("name", CASES)
def test_golden(name, monkeypatch):
    monkeypatch.chdir(SAMPLE)  # paths print from the current folder, as in the README's tour
    result = run(*CASES[name])
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, "utf-8")
    assert result.exit_code == 0, result.output
    assert result.stdout == golden.read_text("utf-8")


def test_ls_json_is_data():
    rows = json.loads(run("ls", "contact", "--where", "tags=target", "--format", "json").stdout)
    assert {r["name"] for r in rows} >= {"Rafael Souza", "Bill Lumbergh"}
    assert all(r["list"] == "C" for r in rows) and rows[0]["created"] == "2026-10-01"


def test_ls_where_date_and_link():
    out = run("ls", "meeting", "--where", "date=2026-11-18", "--format", "csv").stdout.splitlines()
    assert out[1].startswith("meetings/2026-11-18 Hannah Weiss.md,2026-11-18,14:00,")
    assert "Hannah Weiss, Rafael Souza" in out[1]


def test_ls_unknown_field_is_a_usage_error():
    result = run("ls", "contact", "--where", "lsit=A")
    assert result.exit_code == 2 and 'did you mean "list"' in result.stderr


def test_ls_unknown_type_is_a_usage_error():
    result = run("ls", "contacts")
    assert result.exit_code == 2 and 'did you mean "contact"' in result.stderr


def test_show_typo_suggests_and_exits_1():
    result = run("show", "Rafael Sousa")
    assert result.exit_code == 1
    assert result.stderr == 'netmd: error: no contact or organization "Rafael Sousa" (did you mean "Rafael Souza"?)\n'


def test_search_without_match_exits_1():
    result = run("search", "zyxwvut")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "no match\n")


def test_search_sees_an_edit(tmp_path):
    import shutil

    root = shutil.copytree(SAMPLE, tmp_path / "v")
    note = root / "contacts" / "Tom Reyes.md"
    assert CliRunner().invoke(cli, ["--vault", str(root), "search", "quokka"]).exit_code == 1
    note.write_text(note.read_text() + "Loves quokkas and the quokka sanctuary.\n")
    result = CliRunner().invoke(cli, ["--vault", str(root), "search", "quokka"])
    line = len(note.read_text().splitlines())
    assert result.stdout == f"v/contacts/Tom Reyes.md:{line}: Loves quokkas and the quokka sanctuary.\n"


def test_table_fits_the_width():
    rows = [{"name": "A very long name indeed", "role": "An even longer role description"}]
    out = query.table(rows, ["name", "role"], 30)
    assert all(len(line) <= 30 for line in out.splitlines()) and "…" in out
