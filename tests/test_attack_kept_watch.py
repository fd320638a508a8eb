"""Hostile pass on `watch` bringing the index up to date from its observer's paths alone
(`Index.refresh(only, listed=True)`): what a later command sees must be what a run without
a cache sees."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from netmd.build import scan as scan_mod
from netmd.index import Index
from netmd.vault import Vault
from netmd.watch import Live
from tests.conftest import SAMPLE
from tests.test_watch import TODAY

TWIN = "contacts/Aisha R.md"
AISHA = "contacts/Aisha Rahman.md"


def vault(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)  # (every edit and folder below is seen by its signature)
    return Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))


def hook_codes(root: Path, note: str) -> set[str]:
    """What `lint FILE` (the git hook) reports for one note."""
    from netmd.lint import run

    diags, _ = run(Vault(root), TODAY, {note})
    return {d.code for d in diags}


def fresh_codes(root: Path, scratch: Path, note: str) -> set[str]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".netmd"))
    return hook_codes(scratch, note)


def test_a_note_the_watcher_saw_come_then_gone_while_it_was_off(tmp_path, monkeypatch):
    """The folder lists what it listed at the last walk again, but the index holds a note that
    is gone: a later `lint FILE` must not trust the folder's listing (a twin contact that is
    gone is no duplicate)."""
    root = vault(tmp_path, monkeypatch)
    with Index(Vault(root)) as index:
        live = Live(index)
        live.render(TODAY, None)
        (root / TWIN).write_text("---\ntype: contact\nemail: aisha.rahman@example.com\n---\n")
        live.render(TODAY, {TWIN})
    (root / TWIN).unlink()  # the watcher is off
    assert hook_codes(root, AISHA) == fresh_codes(root, tmp_path / "fresh", AISHA)


def test_a_note_the_watcher_saw_go_then_come_back_while_it_was_off(tmp_path, monkeypatch):
    root = vault(tmp_path, monkeypatch)
    (root / TWIN).write_text("---\ntype: contact\nemail: aisha.rahman@example.com\n---\n")
    with Index(Vault(root)) as index:
        live = Live(index)
        live.render(TODAY, None)
        data = (root / TWIN).read_bytes()
        (root / TWIN).unlink()
        live.render(TODAY, {TWIN})
    (root / TWIN).write_bytes(data)  # `git checkout` while the watcher is off
    assert "NM304" in fresh_codes(root, tmp_path / "fresh", AISHA)
    assert hook_codes(root, AISHA) == fresh_codes(root, tmp_path / "fresh", AISHA)


def test_a_note_named_like_an_editors_file_reaches_the_dashboard_at_the_next_render(tmp_path):
    """The walk reads `~idea.md` as a note; the observer's handler skips such names (editors'
    files). Before the watch trusted its paths alone, the next render walked, the folder's
    listing having changed; it still must, not wait for the minute's rescan."""
    from tests.test_watch import Watcher, meeting, wait_for

    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    w = Watcher(root)  # (its dashboards folder there: no folder comes, no rescan follows the first render)
    w.thread.start()
    try:
        assert wait_for(lambda: any("dashboards/2026-W48.md" in s for s in w.said)), w.said
        (root / "meetings" / "~2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes"))
        time.sleep(0.5)
        (root / "meetings" / "2026-11-26 Grace Liu.md").write_text(meeting("Grace Liu", "17:00"))
        assert wait_for(lambda: "[[2026-11-26 Grace Liu]]" in w.board())
        assert "[[~2026-11-26 Tom Reyes]]" in w.board()
    finally:
        w.stop.set()
        w.thread.join(10)


def test_a_hidden_folder_renamed_into_sight_brings_its_notes(tmp_path):
    """Held: `.drafts/` renamed `drafts/`: the folder's own event names a hidden folder, but
    the observer names each note moved with it."""
    from tests.test_watch import Watcher, meeting, wait_for

    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    (root / ".drafts").mkdir()
    (root / ".drafts" / "2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes"))
    w = Watcher(root)
    w.thread.start()
    try:
        assert wait_for(lambda: any("dashboards/2026-W48.md" in s for s in w.said)), w.said
        assert "[[2026-11-26 Tom Reyes]]" not in w.board()
        (root / ".drafts").rename(root / "drafts")
        assert wait_for(lambda: "[[2026-11-26 Tom Reyes]]" in w.board())
    finally:
        w.stop.set()
        w.thread.join(10)


def test_moves_renames_and_saves_seen_by_the_observer_give_the_dashboard_a_fresh_run_gives(tmp_path):
    """Held: a contact renamed by case only, a meeting moved to another folder, a folder
    renamed, an editor's atomic save, a note moved out of the vault and back, a note moved into
    and out of an ignored folder, a link to a note: after each, the board is a fresh run's."""
    from netmd.dashboard import generate
    from tests.test_watch import Watcher, meeting, wait_for

    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    config = root / "netmd.toml"
    config.write_text(config.read_text().replace("[vault]\n", '[vault]\nignore = ["archive"]\n', 1))
    (root / "archive").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    daniel = root / "meetings" / "2026-11-24 Daniel Kim.md"

    def atomic_save() -> None:
        tmp = root / "meetings" / ".2026-11-24 Daniel Kim.md.tmp"
        tmp.write_text(daniel.read_text().replace('time: "15:30"', 'time: "09:10"'))
        os.replace(tmp, daniel)

    steps = [
        lambda: (root / "contacts" / "Tom Reyes.md").rename(root / "contacts" / "tom reyes.md"),
        lambda: (root / "meetings" / "2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes")),
        lambda: (root / "meetings" / "2026-11-26 Tom Reyes.md").rename(root / "2026-11-26 Tom Reyes.md"),
        lambda: (root / "organizations").rename(root / "orgs"),
        atomic_save,
        lambda: daniel.rename(outside / daniel.name),
        lambda: (outside / daniel.name).rename(daniel),
        lambda: daniel.rename(root / "archive" / daniel.name),
        lambda: (root / "archive" / daniel.name).rename(daniel),
        lambda: os.symlink("../2026-11-26 Tom Reyes.md", root / "meetings" / "Tom again.md"),
    ]
    w = Watcher(root)
    w.thread.start()
    try:
        assert wait_for(lambda: any("dashboards/2026-W48.md" in s for s in w.said)), w.said
        for i, step in enumerate(steps):
            step()
            fresh = tmp_path / "fresh"
            shutil.rmtree(fresh, ignore_errors=True)
            shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".netmd"), symlinks=True)
            expected = generate(Vault(fresh), TODAY)[1].rstrip()
            assert wait_for(lambda g=expected: g in w.board(), 10), f"step {i}"
    finally:
        w.stop.set()
        w.thread.join(10)
