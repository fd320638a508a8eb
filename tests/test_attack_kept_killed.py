"""A run killed between its note pass and its vault pass: the next run must still check again
the notes the killed run's edits reach (a link whose alias went), not only the edited ones."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_answers_kept import everyday, fresh_answers, killed_before_the_vault_pass, netmd, sample

ELENA = "contacts/Elena Marković.md"
MET = "meetings/2026-11-23 Elena Marković.md"


def test_an_alias_removed_in_a_killed_run(tmp_path, monkeypatch):
    root = sample(tmp_path, monkeypatch)
    met = root / MET
    met.write_text(met.read_text().replace('  - "[[Elena Marković]]"', '  - "[[Prof. Marković]]"', 1))
    everyday(root)
    elena = root / ELENA
    elena.write_text(elena.read_text().replace('aliases:\n  - "Prof. Marković"\n', ""))
    killed_before_the_vault_pass(root, monkeypatch)
    assert everyday(root) == fresh_answers(root, tmp_path / "fresh")
    assert lint(root) == lint(tmp_path / "fresh")
    assert "NM301" in lint(root)  # (its link to the alias is broken now)


def lint(root: Path) -> str:
    """`lint --format json` without the paths as printed from the current folder (`file`), which
    differ between two vaults; `path`, from each vault's root, stays."""
    return re.sub(r'"file": "(?:[^"\\]|\\.)*", ', "", netmd(root, "lint", "--format", "json"))


def test_a_contact_deleted_in_a_killed_run(tmp_path, monkeypatch):
    """The meetings with a contact that went are checked again even if the run that saw it go
    was killed before its vault pass (the agenda must not thank a contact who is gone)."""
    root = sample(tmp_path, monkeypatch)
    everyday(root)
    (root / ELENA).unlink()
    killed_before_the_vault_pass(root, monkeypatch)
    assert everyday(root) == fresh_answers(root, tmp_path / "fresh")
    assert lint(root) == lint(tmp_path / "fresh")
