"""The paths `watch`'s observer reports are taken whole, under its lock: each once, and the
flag that a skipped name came or went with them."""

from __future__ import annotations

import threading
from pathlib import Path

from watchdog.events import FileCreatedEvent, FileModifiedEvent

from netmd.watch import _Handler


def test_taken_gives_each_path_once_with_the_flag(tmp_path: Path) -> None:
    handler = _Handler(tmp_path, tmp_path / "dashboards", threading.Event())
    handler.dispatch(FileModifiedEvent(str(tmp_path / "contacts" / "Ada.md")))
    handler.dispatch(FileCreatedEvent(str(tmp_path / "contacts" / "~draft.md")))  # skipped, but a note to the walk
    assert handler.taken() == ([str(tmp_path / "contacts" / "Ada.md")], False)
    assert handler.taken() == ([], True)


def test_paths_reported_while_they_are_taken_are_not_lost(tmp_path: Path) -> None:
    handler = _Handler(tmp_path, tmp_path / "dashboards", threading.Event())
    sent = [str(tmp_path / "meetings" / f"m{i}.md") for i in range(2000)]

    def observer() -> None:
        for p in sent:
            handler.dispatch(FileModifiedEvent(p))

    thread = threading.Thread(target=observer)
    thread.start()
    got: list[str] = []
    while thread.is_alive():
        got += handler.taken()[0]
    thread.join()
    got += handler.taken()[0]
    assert sorted(got) == sorted(sent)
