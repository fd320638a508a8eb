"""A file that is not UTF-8, contains NUL bytes, or is over the size limit.

## What it does
Reports a note netmd cannot read as text: bytes that are not UTF-8 (with the offending
byte's line and column), a NUL byte, or a file larger than 1 MiB.

## Why is this bad?
Obsidian and git diff treat such files as binary or garble them; netmd skips them.

## Example
A note saved as Latin-1 by an old editor: `Zoë` stored as the byte `0xeb`.

## Use instead
Save the note as UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem

CODE = "NM104"
NAME = "encoding"
SEVERITY = Severity.ERROR
SCOPE = "note"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    yield from note.encoding
