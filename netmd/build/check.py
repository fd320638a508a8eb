"""The vault pass: the vault rules (links, duplicates) and the method's facts of notes, which
depend on what the notes' links resolve to among all the others."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from netmd.build import fanout
from netmd.build.scan import NO_DAY, by_path
from netmd.config import Config
from netmd.context import Context
from netmd.engine import check, severities
from netmd.heap import gc_paused
from netmd.names import Names
from netmd.store.codec import EMPTY, decoded, dump, pack_diags, seal
from netmd.store.db import BUSY_MS, Store
from netmd.store.notes import unpack


class Checked(NamedTuple):
    """What the vault rules give for a note: its `derived` row, sealed (empty facts for a
    note of no netmd type)."""

    path: str
    vdiags: bytes
    facts: bytes

    def row(self) -> tuple[Any, ...]:
        """The `derived` row."""
        return tuple(self)


def vault_check(config: Config, names: Names, rows: Sequence[tuple[str, bytes]]) -> list[Checked]:
    """The vault rules and the method's facts of the notes in `rows` (path, packed note)."""
    from netmd.method import facts_of, pack_facts

    ctx = Context(config, NO_DAY, names)
    rules = severities(config, "vault")
    out = []
    with gc_paused():
        notes = [decoded(unpack, blob) for _, blob in rows]
        found = by_path(check(notes, ctx, rules))
        for note in notes:
            f = facts_of(note, names, ctx.links(note))  # the links the rules resolved
            kept = seal(pack_facts(f)) if f is not None else EMPTY
            out.append(Checked(note.path, dump(pack_diags(found.get(note.path, ()))), kept))
    return out


class _FromDatabase:
    """The vault pass of a chunk of paths, its notes read from the database: in this process
    through its connection, in a forked worker through one of its own (read-only), opened on
    its first chunk (a connection must not cross a fork)."""

    def __init__(self, store: Store, names: Names) -> None:
        self.config, self.names, self.path = store.vault.config, names, store.path
        self.parent, self.db = os.getpid(), store.db
        self.own: sqlite3.Connection | None = None

    def connection(self) -> sqlite3.Connection:
        if os.getpid() == self.parent:
            return self.db
        if self.own is None:
            self.own = sqlite3.connect(self.path.as_uri() + "?mode=ro", uri=True, timeout=BUSY_MS / 1000)
        return self.own


def _checked(work: _FromDatabase, paths: list[str]) -> list[Checked]:
    return vault_check(work.config, work.names, notes_at(work.connection(), paths))


def notes_at(db: sqlite3.Connection, paths: Sequence[str]) -> list[tuple[str, bytes]]:
    """(path, packed note) of the notes at `paths`, in path order (asked in batches: SQLite caps parameters)."""
    wanted = sorted(set(paths))
    out: list[tuple[str, bytes]] = []
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        marks = ",".join("?" * len(part))
        out += db.execute(f"SELECT path, note FROM notes WHERE path IN ({marks}) ORDER BY path", part)
    return out


def check_stream(
    store: Store, names: Names, paths: list[str], meanwhile: Callable[[], None]
) -> Iterator[list[Checked]]:
    """`vault_check` of `paths` in batches: in this process, or for many notes in forked
    workers that inherit the name table and read the notes from the database themselves
    (an in-memory one only this process can read). This process does `meanwhile` (once)
    while the workers start."""
    if not store.persistent:
        meanwhile()
        for i in range(0, len(paths), fanout.BATCH):
            yield vault_check(store.vault.config, names, notes_at(store.db, paths[i : i + fanout.BATCH]))
        return
    yield from fanout.fan_out(_checked, _FromDatabase(store, names), paths, fork_only=True, meanwhile=meanwhile)
