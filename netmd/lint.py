"""The lint engine: rules over notes → diagnostics, and `--fix` as byte-range edits (SPEC §4)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from netmd.context import Context
from netmd.diagnostics import Diagnostic, Severity
from netmd.fsutil import write_atomic
from netmd.names import Names, entry
from netmd.note import Note, parse
from netmd.rules import BY_KEY, RULES
from netmd.vault import Vault


def context(vault: Vault, notes: Iterable[Note], today: dt.date) -> Context:
    return Context(vault.config, today, Names(entry(n) for n in notes))


def severities(ctx: Context) -> list[tuple[object, Severity]]:
    """The enabled rules with their severity after `[lint]` in netmd.toml."""
    out = []
    for rule in RULES:
        level = ctx.config.lint.get(rule.NAME, rule.SEVERITY.value)
        if level != "off":
            out.append((rule, Severity(level)))
    return out


def _disabled(note: Note) -> set[str]:
    f = note.fields.get("netmd-disable")
    if f is None:
        return set()
    values = f.value.data if isinstance(f.value.data, list) else [f.value.data]
    return {BY_KEY[v].NAME for v in values if isinstance(v, str) and v in BY_KEY}


def lint(notes: Iterable[Note], ctx: Context) -> list[Diagnostic]:
    """Every diagnostic for `notes`, sorted by path and position."""
    rules = severities(ctx)
    out: list[Diagnostic] = []
    for note in notes:
        off = _disabled(note)
        for rule, severity in rules:
            if rule.NAME in off:  # type: ignore[attr-defined]
                continue
            for p in rule.check(note, ctx):  # type: ignore[attr-defined]
                out.append(
                    Diagnostic(note.path, p.pos.line, p.pos.col, rule.CODE, rule.NAME, severity, p.message, p.fix)  # type: ignore[attr-defined]
                )
    out.sort(key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return out


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
    Returns the diagnostics and how many notes were checked.
    """
    staged = staged or {}
    fields = dict(vault.config.fields)
    paths = sorted(set(vault.paths()) | set(staged))
    notes = [parse(p, staged[p], fields) if p in staged else vault.read(p) for p in paths]
    ctx = context(vault, notes, today)
    targets = notes if only is None else [n for n in notes if n.path in only]
    diags = lint(targets, ctx)
    if apply_fixes and fix(vault, diags):
        return run(vault, today, only)
    return diags, len(targets)
