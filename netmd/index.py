"""The cache: an SQLite index of every note's parsed facts in `.netmd/`, kept current incrementally.

A note is parsed again only when its file changed: size, modification time, change time
(which no one can set back) and inode make its signature, and a file modified within
the last seconds before it was indexed is "racy" (git's term) and compared by content
next time. Per-note diagnostics are stored with the note. Vault-wide diagnostics and the
method's facts depend on what the note's links resolve to: they are stored too, and when
a note comes, goes or changes its names, recomputed for the notes that link to one of
those names (the `links` table files each link under its target's last path segment).

The index is only a cache (promise 6): a missing, corrupt, foreign-version or
unwritable one is rebuilt or replaced by an in-memory one without a word.

Nothing read from it is trusted (a vault may come with a crafted one): values are JSON,
whose reader runs no code, each sealed with a checksum (`seal`); the tables are STRICT, so
a value of the wrong type cannot be written to them; the schema, the row counts of each
table (kept in `meta` by every write) and the file itself (its inode: a copied or cloned
index was not made here) are checked when it is opened. Anything that does not match is
`Corrupt`: the index is made again from the notes, and the answer is the one a run
without a cache gives.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import json.scanner
import os
import re
import sqlite3
import time
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from netmd import __version__
from netmd.config import Config
from netmd.context import Context
from netmd.diagnostics import Diagnostic, Severity
from netmd.engine import Rules, check, pack_stub, severities, stub
from netmd.errors import NetmdError
from netmd.fsutil import confine, read_existing
from netmd.heap import gc_paused, outlive
from netmd.names import NAME, PATH, STEM, TWINS, Entry, MemoryNames, Names, entry, link_key, name_rows
from netmd.note import Note, pack, unpack, unpack_stub
from netmd.parse import parse
from netmd.parse.source import MAX_BYTES
from netmd.schema import field_links, netmd_type
from netmd.vault import Vault

if TYPE_CHECKING:  # the method is imported by the commands that use it: `lint FILE` starts faster
    from netmd.method import Facts, Method

SCHEMA_VERSION = 25  # 25: no links in code spans or in fences closed by the other kind; `[[X\|l]]`
FOLDER = ".netmd"
DB_NAME = "index.sqlite"
BATCH = 8192  # notes scanned, written and checked at a time: memory stays flat as the vault grows
PARALLEL_FROM = 2000  # notes to parse; below this, starting workers costs more than it saves
EARLY_CHUNK = 500  # notes a worker is given at a time while the vault is still being walked
PROGRESS_FROM = 2000  # notes to parse before a terminal is shown progress
BUSY_MS = 60_000  # how long to wait for another netmd process writing the index
RACY_NS = 2_000_000_000  # a file modified this close to being read may change again unseen
# Rows of about 1 KB (a note's blobs): 32 KB pages hold them with less waste than 4 KB ones
# and move the same bytes in an eighth of the system calls (a cold build's writes at 10,000
# contacts: 0.93 -> 0.55 s of CPU).
PAGE_BYTES = 32768

# STRICT tables: SQLite itself refuses a value of another type, or a NULL, in any column.
# Every BLOB but `hash` is a sealed JSON value (`seal`).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS notes(
    path TEXT PRIMARY KEY NOT NULL, size INT NOT NULL, mtime INT NOT NULL, ctime INT NOT NULL, ino INT NOT NULL,
    racy INT NOT NULL, hash BLOB NOT NULL, type TEXT, entry BLOB NOT NULL, problems BLOB NOT NULL, note BLOB NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS derived(
    path TEXT PRIMARY KEY NOT NULL, vdiags BLOB NOT NULL, facts BLOB NOT NULL, stub BLOB NOT NULL,
    done INT NOT NULL CHECK (done IN (0, 1))
) STRICT;
CREATE INDEX IF NOT EXISTS derived_pending ON derived(path) WHERE done = 0;
CREATE TABLE IF NOT EXISTS mdiags(first TEXT NOT NULL, last TEXT NOT NULL, diags BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS names(kind INT NOT NULL, key TEXT NOT NULL, path TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS links(key TEXT NOT NULL, path TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS notes_type ON notes(type);
CREATE TABLE IF NOT EXISTS fts_state(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, hash BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS answers(key TEXT PRIMARY KEY NOT NULL, day TEXT NOT NULL, value BLOB NOT NULL) STRICT;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, fields, body, tokenize='unicode61 remove_diacritics 2');
"""
if sqlite3.sqlite_version_info < (3, 37):  # (no STRICT tables before SQLite 3.37: the seals still hold)
    _SCHEMA = _SCHEMA.replace(") STRICT;", ");")
# (`fts` rows have the rowid of their note's `fts_state` row: one is deleted by its key, not
# by a scan of the whole table for its path. The tables whose rows `meta` counts:)
_COUNTED = ("notes", "derived", "names", "links", "mdiags", "fts_state", "fts_docsize")

# `notes` holds what a note gives alone; `derived` what the vault rules make of it with the
# other notes (`done = 0` while it waits for them); `mdiags` the method rules' diagnostics
# for the day, in path order, a few hundred a row (`first` and `last` say whose). Each is
# written in its own pass: none of them rewrites the pages of another. What the last two
# hold is written only while its note is there (another process may have just deleted it):
# `_noted`.
# A cold build writes no waiting rows: the meta key `building`, set with each of its
# batches, says that every note without a `done` row waits; it is cleared when none does.
_PUT_NOTE = f"INSERT OR REPLACE INTO notes VALUES ({','.join('?' * 11)})"
_PENDING = "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?, 0)"  # (empty values)
_PUT_DERIVED = "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?, 1)"
_PUT_MDIAGS = "INSERT INTO mdiags VALUES (?, ?, ?)"
WRITE_FROM = 2000  # rows written in one transaction at least (the workers give them in smaller chunks)
MDIAGS_ROW = 500  # method diagnostics a row: stored in bulk, and a hook reads a few hundred at most

# The name and link tables' indexes: made after a cold build has filled the tables (faster
# than keeping them sorted row by row), and by every run that finds them missing. (The index
# of waiting notes is made with the tables: a cold build leaves it empty, `building`.)
_LOOKUPS = """
CREATE INDEX IF NOT EXISTS links_key ON links(key);
CREATE INDEX IF NOT EXISTS links_path ON links(path);
CREATE INDEX IF NOT EXISTS names_key ON names(kind, key);
CREATE INDEX IF NOT EXISTS names_path ON names(path);
"""

# A scanned note: path, size, mtime, ctime, ino, racy, hash, type, entry, problems, note (as
# stored in `notes`), the keys of the notes it links to (for `links`), its name keys (`names`)
# and its entry (as a plain tuple: a cold build's name table, not read back from its JSON).
Row = tuple[Any, ...]
T = TypeVar("T")
R = TypeVar("R", bound=tuple[Any, ...])


class Corrupt(Exception):
    """A value in the index that netmd did not write there: the index is made again."""


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
# (the C scanner itself: `json.loads` first looks in Python for what kind of text it is given)
_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def seal(value: object) -> bytes:
    """`value` (plain data: tuples come back as lists) as JSON, after a checksum of it:
    reading it runs no code, and a byte changed, a value cut or put in its place, is seen."""
    payload = _encode(value).encode()
    return zlib.crc32(payload).to_bytes(4, "little") + payload


def unseal(blob: object) -> Any:
    """What `seal` made `blob` of; `Corrupt` if netmd did not write it."""
    if type(blob) is not bytes:
        raise Corrupt("not a sealed value")
    if _crc32(memoryview(blob)[4:]) != _from_bytes(blob[:4], "little") or len(blob) < 5:
        raise Corrupt("a sealed value whose checksum does not match")
    try:
        text = str(blob[4:], "utf-8")
        value, end = _scan(text, 0)
    except (ValueError, RecursionError, StopIteration) as e:
        raise Corrupt(f"a sealed value that is not JSON: {e!r}") from None
    if end != len(text):
        raise Corrupt("a sealed value with more after its JSON")
    return value


_crc32, _from_bytes = zlib.crc32, int.from_bytes
EMPTY = seal(())  # no diagnostics, no facts, no stub


def _dump(value: object) -> bytes:
    return seal(value) if value else EMPTY


_load = unseal


def _pair(value: Any) -> tuple[Any, Any]:
    first, second = value
    return first, second


def _decoded(shape: Callable[[Any], T], blob: Any, sealed: bool = True) -> T:
    """`shape` (`unpack`, say) of a sealed value; `Corrupt` if it is not of that shape."""
    value = unseal(blob) if sealed else blob
    try:
        return shape(value)
    except Exception as e:  # (a value of the wrong shape: any error unpacking it)
        raise Corrupt(f"a value of the wrong shape: {e!r}") from None


def _pack_diags(diags: Sequence[Diagnostic]) -> list[tuple[Any, ...]]:
    return [(*d[:5], d.severity.value, *d[6:]) for d in diags]


def _unpack_diags(rows: Iterable[Sequence[Any]]) -> list[Diagnostic]:
    return [
        _new(Diagnostic, (*d[:5], Severity(d[5]), d[6], tuple([tuple(f) for f in d[7]]) if d[7] else ())) for d in rows
    ]


_new = tuple.__new__  # a named tuple from a sequence of its fields


def _entry(t: Sequence[Any]) -> Entry:
    """An `Entry` as JSON gives it back (its tuples as lists)."""
    return _new(Entry, (t[0], t[1], t[2], tuple(t[3]), tuple(t[4]), t[5]))


def _facts(t: list[Any]) -> Facts:
    """`method.unpack_facts` of facts as JSON gives them back: the tuples of names a meeting
    and a contact hold are tuples again."""
    unpack_facts = _method_unpack_facts or _import_unpack_facts()
    m, c = t[2], t[3]
    if m:
        m[4], m[9] = tuple(m[4]), tuple(m[9])  # with, purposes
    if c:
        c[8], c[9] = tuple(c[8]), tuple(c[9])  # organizations, referred by
    return unpack_facts(cast("tuple[Any, ...]", t))


_method_unpack_facts: Callable[[tuple[Any, ...]], Facts] | None = None  # (imported on first use)


def _import_unpack_facts() -> Callable[[tuple[Any, ...]], Facts]:
    global _method_unpack_facts
    from netmd.method import unpack_facts

    _method_unpack_facts = unpack_facts
    return unpack_facts


def _by_path(diags: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    found: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diags:
        found[d.path].append(d)
    return found


def scan(vault: Vault, paths: Sequence[str]) -> list[Row]:
    """Parse `paths` and run the per-note rules: one row for the index per note.

    Stage by stage over the batch (read all, parse all, check all, ...), not note by note:
    one kind of work at a time runs faster (the processor's caches stay warm)."""
    import hashlib

    config = vault.config
    ctx = Context(config, _NO_DAY)
    rules = severities(config, "note")
    with gc_paused():
        loaded = [vault.load(p) for p in paths]
        now = time.time_ns()
        notes = [x if isinstance(x, Note) else parse(p, x[0], config.fields) for p, x in zip(paths, loaded)]
        found = _by_path(check(notes, ctx, rules))
        problems = [_dump(_pack_diags(found.get(note.path, ()))) for note in notes]
        entries = [entry(note) for note in notes]
        packed = [seal(pack(note)) for note in notes]
        rows = []
        for x, note, e, diags, blob in zip(loaded, notes, entries, problems, packed):
            if isinstance(x, Note):
                sig, digest, racy = (0, 0, 0, 0), b"", 1
            else:
                data, st = x
                sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                digest = hashlib.blake2b(data, digest_size=16).digest()
                racy = int(now - st.st_mtime_ns < RACY_NS)
            keys = {link_key(k.target) for k in (*note.links, *note.mentions) if k.target}
            keys.update(link_key(k.target) for k, _ in field_links(note) if k.target)  # `with: Ada` too
            rows.append((note.path, *sig, racy, digest, e.type, seal(e), diags, blob, keys, name_rows(e), tuple(e)))
    return rows


def _chunks(paths: list[str], workers: int) -> list[list[str]]:
    """`paths` in chunks for `workers`: of up to 1,000 notes, and smaller towards the end, so
    the workers finish together (the next pass waits for the last chunk)."""
    size = max(1, min(1000, -(-len(paths) // (workers * 4))))
    tail = min(len(paths), 4 * workers * size) // 2  # the last chunks: a quarter the size
    head = len(paths) - tail
    small = max(1, size // 4)
    return [paths[i : min(i + size, head)] for i in range(0, head, size)] + [
        paths[i : i + small] for i in range(head, len(paths), small)
    ]


def _orphan_guard(parent: int) -> None:
    """In a worker: end it as soon as `parent` is gone (killed, say). Its pool would otherwise
    leave it waiting for work forever: the pipe it waits on is held open by the other workers."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, name="netmd-orphan-guard", daemon=True).start()


def _scan_chunk(args: tuple[Vault, Sequence[str]]) -> list[Row]:
    return scan(*args)


def scan_stream(vault: Vault, paths: Iterable[str]) -> Iterator[list[Row]]:
    """`scan` in batches, in order; spread over the cores for many notes, so the caller
    writes one batch while the workers parse the next. The rows are what one process gives.

    `paths` may still be coming (a cold build walks the vault as it goes): the workers start
    on the first ones while the rest are found. They are all taken before the first batch
    is given back."""
    workers = min(os.cpu_count() or 1, 8)
    coming = iter(paths)
    found = list(islice(coming, PARALLEL_FROM))
    if workers < 2 or len(found) < PARALLEL_FROM:
        found += coming
        for i in range(0, len(found), BATCH):
            yield scan(vault, found[i : i + BATCH])
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    _ = vault.config  # load and validate once, before the workers copy it
    context = multiprocessing.get_context("fork" if _can_fork() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_orphan_guard, initargs=(os.getpid(),)) as pool:
        # a few chunks in flight, not all: results must not pile up faster than they are written
        pending: deque[Future[list[Row]]] = deque()
        early: list[str] = []
        for path in chain(found, coming):  # small chunks while the paths come: where they end is not known
            early.append(path)
            if len(early) == EARLY_CHUNK and len(pending) <= 2 * workers:
                pending.append(pool.submit(_scan_chunk, (vault, early)))
                early = []
        for chunk in _chunks(early, workers):  # the rest, once all are known
            pending.append(pool.submit(_scan_chunk, (vault, chunk)))
            if len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_NO_DAY = dt.date(1970, 1, 1)  # per-note and vault rules do not depend on the day


def _nothing() -> None:
    pass


# What the vault rules give for a note: path, its vault diagnostics, its facts and stub (sealed).
# And the facts packed (a cold build keeps them: not read back from their JSON).
Checked = tuple[str, bytes, bytes, bytes, "tuple[Any, ...] | None"]


def vault_check(config: Config, names: Names, rows: Sequence[tuple[str, bytes]]) -> list[Checked]:
    """The vault rules and the method's facts of the notes in `rows` (path, packed note)."""
    from netmd.method import facts_of, pack_facts

    ctx = Context(config, _NO_DAY, names)
    rules = severities(config, "vault")
    out = []
    with gc_paused():
        notes = [_decoded(unpack, blob) for _, blob in rows]
        found = _by_path(check(notes, ctx, rules))
        for note in notes:
            f = facts_of(note, names, ctx.links(note))  # the links the rules resolved
            packed = pack_facts(f) if f is not None else None
            kept = (seal(packed), seal(pack_stub(note))) if packed is not None else (EMPTY, EMPTY)
            out.append((note.path, _dump(_pack_diags(found.get(note.path, ()))), *kept, packed))
    return out


_SHARED: tuple[Vault, Names, str] | None = None  # what forked workers of `_vault_stream` inherit
_WORKER_DB: sqlite3.Connection | None = None


def _vault_chunk(paths: list[str]) -> list[Checked]:
    global _WORKER_DB
    assert _SHARED is not None
    vault, names, db_path = _SHARED
    if _WORKER_DB is None:
        _WORKER_DB = sqlite3.connect(Path(db_path).as_uri() + "?mode=ro", uri=True, timeout=BUSY_MS / 1000)
    marks = ",".join("?" * len(paths))
    rows = _WORKER_DB.execute(f"SELECT path, note FROM notes WHERE path IN ({marks}) ORDER BY path", paths).fetchall()
    return vault_check(vault.config, names, rows)


def _check_halves(notes: Sequence[Note], ctx: Context, rules: Rules) -> list[Diagnostic]:
    """The method rules over many notes: half in this process, half in a forked one that
    shares the method's tables (computed first, once). A bare fork and a pipe: a pool of one
    costs 30-40 ms more to start and to stop. If the child fails, this process does its half."""
    if len(notes) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or not _can_fork():
        return check(notes, ctx, rules)
    ctx.method.warm()
    half = len(notes) // 2
    parent = os.getpid()
    readable, writable = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to be had (a limit on them): this one does it all
        os.close(readable)
        os.close(writable)
        return check(notes, ctx, rules)
    if pid == 0:  # the child: its half, as plain tuples (named tuples cross a pipe slowly)
        code = 1
        try:
            _orphan_guard(parent)
            os.close(readable)
            with gc_paused(), open(writable, "wb") as out:
                out.write(seal(_pack_diags(check(notes[half:], ctx, rules))))
            code = 0
        finally:
            os._exit(code)  # nothing of the parent's to clean up or flush
    os.close(writable)
    given = open(readable, "rb")
    try:
        mine = check(notes[:half], ctx, rules)
        theirs = given.read()
    finally:
        given.close()  # (first: a child still writing stops, its pipe broken)
        _, status = os.waitpid(pid, 0)
    try:
        if status == 0:
            return mine + _unpack_diags(unseal(theirs))
    except Corrupt:
        pass
    return mine + check(notes[half:], ctx, rules)


def _can_fork() -> bool:
    """Whether workers may be forked: not on macOS, and not from a process with other threads
    (`watch`), whose locks a forked child could inherit held forever."""
    import multiprocessing
    import sys
    import threading

    fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    return fork and threading.active_count() == 1


class Stubs(Sequence[Note]):
    """The stubs the method rules read, kept as their stored bytes and unpacked one at a time
    while the rules run: 40,000 of them as notes would hold 40 MB for a moment's use."""

    def __init__(self, blobs: list[bytes]) -> None:
        self.blobs = blobs  # (one that is not netmd's is `Corrupt` when the rules come to it)

    def __len__(self) -> int:
        return len(self.blobs)

    @overload
    def __getitem__(self, i: int) -> Note: ...
    @overload
    def __getitem__(self, i: slice) -> Stubs: ...
    def __getitem__(self, i: int | slice) -> Note | Stubs:
        return Stubs(self.blobs[i]) if isinstance(i, slice) else _decoded(unpack_stub, self.blobs[i])

    def __iter__(self) -> Iterator[Note]:
        for blob in self.blobs:
            yield _decoded(unpack_stub, blob)


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
                self._entries[p] = _decoded(_entry, row[0])
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


F = TypeVar("F", bound=Callable[..., Any])


def _trusting(method: F) -> F:
    """`method`, made again on an index rebuilt from the notes when what it read is not
    netmd's (`Corrupt`, or SQLite says the database is damaged or its tables are not ours).
    Only the outermost call does it: an inner one's caller may hold what it read before."""

    @functools.wraps(method)
    def run(self: Index, *args: Any, **kwargs: Any) -> Any:
        if self._depth:
            return method(self, *args, **kwargs)
        self._depth += 1
        try:
            try:
                return method(self, *args, **kwargs)
            except (Corrupt, sqlite3.DatabaseError) as e:
                self._start_over(e)
            return method(self, *args, **kwargs)
        finally:
            self._depth -= 1

    return cast(F, run)


class Index:
    """The vault's index; use as a context manager."""

    def __init__(
        self,
        vault: Vault,
        *,
        rebuild: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> None:
        self.vault = vault
        self.progress = progress  # told (done, total) while many notes are parsed
        self.cancel = cancel  # asked between batches: True stops the work (KeyboardInterrupt)
        self._facts: Method | None = None  # the method's facts, when a full pass made them
        self._stubs: Stubs | None = None
        self._problems: list[bytes] | None = None  # the stored diagnostics, when a full pass wrote them all
        self.touched: set[str] | None = set()  # whose facts the last refresh changed (None: maybe all)
        self.writes = 0  # changes to the notes made through this object (see `generation`)
        self._base: int | None = None  # the generation other processes had made when a refresh began
        self._depth = 0  # calls of `_trusting` methods under way
        self._rebuilt = False
        self.db = _connect(vault, rebuild)
        self.persistent = self.db.execute("PRAGMA database_list").fetchone()[2] != ""

    def _start_over(self, e: Exception) -> None:
        """The index was found `Corrupt` (or damaged): made again from the notes, once a run."""
        if isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e)):
            raise _busy(self.vault, e) from None
        if self._rebuilt:  # made by this run, and still not readable: no cache then
            raise NetmdError(f"{self.vault.root / FOLDER / DB_NAME}: the index cannot be read back ({e})") from None
        self._rebuilt = True
        self.db.close()
        self.db = _connect(self.vault, rebuild=True)
        self.persistent = self.db.execute("PRAGMA database_list").fetchone()[2] != ""
        self._facts = self._stubs = self._problems = None
        self.writes, self._base, self.touched = 0, None, None
        with gc_paused():
            self._refresh(None)

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- keeping it current ------------------------------------------------------------

    @_trusting
    def refresh(self, only: Iterable[str] | None = None) -> None:
        """Bring the index up to date with the files: all of them, or only the paths in `only`
        (the git-hook case: no walk over the vault)."""
        with gc_paused():  # what it builds stays alive (the vault pass runs inside it too)
            if only is not None and self._folders_changed():  # a note came, went or was renamed:
                only = None  # its names may be those the notes in `only` link to (NM302)
            self._walked: list[str] | None = None
            self._refresh(only)
            if self._walked is not None:
                self._keep_folders(self._walked)

    def _folders_changed(self) -> bool:
        """Whether a note may have come, gone or been renamed since the last pass over the whole
        vault: a folder holding notes lists other notes or folders (another file coming and
        going, an editor's atomic save, is no change); True when that is not known."""
        try:
            kept = json.loads(self._meta("folders") or "")
            return not kept or any(_folder_moved(self.vault.root, f) for f in kept)
        except (ValueError, TypeError, IndexError, KeyError, RecursionError, OSError):
            return True

    def _keep_folders(self, paths: list[str]) -> None:
        """The state of the folders of `paths` (and the folders above them), for `_folders_changed`;
        a folder's listing is read again only when it changed."""
        folders = {p.rpartition("/")[0] for p in paths}
        for folder in list(folders):
            while folder:
                folder = folder.rpartition("/")[0]
                if folder in folders:
                    break
                folders.add(folder)
        folders.add("")
        try:
            kept = {f[0]: f for f in json.loads(self._meta("folders") or "[]")}
        except (ValueError, TypeError, IndexError, KeyError, RecursionError):
            kept = {}
        state = []
        for folder in sorted(folders):
            now = _folder_state(self.vault.root, folder)
            old = kept.get(folder)
            if len(now) > 1 and now[1] and isinstance(old, list) and old[:4] == now and len(old) == 5:
                state.append(old)
            else:
                state.append([*now, _listing(self.vault.root, folder)])
        text = json.dumps(state)
        if text != self._meta("folders"):
            with self._write():
                self._set_meta("folders", text)

    def _refresh(self, only: Iterable[str] | None) -> None:
        self._base = self.generation() - self.writes
        columns = "path, size, mtime, ctime, ino, racy"
        cold = not self.count()
        self.touched = set()
        if cold:  # every note is new: the workers parse the first ones while the vault is walked
            changed: list[str] = []  # (complete once the scan gives its first batch)
            coming: Iterable[str] = _recorded(self.vault.walk(), changed)
            gone: set[str] = set()
            self._walked = changed
        else:
            if only is None:
                known = {r[0]: r[1:] for r in self.db.execute(f"SELECT {columns} FROM notes")}
                paths = self._walked = self.vault.paths()
                gone = set(known) - set(paths)
            else:
                known = {r[0]: r[1:] for r in self._rows(columns, set(only))}
                paths = sorted(p for p in set(only) if self.vault.exists(p))
                gone = {p for p in only if p not in paths and p in known}
            changed = coming = _changed(str(self.vault.root) + os.sep, paths, known)
            if not changed and not gone and not self._pending():
                self._built()
                return
        self._facts = self._stubs = self._problems = None  # notes change now: what an earlier pass kept is stale
        # before the change: a note read again with the same bytes (a racy re-check, a touch) is no edit
        before = {} if cold else {r[0]: r[1:] for r in self._rows("path, entry, hash", [*changed, *gone])}
        # One short transaction a batch, so a hook or a query in another process never waits
        # for a whole cold build; a reader in between sees some notes not yet indexed, and
        # indexes them itself.
        if gone:
            with self._write():
                for table in ("notes", "names", "links", "derived"):
                    self.db.executemany(f"DELETE FROM {table} WHERE path = ?", [(p,) for p in gone])
                self._forget_answers()  # (the method's diagnostics too: all are computed again)
        renamed: set[tuple[int, str]] = set()  # name keys of notes whose entry changed, old and new
        names = MemoryNames() if cold else None  # a cold build has every entry pass by: keep them
        problems: list[bytes] = []  # and every note's diagnostics
        moved = set(gone)  # notes whose entry (names, type, emails) changed
        edited: set[str] = set()  # notes whose bytes changed
        done = 0
        scanned = _grouped(scan_stream(self.vault, coming), min(WRITE_FROM, BATCH))
        for rows in scanned:  # batch by batch: bounded memory at any size
            self._check_cancel()
            done += len(rows)
            if self.progress and len(changed) >= PROGRESS_FROM:
                self.progress(done, len(changed))
            fresh = [r[0] for r in rows if cold or before.get(r[0], (None, None))[1] != r[6]]
            edited.update(fresh)
            with self._write():
                for table in () if cold else ("names", "links"):
                    self.db.executemany(f"DELETE FROM {table} WHERE path = ?", [(r[0],) for r in rows])
                # new bytes wait for the vault rules; what they made of the old ones is gone
                if cold:
                    self._set_meta("building", "1")
                else:
                    self.db.executemany(_PENDING, [(p, EMPTY, EMPTY, EMPTY) for p in fresh])
                self.db.executemany(_PUT_NOTE, [r[:11] for r in rows])
                self.db.executemany("INSERT INTO names VALUES (?,?,?)", [(*k, r[0]) for r in rows for k in r[12]])
                self.db.executemany("INSERT INTO links VALUES (?,?)", [(key, r[0]) for r in rows for key in r[11]])
                if fresh:
                    self._forget_answers()
            for r in rows:
                if names is not None:
                    names.add(_new(Entry, r[13]), r[12])
                    if r[9] != EMPTY:
                        problems.append(r[9])
                elif before.get(r[0], (None, None))[0] != r[8]:
                    moved.add(r[0])
                    renamed.update(r[12])
        if names is not None:

            def lookups() -> None:
                with self._write():
                    _create(self.db, _LOOKUPS)

            self.touched = None
            self._vault_rules(changed, names if len(names.table) else None, meanwhile=lookups, keep=problems)
            self._built()
            return
        for p in moved:
            if p in before:
                renamed.update(name_rows(_decoded(_entry, before[p][0])))
        again = edited | (self._linked_to(renamed) - gone) | self._pending()
        self.touched = again | gone
        self._vault_rules(sorted(again))
        self._built()

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel():
            raise KeyboardInterrupt  # what was written so far is whole: the next run goes on from there

    def _pending(self) -> set[str]:
        """Notes indexed without their vault diagnostics yet (another process is building, or stopped)."""
        if self._meta("building") or self._count("notes") != self._count("derived"):
            sql = "SELECT path FROM notes LEFT JOIN derived USING (path) WHERE done IS NOT 1"
        else:
            sql = "SELECT path FROM derived WHERE done = 0"
        return {r[0] for r in self.db.execute(sql)}

    def _built(self) -> None:
        """A cold build is over (this one, or one that stopped and was finished since) when no
        note waits: `building` goes, unless another cold build is still writing."""
        if self._meta("building"):  # (a derived row has its note: a row for each, none waiting)
            with self._write():
                self.db.execute(
                    "DELETE FROM meta WHERE key = 'building' AND NOT EXISTS (SELECT 1 FROM derived WHERE done = 0)"
                    " AND (SELECT count(*) FROM notes) = (SELECT count(*) FROM derived)"
                )

    def _linked_to(self, keys: set[tuple[int, str]]) -> set[str]:
        """The notes whose vault diagnostics or facts can change when notes with these name keys
        come, go or change: those that link to such a name, and those that share an email,
        LinkedIn URL or near-identical name with one (NM304)."""
        tails = sorted({key.rsplit("/", 1)[-1] for kind, key in keys if kind in (PATH, STEM, NAME)})
        out: set[str] = set()
        for i in range(0, len(tails), 500):
            batch = tails[i : i + 500]
            marks = ",".join("?" * len(batch))
            out.update(r[0] for r in self.db.execute(f"SELECT DISTINCT path FROM links WHERE key IN ({marks})", batch))
        for kind, key in keys:
            if kind in TWINS:
                rows = self.db.execute("SELECT path FROM names WHERE kind = ? AND key = ?", (kind, key))
                out.update(r[0] for r in rows)
        return out

    def _forget_answers(self) -> None:
        """The method's diagnostics and answers depend on every note: recompute them next time."""
        self._set_meta("method-day", "")
        self.db.execute("DELETE FROM answers")
        self.db.execute("INSERT INTO meta VALUES ('generation', 1) ON CONFLICT(key) DO UPDATE SET value = value + 1")
        self.writes += 1

    def generation(self) -> int:
        """How many times the notes changed in this index, by any process: compared with `writes`,
        a long-running process learns whether another one changed them."""
        value = self._meta("generation") or "0"
        return int(value) if value.isdigit() and len(value) < 19 else -1  # (-1: not netmd's)

    def _vault_rules(
        self,
        paths: list[str],
        names: Names | None = None,
        meanwhile: Callable[[], None] | None = None,
        keep: list[bytes] | None = None,
    ) -> None:
        """Recompute the vault-wide diagnostics and the method's facts of `paths` (in batches,
        spread over the cores for many): both depend on what the notes' links resolve to.
        `meanwhile` is done while the first batch is being checked. With `keep` (a cold build:
        `paths` are every note, and `keep` their per-note diagnostics), the facts and all the
        diagnostics are kept for this run's method rules and report."""
        from netmd.method import Method, unpack_facts

        if names is None and len(paths) >= PARALLEL_FROM:
            names = MemoryNames(self.entries())  # one read of the whole name table
        elif names is None:
            names = SqlNames(self.db)  # a few notes: a few lookups
        facts = Method(names, self.vault.config, _NO_DAY)
        stubs: list[bytes] = []
        checked = _grouped(self._vault_stream(names, paths, meanwhile or _nothing), min(WRITE_FROM, BATCH))
        for done in checked:
            self._check_cancel()
            with self._write():
                self.db.executemany(_PUT_DERIVED, [r[:4] for r in self._noted(done)])
            if keep is not None:  # this pass reads every note anyway: keep what it found for this run
                for _, v, _, st, packed in done:
                    if v != EMPTY:
                        keep.append(v)
                    if packed is not None:  # (a note with facts has a stub)
                        facts.put(unpack_facts(packed))
                        stubs.append(st)
        if keep is not None:
            self._facts, self._stubs, self._problems = facts, Stubs(stubs), keep

    def _vault_stream(self, names: Names, paths: list[str], meanwhile: Callable[[], None]) -> Iterator[list[Checked]]:
        """`vault_check` of `paths` in batches: in this process, or for many notes in forked
        workers that inherit the name table and read the notes from the database themselves
        (if the workers fail, this process does the rest). This process does `meanwhile` (once)
        while the workers start."""
        workers = min(os.cpu_count() or 1, 8)
        done = 0
        if workers >= 2 and len(paths) >= PARALLEL_FROM and self.persistent and _can_fork():
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            global _SHARED
            _SHARED = (self.vault, names, str(self.vault.root / FOLDER / DB_NAME))
            try:
                fork = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(
                    workers, mp_context=fork, initializer=_orphan_guard, initargs=(os.getpid(),)
                ) as pool:
                    results = pool.map(_vault_chunk, _chunks(paths, workers))
                    meanwhile()
                    meanwhile = _nothing  # done
                    for checked in results:
                        yield checked
                        done += len(checked)
            except (BrokenProcessPool, sqlite3.Error, OSError):
                pass
            finally:
                _SHARED = None
        meanwhile()
        for i in range(done, len(paths), BATCH):
            rows = self._rows("path, note", paths[i : i + BATCH])
            yield vault_check(self.vault.config, names, rows)

    @_trusting
    def facts(self, today: dt.date) -> Method:
        """The method's facts on `today`: kept from this run's vault-wide pass (once), else read
        as stored, note by note."""
        from netmd.method import Method

        if self._facts is not None:
            facts, self._facts = self._facts, None
            return facts.on(today)  # the facts do not depend on the day; the answers do
        facts = Method(self.names(), self.vault.config, today)
        cursor = self.db.execute("SELECT facts FROM derived WHERE facts IS NOT ? ORDER BY path", (EMPTY,))
        put = facts.put
        with gc_paused():
            while rows := cursor.fetchmany(1024):
                try:
                    for (blob,) in rows:
                        put(_facts(unseal(blob)))
                except Corrupt:
                    raise
                except Exception as e:  # (facts of the wrong shape)
                    raise Corrupt(f"facts of the wrong shape: {e!r}") from None
        return facts

    @_trusting
    def facts_at(self, paths: Iterable[str]) -> list[Facts]:
        """The stored facts of the netmd notes among `paths`."""
        return [_decoded(_facts, r[0]) for r in self._rows("facts", paths, "derived") if r[0] != EMPTY]

    @_trusting
    def stubs(self) -> Stubs:
        """A stub of each netmd note (path, type, netmd-disable) for the method rules."""
        if self._stubs is not None:
            stubs, self._stubs = self._stubs, None
            return stubs
        return Stubs(
            [r[0] for r in self.db.execute("SELECT stub FROM derived WHERE stub IS NOT ? ORDER BY path", (EMPTY,))]
        )

    @_trusting
    def method_diagnostics(
        self, today: dt.date, only: Iterable[str] | None = None, extra: Sequence[Note] = ()
    ) -> list[Diagnostic]:
        """The method rules' diagnostics on `today`, of every note or of those in `only`, plus
        `extra` notes parsed elsewhere (staged bytes), the vault's facts seen through them.

        For the whole vault they are stored, and computed again for every note when the day
        or any note changed (they depend on all meetings and contacts). For a few notes (the
        git hook) stale stored ones are not recomputed for all: those few are checked now."""
        stale = self._meta("method-day") != today.isoformat()
        if only is not None and (stale or extra):
            stubs = [_decoded(unpack, r[0]) for r in self._rows("stub", only, "derived") if r[0] != EMPTY]
            return self._method_check(today, stubs, extra)
        if stale:
            with gc_paused():  # the facts of every note are alive: a collection would walk them all
                diags = self._method_check(today, None, ())
            with self._write():
                self.db.execute("DELETE FROM mdiags")
                packed = self._noted(_pack_diags(diags))  # in path order, as the notes were checked
                runs = [packed[i : i + MDIAGS_ROW] for i in range(0, len(packed), MDIAGS_ROW)]
                day = today.isoformat()
                self.db.executemany(_PUT_MDIAGS, [(run[0][0], run[-1][0], seal((day, run))) for run in runs])
                self._set_meta("method-day", today.isoformat())
            return diags  # (a few notes and a stale day were answered above)
        if only is None:
            return [d for (blob,) in self.db.execute("SELECT diags FROM mdiags") for d in self._mdiags(blob, today)]
        wanted = sorted(set(only))
        rows = [
            rowid
            for rowid, first, last in self.db.execute("SELECT rowid, first, last FROM mdiags")
            if (i := bisect_left(wanted, first)) < len(wanted) and wanted[i] <= last
        ]
        blobs = [self.db.execute("SELECT diags FROM mdiags WHERE rowid = ?", (r,)).fetchone()[0] for r in rows]
        keep = set(wanted)
        return [d for blob in blobs for d in self._mdiags(blob, today) if d.path in keep]

    @staticmethod
    def _mdiags(blob: bytes, today: dt.date) -> list[Diagnostic]:
        """A row of method diagnostics, made on `today` (`method-day` says so: the row too)."""
        day, run = _decoded(_pair, blob)
        if day != today.isoformat():
            raise Corrupt("method diagnostics of another day")
        return _decoded(_unpack_diags, run, False)

    def _method_check(self, today: dt.date, stubs: list[Note] | None, extra: Sequence[Note]) -> list[Diagnostic]:
        """The method rules on `stubs` (None: every netmd note) and `extra` notes, whose facts
        replace what the index holds for their paths."""
        rules = severities(self.vault.config, "method")
        replaced = {n.path for n in extra}  # what the index holds for these is not what is judged
        extra = [n for n in extra if netmd_type(n) is not None]
        if not rules or (stubs is not None and not stubs and not extra):
            return []
        from netmd.method import Method, facts_of

        names = self.names()
        staged = [f for f in (facts_of(n, names) for n in extra) if f is not None]
        if stubs is None:
            facts = self.facts(today)
            if replaced:
                facts.drop(replaced)
        else:  # a few notes: the facts they are judged by, not every note's
            facts = Method(names, self.vault.config, today)
            for f in self.facts_at(self._around({n.path for n in stubs}, staged) - replaced):
                facts.put(f)
        for f in staged:
            facts.put(f)
        notes: Sequence[Note] = self.stubs() if stubs is None else stubs
        if extra:
            notes = [*notes, *(stub(n) for n in extra)]
        outlive(facts, notes)  # (no need to free them before the command ends)
        return _check_halves(notes, Context(self.vault.config, today, facts.names, facts), rules)

    def _around(self, paths: set[str], staged: Sequence[Facts]) -> set[str]:
        """The notes whose facts the method rules read to judge the notes at `paths` (and the
        `staged` ones): theirs, those of the notes they point at (the people met, the people
        referred), and those of the notes that point at either (the other meetings with a
        referred person, the people at a target organization)."""
        near = set(paths) | {f.path for f in staged}
        for f in [*self.facts_at(paths), *staged]:
            near.update(f.points_at())
        keys = {(r[0], r[1]) for r in self._rows("kind, key", near, "names")}
        return near | self._linked_to(keys)

    @_trusting
    def answer(self, key: str, today: dt.date, compute: Callable[[], T]) -> T:
        """A whole-vault answer for `today` (the agenda, the stats, the referral network):
        computed once, then read back until the day or any note changes."""
        row = self.db.execute(
            "SELECT value FROM answers WHERE key = ? AND day = ?", (key, today.isoformat())
        ).fetchone()
        if row is not None:
            try:
                with gc_paused():
                    return cast(T, unseal(row[0]))
            except Corrupt:  # (not netmd's: computed again, and replaced)
                pass
        value = compute()
        try:
            blob = seal(value)
        except (TypeError, ValueError):  # not plain data: computed each time
            return value
        if unseal(blob) != value:  # (a tuple, a date: JSON would not give it back as it is)
            return value
        try:
            with self._write():
                self.db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)", (key, today.isoformat(), blob))
        except sqlite3.OperationalError:  # another process holds the lock for long: the answer stands
            pass
        return value

    # -- reading ------------------------------------------------------------------------

    @_trusting
    def diagnostics(self, only: Iterable[str] | None = None) -> tuple[list[Diagnostic], int]:
        """The stored diagnostics of every note, or of `only`; and how many notes that is."""
        if only is None and self._problems is not None:  # (kept from this run's full pass, once)
            kept, self._problems = self._problems, None
            return [d for blob in kept for d in _decoded(_unpack_diags, blob)], self.count()
        if only is None:
            rows = [
                *self.db.execute("SELECT problems FROM notes WHERE problems IS NOT ?", (EMPTY,)),
                *self.db.execute("SELECT vdiags FROM derived WHERE vdiags IS NOT ?", (EMPTY,)),
            ]
            count = self.count()
        else:
            rows = self._rows("problems, vdiags", only, "notes LEFT JOIN derived USING (path)")
            count = len(rows)
        return [d for r in rows for blob in r if blob is not None for d in _decoded(_unpack_diags, blob)], count

    @_trusting
    def check_notes(self, only: Iterable[str], extra: Sequence[Note] = ()) -> tuple[list[Diagnostic], set[str]]:
        """Per-note diagnostics as stored and vault rules run now (against the stored name
        table) for `only`, plus every rule for `extra` notes parsed elsewhere (staged bytes).
        Also returns the paths the links resolved to."""
        rows = self._rows("problems, note", only)
        diags = [d for r in rows for d in _decoded(_unpack_diags, r[0])]
        config = self.vault.config
        diags += check(extra, Context(config, _NO_DAY), severities(config, "note"))
        ctx = Context(config, _NO_DAY, SqlNames(self.db))
        notes = [*(_decoded(unpack, r[1]) for r in rows), *extra]
        diags += check(notes, ctx, severities(config, "vault"))
        return diags, ctx.resolved_paths()

    def _rows(self, columns: str, paths: Iterable[str], table: str = "notes") -> list[tuple[Any, ...]]:
        """`columns` of the notes at `paths` in `table`, in path order (asked in batches: SQLite
        caps parameters)."""
        wanted = sorted(set(paths))
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(wanted), 500):
            batch = wanted[i : i + 500]
            marks = ",".join("?" * len(batch))
            out += self.db.execute(f"SELECT {columns} FROM {table} WHERE path IN ({marks}) ORDER BY path", batch)
        return out

    def names(self) -> Names:
        """The name table, looked up key by key (made again when a value read is not netmd's,
        unless a method of this index is running: it does that then)."""
        return SqlNames(self.db, self._recovered)

    def _recovered(self, e: Exception) -> sqlite3.Connection:
        if self._depth:
            raise e
        self._start_over(e)
        return self.db

    @_trusting
    def notes(self, note_type: str | None = None) -> list[Note]:
        """Every indexed note (of one netmd type), in path order."""
        if note_type is None:
            rows = self.db.execute("SELECT note FROM notes ORDER BY path")
        else:
            rows = self.db.execute("SELECT note FROM notes WHERE type = ? ORDER BY path", (note_type,))
        with gc_paused():
            return [_decoded(unpack, r[0]) for r in rows]

    def each_note(self) -> Iterator[Note]:
        """Every indexed note in path order, one at a time (memory stays flat: `export json`)."""
        last = ""
        while True:
            try:
                rows = self.db.execute(
                    "SELECT path, note FROM notes WHERE path > ? ORDER BY path LIMIT 1024", (last,)
                ).fetchall()
                with gc_paused():
                    notes = [_decoded(unpack, r[1]) for r in rows]
            except (Corrupt, sqlite3.DatabaseError) as e:  # made again: go on after the last note given
                self._start_over(e)
                continue
            if not rows:
                return
            last = rows[-1][0]
            yield from notes

    @_trusting
    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM notes").fetchone()[0])

    @_trusting
    def entries(self) -> list[Entry]:
        with gc_paused():
            return [_decoded(_entry, r[0]) for r in self.db.execute("SELECT entry FROM notes ORDER BY path")]

    def exists(self, paths: Iterable[str]) -> bool:
        """Whether these notes are still there (a hook trusts the index otherwise)."""
        return all(self.vault.exists(p) for p in paths)

    def linking_to(self, keys: Iterable[tuple[int, str]]) -> set[str]:
        """The notes with a link that may mean a note found by one of these name keys (`name_rows`)."""
        return self._linked_to({k for k in keys if k[0] in (PATH, STEM, NAME)})

    # -- full-text search ------------------------------------------------------------------

    @_trusting
    def search(self, text: str, limit: int = 20) -> list[tuple[str, int | None, str]]:
        """Notes matching every word of `text`, best first: (path, line, the line's text), or
        (path, None, the note's name) when only the file name matches. FTS5 sees the letters
        and digits of a word only (`C++` is the token `c`), so it proposes and the words as
        written, symbols included, decide; a word of symbols alone (`++`) is looked for in
        every note."""
        self._update_fts()
        words = [Word(w) for w in text.split()]
        if not words:
            return []
        query = " ".join('"' + w.text.replace('"', '""') + '"' for w in words if w.tokens)
        if query:
            rows: Iterable[tuple[str]] = self.db.execute(
                "SELECT s.path FROM fts JOIN fts_state s ON s.id = fts.rowid WHERE fts MATCH ? "
                "ORDER BY bm25(fts, 10.0, 3.0, 1.0), s.path",
                (query,),
            )
        else:
            rows = self.db.execute("SELECT path FROM fts_state ORDER BY path")
        found: list[tuple[str, int | None, str]] = []
        for (path,) in rows:
            if all(w.plain for w in words):  # FTS5 matched exactly these words: no need to check
                found.append((path, *_matching_line(self.vault, path, words)))
            else:
                title, body = path.rsplit("/", 1)[-1][:-3], _text(self.vault, path)
                if all(w.found(title) or w.found(body) for w in words):
                    found.append((path, *_matching_line(self.vault, path, words)))
            if len(found) >= limit:
                break
        return found

    def _update_fts(self) -> None:
        """Index the notes whose bytes changed since the last search, and forget those gone.
        A note's text is read as lint reads it (`Vault.load`: no link out of the vault, no more
        than `MAX_BYTES`); its `fts` row is found by rowid, not by a search of the table."""
        stale = self.db.execute(
            "SELECT n.path, n.hash, s.id FROM notes n LEFT JOIN fts_state s ON s.path = n.path "
            "WHERE s.hash IS NULL OR s.hash != n.hash"
        ).fetchall()
        gone = self.db.execute(
            "SELECT id FROM fts_state WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.path = fts_state.path)"
        ).fetchall()
        if not stale and not gone:
            return
        with self._write():
            dropped = [(i,) for (i,) in gone] + [(i,) for _, _, i in stale if i is not None]
            self.db.executemany("DELETE FROM fts WHERE rowid = ?", dropped)
            self.db.executemany("DELETE FROM fts_state WHERE id = ?", dropped)
            for p, digest, _ in stale:
                i = self.db.execute("INSERT INTO fts_state (path, hash) VALUES (?, ?)", (p, digest)).lastrowid
                self.db.execute(
                    "INSERT INTO fts (rowid, title, fields, body) VALUES (?, ?, ?, ?)", (i, *document(self.vault, p))
                )

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One writer at a time (BEGIN IMMEDIATE waits for the others: busy_timeout)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise _busy(self.vault, e) from None
        try:
            yield
            _set_counts(self.db)
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def _noted(self, rows: list[R]) -> list[R]:
        """The rows (path first) whose note is indexed; asked inside a write transaction, so no
        other process deletes one before they are written. The rows are of notes read since
        the last refresh began: unless another process changed the notes since (the generation
        says), they are all there. (Else asked in batches: a subquery a row costs more.)"""
        if self._base is None or self.generation() != self._base + self.writes:
            there = {r[0] for r in self._rows("path", [r[0] for r in rows])}
            return [r for r in rows if r[0] in there]
        return rows

    def _count(self, table: str) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _folder_state(root: Path, folder: str) -> list[Any]:
    """A folder's name, modification time (0 while it may still change unseen: racy), change
    time and inode; only the name if it is gone."""
    try:
        st = os.stat(os.path.join(root, folder))
    except OSError:
        return [folder]
    racy = time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS
    return [folder, 0 if racy else st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _listing(root: Path, folder: str) -> str:
    """A digest of the names of the notes and folders a folder holds (what `Vault.walk` may read)."""
    import hashlib

    try:
        with os.scandir(os.path.join(root, folder)) as entries:
            names = sorted(
                e.name + ("/" if e.is_dir(follow_symlinks=False) else "")
                for e in entries
                if e.name.endswith(".md") or (not e.name.startswith(".") and e.is_dir(follow_symlinks=False))
            )
    except OSError:
        return ""
    return hashlib.blake2b("\0".join(names).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _folder_moved(root: Path, kept: list[Any]) -> bool:
    """Whether the folder `kept` describes lists other notes or folders now."""
    if len(kept) != 5 or not isinstance(kept[0], str):
        return True
    now = _folder_state(root, kept[0])
    if len(now) == 1:
        return True
    return not (now[1] and now == kept[:4]) and _listing(root, kept[0]) != kept[4]


def _grouped(batches: Iterable[list[T]], size: int) -> Iterator[list[T]]:
    """`batches` put together until each holds `size` items or more (the last, what is left):
    each is written in one transaction, and every transaction costs the same few milliseconds."""
    kept: list[T] = []
    for batch in batches:
        kept += batch
        if len(kept) >= size:
            yield kept
            kept = []
    if kept:
        yield kept


def _recorded(items: Iterable[T], into: list[T]) -> Iterator[T]:
    """`items`, each put `into` the list as it passes."""
    for x in items:
        into.append(x)
        yield x


def _changed(root: str, paths: list[str], known: dict[str, tuple[Any, ...]]) -> list[str]:
    """The paths whose file differs from what the index knows (a hot loop: one stat a note)."""
    stat = os.stat
    out = []
    for path in paths:
        old = known.get(path)
        if old is None or old[4]:  # new, or racy: parse again (cheap, and exact)
            out.append(path)
            continue
        try:
            st = stat(root + path)
        except OSError:
            out.append(path)
            continue
        if st.st_size != old[0] or st.st_mtime_ns != old[1] or st.st_ctime_ns != old[2] or st.st_ino != old[3]:
            out.append(path)
    return out


def _stamp(vault: Vault) -> str:
    """What the stored facts depend on besides the notes: netmd, the schema and the config."""
    import hashlib

    try:  # (by the config's own rules: a FIFO, a device or a link out is not read, and `config` says so)
        config = read_existing(confine(vault.root, vault.root / "netmd.toml", "not read")) or b""
    except (OSError, NetmdError):
        config = b""
    parts = [__version__.encode(), str(SCHEMA_VERSION).encode(), config, vault.templates_folder.encode()]
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).hexdigest()


def _connect(vault: Vault, rebuild: bool = False) -> sqlite3.Connection:
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
            if "locked" in str(e) or "busy" in str(e):  # another process is writing: not corrupt
                raise _busy(vault, e) from None
            _remove(path)
        except sqlite3.DatabaseError:  # corrupt or foreign: it is only a cache
            _remove(path)
        except OSError:
            break
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _prepare(db, vault, None)
    return db


_FILES = (".gitignore", DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal")


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


def _busy(vault: Vault, e: sqlite3.OperationalError) -> NetmdError:
    return NetmdError(
        f"{vault.root / FOLDER / DB_NAME}: {e}: another netmd process has been writing the index for "
        f"{BUSY_MS / 1000:g} s; try again when it is done (or delete .netmd/, it is only a cache)"
    )


MAX_VALUE = 64 * 1024 * 1024  # the longest value SQLite gives back (a note's is a few MB at most)


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
        if version == SCHEMA_VERSION and not _our_tables(db):
            raise sqlite3.DatabaseError("tables that are not netmd's: made again from scratch")
        current = None
        if version == SCHEMA_VERSION:
            current = _meta_of(db, "stamp"), _meta_of(db, "file")
        if version != SCHEMA_VERSION or current != (stamp, made_here):
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                if not name.startswith(("sqlite_", "fts_")) or name == "fts_state":
                    db.execute(f'DROP TABLE IF EXISTS "{name}"')
            _create(db, _SCHEMA)
            if not _our_tables(db):  # (a view or a trigger another program left)
                raise sqlite3.DatabaseError("tables that are not netmd's: made again from scratch")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('file', ?)", (made_here,))
            _set_counts(db)
        elif _meta_of(db, "rows") != _counts(db):  # rows gone or added since netmd wrote it
            raise sqlite3.DatabaseError("rows that netmd did not write: made again from scratch")
        elif db.execute("SELECT 1 FROM notes LIMIT 1").fetchone():  # a cold build stopped before indexing them
            _create(db, _LOOKUPS)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _meta_of(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _counts(db: sqlite3.Connection) -> str:
    """How many rows each table holds (an index on each makes it quick)."""
    return ",".join(str(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in _COUNTED)


def _set_counts(db: sqlite3.Connection) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('rows', ?)", (_counts(db),))


@functools.cache
def _schema() -> frozenset[tuple[Any, ...]]:
    """The tables, indexes and their SQL as netmd makes them (SQLite's own words for it)."""
    db = sqlite3.connect(":memory:")
    _create(db, _SCHEMA + _LOOKUPS)
    made = frozenset(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    db.close()
    return made


def _our_tables(db: sqlite3.Connection) -> bool:
    """Whether the database holds netmd's tables and indexes, and nothing else (no trigger,
    no view), as netmd makes them; the indexes of the name and link tables may be missing."""
    there = frozenset(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    lookups = {row for row in _schema() if row[0] == "index" and row[2] in ("names", "links")}
    return there == _schema() or there == _schema() - lookups


def _create(db: sqlite3.Connection, schema: str) -> None:
    for statement in schema.split(";"):
        if statement.strip():
            db.execute(statement)


def _text(vault: Vault, path: str) -> str:
    """A note's text as lint reads it: nothing through a link out of the vault, nothing of a
    file larger than `MAX_BYTES` (neither is a note, and lint says so)."""
    data = vault.read(path)
    return "" if len(data) > MAX_BYTES else data.decode("utf-8-sig", "replace")


def document(vault: Vault, path: str) -> tuple[str, str, str]:
    """A note's title, front matter and body for full-text search."""
    text = _text(vault, path)
    from netmd.note import Problem
    from netmd.parse import split

    where = split(text)
    title = path.rsplit("/", 1)[-1][:-3]
    if where is None or isinstance(where, Problem):
        return title, "", text
    return title, text[where[0] : where[1]], text[where[2] :]


class Word:
    """A search word as written, compared with text as FTS5 compares (case and accents aside)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _TOKEN.findall(text)
        self.plain = len(self.tokens) == 1 and self.tokens[0] == text  # what FTS5 matches exactly
        folded = re.escape(_fold(text))
        before = "(?<![^\\W_])" if _TOKEN.match(text) else ""
        after = "(?![^\\W_])" if _TOKEN.fullmatch(text[-1]) else ""
        self._pattern = re.compile(before + folded + after)

    def found(self, text: str) -> bool:
        return self._pattern.search(_fold(text)) is not None


_TOKEN = re.compile(r"[^\W_]+")  # a token of FTS5's unicode61: letters and digits


def _fold(text: str) -> str:
    """`text` without case or accents, as FTS5's `remove_diacritics` reads it."""
    import unicodedata

    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _matching_line(vault: Vault, path: str, words: list[Word]) -> tuple[int | None, str]:
    """The line with the most of `words`, or (None, the note's name) when no line has one."""
    lines = _text(vault, path).splitlines()
    best, count = -1, 0
    for i, line in enumerate(lines):
        n = sum(w.found(line) for w in words)
        if n > count:
            best, count = i, n
    if best < 0:
        return None, path.rsplit("/", 1)[-1][:-3]
    return best + 1, lines[best].strip()
