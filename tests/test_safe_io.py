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
from tests.conftest import contact, in_folder, write_vault


def run(root: Path, *args: str) -> Result:
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
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
    assert (ada["cadence"], ada["role"], ada["score"], ada["scores"]) == (
        ".inf",
        ".nan",
        "-.inf",
        [1.5, ".nan", "-.inf"],
    )
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
    "command",
    [
        ["lint"],
        ["agenda", "--format", "json"],
        ["stats", "--format", "json"],
        ["show", "Ada"],
        ["export", "vcard"],
        ["export", "ics"],
        ["dashboard", "--stdout"],
    ],
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


# -- import: names with a slash, honest merges, broken vCards ----------------------------------

LINKEDIN = (
    'Notes:\n"When exporting your connection data, you may notice..."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ana,Souza,https://www.linkedin.com/in/anasouza,,WB Games / Avalanche,Producer,15 Mar 2024\n"
    "Jean / JL,Picard,,,Starfleet/Command,Captain,01 Jan 2024\n"
    "Kim,Lee,,,AC/DC,Roadie,02 Jan 2024\n"
)
GOOGLE = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Value,Labels\n"
    "Ana,,Souza,WB Games / Avalanche,Producer,,* myContacts\n"
    "Jean / JL,,Picard,Starfleet/Command,Captain,,\n"
)
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Souza\r\nORG:WB Games / Avalanche\r\nTITLE:Producer\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jean / JL Picard\r\nORG:Starfleet/Command\r\nEND:VCARD\r\n"
)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def import_(root: Path, kind: str, file: Path, *more: str) -> Result:
    result = run(root, "import", kind, str(file), *more)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize(("kind", "text"), [("linkedin", LINKEDIN), ("google", GOOGLE), ("vcard", VCARD)])
def test_names_with_a_slash_are_found_again(tmp_path: Path, kind: str, text: str) -> None:
    root = write_vault(tmp_path / "v", {})
    file = tmp_path / f"people.{'vcf' if kind == 'vcard' else 'csv'}"
    file.write_text(text, "utf-8", newline="")
    first = import_(root, kind, file)
    made = snapshot(root)
    assert "contacts/Jean JL Picard.md" in made and "organizations/WB Games Avalanche.md" in made
    assert b'name: "WB Games / Avalanche"' in made["organizations/WB Games Avalanche.md"]
    assert b'organization: "[[WB Games Avalanche]]"' in made["contacts/Ana Souza.md"]
    again = import_(root, kind, file)
    assert snapshot(root) == made, again.output  # no `Jean JL Picard 2.md`, no `WB Games Avalanche 2.md`
    assert ": 0 new contacts, 0 new organizations, 0 merged" in again.output
    assert "conflict" not in again.output.replace("0 conflicts", "")
    assert first.output != again.output


def test_a_slash_name_merges_with_the_note_it_names(tmp_path: Path) -> None:
    org = '---\ntype: organization\nname: "WB Games / Avalanche"\n---\n'
    person = '---\ntype: contact\nlist: A\nname: "Jean / JL Picard"\n---\n'
    root = write_vault(tmp_path / "v", {"organizations/WB.md": org, "contacts/JL.md": person})
    file = tmp_path / "people.csv"
    file.write_text(LINKEDIN, "utf-8")
    result = import_(root, "linkedin", file)
    assert "merged            contacts/JL.md  + organization, role" in result.output
    assert b'organization: "[[Starfleet Command]]"' in (root / "contacts" / "JL.md").read_bytes()
    assert b'organization: "[[WB]]"' in (root / "contacts" / "Ana Souza.md").read_bytes()
    assert not (root / "organizations" / "WB Games Avalanche.md").exists()


def test_a_merge_reports_only_what_it_writes(tmp_path: Path) -> None:
    ada = (
        "---\ntype: contact\nlist: A\nlinkedin: https://www.linkedin.com/in/anasouza\n"
        "email: []\nphone: [ ]\n---\n# Ana\n"
    )
    root = write_vault(tmp_path / "v", {"contacts/Ana.md": ada})
    file = tmp_path / "people.vcf"
    file.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Souza\r\nTITLE:Producer\r\nEMAIL:ana@example.org\r\n"
        "TEL:+1 555 0100\r\nURL:https://www.linkedin.com/in/anasouza\r\nEND:VCARD\r\n",
        "utf-8",
    )
    result = import_(root, "vcard", file)
    assert "merged            contacts/Ana.md  + role  (people.vcf:1)" in result.output
    assert "email" not in result.output.split("merged")[1].splitlines()[0]
    written = (root / "contacts" / "Ana.md").read_text("utf-8")
    assert written == ada.replace("---\n# Ana", 'role: "Producer"\n---\n# Ana')
    warnings = [line for line in result.output.splitlines() if line.startswith("warning")]
    unfilled = "is empty in a way netmd does not fill;"
    assert warnings == [
        f'warning           people.vcf:1: contacts/Ana.md: email {unfilled} "ana@example.org" not merged',
        f'warning           people.vcf:1: contacts/Ana.md: phone {unfilled} "+1 555 0100" not merged',
    ]
    assert ": 0 new contacts, 0 new organizations, 1 merged" in result.output


def test_a_merge_that_writes_nothing_is_unchanged(tmp_path: Path) -> None:
    ada = "---\ntype: contact\nlist: A\nlinkedin: https://www.linkedin.com/in/anasouza\nemail: []\n---\n"
    root = write_vault(tmp_path / "v", {"contacts/Ana.md": ada})
    file = tmp_path / "people.csv"
    file.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Souza,https://www.linkedin.com/in/anasouza,ana@example.org,,,\n",
        "utf-8",
    )
    result = import_(root, "linkedin", file)
    assert "merged " not in result.output
    assert ": 0 new contacts, 0 new organizations, 0 merged, 1 unchanged" in result.output
    assert (root / "contacts" / "Ana.md").read_text("utf-8") == ada


CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nEND:VCARD\r\n"


def _vcard_import(tmp_path: Path, text: str) -> tuple[Result, set[str]]:
    root = write_vault(tmp_path / "v", {})
    file = tmp_path / "people.vcf"
    file.write_text(text, "utf-8", newline="")
    result = import_(root, "vcard", file)
    return result, {p.removeprefix("contacts/") for p in snapshot(root)}


def test_a_card_with_no_end_is_read_and_reported(tmp_path: Path) -> None:
    text = CARD.format("Ada Lovelace") + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Byte\r\nEMAIL:bob@example.org\r\n"
    result, made = _vcard_import(tmp_path, text)
    assert made == {"Ada Lovelace.md", "Bob Byte.md"}
    assert "warning           people.vcf:5: no END:VCARD; the card is read as far as line 8" in result.output


def test_a_card_with_no_end_before_the_next_card(tmp_path: Path) -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n" + CARD.format("Bob Byte") + CARD.format("Cy Cle")
    result, made = _vcard_import(tmp_path, text)
    assert made == {"Ada Lovelace.md", "Bob Byte.md", "Cy Cle.md"}
    assert "warning           people.vcf:1: no END:VCARD; the card is read as far as line 3" in result.output
    assert "inside" not in result.output


def test_a_card_inside_a_card_is_kept_and_reported(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ada Lovelace\r\nAGENT:\r\n"
        + CARD.format("Bob Byte")
        + "TITLE:Analyst\r\nEND:VCARD\r\n"
        + CARD.format("Cy Cle")
    )
    result, made = _vcard_import(tmp_path, text)
    assert made == {"Ada Lovelace.md", "Bob Byte.md", "Cy Cle.md"}
    assert (
        "warning           people.vcf:5: a card inside the card of line 1; read as a card of its own" in result.output
    )
    assert "new contact       contacts/Ada Lovelace.md  (people.vcf:1)" in result.output
    assert 'role: "Analyst"' in (tmp_path / "v" / "contacts" / "Ada Lovelace.md").read_text("utf-8")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["BEGIN:VCARD", "END:VCARD", "FN:Ada", "VERSION:3.0", "N:Ada;;;;", "x"]), max_size=14))
def test_no_arrangement_of_card_lines_is_a_traceback(lines: list[str]) -> None:
    from netmd.errors import NetmdError
    from netmd.vcard import read_vcard

    try:
        people, problems = read_vcard("\r\n".join(lines) + "\r\n", "p.vcf")
    except NetmdError as e:
        assert "no BEGIN:VCARD" in str(e)
        return
    begins = sum(line == "BEGIN:VCARD" for line in lines)
    assert len(people) + sum(p.skipped for p in problems) == begins  # every card is read or said
