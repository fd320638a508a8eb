"""The name table read from the cache one row at a time (`SqlNames`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from netmd.names import PATH, Entry, Names
from netmd.store import codec
from netmd.store.codec import Corrupt, decoded

T = TypeVar("T")


class SqlNames(Names):
    """The name table read from the index, key by key: what `lint FILE` uses in a git hook."""

    def __init__(
        self, db: sqlite3.Connection, recover: Callable[[Exception], sqlite3.Connection] | None = None
    ) -> None:
        self.db = db
        self._entries: dict[str, Entry] = {}
        self._recover = recover  # the database made again, when what it read is `Corrupt`

    def _again(self, e: Exception) -> None:
        if self._recover is None:
            raise e
        self.db, self._recover = self._recover(e), None
        self._entries.clear()

    def _entries_of(self, paths: Iterable[str]) -> list[Entry]:
        out = []
        for p in sorted(set(paths)):
            if p not in self._entries:
                row = self.db.execute("SELECT entry FROM notes WHERE path = ?", (p,)).fetchone()
                if row is None:
                    continue
                self._entries[p] = decoded(codec.entry, row[0])
            out.append(self._entries[p])
        return out

    def _lookup(self, kind: int, key: str) -> list[Entry]:
        rows = self.db.execute("SELECT path FROM names WHERE kind = ? AND key = ?", (kind, key))
        return self._entries_of(r[0] for r in rows)

    def _lookup_path_suffix(self, tail: str) -> list[Entry]:
        rows = self.db.execute("SELECT path FROM names WHERE kind = ? AND substr(key, -?) = ?", (PATH, len(tail), tail))
        return self._entries_of(r[0] for r in rows)

    def _similar_keys(self, key: str) -> list[str]:
        first = key[:1]
        rows = self.db.execute(
            "SELECT DISTINCT key FROM names WHERE kind IN (1, 2) AND key >= ? AND key < ?",
            (first, first + "\U0010ffff"),
        )
        return [r[0] for r in rows]

    def _retrying(self, ask: Callable[..., T], *args: Any) -> T:
        """`ask(*args)`, asked again once the index is rebuilt if what it read was corrupt."""
        try:
            return ask(*args)
        except (Corrupt, sqlite3.DatabaseError) as e:
            self._again(e)
            return ask(*args)

    def lookup(self, kind: int, key: str) -> list[Entry]:
        return self._retrying(self._lookup, kind, key)

    def lookup_path_suffix(self, tail: str) -> list[Entry]:
        return self._retrying(self._lookup_path_suffix, tail)

    def similar_keys(self, key: str) -> list[str]:
        return self._retrying(self._similar_keys, key)


def entries(db: sqlite3.Connection) -> list[Entry]:
    """Every note's entry, in path order."""
    return [decoded(codec.entry, r[0]) for r in db.execute("SELECT entry FROM notes ORDER BY path")]
