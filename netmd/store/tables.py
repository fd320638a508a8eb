"""The cache's SQLite tables, as netmd makes them, and the checks that a database holds only those."""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

# 31: no stubs, the method rules read the facts alone; 30: names and titles on one line
# (a line break escaped); 29: `retasked`, answers kept after follow-ups changed; 28: a
# note's path once in its facts;
# 27: values as MessagePack; 26: `mdirty`, the notes an edit may have changed for the method
SCHEMA_VERSION = 31

# STRICT tables: SQLite itself refuses a value of another type, or a NULL, in any column.
# Every BLOB but `hash` is a sealed value (`codec.seal`: MessagePack, or JSON, after a checksum).
# `notes` holds what a note gives alone; `derived` what the vault rules make of it with the
# other notes (`done = 0` while it waits for them); `mdiags` the method rules' diagnostics
# for the day, in path order, a few hundred a row (`first` and `last` say whose); `mdirty`
# the notes whose method diagnostics an edit since may have changed (a changed note, and the
# notes its old facts pointed at: the day's are computed again around them); `retasked` the
# notes whose follow-ups alone changed since an answer was kept (its follow-ups are made
# again from theirs when it is read: `Index.answer`). Each is
# written in its own pass: none of them rewrites the pages of another.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS notes(
    path TEXT PRIMARY KEY NOT NULL, size INT NOT NULL, mtime INT NOT NULL, ctime INT NOT NULL, ino INT NOT NULL,
    racy INT NOT NULL, hash BLOB NOT NULL, type TEXT, entry BLOB NOT NULL, problems BLOB NOT NULL, note BLOB NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS derived(
    path TEXT PRIMARY KEY NOT NULL, vdiags BLOB NOT NULL, facts BLOB NOT NULL, done INT NOT NULL CHECK (done IN (0, 1))
) STRICT;
CREATE INDEX IF NOT EXISTS derived_pending ON derived(path) WHERE done = 0;
CREATE TABLE IF NOT EXISTS mdiags(first TEXT NOT NULL, last TEXT NOT NULL, diags BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS mdirty(path TEXT PRIMARY KEY NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS names(kind INT NOT NULL, key TEXT NOT NULL, path TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS links(key TEXT NOT NULL, path TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS notes_type ON notes(type);
CREATE TABLE IF NOT EXISTS fts_state(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, hash BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS answers(key TEXT PRIMARY KEY NOT NULL, day TEXT NOT NULL, value BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS retasked(key TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (key, path)) STRICT;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, fields, body, tokenize='unicode61 remove_diacritics 2');
"""
if sqlite3.sqlite_version_info < (3, 37):  # (no STRICT tables before SQLite 3.37: the seals still hold)
    SCHEMA = SCHEMA.replace(") STRICT;", ");")
# (`fts` rows have the rowid of their note's `fts_state` row: one is deleted by its key, not
# by a scan of the whole table for its path. The tables whose rows `meta` counts:)
COUNTED = ("notes", "derived", "names", "links", "mdiags", "mdirty", "retasked", "fts_state", "fts_docsize")

# The name and link tables' indexes: made after a cold build has filled the tables (faster
# than keeping them sorted row by row), and by every run that finds them missing. (The index
# of waiting notes is made with the tables: a cold build leaves it empty, `building`.)
LOOKUPS = """
CREATE INDEX IF NOT EXISTS links_key ON links(key);
CREATE INDEX IF NOT EXISTS links_path ON links(path);
CREATE INDEX IF NOT EXISTS names_key ON names(kind, key);
CREATE INDEX IF NOT EXISTS names_path ON names(path);
"""

PUT_NOTE = f"INSERT OR REPLACE INTO notes VALUES ({','.join('?' * 11)})"
PENDING = "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, 0)"  # (empty values, or ones to check again)
PUT_DERIVED = "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, 1)"
PUT_MDIAGS = "INSERT INTO mdiags VALUES (?, ?, ?)"


def create(db: sqlite3.Connection, schema: str) -> None:
    for statement in schema.split(";"):
        if statement.strip():
            db.execute(statement)


def counts(db: sqlite3.Connection) -> str:
    """How many rows each table holds (an index on each makes it quick)."""
    return ",".join(str(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED)


def set_counts(db: sqlite3.Connection) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('rows', ?)", (counts(db),))


@functools.cache
def _schema() -> frozenset[tuple[Any, ...]]:
    """The tables, indexes and their SQL as netmd makes them (SQLite's own words for it)."""
    db = sqlite3.connect(":memory:")
    create(db, SCHEMA + LOOKUPS)
    made = frozenset(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    db.close()
    return made


def ours(db: sqlite3.Connection) -> bool:
    """Whether the database holds netmd's tables and indexes, and nothing else (no trigger,
    no view), as netmd makes them; the indexes of the name and link tables may be missing."""
    there = frozenset(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    lookups = {row for row in _schema() if row[0] == "index" and row[2] in ("names", "links")}
    return there == _schema() or there == _schema() - lookups
