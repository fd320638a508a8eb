"""Front matter that does not parse, is not closed, or is not a mapping.

## What it does
Reports front matter (the block between the first two `---` lines) that YAML cannot read,
that never ends, that is a list or a single value instead of `key: value` properties, or
that expands too far through YAML aliases.

## Why is this bad?
Obsidian shows such a note without properties, and netmd cannot see any of its fields.

## Example
```yaml
---
list: [A
---
```

## Use instead
```yaml
---
list: A
---
```
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem

CODE = "NM101"
NAME = "yaml-syntax"
SEVERITY = Severity.ERROR
SCOPE = "note"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    yield from note.syntax
