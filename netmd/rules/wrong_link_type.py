"""A link that points at a note of the wrong type.

## What it does
Reports a link field whose target is a netmd note of another type: `with:` pointing at an
organization, `organization:` pointing at a contact. Links to notes without a netmd type
(daily notes, anything else) are left alone.

## Why is this bad?
A meeting "with" a company, or a contact "working at" a person, breaks referral paths and
counts.

## Example
`with: ["[[Initech]]"]` where `Initech` is an organization

## Use instead
`with: ["[[Bill Lumbergh]]"]`, the person you met at Initech.
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem
from netmd.textutil import a

CODE = "NM303"
NAME = "wrong-link-type"
SEVERITY = Severity.ERROR
SCOPE = "vault"  # reads the name table


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    for link, kind, found in ctx.links(note):
        if len(found) == 1 and found[0].type is not None and found[0].type not in kind.link_to:
            wanted = " or ".join(kind.link_to)
            yield Problem(link.pos, f'"{link.target}" is {a(found[0].type)}, not {a(wanted)}')
