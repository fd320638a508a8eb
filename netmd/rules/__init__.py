"""The rule catalogue: one module a rule, listed explicitly in `RULES` (STYLE.md example 2).

A rule module has `CODE`, `NAME`, `SEVERITY`, `SCOPE`, a docstring whose first line is its
summary, and `check(note, ctx)` yielding `Problem`s; a method rule (`SCOPE = "method"`) is
given the method's facts of the note instead of the note (`check(facts, ctx)`). The lint
engine turns them into diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from netmd.rules import (
    ambiguous_link,
    asked_for_job,
    broken_link,
    duplicate_contact,
    duplicate_key,
    encoding,
    follow_up_overdue,
    invalid_value,
    meeting_not_written_up,
    meeting_too_long,
    missing_field,
    no_help_offered,
    pitch_too_long,
    referral_not_contacted,
    target_without_path,
    thank_you_missing,
    unknown_field,
    unknown_type,
    unreadable,
    unresolved_mention,
    wrong_link_type,
    yaml_syntax,
    yaml_trap,
)

if TYPE_CHECKING:
    from netmd.context import Context
    from netmd.diagnostics import Severity
    from netmd.note import Note, Problem


class Rule(Protocol):
    CODE: str
    NAME: str
    SEVERITY: Severity
    __doc__: str | None

    def check(self, note: Note, ctx: Context) -> Iterator[Problem]: ...


RULES: tuple[ModuleType, ...] = (
    yaml_syntax,
    duplicate_key,
    yaml_trap,
    encoding,
    unreadable,
    unknown_type,
    missing_field,
    invalid_value,
    unknown_field,
    broken_link,
    ambiguous_link,
    wrong_link_type,
    duplicate_contact,
    unresolved_mention,
    meeting_too_long,
    thank_you_missing,
    no_help_offered,
    asked_for_job,
    follow_up_overdue,
    referral_not_contacted,
    pitch_too_long,
    target_without_path,
    meeting_not_written_up,
)
BY_KEY: dict[str, ModuleType] = {**{r.NAME: r for r in RULES}, **{r.CODE: r for r in RULES}}


def rule_keys() -> dict[str, str]:
    """Each rule's name and code -> its name: what `[lint]` in netmd.toml may set."""
    return {key: rule.NAME for key, rule in BY_KEY.items()}


def summary(rule: ModuleType) -> str:
    """The first line of the rule's docstring: what `netmd rules` prints."""
    return (rule.__doc__ or "").strip().splitlines()[0]
