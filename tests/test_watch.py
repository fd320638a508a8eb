"""`netmd watch` with a real watchdog observer on a vault in tmp_path."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netmd.errors import NetmdError
from netmd.vault import Vault
from netmd.watch import watch
from tests.conftest import SAMPLE, contact

TODAY = dt.date(2026, 11, 25)
BOARD = Path("dashboards") / "2026-W48.md"


def wait_for(check: Callable[[], bool], seconds: float = 15) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


class Watcher:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.said: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=watch, args=(Vault(root), lambda: TODAY, self.stop, self.said.append), kwargs={"quiet": 0.1}
        )

    def board(self) -> str:
        path = self.root / BOARD
        return path.read_text("utf-8") if path.exists() else ""


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[Watcher]:
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd", "dashboards")))
    w = Watcher(root)
    w.thread.start()
    assert wait_for(lambda: any("dashboards/2026-W48.md" in s for s in w.said)), w.said
    yield w
    w.stop.set()
    w.thread.join(10)
    assert not w.thread.is_alive()


def meeting(who: str, time_: str = "16:00") -> str:
    return f'---\ntype: meeting\ndate: 2026-11-26\ntime: "{time_}"\nwith: ["[[{who}]]"]\n---\n'


def test_a_new_meeting_reaches_the_dashboard(watcher):
    (watcher.root / "meetings" / "2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes"))
    assert wait_for(lambda: "[[2026-11-26 Tom Reyes]]" in watcher.board())


def test_a_burst_and_a_broken_note_do_not_stop_it(watcher):
    for i in range(300):
        (watcher.root / "contacts" / f"Burst {i}.md").write_text(contact(list="B"))
    (watcher.root / "contacts" / "Broken.md").write_text("---\ntype: contact\nlist: [B\n---\n")
    assert wait_for(lambda: any("contacts/Broken.md:4:1: error NM101" in s for s in watcher.said)), watcher.said
    (watcher.root / "meetings" / "2026-11-26 Burst 7.md").write_text(meeting("Burst 7"))
    assert wait_for(lambda: "[[Burst 7]]" in watcher.board())


def test_a_folder_of_notes_moved_in_is_seen(watcher, tmp_path):
    """Moving a folder sends one event for the folder, none for the notes in it."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes"))
    outside.rename(watcher.root / "meetings" / "imported")
    assert wait_for(lambda: "[[2026-11-26 Tom Reyes]]" in watcher.board())


def test_a_deleted_contact_leaves_the_referral_network(watcher):
    assert '["Tom Reyes"]' in watcher.board()
    (watcher.root / "contacts" / "Tom Reyes.md").unlink()
    assert wait_for(lambda: '["Tom Reyes"]' not in watcher.board())


def test_a_vim_style_save_is_seen(watcher):
    note = watcher.root / "meetings" / "2026-11-24 Daniel Kim.md"
    text = note.read_text()
    (watcher.root / "meetings" / "4913").write_text("")  # vim's probe file
    (watcher.root / "meetings" / "4913").unlink()
    backup = note.with_name(note.name + "~")
    note.rename(backup)  # vim: the note briefly does not exist
    note.write_text(text.replace('time: "15:30"', 'time: "17:45"'))
    backup.unlink()
    assert wait_for(lambda: "| 2026-11-24 | 17:45 |" in watcher.board())


def test_an_atomic_rename_save_is_seen(watcher):
    note = watcher.root / "meetings" / "2026-11-24 Daniel Kim.md"
    tmp = watcher.root / "meetings" / ".tmp-save"
    tmp.write_text(note.read_text().replace('time: "15:30"', 'time: "08:15"'))
    os.replace(tmp, note)
    assert wait_for(lambda: "| 2026-11-24 | 08:15 |" in watcher.board())


def test_the_kept_facts_give_the_dashboard_a_fresh_run_gives(watcher, tmp_path):
    """`watch` patches the facts it keeps; after edits, renames and deletes they must say what a
    fresh `netmd dashboard` says, even when another process indexed a change first."""
    from netmd.dashboard import generate
    from netmd.index import Index

    root = watcher.root
    (root / "meetings" / "2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes"))
    (root / "contacts" / "Hannah Weiss.md").rename(root / "contacts" / "Hannah W.md")
    (root / "meetings" / "2026-11-24 Daniel Kim.md").unlink()
    assert wait_for(lambda: "[[2026-11-26 Tom Reyes]]" in watcher.board())
    (root / "meetings" / "2026-11-27 Maya Okafor.md").write_text(meeting("Maya Okafor").replace("11-26", "11-27"))
    with Index(Vault(root)) as index:  # another netmd process (a hook, a query) gets there first
        index.refresh()
    assert wait_for(lambda: "[[2026-11-27 Maya Okafor]]" in watcher.board())
    time.sleep(0.5)
    fresh = Path(shutil.copytree(root, tmp_path / "fresh", ignore=shutil.ignore_patterns(".netmd")))
    _, generated = generate(Vault(fresh), TODAY)
    assert generated.rstrip() in watcher.board()


def test_kept_facts_are_read_again_when_another_process_indexed_a_change(tmp_path, monkeypatch):
    from netmd.build import scan as scan_mod
    from netmd.index import Index
    from netmd.watch import Live

    monkeypatch.setattr(scan_mod, "RACY_NS", 0)  # a fresh file is not re-read for being fresh
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd", "dashboards")))
    with Index(Vault(root)) as index:
        live = Live(index)
        live.render(TODAY, None)
        note = "meetings/2026-11-26 Tom Reyes.md"
        (root / note).write_text(meeting("Tom Reyes"))
        with Index(Vault(root)) as other:
            other.refresh()
        live.render(TODAY, {note})
    assert "[[2026-11-26 Tom Reyes]]" in (root / BOARD).read_text("utf-8")


def test_no_render_loop(watcher):
    (watcher.root / "meetings" / "2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes"))
    assert wait_for(lambda: "[[2026-11-26 Tom Reyes]]" in watcher.board())
    time.sleep(1)
    said, stamp = len(watcher.said), (watcher.root / BOARD).stat().st_mtime_ns
    time.sleep(2)
    assert len(watcher.said) == said and (watcher.root / BOARD).stat().st_mtime_ns == stamp


def test_sigint_stops_it_cleanly(tmp_path):
    root = shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd"))
    cmd = [sys.executable, "-m", "netmd", "--vault", str(root), "--today", "2026-11-25", "watch"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert wait_for(lambda: (root / ".netmd" / "index.sqlite").exists() and (root / BOARD).exists())
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert err.splitlines()[-1] == "stopped" and "Traceback" not in err


def test_a_changed_config_is_read_again(watcher):
    """`netmd.toml` edited while watching: the dashboard follows the new config; a broken
    one is said and the last good one kept, until it is mended."""
    config = watcher.root / "netmd.toml"
    good = config.read_text("utf-8")
    assert "goal 4" in watcher.board()
    config.write_text(good.replace("weekly_meeting_goal = 4", "weekly_meeting_goal = 9"), "utf-8")
    assert wait_for(lambda: "goal 9" in watcher.board()), watcher.said
    config.write_text(good.replace("weekly_meeting_goal = 4", "weekly_meeting_goal = [nine"), "utf-8")
    assert wait_for(lambda: any("netmd.toml" in s and "last good" in s for s in watcher.said)), watcher.said
    (watcher.root / "meetings" / "2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes"))
    assert wait_for(lambda: "[[2026-11-26 Tom Reyes]]" in watcher.board())  # still watching
    assert "goal 9" in watcher.board()
    tmp = watcher.root / ".netmd.toml.swp"  # an editor's atomic save: a rename over the file
    tmp.write_text(good.replace("weekly_meeting_goal = 4", "weekly_meeting_goal = 6"), "utf-8")
    os.replace(tmp, config)
    assert wait_for(lambda: "goal 6" in watcher.board()), watcher.said


def test_a_config_gone_or_linked_or_not_applied_yet(watcher, monkeypatch):
    """A `netmd.toml` that is a link to a file in the vault is followed: an edit of the file it
    leads to is read. One removed (a checkout, a move) keeps the last good config. A new index
    that cannot be opened now is said, and tried again at the next change."""
    import netmd.index

    root = watcher.root
    (root / "settings").mkdir()
    config = root / "netmd.toml"
    good = config.read_text("utf-8")
    target = root / "settings" / "netmd.toml"
    target.write_text(good, "utf-8")
    config.unlink()
    assert wait_for(lambda: any("netmd.toml: gone" in s for s in watcher.said)), watcher.said
    config.symlink_to(Path("settings") / "netmd.toml")
    target.write_text(good.replace("weekly_meeting_goal = 4", "weekly_meeting_goal = 7"), "utf-8")
    assert wait_for(lambda: "goal 7" in watcher.board()), watcher.said

    real, tries = netmd.index.Index, []

    def busy_once(*args, **kwargs):
        tries.append(1)
        if len(tries) == 1:
            raise NetmdError("index.sqlite: database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(netmd.index, "Index", busy_once)
    target.write_text(good.replace("weekly_meeting_goal = 4", "weekly_meeting_goal = 8"), "utf-8")
    assert wait_for(lambda: any("locked (the last good" in s for s in watcher.said)), watcher.said
    assert "goal 7" in watcher.board()
    (root / "meetings" / "2026-11-26 Tom Reyes.md").write_text(meeting("Tom Reyes"))
    assert wait_for(lambda: "goal 8" in watcher.board()), watcher.said
    assert "[[2026-11-26 Tom Reyes]]" in watcher.board()
