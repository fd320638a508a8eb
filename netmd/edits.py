"""A change to the vault planned as byte-range edits, listed before it is made and made all or nothing.

`netmd mv` and `netmd merge` (netmd/rename.py) build a `Plan`; the CLI lists it (`--dry-run`)
or `apply`s it; the language server turns the same plan into the protocol's workspace edit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from netmd.errors import NetmdError
from netmd.fsutil import confine, note_file, writable, write_back, write_new
from netmd.parse.source import Places


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` of the note at `path` by `new`; `what` says so to a person."""

    path: str
    start: int
    end: int
    new: str
    what: str


@dataclass
class Plan:
    """Every edit of one change, the notes' texts they apply to, and the files it moves or removes."""

    texts: dict[str, str] = field(default_factory=dict)  # path -> the text the edits were planned on
    raw: dict[str, bytes] = field(default_factory=dict)  # path -> its bytes then (checked before writing)
    edits: list[Edit] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)  # old path -> new path
    removes: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, ":line:col: what") that is not an edit
    links: list[tuple[str, str]] = field(default_factory=list)  # (path, target) of the links written: read back

    def add(self, path: str, start: int, end: int, new: str, what: str) -> None:
        edit = Edit(path, start, end, new, what)
        if edit not in self.edits:  # (two links in one value may ask for the same requoting)
            self.edits.append(edit)

    def result(self, path: str) -> str:
        """The text of the note at `path` once its edits are made."""
        return apply_edits(self.texts[path], [e for e in self.edits if e.path == path])

    def changed(self) -> list[str]:
        """The notes whose text changes, in path order."""
        return sorted({e.path for e in self.edits if e.new != self.texts[e.path][e.start : e.end]})

    def listing(self, shown: Callable[[str], str] = str) -> list[str]:
        """One line an edit (`path:line:col: what`), a move, a removal and a note, in file order."""
        out = [f"{shown(old)}: renamed to {shown(new)}" for old, new in sorted(self.moves.items())]
        places = {p: Places(t) for p, t in self.texts.items()}
        for e in sorted(self.edits, key=lambda e: (e.path, e.start)):
            line, col = places[e.path].at(e.start)
            out.append(f"{shown(e.path)}:{line}:{col}: {e.what}")
        out += [f"{shown(p)}: removed" for p in sorted(self.removes)]
        return out + [f"{shown(p)}{what}" for p, what in self.notes]


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` made: from the last to the first, so that each offset still holds;
    insertions at one offset keep the order they were planned in."""
    order = sorted(range(len(edits)), key=lambda i: (edits[i].start, edits[i].end, i))
    last = len(text) + 1
    for i in reversed(order):
        e = edits[i]
        if e.end > last:
            raise NetmdError(f"{e.path}: two edits overlap at offset {e.start}; nothing changed")
        text = text[: e.start] + e.new + text[e.end :]
        last = e.start
    return text


def encoded(text: str, raw: bytes) -> bytes:
    """`text` as the file's bytes: UTF-8, with the byte-order mark the file had."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return bom + text.encode("utf-8")


def apply(root: Path, plan: Plan) -> list[str]:
    """Make `plan`: every file written, moved or removed, or none (the first failure undoes the
    rest). Nothing starts when a file changed since it was planned or a folder cannot be written.
    Returns the paths written (a moved note under its new path)."""
    writes = {p: encoded(plan.result(p), plan.raw[p]) for p in {*plan.changed(), *plan.moves}}
    _preflight(root, plan, writes)
    done: list[tuple[Path, bytes | None]] = []  # (file, its bytes before: None when new) to undo
    try:
        for old, new in sorted(plan.moves.items()):
            target = root / new
            write_new(target, writes[old], root=root)
            done.append((target, None))
        for path in sorted(writes):
            if path in plan.moves:
                continue
            target = note_file(root, path)
            write_back(target, writes[path])  # (a note with other hard links keeps them)
            done.append((target, plan.raw[path]))
        for path in [*sorted(plan.moves), *plan.removes]:
            os.unlink(confine(root, root / path, "not removed"))
            done.append((root / path, plan.raw[path]))
    except OSError as e:
        _undo(root, done)
        raise NetmdError(f"{e.filename or root}: {e.strerror or e}; nothing changed") from None
    return sorted({plan.moves.get(p, p) for p in writes})


def _preflight(root: Path, plan: Plan, writes: dict[str, bytes]) -> None:
    for path, raw in sorted(plan.raw.items()):
        try:
            now = note_file(root, path).read_bytes()
        except OSError:
            now = None
        if now != raw:
            raise NetmdError(f"{path}: changed while the edits were planned; nothing changed, run it again")
    for old, new in plan.moves.items():
        if os.path.lexists(root / new):
            raise NetmdError(f"{new}: a file is there already; nothing changed")
        if os.path.islink(root / old):
            raise NetmdError(f"{old}: is a link; rename the file it leads to; nothing changed")
    folders = {(root / p).parent for p in [*writes, *plan.moves.values(), *plan.removes]}
    for folder in sorted(folders):
        if not writable(folder):
            raise NetmdError(f"{folder}: read-only: no write permission; nothing changed")
        confine(root, folder)


def _undo(root: Path, done: list[tuple[Path, bytes | None]]) -> None:
    """Put back what `apply` changed, the last change first."""
    for target, before in reversed(done):
        try:
            if before is None:
                os.unlink(target)
            else:
                write_back(confine(root, target), before)
        except OSError:
            pass  # (the error that started the undo is the one reported)
