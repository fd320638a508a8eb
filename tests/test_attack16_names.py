"""Commands that take a name find a note by the name `new` kept in its `aliases` (`AC/DC`,
though `[[AC/DC]]` is a path), and a first name alone gets the full names it begins as suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, in_folder, write_vault


def run(root: Path, *args: str):
    with in_folder(root):
        return CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args], prog_name="netmd")


@pytest.fixture
def acdc(tmp_path: Path) -> Path:
    root = write_vault(tmp_path / "v", {})
    assert run(root, "new", "organization", "AC/DC").exit_code == 0
    assert run(root, "new", "contact", "Bon Scott", "--org", "AC/DC").exit_code == 0
    assert run(root, "new", "contact", "Angus/Young", "--org", "AC/DC").exit_code == 0
    return root


def test_show_finds_an_organization_by_the_name_it_was_made_with(acdc: Path) -> None:
    result = run(acdc, "show", "ac/dc")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("AC DC — organization")
    assert "Bon Scott" in result.output


def test_path_finds_it_too(acdc: Path) -> None:
    result = run(acdc, "path", "AC/DC")
    assert result.exit_code == 0, result.output
    assert "Referral chains to AC DC" in result.output


def test_new_meeting_finds_a_contact_by_the_name_it_was_made_with(acdc: Path) -> None:
    result = run(acdc, "new", "meeting", "Angus/Young", "--date", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert (acdc / "meetings" / "2026-11-25 Angus Young.md").exists()


@pytest.mark.parametrize("command", [("show",), ("path",), ("new", "meeting")])
def test_a_first_name_alone_is_told_the_full_names(tmp_path: Path, command: tuple[str, ...]) -> None:
    files = {f"contacts/{n}.md": contact() for n in ("Aisha Rahman", "Aisha Khan", "Bo Lund")}
    result = run(write_vault(tmp_path / "v", files), *command, "aisha")
    assert result.exit_code == 1
    assert '"aisha" could be 2 contacts: Aisha Khan, Aisha Rahman; say which' in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


@pytest.mark.parametrize("pasted", ["[[Bon Scott]]", "[[Bon Scott|Bon]]", " [[contacts/Bon Scott#Notes]] "])
def test_show_takes_a_link_pasted_whole(acdc: Path, pasted: str) -> None:
    result = run(acdc, "show", pasted)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Bon Scott — contact")


def test_new_meeting_with_a_note_that_is_not_a_contact_says_how_to_make_it_one(tmp_path: Path) -> None:
    kevin = '---\ntype:\n  - "[[Authors]]"\n---\n'
    root = write_vault(tmp_path / "v", {"References/Kevin Kelly.md": kevin}, '[fields]\nkind = "type"\n')
    result = run(root, "new", "meeting", "Kevin Kelly", "--date", "2026-11-25")
    assert result.exit_code == 1
    message = (
        '"Kevin Kelly" is References/Kevin Kelly.md, which is not a contact note;'
        ' to count it as one, add "kind: contact" to it'
    )
    assert message in result.output
    assert not (root / "meetings").exists()
