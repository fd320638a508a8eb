"""The rule engine: which rules run at what severity (`[lint]`), `netmd-disable`, and running
them into diagnostics: the note and vault rules over notes, the method rules over the
method's facts of notes."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING

from netmd.config import Config
from netmd.context import Context
from netmd.diagnostics import Diagnostic, Severity
from netmd.note import Note
from netmd.rules import BY_KEY, RULES

if TYPE_CHECKING:
    from netmd.method import Facts

Rules = list[tuple[ModuleType, Severity]]


def severities(config: Config, scope: str) -> Rules:
    """The enabled rules of `scope` with their severity after `[lint]` in netmd.toml."""
    out = []
    for rule in RULES:
        level = config.lint.get(rule.NAME, rule.SEVERITY.value)
        if level != "off" and rule.SCOPE == scope:
            out.append((rule, Severity(level)))
    return out


def _disabled(keys: tuple[str, ...]) -> set[str]:
    """The names of the rules `netmd-disable` names (by name or code)."""
    return {BY_KEY[k].NAME for k in keys if k in BY_KEY}


def check(notes: Iterable[Note] | Iterable[Facts], ctx: Context, rules: Rules) -> list[Diagnostic]:
    """The diagnostics `rules` find in `notes`: notes for the note and vault rules, the
    method's facts of notes for the method rules."""
    out: list[Diagnostic] = []
    runs = [(rule.check, rule.CODE, rule.NAME, severity) for rule, severity in rules]
    for note in notes:
        keys = note.disabled
        off = _disabled(keys) if keys else ()
        for run, code, name, severity in runs:
            if name in off:
                continue
            for p in run(note, ctx):
                out.append(Diagnostic(note.path, p.pos.line, p.pos.col, code, name, severity, p.message, p.fix))
    return out


def sort(diags: list[Diagnostic]) -> list[Diagnostic]:
    diags.sort(key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return diags
