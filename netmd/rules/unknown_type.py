"""A `type` that netmd does not know, in a netmd folder.

## What it does
Reports a note inside one of netmd's folders (`contacts/`, `organizations/`, `meetings/`,
`pitch/`, `opportunities/` by default) whose `type` is not one of contact, organization,
meeting, pitch, opportunity. Outside those folders, a `type` netmd does not know is left
alone: vaults use `type` for other things.

## Why is this bad?
The note is skipped by every check and answer, probably because of a typo.

## Example
`contacts/Ada Lovelace.md` with `type: contacts`

## Use instead
`type: contact`
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem
from netmd.schema import TYPES, netmd_type
from netmd.textutil import did_you_mean

CODE = "NM201"
NAME = "unknown-type"
SEVERITY = Severity.ERROR
SCOPE = "note"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    f = note.fields.get("type")
    if f is None or netmd_type(note) is not None or ctx.expected_type(note.path) is None:
        return
    v = f.value
    if v.tag == "str":
        hint = did_you_mean(v.data, TYPES) or f"; expected one of {', '.join(TYPES)}"
        yield Problem(v.pos, f'unknown type "{v.data}"{hint}')
    elif v.data not in ("", None):
        yield Problem(v.pos, f"{f.raw_key} must be one of {', '.join(TYPES)}, not {v.source or 'a list'}")
