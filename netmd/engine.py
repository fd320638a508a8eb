"""The rule engine: which rules run at what severity (`[lint]`), `netmd-disable`, running them
over notes into diagnostics, and the stub of a note the method rules read."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from netmd.config import Config
from netmd.context import Context
from netmd.diagnostics import Diagnostic, Severity
from netmd.note import Note
from netmd.rules import BY_KEY, RULES
from netmd.store.notes import LazyFields, Packed, pack

Rules = list[tuple[ModuleType, Severity]]


def severities(config: Config, scope: str) -> Rules:
    """The enabled rules of `scope` with their severity after `[lint]` in netmd.toml."""
    out = []
    for rule in RULES:
        level = config.lint.get(rule.NAME, rule.SEVERITY.value)
        if level != "off" and rule.SCOPE == scope:
            out.append((rule, Severity(level)))
    return out


def _disabled(note: Note) -> set[str]:
    f = note.fields.get("netmd-disable")
    if f is None:
        return set()
    values = f.value.data if isinstance(f.value.data, list) else [f.value.data]
    return {BY_KEY[v].NAME for v in values if isinstance(v, str) and v in BY_KEY}


def check(notes: Iterable[Note], ctx: Context, rules: Rules) -> list[Diagnostic]:
    """The diagnostics `rules` find in `notes`."""
    out: list[Diagnostic] = []
    runs = [(rule.check, rule.CODE, rule.NAME, severity) for rule, severity in rules]
    for note in notes:
        off = _disabled(note) if "netmd-disable" in note.fields else ()
        for run, code, name, severity in runs:
            if name in off:
                continue
            for p in run(note, ctx):
                out.append(Diagnostic(note.path, p.pos.line, p.pos.col, code, name, severity, p.message, p.fix))
    return out


def stub(note: Note) -> Note:
    """The least of a note the method rules need (they read the method's facts): its path,
    type and netmd-disable. Keeping this instead of the note keeps memory flat."""
    return Note(note.path, {k: note.fields[k] for k in ("type", "netmd-disable") if k in note.fields})


def pack_stub(note: Note) -> Packed:
    """`pack(stub(note))`; for a note read from the index, straight from its packed fields."""
    fields = note.fields
    if isinstance(fields, LazyFields):
        return (note.path, fields.packed(("type", "netmd-disable")), (), (), ())
    return pack(stub(note))


def sort(diags: list[Diagnostic]) -> list[Diagnostic]:
    diags.sort(key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return diags
