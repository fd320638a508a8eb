"""`netmd lint`: diagnostics from the index, and `--fix` as byte-range edits (SPEC §4).

The whole vault: the index is brought up to date and its stored diagnostics are read.
Some files (a git hook): only those files are indexed again, their links are resolved
against the stored name table, and the vault is walked only when that cannot be trusted
(a link that resolves to nothing, or to a note that is gone).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from netmd.diagnostics import Diagnostic
from netmd.engine import sort
from netmd.errors import NetmdError
from netmd.fsutil import note_file, write_back
from netmd.index import Index
from netmd.note import Note, Value
from netmd.parse import decode, parse, parse_text
from netmd.vault import Vault, raw_name

UNTRUSTED = {"NM301", "NM302", "NM305"}  # a new note that the index has not seen could change these


def fix(vault: Vault, diags: Sequence[Diagnostic]) -> list[str]:
    """Apply the fixes the diagnostics carry; only their bytes change. Returns the files written.

    A fix replaces a value by a quoted form of the very text it replaces (`yes` -> `"yes"`).
    A file is written only when its fixed front matter reads back so: each fixed value is
    the text it replaced, every other field keeps its value; otherwise it is left as it was
    (its diagnostics stay), as is a read-only note. A note that is a link is written through
    it, and stays a link."""
    edits: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for d in diags:
        edits[d.path].update(d.fix)
    changed = []
    for path, file_edits in sorted(edits.items()):
        target = _target(vault.root, path)
        if file_edits and target is not None and _apply(target, sorted(file_edits), vault.config.fields):
            changed.append(path)
    return changed


def _target(root: Path, path: str) -> Path | None:
    """The file that holds the note at `path` (`fsutil.note_file`); None when it may not be
    written (out of the vault, not a file, read-only): its diagnostics stay."""
    try:
        return note_file(root, path)
    except (NetmdError, OSError):
        return None


def _apply(path: Path, edits: list[tuple[int, int, str]], field_map: Mapping[str, str] | None = None) -> bool:
    raw = path.read_bytes()
    text, _ = decode(raw)
    if text is None:
        return False
    bom = raw.startswith(b"\xef\xbb\xbf")
    new, applied = text, []
    last = len(text) + 1
    for start, end, replacement in reversed(edits):
        if end > last:  # overlapping edits: keep the later one, the next run fixes the rest
            continue
        new = new[:start] + replacement + new[end:]
        applied.append((start, end))
        last = start
    data = (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8")
    if data == raw or not _reads_as_meant(text, new, applied, field_map or {}):
        return False
    write_back(path, data)
    return True


def _reads_as_meant(old: str, new: str, fixed: list[tuple[int, int]], field_map: Mapping[str, str]) -> bool:
    """Whether `new` (`old` with the values at `fixed` quoted) parses, each fixed value reading
    as the text it replaced and every other field as before (duplicates and order too)."""
    before, after = parse_text("", old, field_map), parse_text("", new, field_map)
    if before.syntax or after.syntax:
        return False
    meant = {span: old[span[0] : span[1]] for span in fixed}
    hit: set[tuple[int, int]] = set()
    want = [(f.raw_key, _meant(f.value, meant, hit)) for f in _every_field(before)]
    got = [(f.raw_key, f.value.data) for f in _every_field(after)]
    return hit == set(meant) and _same(want, got)


def _every_field(note: Note) -> list[Any]:
    return [*note.duplicate_keys, *note.fields.values()]


def _meant(v: Value, meant: Mapping[tuple[int, int], str], hit: set[tuple[int, int]]) -> Any:
    """The data `v` should read as once the values at `meant` are quoted."""
    text = meant.get((v.start, v.end))
    if text is not None:
        hit.add((v.start, v.end))
        return text
    if v.tag == "seq":
        return [_meant(item, meant, hit) for item in v.items]
    return v.data


def _same(a: Any, b: Any) -> bool:
    """Equal data of the same types (`1`, `1.0` and `True` differ; NaN is NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def run(
    vault: Vault,
    today: dt.date,
    only: set[str] | None = None,
    *,
    staged: Mapping[str, bytes] | None = None,
    apply_fixes: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Diagnostic], int]:
    """Lint the whole vault, or only the notes in `only`; links always resolve against the whole vault.

    `staged` replaces some notes' bytes (the git hook lints what is being committed).
    With `apply_fixes`, the fixes are written and the vault is linted again.
    Returns the sorted diagnostics and how many notes were checked.
    """
    with Index(vault, progress=progress) as index:
        diags, checked = _lint(index, today, only, staged or {})
        if apply_fixes and fix(vault, diags):
            diags, checked = _lint(index, today, only, staged or {})
    return sort(diags), checked


def _lint(
    index: Index, today: dt.date, only: set[str] | None, staged: Mapping[str, bytes]
) -> tuple[list[Diagnostic], int]:
    if only is None and not staged:
        index.refresh()
        diags, checked = index.diagnostics()
        return diags + index.method_diagnostics(today), checked
    root = index.vault.root
    # a note staged as it is in the working tree is linted from the index like any other
    # (and a name that is not UTF-8, escaped, is one the index reports: NM104, as `lint` does)
    differ = {p: data for p, data in staged.items() if _working(index.vault, p) != data and not _misnamed(root, p)}
    files = set(only or ()) | set(staged)
    files -= set(differ)
    extra = [parse(p, data, index.vault.config.fields) for p, data in sorted(differ.items())]
    index.refresh(files)
    diags, resolved = index.check_notes(files, extra)
    if any(d.code in UNTRUSTED for d in diags) or not index.exists(resolved):
        index.refresh()
        diags, resolved = index.check_notes(files, extra)
    diags += index.method_diagnostics(today, files, extra)
    return diags, len(files) + len(extra)


def _misnamed(root: Path, rel: str) -> bool:
    """Whether `rel` is the escaped name (`vault.note_path`) of a file whose name is not UTF-8."""
    return "\\" in rel and not os.path.lexists(root / rel) and os.path.lexists(root / raw_name(rel))


def _working(vault: Vault, rel: str) -> bytes | None:
    """A note's bytes in the working tree, by the vault's rules (no link out of it, no FIFO, no
    file over the size limit); None when it cannot be read so."""
    found = vault.load(rel)
    return None if isinstance(found, Note) else found[0]
