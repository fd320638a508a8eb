"""A referral received more than 14 days ago with no meeting since.

## What it does
Reports, as information, each person you were referred to more than
`referral_contact_days` (14) ago with no meeting since: listed in a meeting's
`referrals:` (dated by the meeting), or a contact whose `referred_by:` names the referrer
(dated by `referred_on:`, else `created:`). Paused and archived contacts are left alone.

## Why is this bad?
A referral is a favour the referrer did you; contacting the person quickly honours it,
and a referral that waits goes cold.

## Example
`referrals: ["[[Rafael Souza]]"]` on a meeting of 2026-10-22, and no meeting with Rafael.

## Use instead
Ask for the 30 minutes, then record the meeting with `with: ["[[Rafael Souza]]"]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Problem

if TYPE_CHECKING:  # (the method is imported by the commands that use it: `lint FILE` starts faster)
    from netmd.method import Facts

CODE = "NM406"
NAME = "referral-not-contacted"
SEVERITY = Severity.INFO
SCOPE = "method"


def check(f: Facts, ctx: Context) -> Iterator[Problem]:
    method = ctx.method
    for r in method.waiting_from.get(f.path, ()):
        if method.referral_overdue(r):
            days = (ctx.today - r.date).days
            pos = r.pos or f.type_pos
            by = ", ".join(method.name(p) for p in r.referrers)
            yield Problem(pos, f"referred by {by} {days} days ago and not met since: contact {method.name(r.contact)}")
