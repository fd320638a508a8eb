"""A target organization with no contact linked to it.

## What it does
Reports, as information, an organization with `target: true` that no contact names in
its `organization:` field.

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

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem

CODE = "NM408"
NAME = "target-without-path"
SEVERITY = Severity.INFO
SCOPE = "method"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    where = ctx.method.targets.get(note.path)
    if where is not None and not ctx.method.people_at.get(note.path):
        yield Problem(where, "a target with no contact yet: who could introduce you?")
