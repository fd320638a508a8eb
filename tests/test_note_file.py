"""One rule for the note netmd writes back (`fsutil.note_file`), for `lint --fix`, the actions
and `mv`/`merge`: through a link inside the vault, never a read-only note or one outside."""

from __future__ import annotations

import os
import stat

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault

MEETING = '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Ada Lovelace]]"]\n---\n'


def snapshot(root):
    return {p: p.read_bytes() for p in sorted(root.rglob("*.md"))}


def test_mv_refuses_when_a_note_it_must_rewrite_is_read_only_and_changes_nothing(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada Lovelace.md": contact(), "meetings/m.md": MEETING})
    os.chmod(root / "meetings" / "m.md", stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = snapshot(root)
    result = CliRunner().invoke(cli, ["--vault", str(root), "mv", "Ada Lovelace", "Ada King"])
    assert result.exit_code == 1
    assert "meetings/m.md: read-only (no write permission)" in result.output
    assert "Traceback" not in result.output
    assert snapshot(root) == before
