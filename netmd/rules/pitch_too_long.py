"""A pitch whose body takes longer than `target_seconds` at `words_per_minute` (150).

## What it does
Counts the words of a pitch note's body (headings left out) and reports it when saying
them at `words_per_minute` (in `[method]`, 150 by default) takes longer than the
pitch's `target_seconds` (120 by default).

## Why is this bad?
The elevator pitch opens every information meeting: two minutes, then the other person
talks. A long pitch eats the 30 minutes you asked for.

## Example
A 400-word pitch with `target_seconds: 120`: about 160 seconds.

## Use instead
Cut it to 300 words: who you are, what you are good at, what you are exploring.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Pos, Problem
from netmd.schema import netmd_type

CODE = "NM407"
NAME = "pitch-too-long"
SEVERITY = Severity.WARNING
SCOPE = "note"

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words(body: str) -> int:
    return sum(len(WORD.findall(line)) for line in body.splitlines() if not line.lstrip().startswith("#"))


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    if netmd_type(note) != "pitch":
        return
    target = note.get("target_seconds", 120)
    if not isinstance(target, (int, float)) or isinstance(target, bool) or target <= 0:
        target = 120
    wpm = ctx.config.method["words_per_minute"]
    count = words(note.body)
    seconds = count * 60 / wpm
    if seconds > target:
        f = note.fields.get("target_seconds")
        where = f.value.pos if f else Pos(note.body_line, 1, -1, -1)
        yield Problem(
            where,
            f"{count} words take about {math.ceil(seconds)} s at {wpm} words a minute; the target is {target:g} s",
        )
