"""An open task whose due date has passed, or a contact's `follow_up` in the past.

## What it does
Reports open task lines (`- [ ] … 📅 2026-11-21`; `📆` and `🗓` are due dates too; in a
callout too) in netmd notes whose due date is before today, and contacts whose
`follow_up:` date is before today. A task due today is not overdue. A task with only a
scheduled date (`⏳ 2026-11-21`, when to start it) is never overdue: the agenda lists it
from that day. Paused and archived contacts are left alone.

## Why is this bad?
A follow-up that slips is a referral that cools. The method works only when every
promise is kept.

## Example
`- [ ] Send Priya the posting 📅 2026-11-20` on 2026-11-25

## Use instead
Do it and tick it (`- [x] … ✅ 2026-11-25`), or move the date.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Problem

if TYPE_CHECKING:  # (the method is imported by the commands that use it: `lint FILE` starts faster)
    from netmd.method import Facts

CODE = "NM405"
NAME = "follow-up-overdue"
SEVERITY = Severity.WARNING
SCOPE = "method"


def check(f: Facts, ctx: Context) -> Iterator[Problem]:
    for u in ctx.method.overdue_in.get(f.path, ()):
        days = (ctx.today - u.due).days
        # (for `follow_up` the date is the value it points at; a task may be its date alone)
        what = ("a task" if not u.text else f'"{u.text}"') if u.is_task else "follow_up"
        yield Problem(u.pos, f"{what} was due {u.due} ({days} day{'s' if days != 1 else ''} ago)")
