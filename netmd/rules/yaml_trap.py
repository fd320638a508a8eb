"""A YAML trap: a value that YAML 1.1 reads as something other than what was written.

## What it does
Reports, in netmd notes, an unquoted link `[[Ada]]` (YAML reads a list inside a list),
a bare `14:00` (read as the number 840), a `no`, `yes`, `on` or `off` where text is
expected (read as false or true), a phone number like `+4930123` (read as a number and
the `+` lost), a date that does not exist (`2026-02-30`), and an empty list item left by
an unquoted `#` (YAML reads a comment). `netmd lint --fix` quotes the values it can.

## Why is this bad?
The note looks right in your editor, but Obsidian and netmd read something else.

## Example
```yaml
organization: [[Initech]]
time: 14:00
```

## Use instead
```yaml
organization: "[[Initech]]"
time: "14:00"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem, Value
from netmd.parse.scalars import quoted
from netmd.schema import Kind, typed_fields

CODE = "NM103"
NAME = "yaml-trap"
SEVERITY = Severity.WARNING
SCOPE = "note"

_READ_AS = {True: "true", False: "false"}


_NEVER = ("str", "timestamp", "null", "map")  # what was written, a date, nothing, a mapping: no trap
_SCALARS = ("int", "float", "bool")  # a trap only where text is expected
_WRITTEN = ("str", "timestamp", "map")  # a list item read as written, a date or a mapping: no trap


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    for _, f, kind in typed_fields(note):
        tag = f.value.tag
        if tag in _NEVER or (tag in _SCALARS and (kind is None or not kind.text)):
            continue
        yield from traps(f.value, kind)


def traps(v: Value, kind: Kind | None) -> Iterator[Problem]:
    """The traps in `v` and in the items of a list, given the kind the field expects."""
    if _unquoted_link(v):
        link = f"[[{v.items[0].items[0].source}]]"  # what was written, as `_unquoted_link` checks
        yield Problem(v.pos, f"unquoted link {link} is read as a list; quote it", ((v.start, v.end, quoted(link)),))
        return
    if v.tag == "seq":
        for item in v.items:
            if item.tag in _WRITTEN:
                continue
            if item.tag == "null" and item.plain and kind is not None and kind.text:
                yield Problem(item.pos, "empty list item: an unquoted # starts a YAML comment; quote the value")
            else:
                yield from traps(item, kind)
        return
    problem = trap(v, kind)
    if problem is not None:
        yield problem


def trap(v: Value, kind: Kind | None) -> Problem | None:
    """The trap a single scalar falls into, if any."""
    if v.tag == "bad-date":
        return Problem(v.pos, f"{v.source} is not a date that exists")
    if not v.plain or kind is None or not kind.text or v.tag not in ("int", "float", "bool"):
        return None
    read = _READ_AS[v.data] if v.tag == "bool" else f"the number {v.data}"
    # An anchor or a tag before the value (`&r yes`, `!!bool yes`) is no part of the text meant,
    # and quoting it with the value would break the alias that uses it: no fix then.
    bare = v.source[:1] not in ("&", "!")
    written = v.source if bare else v.source.split()[-1]
    fix = ((v.start, v.end, quoted(written)),) if bare else ()
    return Problem(v.pos, f"{written} is read as {read}; quote it: {quoted(written)}", fix)


def is_trap(v: Value, kind: Kind | None) -> bool:
    """Whether NM103 reports this value (so other rules leave it alone)."""
    return _unquoted_link(v) or trap(v, kind) is not None


def _unquoted_link(v: Value) -> bool:
    if not (v.tag == "seq" and v.flow and len(v.items) == 1):
        return False
    inner = v.items[0]
    return (
        inner.tag == "seq"
        and inner.flow
        and len(inner.items) == 1
        and inner.items[0].tag == "str"
        and inner.items[0].plain
        and inner.pos.end - v.pos.start == len(inner.items[0].source) + 3
    )
