"""A note that cannot be opened: no permission, or a symlink leading out of the vault.

## What it does
Reports a `.md` file that netmd could not open, and a symbolic link that points outside
the vault (netmd does not follow those: a vault from someone else must not read your files).

## Why is this bad?
The note's contacts and meetings are missing from every answer netmd gives.

## Example
`contacts/Ada.md -> /home/me/private/ada.md`

## Use instead
Keep notes inside the vault, readable by you.
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem

CODE = "NM105"
NAME = "unreadable"
SEVERITY = Severity.WARNING
SCOPE = "note"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    yield from note.unreadable
