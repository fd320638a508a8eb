"""A link in a netmd field that resolves to no note.

## What it does
Resolves each link in a link field (`organization`, `with`, `referred_by`, `referrals`,
`via`) as Obsidian does: by file name, case-insensitively, or by path; netmd also accepts
a note's `name` or one of its `aliases`. Reports links that name no note, with the closest
name when there is one.

## Why is this bad?
The meeting is attached to nobody; the referral chain breaks; Obsidian creates an empty note
when you click it.

## Example
`with: ["[[Charles Babage]]"]`

## Use instead
`with: ["[[Charles Babbage]]"]`, or create the contact note.
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem

CODE = "NM301"
NAME = "broken-link"
SEVERITY = Severity.ERROR
SCOPE = "vault"  # reads the name table


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    for link, _, found in ctx.links(note):
        if link.target and not found:
            yield Problem(link.pos, f'no note "{link.target}"{ctx.names.suggest(link.target)}')
