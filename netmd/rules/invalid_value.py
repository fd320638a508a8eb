"""A value of the wrong kind or outside its allowed set.

## What it does
Checks each field a netmd type names against its kind: `list` is A, B or C; dates are
dates; `priority` is a number from 1 to 5; `decision_maker` is true or false; `time` is
`"HH:MM"`; URLs are URLs; links are text like `"[[Name]]"`. Suggests the closest allowed
value for a typo. Also reports a task date that does not exist (`📅 2026-02-30`), which
would otherwise drop the task from the agenda without a word.

## Why is this bad?
Lists, dashboards and reminders read these fields; a wrong value drops the note from them.

## Example
```yaml
list: b
priority: high
```

## Use instead
```yaml
list: B
priority: 2
```
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem
from netmd.rules.yaml_trap import is_trap
from netmd.schema import ListOf, is_empty, typed_fields

CODE = "NM203"
NAME = "invalid-value"
SEVERITY = Severity.ERROR
SCOPE = "note"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    yield from note.bad_dates
    for _, f, kind in typed_fields(note):
        if kind is None or f.value.tag in kind.always_fine or is_empty(f.value):
            continue
        if isinstance(kind, ListOf) and f.value.tag == "seq":
            if is_trap(f.value, kind):
                continue
            kind, values = kind.item, f.value.items
        else:
            values = (f.value,)
        for v in values:
            if v.tag in kind.always_fine:
                continue
            message = kind.problem(v) if v.tag != "null" else None
            # a YAML trap is NM103's to report (with a fix), not a wrong value
            if message and not is_trap(v, kind):
                yield Problem(v.pos, f"{f.raw_key}: {message}")  # (the key as the note writes it)
