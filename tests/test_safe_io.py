"""What netmd writes for other programs is safe to open (CSV in a spreadsheet, strict JSON), and
what it imports is never duplicated, never over-reported and never dropped without a word."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from netmd.query import FORMULA_START, csv_cell
from tests.conftest import contact, write_vault


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--vault", str(root), *args])


def strict(text: str) -> Any:
    """JSON as a strict parser reads it: NaN, Infinity and -Infinity are errors."""

    def refuse(name: str) -> NoReturn:
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


# -- ls --format csv: no cell is a formula -----------------------------------------------------

FORMULAS = ["=1+2", "+1+2", "-1+2", "@SUM(A1:A9)", "\t=1+2", "\r=1+2", '=HYPERLINK("http://x.example","y")']


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_csv_cell_never_starts_a_formula(tmp_path: Path, formula: str) -> None:
    quoted = json.dumps(formula)  # a YAML double-quoted string holds tabs and CRs as escapes
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact("Ada", role=quoted, status=quoted)})
    result = run(root, "ls", "contact", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output, newline="")))
    assert rows[0]["role"] == rows[0]["status"] == "'" + formula


def test_a_file_name_that_is_a_formula_is_quoted_too(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"=cmd.md": contact(), "contacts/@Ada.md": contact()})
    result = run(root, "ls", "contact", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output, newline="")))
    assert [(r["path"], r["name"]) for r in rows] == [("'=cmd.md", "'=cmd"), ("contacts/@Ada.md", "'@Ada")]


def test_plain_cells_are_unchanged(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact("Ada", role="Engineer, ML", email="a@x.example")})
    rows = list(csv.reader(io.StringIO(run(root, "ls", "contact", "--format", "csv").output, newline="")))
    assert rows[1][:6] == ["contacts/Ada.md", "Ada", "B", "", "Engineer, ML", "a@x.example"]


@given(st.text())
def test_csv_cell_is_the_text_or_a_quote_before_it(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_START)
    assert cell in (text, "'" + text)


@settings(max_examples=30, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12))
def test_no_role_becomes_a_formula(tmp_path_factory: pytest.TempPathFactory, role: str) -> None:
    root = write_vault(tmp_path_factory.mktemp("v"), {"contacts/Ada.md": contact("Ada", role=json.dumps(role))})
    result = run(root, "ls", "contact", "--format", "csv")
    assert result.exit_code == 0, result.output
    for row in csv.reader(io.StringIO(result.output, newline="")):
        assert not any(cell.startswith(FORMULA_START) for cell in row)


# -- JSON that strict parsers read --------------------------------------------------------------

NOT_NUMBERS = {
    "contacts/Ada.md": contact("Ada", cadence=".inf", role=".nan", score="-.inf", scores="[1.5, .nan, -.inf]"),
    "contacts/Nan.md": "---\ntype: contact\nlist: B\nname: .nan\nmore: {x: .inf}\n---\n",
    "pitch/Pitch.md": "---\ntype: pitch\ntarget_seconds: .inf\n---\nHello.\n",
    "meetings/Met.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Ada]]"]\nduration: .NaN\n---\n',
}


def test_export_json_writes_nan_and_infinity_as_yaml_text(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", NOT_NUMBERS)
    result = run(root, "export", "json")
    assert result.exit_code == 0, result.output
    fields = {n["path"]: n["fields"] for n in strict(result.output)}
    ada = fields["contacts/Ada.md"]
    assert (ada["cadence"], ada["role"], ada["score"], ada["scores"]) == (".inf", ".nan", "-.inf", [1.5, ".nan", "-.inf"])
    assert fields["contacts/Nan.md"]["name"] == ".nan" and fields["contacts/Nan.md"]["more"] == {"x": ".inf"}
    assert fields["meetings/Met.md"]["duration"] == ".nan"


@pytest.mark.parametrize("note_type", ["contact", "pitch", "meeting"])
def test_ls_json_writes_nan_and_infinity_as_yaml_text(tmp_path: Path, note_type: str) -> None:
    root = write_vault(tmp_path / "v", NOT_NUMBERS)
    result = run(root, "ls", note_type, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["path"]: r for r in strict(result.output)}
    if note_type == "contact":
        assert rows["contacts/Ada.md"]["cadence"] == ".inf"
        assert rows["contacts/Nan.md"]["name"] == ".nan"
    if note_type == "pitch":
        assert rows["pitch/Pitch.md"]["target_seconds"] == ".inf"


@pytest.mark.parametrize(
    "command", [["lint"], ["agenda", "--format", "json"], ["stats", "--format", "json"], ["show", "Ada"], ["export", "vcard"], ["export", "ics"], ["dashboard", "--stdout"]]
)
def test_an_infinite_cadence_or_duration_is_no_crash(tmp_path: Path, command: list[str]) -> None:
    root = write_vault(tmp_path / "v", NOT_NUMBERS)
    result = run(root, *command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1)
    if command[-1] == "json":
        strict(result.output)


def test_a_line_break_in_a_cell_forges_no_row(tmp_path: Path) -> None:
    roles = {"Cr": "a\rb", "Lf": "a\nb", "Crlf": "a\r\nb", "Quote": 'say "hi", then', "Ls": "a\u2028b"}
    files = {f"contacts/{n}.md": contact(n, role=json.dumps(r)) for n, r in roles.items()}
    root = write_vault(tmp_path / "v", files)
    out = run(root, "ls", "contact", "--format", "csv").stdout_bytes.decode()  # (.output makes CRLF LF)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {r["name"]: r["role"] for r in rows} == roles
