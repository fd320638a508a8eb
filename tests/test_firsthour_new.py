"""`netmd new` checks what it writes: the links its options make, and that the name is new."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import in_folder, write_vault

ADA = "---\ntype: contact\nlist: B\n---\n"
ACME = "---\ntype: organization\n---\n"


def run(root: Path, *args: str):
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
        return CliRunner().invoke(cli, ["--vault", str(root), *args], prog_name="netmd")


def vault(tmp_path: Path) -> Path:
    return write_vault(
        tmp_path / "v",
        {"contacts/Ada Lovelace.md": ADA, "organizations/Acme.md": ACME, "people/Zed One.md": ADA},
    )


def test_unknown_referrer_and_org_are_refused_with_suggestions(tmp_path: Path) -> None:
    root = vault(tmp_path)
    result = run(root, "new", "contact", "Bob", "--org", "Acmee", "--referred-by", "Ada Lovelac")
    assert result.exit_code == 1
    assert 'no organization "Acmee" (did you mean "Acme"?)' in result.stderr
    assert 'no contact "Ada Lovelac" (did you mean "Ada Lovelace"?)' in result.stderr
    assert "--create-missing" in result.stderr
    assert not (root / "contacts" / "Bob.md").exists()


def test_known_links_write_the_note(tmp_path: Path) -> None:
    root = vault(tmp_path)
    result = run(root, "new", "contact", "Bob", "--org", "acme", "--referred-by", "Ada Lovelace")
    assert result.exit_code == 0, result.output
    assert (root / "contacts" / "Bob.md").is_file()
    assert run(root, "lint", str(root / "contacts" / "Bob.md")).exit_code == 0


def test_create_missing_creates_the_notes_and_says_which(tmp_path: Path) -> None:
    root = vault(tmp_path)
    result = run(root, "new", "contact", "Bob", "--org", "Initech", "--referred-by", "Nobody Known", "--create-missing")
    assert result.exit_code == 0, result.output
    assert result.stdout == "contacts/Bob.md\n"  # from the vault, where the user is
    assert "created organizations/Initech.md (named by --org)" in result.stderr
    assert "created contacts/Nobody Known.md (named by --referred-by)" in result.stderr
    lint = run(root, "lint")
    assert "NM301" not in lint.output and lint.exit_code == 0, lint.output


def test_opportunity_checks_org_and_via(tmp_path: Path) -> None:
    root = vault(tmp_path)
    result = run(root, "new", "opportunity", "Job", "--org", "Acme", "--via", "Nobody")
    assert result.exit_code == 1 and 'no contact "Nobody"' in result.stderr
    assert run(root, "new", "opportunity", "Job", "--org", "Acme", "--via", "Ada Lovelace").exit_code == 0


def test_a_name_that_differs_only_in_case_is_the_same_note_in_any_folder(tmp_path: Path) -> None:
    root = vault(tmp_path)
    result = run(root, "new", "contact", "zed one")
    assert result.exit_code == 1
    assert '"zed one" is people/Zed One.md already' in result.stderr
    assert not (root / "contacts" / "zed one.md").exists()
    again = run(root, "new", "organization", "ACME")
    assert again.exit_code == 1 and "organizations/Acme.md already" in again.stderr


def test_a_meeting_twice_on_one_day_is_refused(tmp_path: Path) -> None:
    root = vault(tmp_path)
    assert run(root, "new", "meeting", "Ada Lovelace", "--date", "2026-11-20").exit_code == 0
    again = run(root, "new", "meeting", "ada lovelace", "--date", "2026-11-20")
    assert again.exit_code == 1 and "already" in again.stderr
