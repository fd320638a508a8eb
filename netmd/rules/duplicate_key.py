"""A key twice in one front matter (YAML keeps the last one silently).

## What it does
Reports every property name that appears more than once in a note's front matter.

## Why is this bad?
YAML keeps only the last value without a word, so the first one is lost while it still
looks like data.

## Example
```yaml
role: Engineer
role: Engineering Manager
```

## Use instead
One `role:` line, with the value you mean.
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem

CODE = "NM102"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR
SCOPE = "note"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    for f in note.duplicate_keys:
        last = note.fields[f.key]
        yield Problem(
            f.key_pos, f'"{f.raw_key}" is set again on line {last.key_pos.line}; YAML keeps only the last one'
        )
