"""The lint engine: rules over notes → diagnostics, and `--fix` as byte-range edits (SPEC §4).

Per-note rules (SCOPE "note") run while each note is parsed; what the vault-wide rules
(SCOPE "vault": links, duplicates) need is kept as a slim note, and they run once the
name table is complete. Parsing large vaults is spread over the machine's cores.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from netmd.context import Context
from netmd.diagnostics import Diagnostic, Severity
from netmd.fsutil import write_atomic
from netmd.names import Entry, MemoryNames, entry
from netmd.note import Note, pack, parse, unpack
from netmd.rules import BY_KEY, RULES
from netmd.schema import SCHEMAS, netmd_type
from netmd.vault import Vault

PARALLEL_FROM = 2000  # notes; below this, starting workers costs more than it saves


class Scanned(NamedTuple):
    """What one note leaves behind after its per-note rules: small enough to keep for 100,000 notes."""

    entry: Entry
    diags: list[Diagnostic]
    slim: Note | None  # the fields and links vault rules read; None when the note is not checked


def severities(config: object, scope: str) -> list[tuple[ModuleType, Severity]]:
    """The enabled rules of `scope` with their severity after `[lint]` in netmd.toml."""
    out = []
    for rule in RULES:
        level = config.lint.get(rule.NAME, rule.SEVERITY.value)  # type: ignore[attr-defined]
        if level != "off" and rule.SCOPE == scope:
            out.append((rule, Severity(level)))
    return out


def _disabled(note: Note) -> set[str]:
    f = note.fields.get("netmd-disable")
    if f is None:
        return set()
    values = f.value.data if isinstance(f.value.data, list) else [f.value.data]
    return {BY_KEY[v].NAME for v in values if isinstance(v, str) and v in BY_KEY}


def check(notes: Iterable[Note], ctx: Context, rules: list[tuple[ModuleType, Severity]]) -> list[Diagnostic]:
    """The diagnostics `rules` find in `notes`."""
    out: list[Diagnostic] = []
    for note in notes:
        off = _disabled(note) if "netmd-disable" in note.fields else ()
        for rule, severity in rules:
            if rule.NAME in off:
                continue
            for p in rule.check(note, ctx):
                out.append(
                    Diagnostic(note.path, p.pos.line, p.pos.col, rule.CODE, rule.NAME, severity, p.message, p.fix)
                )
    return out


def _slim(note: Note) -> Note:
    """The note as vault rules see it: type, link fields, netmd-disable, links and mentions."""
    t = netmd_type(note)
    keep = _SLIM_KEYS.get(t, ()) if t else ()
    fields = {k: f for k, f in note.fields.items() if k in keep}
    return Note(note.path, fields, note.links, note.mentions)


_SLIM_KEYS = {
    t: frozenset({"type", "netmd-disable", *(k for k, kind in schema.items() if kind.link_to)})
    for t, schema in SCHEMAS.items()
}


def scan(
    vault: Vault, today: dt.date, paths: Sequence[str], only: set[str] | None, staged: Mapping[str, bytes]
) -> list[Scanned]:
    """Parse `paths` and run the per-note rules on those in `only` (all when None)."""
    ctx = Context(vault.config, today)
    rules = severities(vault.config, "note")
    fields = vault.config.fields
    out = []
    with _gc_paused():
        for p in paths:
            note = parse(p, staged[p], fields) if p in staged else vault.read(p)
            if only is None or p in only:
                out.append(Scanned(entry(note), check((note,), ctx, rules), _slim(note)))
            else:
                out.append(Scanned(entry(note), [], None))
    return out


def _scan_chunk(args: tuple[Vault, dt.date, Sequence[str], set[str] | None, Mapping[str, bytes]]) -> list[tuple]:
    """`scan` in a worker process; the results travel as plain tuples."""
    return [
        (tuple(s.entry), [(*d[:5], d.severity.value, *d[6:]) for d in s.diags], pack(s.slim) if s.slim else None)
        for s in scan(*args)
    ]


def _unpack(t: tuple) -> Scanned:
    e, diags, slim = t
    return Scanned(
        Entry(*e), [Diagnostic._make((*d[:5], Severity(d[5]), *d[6:])) for d in diags], unpack(slim) if slim else None
    )


def scan_all(
    vault: Vault, today: dt.date, paths: list[str], only: set[str] | None, staged: Mapping[str, bytes]
) -> list[Scanned]:
    """`scan` over every core for a large vault; the result is the same as one process gives."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(paths) < PARALLEL_FROM:
        return scan(vault, today, paths, only, staged)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _ = vault.config  # load and validate once, before the workers copy it
    size = -(-len(paths) // (workers * 4))
    chunks = [(vault, today, paths[i : i + size], only, staged) for i in range(0, len(paths), size)]
    method = (
        "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" and not _is_macos() else None
    )
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool, _gc_paused():
        return [_unpack(s) for part in pool.map(_scan_chunk, chunks) for s in part]


def _is_macos() -> bool:
    import sys

    return sys.platform == "darwin"


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing builds many small objects that all stay alive; the cyclic collector would
    walk them again and again (tripling the parse time) and find nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def lint(
    vault: Vault, today: dt.date, only: set[str] | None = None, staged: Mapping[str, bytes] | None = None
) -> tuple[list[Diagnostic], int]:
    """Every diagnostic for the vault's notes (or those in `only`), sorted; and how many were checked."""
    staged = staged or {}
    paths = sorted(set(vault.paths()) | set(staged))
    scanned = scan_all(vault, today, paths, only, staged)
    with _gc_paused():
        ctx = Context(vault.config, today, MemoryNames(s.entry for s in scanned))
        slims = [s.slim for s in scanned if s.slim is not None]
        diags = [d for s in scanned for d in s.diags]
        diags += check(slims, ctx, severities(vault.config, "vault"))
        diags.sort(key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return diags, len(slims)


def fix(vault: Vault, diags: Sequence[Diagnostic]) -> list[str]:
    """Apply the fixes the diagnostics carry; only their bytes change. Returns the files written."""
    edits: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for d in diags:
        edits[d.path].update(d.fix)
    changed = []
    for path, file_edits in sorted(edits.items()):
        if file_edits and _apply(vault.root / path, sorted(file_edits)):
            changed.append(path)
    return changed


def _apply(path: Path, edits: list[tuple[int, int, str]]) -> bool:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    last = len(text) + 1
    for start, end, replacement in reversed(edits):
        if end > last:  # overlapping edits: keep the later one, the next run fixes the rest
            continue
        text = text[:start] + replacement + text[end:]
        last = start
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    if data == raw:
        return False
    write_atomic(path, data)
    return True


def run(
    vault: Vault,
    today: dt.date,
    only: set[str] | None = None,
    *,
    staged: Mapping[str, bytes] | None = None,
    apply_fixes: bool = False,
) -> tuple[list[Diagnostic], int]:
    """Lint the whole vault, or only the notes in `only`; links always resolve against the whole vault.

    `staged` replaces some notes' bytes (the git hook lints what is being committed).
    With `apply_fixes`, the fixes are written and the vault is linted again.
    """
    diags, checked = lint(vault, today, only, staged)
    if apply_fixes and fix(vault, diags):
        return lint(vault, today, only, staged)
    return diags, checked
