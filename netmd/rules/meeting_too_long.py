"""An information or referral meeting over `max_meeting_minutes` (30).

## What it does
Reports a meeting of kind `information` or `referral` (the default kind is information)
whose `duration` is longer than `max_meeting_minutes` in `[method]` of netmd.toml.

## Why is this bad?
You asked for 30 minutes of someone's time. Keeping to it is the promise that gets you
the meeting, and the next referral.

## Example
```yaml
kind: information
duration: 45
```

## Use instead
`duration: 30`, and ask for a second meeting if there is more to talk about.
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem
from netmd.schema import netmd_type

CODE = "NM401"
NAME = "meeting-too-long"
SEVERITY = Severity.WARNING
SCOPE = "note"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    if netmd_type(note) != "meeting" or note.get("kind", "information") not in ("information", "referral"):
        return
    f = note.fields.get("duration")
    limit = ctx.config.method["max_meeting_minutes"]
    if f is not None and isinstance(f.value.data, (int, float)) and not isinstance(f.value.data, bool):
        if f.value.data > limit:
            yield Problem(f.value.pos, f"{f.value.data} minutes; an information meeting keeps to {limit}")
