"""A past meeting with no `thanked` date after `thank_you_within_days` (2).

## What it does
Reports a meeting held before today that has no `thanked:` date once
`thank_you_within_days` (in `[method]`, 2 by default) have passed since its `date`.
A thank-you on day 2 is in time. Meetings only with paused or archived contacts,
cancelled or planned meetings, and interactions recorded with `netmd log` are left alone.

## Why is this bad?
Thanking the person within a day or two is what turns a conversation into a
relationship, and what makes them act on the referrals they promised.

## Example
```yaml
type: meeting
date: 2026-11-20
with: ["[[Ada Lovelace]]"]
```

## Use instead
Send the note, then record it: `netmd thank "Ada Lovelace"` writes `thanked: 2026-11-21`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Problem

if TYPE_CHECKING:  # (the method is imported by the commands that use it: `lint FILE` starts faster)
    from netmd.method import Facts

CODE = "NM402"
NAME = "thank-you-missing"
SEVERITY = Severity.WARNING
SCOPE = "method"


def check(f: Facts, ctx: Context) -> Iterator[Problem]:
    if f.meeting is None:
        return
    method = ctx.method
    m = method.meeting_at.get(f.path)
    if m is not None and method.thank_you_overdue(m):
        due = method.thank_you_due(m)
        from netmd.method.report import thank_text  # (not at import: `lint FILE` needs no method)

        what = thank_text([method.name(p) for p in m.with_], str(m.date))
        yield Problem(
            m.date_pos or f.type_pos,
            f"{what} (due {due}), then record it: netmd thank, or set thanked:",
        )
