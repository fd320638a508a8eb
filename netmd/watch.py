"""`netmd watch`: keep the index and this week's dashboard current while you edit.

The watchdog handler only sets a flag (STYLE.md, after mkdocs' livereload); one loop
waits for the burst to settle, brings the index up to date, prints the diagnostics of
the notes that changed, and renders the dashboard, writing it only when its bytes change.
Its own writes, `.git/`, `.obsidian/`, `.netmd/` and editors' temporary files are ignored.
A changed `netmd.toml` is read again (a broken one is said, and the last good one kept).
Every minute it looks again anyway: inotify drops events silently when its queue overflows.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from netmd.vault import CONFIG_NAME, Vault

if TYPE_CHECKING:
    from netmd.index import Index
    from netmd.method import Method

QUIET_SECONDS = 0.05  # a burst (git checkout, an editor's save) is over after this much silence
RESCAN_SECONDS = 60.0
IGNORED_PARTS = frozenset({".git", ".obsidian", ".netmd", ".trash"})


def interesting(path: str, root: Path) -> bool:
    """A change that can matter: a note, not an editor's temporary file, not under a hidden folder."""
    p = Path(path)
    try:
        parts = p.relative_to(root).parts
    except ValueError:
        return False
    if any(part in IGNORED_PARTS or part.startswith(".") for part in parts[:-1]):
        return False
    name = p.name
    return name.endswith(".md") and not name.startswith((".", "~", "#"))


EVERYTHING = ""  # in the set of changed paths: a folder came or went, look at the whole vault


class _Handler(FileSystemEventHandler):
    """Sets the flag for created, modified, deleted and moved notes (not opened or closed)."""

    def __init__(self, root: Path, generated: Path, changed: threading.Event) -> None:
        self.root, self.generated, self.changed = root, generated, changed
        self.configs = _config_paths(root)  # netmd.toml's events come by these names (a link's target's too)
        self.paths: set[str] = set()
        self.lock = threading.Lock()  # (the observer's thread adds while the watch's takes: `taken`)
        # a file skipped here by its name (`~idea.md`, `.#note.md`) came or went: the vault's walk
        # may read it as a note, so the observer's paths do not name every note that came or went
        self.unlisted = False

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("created", "modified", "deleted", "moved"):
            return
        if event.is_directory:  # a folder of notes moved in or out sends no event per note
            if event.event_type != "modified" and interesting(str(event.src_path) + "/x.md", self.root):
                with self.lock:
                    self.paths.add(EVERYTHING)
                self.changed.set()
            return
        for path in (event.src_path, getattr(event, "dest_path", "") or ""):
            # the dashboards are netmd's own writes: rendering them again would change nothing
            if not path:
                continue
            with self.lock:
                if str(path) in self.configs:  # (the loop sees it changed: `Store.config_changed`)
                    self.changed.set()
                elif interesting(str(path), self.root):
                    if not Path(str(path)).is_relative_to(self.generated):
                        self.paths.add(str(path))
                        self.changed.set()
                elif event.event_type != "modified" and str(path).endswith(".md"):
                    self.unlisted = self.unlisted or interesting(os.path.dirname(str(path)) + "/x.md", self.root)

    def taken(self) -> tuple[list[str], bool]:
        """The paths seen since the last call, and whether they name every note that came or went;
        none added meanwhile is lost."""
        with self.lock:
            touched, listed = sorted(self.paths), not self.unlisted
            self.paths.clear()
            self.unlisted = False
        return touched, listed


class Live:
    """The method's facts kept in memory between renders: after an edit, only the facts of
    the notes the index says changed are read again (a few, not the whole vault)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.method: Method | None = None
        self.seen = (0, 0)  # the index's generation and our own writes when the facts were last read

    def render(self, today: dt.date, only: set[str] | None, listed: bool = True) -> tuple[Path, bool]:
        """Bring the index up to date (all notes, or `only`) and write this week's dashboard;
        `listed`: the observer saw every note that came or went (no walk), else see `Index.refresh`."""
        from netmd import dashboard

        self.index.refresh(only, listed=listed)
        touched = self.index.touched
        now = (self.index.generation(), self.index.writes)
        others = now[0] - self.seen[0] != now[1] - self.seen[1]  # another process changed notes
        self.seen = now
        if self.method is None or touched is None or others:
            # (read with the collector paused; what it built is then frozen out of its sight)
            self.method = self.index.facts(today)
        else:
            if touched:
                self.method.drop(touched)
                for f in self.index.facts_at(touched):
                    self.method.put(f)
            self.method.on(today)
        method = self.method
        vault = self.index.vault
        return dashboard.write(vault, *dashboard.render_week(vault, dashboard.week_of(None, today), lambda: method))


def watch(
    vault: Vault,
    day: Callable[[], dt.date],
    stop: threading.Event,
    say: Callable[[str], None],
    *,
    quiet: float = QUIET_SECONDS,
) -> None:
    """Run until `stop` is set: render at start, then after every settled burst of changes."""
    from watchdog.observers import Observer

    from netmd.diagnostics import format_text
    from netmd.engine import sort
    from netmd.errors import NetmdError
    from netmd.index import Index
    from netmd.vault import note_path

    changed = threading.Event()
    observer = Observer()
    generated = vault.root / str(vault.config.folders["dashboards"])
    index = Index(vault, cancel=stop.is_set)  # one reader and writer for the whole watch (others may use it too)
    live = Live(index)
    handler = _Handler(vault.root, generated, changed)
    observer.schedule(handler, str(vault.root), recursive=True)
    observer.start()
    last_scan = 0.0
    first = True
    try:
        while not stop.is_set():
            if not first and not changed.wait(0.1) and time.monotonic() - last_scan < RESCAN_SECONDS:
                continue
            while changed.is_set() and not stop.is_set():  # let the burst settle
                changed.clear()
                stop.wait(quiet)
            if stop.is_set():
                break
            touched, listed = handler.taken()
            rescan = first or EVERYTHING in touched or time.monotonic() - last_scan >= RESCAN_SECONDS
            notes = {note_path(r) for r in (vault.relpath(p) for p in touched if p) if r and vault.is_note(r)}
            if rescan:
                last_scan = time.monotonic()
            try:
                if index.store.config_changed():  # the vault as netmd.toml now says, every note again
                    renewed = _reconfigured(vault, stop, say)
                    if renewed is not None:  # (else said; tried again at the next change)
                        index.close()
                        vault, index = renewed
                        live = Live(index)
                        handler.generated = vault.root / str(vault.config.folders["dashboards"])
                        handler.configs = _config_paths(vault.root)
                        rescan = True
                # the index first: the notes that changed, or all of them on a rescan
                try:
                    path, wrote = live.render(day(), None if rescan else notes, listed)
                    if wrote or first:
                        say(f"{'wrote' if wrote else 'unchanged'} {path.relative_to(vault.root)}")
                except NetmdError as e:  # a broken template: the notes' own problems are still said
                    say(f"netmd: error: {e}")
                existing = sorted(rel for rel in notes if vault.exists(rel))
                diags, _ = index.diagnostics(existing) if existing else ([], 0)  # as indexed
                shown = [d for d in sort(diags) if d.severity.value in ("error", "warning")]
                if shown:
                    say(format_text(shown).rstrip("\n"))
            except KeyboardInterrupt:  # asked to stop in the middle of a long refresh
                break
            except NetmdError as e:  # a broken template or config: say so and keep watching
                say(f"netmd: error: {e}")
            except OSError as e:  # the dashboard cannot be written (yet): say so and keep watching
                say(f"netmd: error: {e.filename or ''}: {e.strerror or e}")
            first = False
    finally:
        index.close()
        observer.stop()
        observer.join(timeout=5)


def _config_paths(root: Path) -> set[str]:
    return {str(root / CONFIG_NAME), os.path.realpath(root / CONFIG_NAME)}


def _reconfigured(vault: Vault, stop: threading.Event, say: Callable[[str], None]) -> tuple[Vault, Index] | None:
    """After `netmd.toml` changed: the vault with its new config, and a new index of it (the
    cache made under another config is made again). None, said, when the config does not
    load or is gone (the last good one is kept), or the index cannot be opened now."""
    from netmd.errors import NetmdError
    from netmd.index import Index

    try:
        fresh = vault.reread()
        return fresh, Index(fresh, cancel=stop.is_set)
    except NetmdError as e:
        say(f"netmd: error: {e} (the last good {CONFIG_NAME} is kept for now)")
        return None
