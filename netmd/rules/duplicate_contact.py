"""Two contacts with the same email or LinkedIn URL, or near-identical names.

## What it does
Compares contacts' `email` and `linkedin` values and their names (ignoring case, accents,
spaces and punctuation) and reports each contact that seems to have a twin.

## Why is this bad?
Meetings and referrals split between two notes for one person; follow-ups get missed.

## Example
`contacts/Ada Lovelace.md` and `imported/ada lovelace.md` with the same email

## Use instead
Merge the notes into one; keep the other spelling in `aliases`.
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem
from netmd.schema import netmd_type

CODE = "NM304"
NAME = "duplicate-contact"
SEVERITY = Severity.WARNING
SCOPE = "vault"  # reads the name table


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    if netmd_type(note) != "contact":
        return
    f = note.fields["type"]
    for other, whys in ctx.names.twins(note.path):
        yield Problem(f.key_pos, f"looks like the same person as {other} ({', '.join(whys)})")
