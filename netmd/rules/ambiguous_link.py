"""A link that resolves to several notes.

## What it does
Reports a link in a netmd field whose target matches more than one note: two files with
the same name in different folders, or a name or alias two notes share.

## Why is this bad?
Obsidian opens one of them; netmd cannot tell which person or organization you meant.

## Example
`with: ["[[Sam Lee]]"]` with `contacts/Sam Lee.md` and `archive/Sam Lee.md`

## Use instead
A path link: `"[[contacts/Sam Lee]]"`, or rename one of the notes.
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem

CODE = "NM302"
NAME = "ambiguous-link"
SEVERITY = Severity.WARNING
SCOPE = "vault"  # reads the name table


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    for link, _, found in ctx.links(note):
        if len(found) > 1:
            paths = ", ".join(e.path for e in found[:4])
            yield Problem(link.pos, f'"{link.target}" names {len(found)} notes: {paths}; link by path')
