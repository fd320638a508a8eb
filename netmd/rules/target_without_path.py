"""A target organization that no warm path reaches.

## What it does
Reports, as information, an organization with `target: true` that no contact names in
its `organization:` field, or where nobody is warm: someone you know (List A or B, or
met) or someone you were referred to (`referred_by`). A cold contact there is not a path. A target
with a warm path but no known decision maker gets an information of its own.

## Why is this bad?
Quality opportunities come through a referral to the decision maker. With nobody there
you know of, there is no one to be referred to: it is time to find a first contact.

## Example
`organizations/Kestrel Robotics.md` with `target: true`, and no contact at Kestrel.

## Use instead
Ask your List A and B contacts who knows someone there; add that person as a contact
with `organization: "[[Kestrel Robotics]]"`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Problem

if TYPE_CHECKING:  # (the method is imported by the commands that use it: `lint FILE` starts faster)
    from netmd.method import Facts

CODE = "NM408"
NAME = "target-without-path"
SEVERITY = Severity.INFO
SCOPE = "method"


def check(f: Facts, ctx: Context) -> Iterator[Problem]:
    method = ctx.method
    where = method.targets.get(f.path)
    if where is None:
        return
    people = method.people_at.get(f.path, [])
    if not people:
        yield Problem(where, "a target with no contact yet: who could introduce you?")
    elif not any(method.warm_path(p) for p in people):
        first = method.name(people[0])
        yield Problem(where, f"no warm path to anyone here: ask your List A and B contacts who knows {first}")
    elif not any(method.contacts[p].decision_maker for p in people):
        yield Problem(where, "no known decision maker here: ask the people you know there who decides")
