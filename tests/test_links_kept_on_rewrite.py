"""`netmd mv`, `netmd merge` and an import's merge rewrite notes the user already has: a note
with other hard links keeps them (every name still shows the one note), as `lint --fix` and
the actions do; a note that is a link inside the vault is written through it."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault

MEETING = '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Ada Lovelace]]"]\n---\nNotes.\n'


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--vault", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_mv_keeps_a_hard_linked_note_linked(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada Lovelace.md": contact(), "meetings/m.md": MEETING})
    backup = tmp_path / "backup.md"
    os.link(root / "meetings" / "m.md", backup)  # the user's second name for the note
    run(root, "mv", "Ada Lovelace", "Ada King")
    note = root / "meetings" / "m.md"
    assert "[[Ada King]]" in note.read_text()
    assert os.path.samefile(note, backup) and backup.read_text() == note.read_text()


def test_mv_writes_through_a_linked_note(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada Lovelace.md": contact(), "archive/m.md": MEETING})
    (root / "meetings").mkdir()
    (root / "meetings" / "m.md").symlink_to("../archive/m.md")
    run(root, "mv", "Ada Lovelace", "Ada King")
    assert (root / "meetings" / "m.md").is_symlink()
    assert "[[Ada King]]" in (root / "archive" / "m.md").read_text()


def test_an_import_merge_keeps_a_hard_linked_note_linked(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada Lovelace.md": contact()})
    backup = tmp_path / "backup.md"
    os.link(root / "contacts" / "Ada Lovelace.md", backup)
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n")
    assert "+ email" in run(root, "import", "vcard", str(card))
    assert "ada@example.org" in backup.read_text()
    assert os.path.samefile(root / "contacts" / "Ada Lovelace.md", backup)
