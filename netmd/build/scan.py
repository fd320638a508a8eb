"""The note pass: each note read, parsed and checked alone, into what the index stores of it."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from netmd.build.fanout import fan_out
from netmd.context import Context
from netmd.diagnostics import Diagnostic
from netmd.engine import check, severities
from netmd.heap import gc_paused
from netmd.names import Entry, entry, link_key, name_rows
from netmd.note import Note
from netmd.parse import parse
from netmd.schema import field_links
from netmd.store.codec import dump, pack_diags, seal
from netmd.store.notes import pack
from netmd.vault import Vault

RACY_NS = 2_000_000_000  # a file modified this close to being read may change again unseen
NO_DAY = dt.date(1970, 1, 1)  # per-note and vault rules do not depend on the day


class Scanned(NamedTuple):
    """A note as the note pass leaves it: its `notes` row (the first eleven), the keys of the
    notes it links to (for `links`), its name keys (`names`), and its entry as it is (a cold
    build's name table: not read back from its JSON)."""

    path: str
    size: int
    mtime: int
    ctime: int
    ino: int
    racy: int
    hash: bytes
    type: str | None
    entry: bytes
    problems: bytes
    note: bytes
    links: set[str]
    names: list[tuple[int, str]]
    parsed_entry: Entry

    def row(self) -> tuple[Any, ...]:
        """The `notes` row."""
        return self[:11]


def by_path(diags: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    found: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diags:
        found[d.path].append(d)
    return found


def scan(vault: Vault, paths: Sequence[str]) -> list[Scanned]:
    """Parse `paths` and run the per-note rules: one row for the index per note.

    Stage by stage over the batch (read all, parse all, check all, ...), not note by note:
    one kind of work at a time runs faster (the processor's caches stay warm)."""
    import hashlib

    config = vault.config
    ctx = Context(config, NO_DAY)
    rules = severities(config, "note")
    with gc_paused():
        loaded = [vault.load(p) for p in paths]
        now = time.time_ns()
        notes = [x if isinstance(x, Note) else parse(p, x[0], config.fields) for p, x in zip(paths, loaded)]
        found = by_path(check(notes, ctx, rules))
        problems = [dump(pack_diags(found.get(note.path, ()))) for note in notes]
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
            rows.append(Scanned(note.path, *sig, racy, digest, e.type, seal(e), diags, blob, keys, name_rows(e), e))
    return rows


def scan_stream(vault: Vault, paths: Iterable[str]) -> Iterator[list[Scanned]]:
    """`scan` in batches, in order; spread over the cores for many notes (`fan_out`)."""
    _ = vault.config  # load and validate once, before the workers copy it
    return fan_out(scan, vault, paths)
