"""Bringing the index up to date: a cold build, or an incremental one that does what changed.

One short transaction a batch, so a hook or a query in another process never waits for a
whole cold build; a reader in between sees some notes not yet indexed, and indexes them
itself. A cold build writes no waiting rows: the meta key `building`, set with each of its
batches, says that every note without a `done` row waits; it is cleared when none does.
What the vault pass makes of a note is written only while its note is there (another
process may have just deleted it): `Store.noted`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from netmd.build import fanout, plan
from netmd.build.check import check_stream
from netmd.build.scan import Scanned, scan_stream
from netmd.heap import gc_paused
from netmd.names import MemoryNames, Names, name_rows
from netmd.store import codec
from netmd.store.codec import EMPTY, Corrupt, decoded
from netmd.store.db import Store
from netmd.store.names import SqlNames, entries
from netmd.store.tables import LOOKUPS, PENDING, PUT_DERIVED, PUT_NOTE, create
from netmd.vault import Listed

WRITE_FROM = 2000  # rows written in one transaction at least (the workers give them in smaller chunks)
PROGRESS_FROM = 2000  # notes to parse before a terminal is shown progress
_STAT = "path, size, mtime, ctime, ino, racy"


class Refresh:
    """One refresh of `store` from the vault's files; `touched` says whose facts it changed
    (None: maybe all)."""

    def __init__(
        self, store: Store, progress: Callable[[int, int], None] | None, cancel: Callable[[], bool] | None
    ) -> None:
        self.store, self.vault = store, store.vault
        self.progress = progress  # told (done, total) while many notes are parsed
        self.cancel = cancel  # asked between batches: True stops the work (KeyboardInterrupt)
        self.touched: set[str] | None = set()
        # whether the notes whose facts change are marked for the method rules (`plan.mark_dirty`):
        # not in a cold build, after which every note's method diagnostics are computed again
        self.marking = False
        # the facts of the edited notes before the edit; None: not known (a killed run left the note waiting)
        self.facts_before: dict[str, bytes | None] = {}

    def run(self, only: Iterable[str] | None, listed: bool = False) -> None:
        """All the files, or only the paths in `only` (the git-hook case: no walk over the vault);
        `listed`: `only` names every note that came, went or changed (`Index.refresh`)."""
        store = self.store
        with gc_paused():  # what it builds stays alive (the vault pass runs inside it too)
            if only is not None and not listed and plan.folders_changed(store):  # a note came, went or
                only = None  # was renamed: its names may be those the notes in `only` link to (NM302)
            store.base = store.generation() - store.writes
            since = time.time_ns()  # (before any folder is read: `plan.keep_folders`)
            read = self.cold() if not store.count() else self.incremental(only)
            if read is not None:
                plan.keep_folders(store, read, since)

    def _batches(self, paths: Iterable[str], total: list[str]) -> Iterable[list[Scanned]]:
        """The note pass over `paths`, in batches to write, with progress (of `len(total)`)."""
        done = 0
        for rows in plan.grouped(scan_stream(self.vault, paths), min(WRITE_FROM, fanout.BATCH)):
            self._check_cancel()
            done += len(rows)
            if self.progress and len(total) >= PROGRESS_FROM:
                self.progress(done, len(total))
            yield rows

    def _put(self, rows: list[Scanned]) -> None:
        db = self.store.db
        db.executemany(PUT_NOTE, [r.row() for r in rows])
        db.executemany("INSERT INTO names VALUES (?,?,?)", [(*k, r.path) for r in rows for k in r.names])
        db.executemany("INSERT INTO links VALUES (?,?)", [(key, r.path) for r in rows for key in r.links])

    def cold(self) -> list[Listed]:
        """Every note is new: the workers parse the first ones while the vault is walked.
        Returns the folders the walk read."""
        store = self.store
        walked: list[str] = []  # (complete once the note pass gives its first batch)
        folders: list[Listed] = []
        names = MemoryNames()  # every entry passes by: the vault pass needs no read of them
        self.touched = None
        for rows in self._batches(plan.recorded(self.vault.walk(read=folders), walked), walked):
            with store.write():
                store.set_meta("building", "1")
                self._put(rows)
                store.forget_answers()
            for r in rows:
                names.add(r.parsed_entry, r.names)

        def lookups() -> None:
            with store.write():
                create(store.db, LOOKUPS)

        self.vault_rules(walked, names if len(names.table) else None, meanwhile=lookups)
        plan.built(store)
        return folders

    def incremental(self, only: Iterable[str] | None) -> list[Listed] | None:
        """The notes that changed, came or went, and those their names reach. Returns the
        folders read for them (None: `only` was read, not the vault's folders)."""
        store, vault = self.store, self.vault
        read = None
        if only is None:
            # (rows as SQLite gives them, not a dict by path: this runs before every command)
            known = store.db.execute(f"SELECT {_STAT} FROM notes").fetchall()
            read = plan.unmoved_folders(store)
            if read is not None:  # no folder lists another note: the notes are those indexed
                present = None  # (no walk: about a fifth of a `lint` after an edit at 40,000 notes)
            else:
                read = []
                present = set(vault.paths(read))
        else:
            known = store.rows(_STAT, set(only))
            present = {p for p in set(only) if vault.exists(p)}
        new: list[str] = []
        gone: set[str] = set()
        if present is not None:
            indexed = {r[0] for r in known}
            new, gone = sorted(present - indexed), indexed - present
            known = [r for r in known if r[0] in present]
        if gone or new:  # a note came or went: the folders' state kept
            with store.write():  # is not of the notes indexed now (`folders_changed`: not known), until
                store.set_meta("folders", "")  # this run keeps what its walk read (a run killed first:
                # the next walks; without a walk, a path list: the next whole-vault run walks)
        changed = sorted([*new, *plan.changed(str(vault.root) + os.sep, known)])
        if not changed and not gone and not plan.pending(store):
            plan.built(store)
            return read
        # before the change: a note read again with the same bytes (a racy re-check, a touch) is no edit
        before = {r[0]: (r[1], r[2]) for r in store.rows("path, entry, hash", [*changed, *gone])}
        if gone:
            with store.write():
                plan.mark_dirty(store, gone)
                for table in ("notes", "names", "links", "derived"):
                    store.db.executemany(f"DELETE FROM {table} WHERE path = ?", [(p,) for p in gone])
                store.forget_answers(method=False)  # (the method's diagnostics: around the marked notes)
                self._reach({k for p in gone for k in name_rows(decoded(codec.entry, before[p][0]))})
        edited: set[str] = set()  # notes whose bytes changed
        for rows in self._batches(changed, changed):
            fresh = [r.path for r in rows if before.get(r.path, (None, None))[1] != r.hash]
            edited.update(fresh)
            renamed: set[tuple[int, str]] = set()  # name keys, old and new, of notes whose entry changed
            for r in rows:  # (their names, type or emails)
                old = before.get(r.path)
                if old is None or old[0] != r.entry:
                    renamed.update(r.names)
                    if old is not None:
                        renamed.update(name_rows(decoded(codec.entry, old[0])))
            with store.write():
                for table in ("names", "links"):
                    store.db.executemany(f"DELETE FROM {table} WHERE path = ?", [(r.path,) for r in rows])
                # new bytes wait for the vault rules; what they made of the old ones is gone
                plan.mark_dirty(store, fresh)
                self._remember(fresh)
                store.db.executemany(PENDING, [(p, EMPTY, EMPTY) for p in fresh])
                self._put(rows)
                self._reach(renamed)
                if fresh:
                    store.bump()  # (the answers stay unless the vault pass finds facts changed)
        again = edited | plan.pending(store)
        self.touched = again | gone
        self.marking = True
        self.vault_rules(sorted(again))
        plan.built(store)
        return read

    def _remember(self, paths: Iterable[str]) -> None:
        """Inside a write, before the notes at `paths` wait for the vault pass: their facts, to
        tell whether it changes them (`_retasked`; None: not known, a killed run left one waiting)."""
        rows = self.store.rows("path, facts, done", [p for p in paths if p not in self.facts_before], "derived")
        self.facts_before.update((p, facts if done else None) for p, facts, done in rows)

    def _reach(self, keys: set[tuple[int, str]]) -> None:
        """Inside a write: the notes a link or a twin of which these name keys (of notes that came,
        went or changed their names) may mean, or whose broken links they may now hint at, wait
        for the vault pass, in the same transaction as the change: a run killed before its vault
        pass leaves them waiting, for the next to check."""
        reached = plan.linked_to(self.store, keys) | plan.hinted(self.store, keys)
        self._remember(reached)
        self.store.db.executemany("UPDATE derived SET done = 0 WHERE path = ?", [(p,) for p in sorted(reached)])

    def vault_rules(
        self,
        paths: list[str],
        names: Names | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> None:
        """Recompute the vault-wide diagnostics and the method's facts of `paths` (in batches,
        spread over the cores for many): both depend on what the notes' links resolve to.
        `meanwhile` is done while the first batch is being checked."""
        store = self.store
        if names is None and len(paths) >= fanout.PARALLEL_FROM:
            names = MemoryNames(entries(store.db))  # one read of the whole name table
        elif names is None:
            names = SqlNames(store.db)  # a few notes: a few lookups
        checked = check_stream(store, names, paths, meanwhile or _nothing)
        for done in plan.grouped(checked, min(WRITE_FROM, fanout.BATCH)):
            self._check_cancel()
            with store.write():
                rows = [r.row() for r in store.noted(done)]
                if self.marking:
                    plan.mark_dirty(store, [r[0] for r in rows])
                    retasked = self._retasked(rows)
                    if retasked is None:
                        store.forget_answers(method=False)
                    elif retasked:
                        store.retask(retasked)
                # Another process changed notes while these were checked (their bytes, or the
                # names their links mean): they are written, and wait to be checked again.
                store.db.executemany(PENDING if store.overlapped() else PUT_DERIVED, rows)

    def _retasked(self, rows: list[tuple[Any, ...]]) -> set[str] | None:
        """What the `derived` rows about to be written change of the notes' facts: the
        whole-vault answers (agenda, stats, network, dashboard) read nothing else, so an edit
        to a note's text alone keeps them. None: some note's facts change beyond their
        follow-ups; else the notes whose follow-ups alone change (a to-do added, ticked or
        moved: the answers are kept, their follow-ups made again from those notes'). A row
        left waiting by a killed run has lost its old facts, even if the note was edited
        again since: it counts as a change."""
        unknown = [r[0] for r in rows if r[0] not in self.facts_before]  # (the edited ones are remembered)
        current = {p: (facts, done) for p, facts, done in self.store.rows("path, facts, done", unknown, "derived")}
        retasked: set[str] = set()
        for path, _, facts in rows:
            if path in self.facts_before:
                old = self.facts_before[path]
            else:
                old, done = current.get(path, (EMPTY, 1))
                if not done:
                    return None
            if old != facts:
                if not _tasks_alone(old, facts):
                    return None
                retasked.add(path)
        return retasked

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel():
            raise KeyboardInterrupt  # what was written so far is whole: the next run goes on from there


def _nothing() -> None:
    pass


def _tasks_alone(old: object, new: object) -> bool:
    """Whether two notes' sealed facts differ in their follow-ups alone (one of them not a
    netmd note's, or not netmd's: no)."""
    from netmd.method.facts import follow_ups_alone  # (only after an edit to facts: `lint FILE` starts faster)

    if old is None or EMPTY in (old, new):
        return False
    try:
        return follow_ups_alone(*codec.stored_facts([old, new]))
    except Corrupt:
        return False
