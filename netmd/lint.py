"""`netmd lint`: diagnostics from the index, and `--fix` as byte-range edits (SPEC §4).

The whole vault: the index is brought up to date and its stored diagnostics are read.
Some files (a git hook): only those files are indexed again, their links are resolved
against the stored name table, and the vault is walked only when that cannot be trusted
(a link that resolves to nothing, or to a note that is gone).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from netmd.checks import sort
from netmd.diagnostics import Diagnostic
from netmd.fsutil import write_atomic
from netmd.index import Index
from netmd.note import parse
from netmd.vault import Vault

UNTRUSTED = {"NM301", "NM302", "NM305"}  # a new note that the index has not seen could change these


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
    differ = {p: data for p, data in staged.items() if _read(root / p) != data}
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


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
