"""The day's method diagnostics as the cache keeps them: in rows of a few hundred, each
saying the first and last note it holds, sealed with the day they were made on."""

from __future__ import annotations

import datetime as dt
import sqlite3
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import NamedTuple

from netmd.diagnostics import Diagnostic
from netmd.store import codec
from netmd.store.codec import Corrupt, decoded, pack_diags, seal, unpack_diags
from netmd.store.db import Store
from netmd.store.tables import PUT_MDIAGS

ROW = 500  # diagnostics a row: stored in bulk, and a hook reads a few hundred at most


class Row(NamedTuple):
    rowid: int
    diags: list[Diagnostic]


def rows(db: sqlite3.Connection, today: dt.date) -> list[Row]:
    """Every row, its diagnostics read (`Corrupt` if they were not made on `today`)."""
    return [Row(rowid, _unpacked(blob, today)) for rowid, blob in db.execute("SELECT rowid, diags FROM mdiags")]


def read(db: sqlite3.Connection, today: dt.date, only: Iterable[str] | None = None) -> list[Diagnostic]:
    """The diagnostics of every note, or of the notes in `only` (read from the rows that may hold them)."""
    if only is None:
        return [d for (blob,) in db.execute("SELECT diags FROM mdiags") for d in _unpacked(blob, today)]
    wanted = sorted(set(only))
    found = [
        rowid
        for rowid, first, last in db.execute("SELECT rowid, first, last FROM mdiags")
        if (i := bisect_left(wanted, first)) < len(wanted) and wanted[i] <= last
    ]
    blobs = [db.execute("SELECT diags FROM mdiags WHERE rowid = ?", (r,)).fetchone()[0] for r in found]
    keep = set(wanted)
    return [d for blob in blobs for d in _unpacked(blob, today) if d.path in keep]


def keep(store: Store, today: dt.date, diags: Sequence[Diagnostic]) -> None:
    """Inside a write: the diagnostics of every note on `today`, in place of all stored; no note
    waits to be judged again."""
    store.db.execute("DELETE FROM mdiags")
    store.db.execute("DELETE FROM mdirty")
    _put(store, today, diags)
    store.set_meta("method-day", today.isoformat())


def patch(store: Store, today: dt.date, gone: Sequence[Row], judged: set[str], fresh: Sequence[Diagnostic]) -> None:
    """Inside a write: the notes in `judged` judged again on `today` (the day stored), giving
    `fresh`; `gone` are the stored rows that held some of theirs. Only those rows are written
    again: after an edit, the rest of the day's stay as they are. Nothing is written when no
    note waits to be judged any more: another process judged the same edits and wrote its
    rows first (writing these too would give every diagnostic twice)."""
    if store.db.execute("SELECT 1 FROM mdirty LIMIT 1").fetchone() is None:
        return
    store.db.executemany("DELETE FROM mdiags WHERE rowid = ?", [(r.rowid,) for r in gone])
    store.db.execute("DELETE FROM mdirty")
    others = [d for r in gone for d in r.diags if d.path not in judged]
    _put(store, today, sorted([*others, *fresh], key=attrgetter("path")))  # (stable: a note's stay in their order)


def _put(store: Store, today: dt.date, diags: Sequence[Diagnostic]) -> None:
    packed = store.noted(pack_diags(diags))  # in path order: each row says its first and last note
    runs = [packed[i : i + ROW] for i in range(0, len(packed), ROW)]
    day = today.isoformat()
    store.db.executemany(PUT_MDIAGS, [(run[0][0], run[-1][0], seal((day, run))) for run in runs])


def _unpacked(blob: bytes, today: dt.date) -> list[Diagnostic]:
    """A row of method diagnostics, made on `today` (`method-day` says so: the row too)."""
    day, run = decoded(codec.pair, blob)
    if day != today.isoformat():
        raise Corrupt("method diagnostics of another day")
    return decoded(unpack_diags, run, False)
