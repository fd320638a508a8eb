"""The cache's database: opened only when it is the vault's own and netmd's, else made again.

The index is only a cache (promise 6): a missing, corrupt, foreign-version or unwritable one
is rebuilt or replaced by an in-memory one without a word. The schema, the row counts of
each table (kept in `meta` by every write) and the file itself (its inode: a copied or
cloned index was not made here) are checked when it is opened.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from netmd import __version__
from netmd.errors import NetmdError
from netmd.fsutil import confine, read_existing
from netmd.store.tables import LOOKUPS, SCHEMA, SCHEMA_VERSION, counts, create, ours, set_counts
from netmd.vault import CONFIG_NAME, Vault

FOLDER = ".netmd"
DB_NAME = "index.sqlite"
BUSY_MS = 60_000  # how long to wait for another netmd process writing the index
# Rows of about 1 KB (a note's blobs): 32 KB pages hold them with less waste than 4 KB ones
# and move the same bytes in an eighth of the system calls (a cold build's writes at 10,000
# contacts: 0.93 -> 0.55 s of CPU).
PAGE_BYTES = 32768
MAX_VALUE = 64 * 1024 * 1024  # the longest value SQLite gives back (a note's is a few MB at most)
_FILES = (".gitignore", DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal")

R = TypeVar("R", bound=tuple[Any, ...])


class Store:
    """The open database of a vault, and what every pass asks of it."""

    def __init__(self, vault: Vault, rebuild: bool = False) -> None:
        self.vault = vault
        self._open(rebuild)

    def _open(self, rebuild: bool) -> None:
        self.writes = 0  # changes to the notes made through this object (see `generation`)
        self.base: int | None = None  # the generation other processes had made when a refresh began
        self.db = connect(self.vault, rebuild)
        self.persistent = self.db.execute("PRAGMA database_list").fetchone()[2] != ""
        self.stamp = meta_of(self.db, "stamp")  # (the config this index was made under: `config_changed`)

    def config_changed(self) -> bool:
        """Whether `netmd.toml` is no longer what this index was made under (a long-running
        process then opens the vault again with it: `watch`, `lsp`)."""
        return _stamp(self.vault) != self.stamp

    @property
    def path(self) -> Path:
        return self.vault.root / FOLDER / DB_NAME

    def reopen(self) -> None:
        """Made again from scratch (what it held was not netmd's)."""
        self.db.close()
        self._open(rebuild=True)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """One writer at a time (BEGIN IMMEDIATE waits for the others: busy_timeout)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise busy(self.vault, e) from None
        if meta_of(self.db, "stamp") != self.stamp:  # another netmd made it again for a changed config
            self.db.rollback()
            raise NetmdError(
                f"{self.vault.root / CONFIG_NAME}: changed while this netmd ran (the index was made again for it); "
                "run the command again"
            )
        try:
            yield
            set_counts(self.db)
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that see the database as one moment left it (a read transaction; not
        inside `write`, which is one already)."""
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.commit()

    def rows(self, columns: str, paths: Iterable[str], table: str = "notes") -> list[tuple[Any, ...]]:
        """`columns` of the notes at `paths` in `table`, in path order (asked in batches: SQLite
        caps parameters)."""
        wanted = sorted(set(paths))
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(wanted), 500):
            batch = wanted[i : i + 500]
            marks = ",".join("?" * len(batch))
            out += self.db.execute(f"SELECT {columns} FROM {table} WHERE path IN ({marks}) ORDER BY path", batch)
        return out

    def count(self, table: str = "notes") -> int:
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def meta(self, key: str) -> str | None:
        return meta_of(self.db, key)

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        """How many times the notes changed in this index, by any process: compared with `writes`,
        a long-running process learns whether another one changed them."""
        value = self.meta("generation") or "0"
        return int(value) if value.isdigit() and len(value) < 19 else -1  # (-1: not netmd's)

    def forget_answers(self, method: bool = True) -> None:
        """The answers depend on every note: recompute them next time; and the method's
        diagnostics of every note too, unless the notes whose facts change are marked
        (`plan.mark_dirty`): then only the day's around those are."""
        if method:
            self.set_meta("method-day", "")
        self.db.execute("DELETE FROM answers")
        self.db.execute("DELETE FROM retasked")
        self.bump()

    def retask(self, paths: Iterable[str]) -> None:
        """The follow-ups of the notes at `paths` changed, and nothing else of their facts: every
        answer kept stays, to have those notes' follow-ups made again when it is read."""
        self.db.executemany("INSERT OR IGNORE INTO retasked SELECT key, ? FROM answers", [(p,) for p in paths])
        self.bump()

    def bump(self) -> None:
        """Notes changed (a long-running process learns it from the generation); their facts did
        not, or `forget_answers` follows once the vault pass finds they did."""
        self.db.execute("INSERT INTO meta VALUES ('generation', 1) ON CONFLICT(key) DO UPDATE SET value = value + 1")
        self.writes += 1

    def overlapped(self) -> bool:
        """Whether another process changed the notes since the refresh began (the generation says)."""
        return self.base is None or self.generation() != self.base + self.writes

    def noted(self, rows: list[R]) -> list[R]:
        """The rows (path first) whose note is indexed; asked inside a write transaction, so no
        other process deletes one before they are written. The rows are of notes read since
        the last refresh began: unless another process changed the notes since (the generation
        says), they are all there. (Else asked in batches: a subquery a row costs more.)"""
        if self.overlapped():
            there = {r[0] for r in self.rows("path", [r[0] for r in rows])}
            return [r for r in rows if r[0] in there]
        return rows


def meta_of(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def busy(vault: Vault, e: sqlite3.OperationalError) -> NetmdError:
    return NetmdError(
        f"{vault.root / FOLDER / DB_NAME}: {e}: another netmd process has been writing the index for "
        f"{BUSY_MS / 1000:g} s; try again when it is done (or delete .netmd/, it is only a cache)"
    )


def is_busy(e: Exception) -> bool:
    return isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e))


def _stamp(vault: Vault) -> str:
    """What the stored facts depend on besides the notes: netmd, the schema and the config."""
    import hashlib

    try:  # (by the config's own rules: a FIFO, a device or a link out is not read, and `config` says so)
        config = read_existing(confine(vault.root, vault.root / CONFIG_NAME, "not read")) or b""
    except (OSError, NetmdError):
        config = b""
    parts = [__version__.encode(), str(SCHEMA_VERSION).encode(), config, vault.templates_folder.encode()]
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).hexdigest()


def connect(vault: Vault, rebuild: bool = False) -> sqlite3.Connection:
    """The index database: on disk when `.netmd/` can be written, and is the vault's own
    (not a link out of it), else in memory."""
    folder = vault.root / FOLDER
    path = folder / DB_NAME
    from netmd.fsutil import writable

    for _ in range(2 if writable(folder) and _own(vault.root, folder) else 0):  # else an in-memory index
        try:
            if rebuild:
                rebuild = False
                raise sqlite3.DatabaseError("rebuild")
            folder.mkdir(exist_ok=True)
            if not _own(vault.root, folder):  # (made a link just now)
                break
            ignore = folder / ".gitignore"
            if not os.path.lexists(ignore):
                _write_new(ignore, b"# netmd's cache: safe to delete\n*\n")
            db = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
            try:
                if not _own(vault.root, folder):  # (linked out of the vault while it was opened)
                    db.close()
                    break
                _prepare(db, vault, path)
            except BaseException:
                db.close()
                raise
            return db
        except sqlite3.OperationalError as e:
            if is_busy(e):  # another process is writing: not corrupt
                raise busy(vault, e) from None
            _remove(path)
        except sqlite3.DatabaseError:  # corrupt or foreign: it is only a cache
            _remove(path)
        except OSError:
            break
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _prepare(db, vault, None)
    return db


def _own(root: Path, folder: Path) -> bool:
    """Whether `.netmd/` and the files netmd writes in it are the vault's own: not a link,
    nor a file with another name elsewhere (a hard link), nor a folder outside the vault."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return True  # (made when needed)
    except OSError:
        return False
    import stat

    if not stat.S_ISDIR(st.st_mode) or os.path.realpath(folder) != os.path.join(os.path.realpath(root), FOLDER):
        return False
    for name in _FILES:
        try:
            st = os.lstat(folder / name)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            return False
    return True


def _write_new(path: Path, data: bytes) -> None:
    """A new file, never through a link (one made since it was checked is not followed)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with open(fd, "wb") as f:
        f.write(data)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(str(path) + suffix)
        except OSError:
            pass


def _prepare(db: sqlite3.Connection, vault: Vault, path: Path | None) -> None:
    """Settings, and the tables: made when missing or of another netmd or config; a database
    that netmd did not make here, or whose tables, their counts or its settings are not what
    netmd left, is `DatabaseError` (the caller removes it and makes a new one)."""
    if hasattr(db, "setlimit"):  # (Python 3.11 and later)
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE)  # type: ignore[attr-defined]
    db.execute("PRAGMA trusted_schema = OFF")  # (no function runs from the schema's views or triggers)
    db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    db.execute(f"PRAGMA page_size = {PAGE_BYTES}")  # takes effect only in a new database, as it should
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    # The log is copied into the database every 8 MB, while the workers of a cold build run,
    # not up to 32 MB of it when the last connection closes, after all else is done (the
    # close of a cold build at 10,000 contacts: 60 -> 15 ms).
    db.execute("PRAGMA wal_autocheckpoint = 256")
    stamp = _stamp(vault)
    made_here = str(os.stat(path).st_ino) if path is not None else "memory"
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION) and db.execute("PRAGMA page_size").fetchone()[0] != PAGE_BYTES:
            raise sqlite3.DatabaseError("an earlier netmd's index, of smaller pages: made again from scratch")
        if version == SCHEMA_VERSION and not ours(db):
            raise sqlite3.DatabaseError("tables that are not netmd's: made again from scratch")
        current = None
        if version == SCHEMA_VERSION:
            current = meta_of(db, "stamp"), meta_of(db, "file")
        if version != SCHEMA_VERSION or current != (stamp, made_here):
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                if not name.startswith(("sqlite_", "fts_")) or name == "fts_state":
                    db.execute(f'DROP TABLE IF EXISTS "{name}"')
            create(db, SCHEMA)
            if not ours(db):  # (a view or a trigger another program left)
                raise sqlite3.DatabaseError("tables that are not netmd's: made again from scratch")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('file', ?)", (made_here,))
            set_counts(db)
        elif meta_of(db, "rows") != counts(db):  # rows gone or added since netmd wrote it
            raise sqlite3.DatabaseError("rows that netmd did not write: made again from scratch")
        elif db.execute("SELECT 1 FROM notes LIMIT 1").fetchone():  # a cold build stopped before indexing them
            create(db, LOOKUPS)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
