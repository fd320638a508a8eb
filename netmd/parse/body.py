"""The body scanner: [[links]] (in the body, and inside front matter values) and tasks,
skipping fenced code, each with its position."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from netmd.note import Link, Pos, Problem, Task
from netmd.parse.source import LONE_CR, Places

LINK = re.compile(r"\[\[([^\[\]|#\n]*)(#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
# (a task may sit in a quote or callout, `> - [ ] …`, as the Tasks plugin reads it)
TASK = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d+[.)]) \[(.)\][ \t]+(.*?)\r?$", re.M)
_TASK_DATE = re.compile(r"\s*(📅|📆|🗓|⏳|🛫|➕|✅|❌)\uFE0F?\s*(\d{4}-\d{2}-\d{2})")
_TASK_DATE_SIGNS = re.compile("📅|📆|🗓|⏳|🛫|➕|✅|❌")
_DUE = ("📅", "📆", "🗓")  # the Tasks plugin reads all three as the due date
_BLOCK_ID = re.compile(r"[ \t]+\^[A-Za-z0-9-]+[ \t]*$")  # `^abc123`: where a link lands, not the text
# A fence opens with three or more ` or ~ (in a quote or callout too) and closes only with a
# line of the same character, at least as long, and nothing after it (CommonMark, as Obsidian).
_FENCE = re.compile(r"^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})(.*)$", re.M)
_TICKS = re.compile(r"`+")
_BLANK = re.compile(r"\n[ \t]*(?:\r?\n|$)")  # a paragraph's end: a code span does not cross it


def find_links(source: str, pos: Pos, key: str | None, out: list[Link]) -> None:
    """The [[links]] in a scalar written as `source` at `pos`."""
    places = Places(source) if "\r" in source else None  # (a quoted value over lines: CRLF, or a lone CR)
    for m in LINK.finditer(source):
        if places is not None:
            n, c = places.at(m.start())
            line, col = pos.line + n - 1, (c if n > 1 else pos.col + c - 1)
        else:
            before = source[: m.start()]
            nl = before.rfind("\n")
            line = pos.line + before.count("\n")
            col = pos.col + m.start() if nl < 0 else m.start() - nl
        at = pos.start + m.start()
        out.append(link(m, Pos(line, col, at, at + len(m.group(0))), key))


def link(m: re.Match[str], pos: Pos, key: str | None) -> Link:
    # (in a table the label's pipe is escaped, `[[X\|label]]`: the backslash is not the target's)
    target, heading = m.group(1).strip(), (m.group(2) or "")[1:]
    if m.group(3) is not None and m.group(0)[m.start(3) - m.start() - 2] == "\\":
        target, heading = (target[:-1].rstrip(), heading) if not heading else (target, heading[:-1])
    return Link(target, heading, (m.group(3) or "").strip(), pos, key)


def scan(text: str, start: int) -> dict[str, Any]:
    """Mentions and tasks in the body, skipping fenced code."""
    if text.find("[", start) < 0:
        return {}
    fences = _fences(text, start) if "```" in text or "~~~" in text else []
    lines = _Lines(text)
    found_links = [m for m in LINK.finditer(text, start) if not fences or not _inside(fences, m.start())]
    if found_links and "`" in text:  # `[[X]]` in a code span is code, not a link
        spans = _code_spans(text, start, fences)
        found_links = [m for m in found_links if not _inside(spans, m.start())]
    mentions = tuple(link(m, lines.pos(m.start(), m.end()), None) for m in found_links)
    bad: list[Problem] = []
    tasks = tuple(_task(m, lines, bad) for m in task_lines(text, start) if not fences or not _inside(fences, m.start()))
    found: dict[str, Any] = {"mentions": mentions, "tasks": tasks} if mentions or tasks else {}
    if bad:
        found["bad_dates"] = tuple(bad)
    return found


def task_lines(text: str, start: int) -> Iterator[re.Match[str]]:
    """`TASK` matched only on the lines with a "[" (found in C), not tried at every line."""
    at = text.find("[", start)
    while at >= 0:
        line = text.rfind("\n", start, at) + 1 or start  # `start` is where a line starts
        m = TASK.match(text, line)
        if m is not None:
            yield m
        end = text.find("\n", at)
        if end < 0:
            return
        at = text.find("[", end)


def _task(m: re.Match[str], lines: _Lines, bad: list[Problem]) -> Task:
    """The task on the line `m`; a date that does not exist (`📅 2026-02-30`) is read as none
    and added to `bad` with its position, so that the task does not leave the agenda unsaid."""
    status, rest = m.group(1, 2)
    where = lines.pos(m.start(1) - 1, m.end())  # (before the dates: `lines` counts forwards)
    dates: dict[str, dt.date | None] = {}
    text = rest
    if _TASK_DATE_SIGNS.search(rest):
        kept, last = [], 0  # the text without its dates
        for d in _TASK_DATE.finditer(rest):
            sign, day = d.group(1, 2)
            try:
                dates[sign] = dt.date.fromisoformat(day)
            except ValueError:
                dates[sign] = None
                at = m.start(2) + d.start(2)
                message = f"{sign} {day} is not a date that exists; the task is read without it (not in the agenda)"
                bad.append(Problem(lines.pos(at, at + len(day)), message))
            kept.append(rest[last : d.start()])
            last = d.end()
        text = "".join(kept) + rest[last:]
    if "^" in text:
        text = _BLOCK_ID.sub("", text)
    done, cancelled = status.lower() == "x", status == "-" or "❌" in dates
    due = next((dates[s] for s in _DUE if dates.get(s)), None)
    return Task(text.strip(), done, cancelled, due, dates.get("⏳"), dates.get("✅"), where)


def _fences(text: str, start: int) -> list[tuple[int, int]]:
    """The fenced code blocks from `start`: (where the opening line starts, where the closing line ends)."""
    out: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for m in _FENCE.finditer(text, start):
        mark, rest = m.group(1, 2)
        if opened is None:
            if not (mark[0] == "`" and "`" in rest):  # (a backtick fence's info string has no backtick)
                opened = (m.start(), mark)
        elif mark[0] == opened[1][0] and len(mark) >= len(opened[1]) and not rest.strip():
            out.append((opened[0], m.end()))
            opened = None
    if opened is not None:  # (unclosed: code to the end, as CommonMark reads it)
        out.append((opened[0], len(text)))
    return out


def _code_spans(text: str, start: int, fences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The inline code spans from `start`: a run of n backticks up to the next run of exactly n
    in the same paragraph (CommonMark). Runs are found once and matched by length, so that a
    note of many backticks costs one pass, not one per run."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text, start) if not fences or not _inside(fences, m.start())]
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    blanks = [m.start() for m in _BLANK.finditer(text, start)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        a, b = runs[i]
        same = by_length[b - a]
        k = bisect.bisect_right(same, i)
        close = same[k] if k < len(same) else None
        if close is None or _blank_between(blanks, a, runs[close][0]):
            i += 1
            continue
        spans.append((a, runs[close][1]))
        i = close + 1
    return spans


def _blank_between(blanks: list[int], a: int, b: int) -> bool:
    k = bisect.bisect_right(blanks, a)
    return k < len(blanks) and blanks[k] < b


def _inside(ranges: list[tuple[int, int]], at: int) -> bool:
    """Whether `at` is in one of `ranges` (sorted, not overlapping)."""
    k = bisect.bisect_right(ranges, (at, 1 << 62)) - 1
    return k >= 0 and ranges[k][0] <= at < ranges[k][1]


class _Lines:
    """Offset → line and column, counting from the last answer (matches come in order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1
        self.places = Places(text) if "\r" in text and LONE_CR.search(text) is not None else None

    def pos(self, start: int, end: int) -> Pos:
        if self.places is not None:  # (a lone CR: an old Mac file)
            return Pos(*self.places.at(start), start, end)
        if start < self.at:
            self.at, self.line = 0, 1
        self.line += self.text.count("\n", self.at, start)
        self.at = start
        return Pos(self.line, start - self.text.rfind("\n", 0, start), start, end)
