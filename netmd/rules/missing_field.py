"""A required field is absent or empty.

## What it does
Reports a netmd note without a field its type requires: a contact's `list`, a meeting's
`date` and `with`, an opportunity's `organization`; and a note in a netmd folder without
a `type`.

## Why is this bad?
Without them netmd cannot sort the contact into List A, B or C, put the meeting on the
calendar, or link the opportunity to its employer.

## Example
```yaml
type: meeting
date: 2026-11-20
```

## Use instead
```yaml
type: meeting
date: 2026-11-20
with: ["[[Ada Lovelace]]"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import START, Note, Problem
from netmd.schema import REQUIRED, is_empty, netmd_type
from netmd.textutil import a

CODE = "NM202"
NAME = "missing-field"
SEVERITY = Severity.ERROR
SCOPE = "note"
PLURAL = {"opportunity": "opportunities", "pitch": "pitches"}


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    t = netmd_type(note)
    if t is None:
        expected = ctx.expected_type(note.path)
        f = note.fields.get("type")
        if (
            expected
            and (f is None or f.value.data in ("", None))
            and not note.syntax
            and not note.encoding
            and not note.unreadable
        ):
            key = ctx.config.key("type")  # (`kind:` when the vault keeps `type:` for itself)
            these = PLURAL.get(expected, expected + "s")
            message = f'missing "{key}"; notes in this folder are {these}: add "{key}: {expected}"'
            yield Problem(f.value.pos if f else START, message)
        return
    where = note.fields["type"].key_pos
    for key, kind in REQUIRED[t]:
        f = note.fields.get(key)
        if f is None:
            yield Problem(where._replace(col=1), f'{a(t)} needs "{ctx.config.key(key)}" ({kind.describe})')
        elif is_empty(f.value):
            at = f.value.pos if f.value.pos.end > f.value.pos.start else f.key_pos
            yield Problem(at, f'"{f.raw_key}" is empty; {a(t)} needs {kind.describe}')
