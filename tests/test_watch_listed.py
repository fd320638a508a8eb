"""`watch` knows from its observer which notes came, went or changed: it brings the index up
to date from those alone, without walking the vault, and leaves it as a full walk would."""

from __future__ import annotations

import shutil
from pathlib import Path

from netmd.build import scan as scan_mod
from netmd.index import Index
from netmd.vault import Vault
from netmd.watch import Live
from tests.conftest import SAMPLE
from tests.test_watch import BOARD, TODAY, meeting


def test_a_new_note_seen_by_the_observer_is_indexed_without_a_walk(tmp_path, monkeypatch):
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd", "dashboards")))
    walks = []
    walk = Vault.walk
    monkeypatch.setattr(Vault, "walk", lambda self, *a, **k: walks.append(1) or walk(self, *a, **k))
    with Index(Vault(root)) as index:
        live = Live(index)
        live.render(TODAY, None)
        assert walks  # the first render looks at every note
        walks.clear()
        new, gone = "meetings/2026-11-26 Tom Reyes.md", "meetings/2026-11-24 Daniel Kim.md"
        (root / new).write_text(meeting("Tom Reyes"))
        (root / gone).unlink()
        live.render(TODAY, {new, gone})
        assert walks == []
        board = (root / BOARD).read_text("utf-8")
        assert "[[2026-11-26 Tom Reyes]]" in board and "[[2026-11-24 Daniel Kim]]" not in board
        kept = sorted(index.diagnostics()[0])
    fresh = Path(shutil.copytree(root, tmp_path / "fresh", ignore=shutil.ignore_patterns(".netmd")))
    with Index(Vault(fresh)) as index:
        index.refresh()
        assert kept == sorted(index.diagnostics()[0])


def test_a_git_hook_after_it_still_sees_the_notes_that_came(tmp_path, monkeypatch):
    """The watcher did not record the folders' listings: the next `lint FILE` walks once."""
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd", "dashboards")))
    with Index(Vault(root)) as index:
        live = Live(index)
        live.render(TODAY, None)
        (root / "contacts" / "Tom Reyes.md").rename(root / "contacts" / "Tom R.md")
        live.render(TODAY, {"contacts/Tom Reyes.md", "contacts/Tom R.md"})
    note = "meetings/2026-10-07 Tom Reyes.md"
    with Index(Vault(root)) as index:
        index.refresh({note})
        codes = {d.code for d in index.diagnostics({note})[0]}
    assert "NM301" in codes  # its link to [[Tom Reyes]] is broken now
