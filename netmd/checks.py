"""Running rules: severities from the config, `netmd-disable`, and the slim note vault rules read."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from netmd.config import Config
from netmd.context import Context
from netmd.diagnostics import Diagnostic, Severity
from netmd.note import Note
from netmd.rules import BY_KEY, RULES
from netmd.schema import SCHEMAS, netmd_type

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


# What the method reads besides links: dates, kinds, states and names (SPEC §1).
METHOD_FIELDS = frozenset(
    {"name", "list", "role", "decision_maker", "follow_up", "cadence", "status", "created", "target", "stage"}
    | {"date", "time", "duration", "kind", "purposes", "thanked", "offered_help", "market", "outcome", "location"}
)
_SLIM_KEYS = {
    t: frozenset({"type", "netmd-disable", *(k for k, kind in schema.items() if kind.link_to)}) | METHOD_FIELDS
    for t, schema in SCHEMAS.items()
}


def slim(note: Note) -> Note:
    """The note as vault rules and the method see it: type, link fields and the method's fields,
    links, mentions, and the open tasks that have a date."""
    t = netmd_type(note)
    keep = _SLIM_KEYS.get(t, frozenset()) if t else frozenset()
    tasks = tuple(x for x in note.tasks if not x.done and not x.cancelled and (x.due or x.scheduled)) if t else ()
    return Note(note.path, {k: f for k, f in note.fields.items() if k in keep}, note.links, note.mentions, tasks)


def stub(note: Note) -> Note:
    """The least of a note the method rules need (they read the method's facts): its path,
    type and netmd-disable. Keeping this instead of the note keeps memory flat."""
    return Note(note.path, {k: note.fields[k] for k in ("type", "netmd-disable") if k in note.fields})


def sort(diags: list[Diagnostic]) -> list[Diagnostic]:
    diags.sort(key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return diags
