"""A held meeting with no `outcome` two days after it.

## What it does
Reports, as information, a meeting that was held (its day is past, or `status: held`)
and has no `outcome:` more than `thank_you_within_days` (2) days later. Cancelled and
planned meetings, interactions recorded with `netmd log`, and meetings only with paused
or archived contacts are left alone.

## Why is this bad?
What you learned fades within days: the advice, the names, what you promised. The
outcome is what the next meeting with this person, and the agenda, build on.

## Example
```yaml
type: meeting
date: 2026-11-20
with: ["[[Ada Lovelace]]"]
```

## Use instead
`outcome: "Advised a platform role; introduced me to Grace Hopper"`
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Problem

if TYPE_CHECKING:  # (the method is imported by the commands that use it: `lint FILE` starts faster)
    from netmd.method import Facts

CODE = "NM409"
NAME = "meeting-not-written-up"
SEVERITY = Severity.INFO
SCOPE = "method"


def check(f: Facts, ctx: Context) -> Iterator[Problem]:
    if f.meeting is None:
        return
    method = ctx.method
    m = method.meeting_at.get(f.path)
    if m is None or m.outcome or m.logged or m.date is None or not method.held(m):
        return
    days = (ctx.today - m.date).days
    if days > method.config.method["thank_you_within_days"] and not method.all_quiet(m):
        names = ", ".join(method.name(p) for p in m.with_) or "them"
        yield Problem(m.date_pos or f.type_pos, f"held {days} days ago with {names}: add outcome:")
