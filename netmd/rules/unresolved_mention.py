"""A `[[link]]` in a netmd note's body that resolves to nothing: a person without a note?

## What it does
Reports, as information, body links in contacts, organizations, meetings, pitches and
opportunities that name no note. Links to attachments (`[[cv.pdf]]`) and to headings of
the same note (`[[#Agenda]]`) are left alone.

## Why is this bad?
It is often fine (Obsidian users leave such links on purpose), but a name mentioned in a
meeting note is usually someone worth a contact note of their own.

## Example
`Met [[Grace Hopper]] at the meetup.` with no note for Grace Hopper

## Use instead
`netmd new contact "Grace Hopper"`, or leave it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem
from netmd.schema import netmd_type

CODE = "NM305"
NAME = "unresolved-mention"
SEVERITY = Severity.INFO
SCOPE = "vault"  # reads the name table
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,5}")


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    if netmd_type(note) is None:
        return
    for link in note.mentions:
        target = link.target
        if not target or _attachment(target) or ctx.names.resolve(target):
            continue
        yield Problem(link.pos, f'no note "{target}"{ctx.names.suggest(target)}')


def _attachment(target: str) -> bool:
    name = target.rsplit("/", 1)[-1]
    return "." in name and _EXTENSION.fullmatch(name.rsplit(".", 1)[1]) is not None and not name.lower().endswith(".md")
