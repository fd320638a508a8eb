"""A hostile pass on the whole-vault refresh without a walk (`plan.unmoved_folders`): whatever
note comes, goes or is renamed must be seen as a run without a cache sees it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netmd.build.refresh import Refresh
from tests.conftest import contact, settled, write_vault
from tests.test_everyday_method import lint_json
from tests.test_everyday_method import without_cache as without_cache_of
from tests.test_walk_skipped import MEETING


def lint(root: Path) -> str:
    return lint_json(root)


def without_cache(root: Path) -> str:
    return without_cache_of(root, root.parent / "fresh")


def _vault(tmp_path: Path) -> Path:
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    lint(root)
    settled(root)
    lint(root)
    return root


def test_a_note_made_while_a_run_checks_the_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note saved after the walk read its folder, before the run ends (a vault pass of
    40,000 notes takes seconds): the folder state kept must not already list it."""
    root = _vault(tmp_path)
    (root / "meetings" / "m.md").write_text(MEETING.format("Nobody"))  # (the next run has a vault pass)
    real = Refresh.vault_rules

    def meanwhile(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        (root / "meetings" / "n.md").write_text(MEETING.format("Nobody"))  # saved by the user meanwhile
        monkeypatch.setattr(Refresh, "vault_rules", real)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Refresh, "vault_rules", meanwhile)
    lint(root)
    assert "meetings/n.md" in without_cache(root)
    assert lint(root) == without_cache(root)


def test_a_folder_that_could_not_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the walk could not read, readable since: chmod changes its times, not its
    parent's, so it must be kept too. (chmod 000 does not stop root: made unreadable by hand.)"""
    root = _vault(tmp_path)
    private = root / "private"
    private.mkdir()
    (private / "n.md").write_text(MEETING.format("Nobody"))
    private.chmod(0)
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.path.basename(path) == "private":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    with monkeypatch.context() as m:
        m.setattr(os, "scandir", scandir)
        lint(root)
    private.chmod(0o755)  # readable again: the folder's own times change, not its parent's
    settled(root)
    assert "private/n.md" in without_cache(root)
    assert lint(root) == without_cache(root)


def test_a_folder_named_in_bytes_that_are_not_utf8_is_not_walked_again(tmp_path: Path, walks: list[int]) -> None:
    """Its state is kept under its name on the disk, not the escaped name a note path shows."""
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    os.mkdir(os.path.join(os.fsencode(root), b"caf\xe9"))
    (root / os.fsdecode(b"caf\xe9") / "n.md").write_text(MEETING.format("Nobody"))
    lint(root)
    settled(root)
    lint(root)
    del walks[:]
    found = lint(root)
    assert walks == []  # (nothing changed)
    assert found == without_cache(root) and "caf\\\\xe9/n.md" in found


def test_a_note_gone_after_a_killed_run_that_indexed_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that walked, indexed a new note and was killed before it kept the folders' state:
    the note goes again, so the folders list what they listed before that run."""
    from tests.test_answers_kept import killed_before_the_vault_pass

    root = _vault(tmp_path)
    (root / "meetings" / "n.md").write_text(MEETING.format("Nobody"))
    killed_before_the_vault_pass(root, monkeypatch)
    (root / "meetings" / "n.md").unlink()
    assert lint(root) == without_cache(root)  # (not an NM105 "cannot read" for n.md)
