"""`lint --fix` and `import` leave a read-only note as it is, its diagnostics reported, as the actions
do (root could write it, but the note's permissions say not to); the other notes are fixed."""

from __future__ import annotations

import os
import stat

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault


def test_fix_skips_a_read_only_note_and_fixes_the_rest(tmp_path):
    trap = contact(role="no")  # NM103: `no` is read as false; the fix quotes it
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": trap, "contacts/Bob.md": trap})
    locked = root / "contacts" / "Ada.md"
    os.chmod(locked, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "lint", "--fix"])
    assert locked.read_text("utf-8") == trap
    assert os.stat(locked).st_mode & 0o777 == 0o444
    assert 'role: "no"' in (root / "contacts" / "Bob.md").read_text("utf-8")
    assert "Ada.md:4:7: warning NM103" in result.output and "Bob.md" not in result.output  # (Bob's is fixed)


def test_import_leaves_a_read_only_note_as_it_is_and_says_so(tmp_path):
    ada = "---\ntype: contact\nlist: B\nemail: ada@example.org\n---\n"
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": ada})
    locked = root / "contacts" / "Ada.md"
    os.chmod(locked, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEMAIL:ada@example.org\r\nTITLE:Countess\r\nEND:VCARD\r\n")
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "import", "vcard", str(card)])
    assert "Countess" not in locked.read_text("utf-8")
    assert os.stat(locked).st_mode & 0o777 == 0o444
    assert "contacts/Ada.md: read-only (no write permission); not changed" in result.output, result.output
