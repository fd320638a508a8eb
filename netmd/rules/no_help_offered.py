"""A past meeting with no `offered_help`.

## What it does
Reports, as information, a meeting held before today without an `offered_help:` field
saying what you offered the other person in return. Meetings only with paused or archived
contacts are left alone.

## Why is this bad?
Networking runs both ways. Offering help (an article, an introduction, a review) is
what people remember, and what makes them want to help you again.

## Example
A meeting note with `thanked:` but no `offered_help:`.

## Use instead
`offered_help: "Introduced her to two candidates for her team"`
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Problem

if TYPE_CHECKING:  # (the method is imported by the commands that use it: `lint FILE` starts faster)
    from netmd.method import Facts

CODE = "NM403"
NAME = "no-help-offered"
SEVERITY = Severity.INFO
SCOPE = "method"


def check(f: Facts, ctx: Context) -> Iterator[Problem]:
    if f.meeting is None:
        return
    m = ctx.method.meeting_at.get(f.path)
    if m is not None and m in ctx.method.help_not_offered_set:
        names = ", ".join(ctx.method.name(p) for p in m.with_) or "them"
        where = m.date_pos or f.type_pos
        yield Problem(where, f"what did you offer {names} in return? add offered_help:")
