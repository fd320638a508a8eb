"""Places in a note's text as the protocol counts them, and what the cursor is on.

netmd counts lines at \\n, \\r\\n and a lone \\r (as editors do) and columns in characters; the
protocol counts columns in UTF-16 units unless the client agreed to another encoding.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from netmd.note import Problem
from netmd.parse import split
from netmd.parse.body import LINK
from netmd.parse.source import Places


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


class Lines:
    """Offsets and (line, character) positions of one text, both ways."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts = Places(text).starts

    def position(self, offset: int) -> tuple[int, int]:
        """The 0-based (line, character) of `offset`, in the client's units."""
        offset = max(0, min(offset, len(self.text)))
        from bisect import bisect_right

        line = bisect_right(self.starts, offset) - 1
        return line, _units(self.text[self.starts[line] : offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The offset of a 0-based (line, character) in the client's units (clamped to the line)."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[max(line, 0)]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        row = self.text[start:end].rstrip("\r\n")
        if self.encoding == "utf-32" or row.isascii():
            return start + min(character, len(row))
        count = 0
        for i, c in enumerate(row):
            if count >= character:
                return start + i
            count += _units(c, self.encoding)
        return start + len(row)

    def at(self, line: int, col: int) -> int:
        """The offset of netmd's 1-based line and column (characters)."""
        if line - 1 >= len(self.starts):
            return len(self.text)
        return min(self.starts[max(line - 1, 0)] + max(col - 1, 0), len(self.text))

    def token_end(self, offset: int) -> int:
        """Where the word or value starting at `offset` ends (the end of the line at most)."""
        m = re.compile(r"[^\s]*").match(self.text, offset)
        return m.end() if m else offset


class LinkAt(NamedTuple):
    start: int  # of `[[`
    end: int  # after `]]`
    target: str
    target_start: int
    target_end: int


def link_at(text: str, offset: int) -> LinkAt | None:
    """The [[link]] the cursor at `offset` is in or on, if any."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    for m in LINK.finditer(text, line_start, line_end):
        if m.start() <= offset <= m.end():
            raw = m.group(1)
            lead = len(raw) - len(raw.lstrip())
            return LinkAt(m.start(), m.end(), raw.strip(), m.start(1) + lead, m.start(1) + lead + len(raw.strip()))
    return None


def front_matter_end(text: str) -> int:
    """Where the front matter's YAML ends (-1 when the note has none)."""
    where = split(text)
    return -1 if where is None or isinstance(where, Problem) else where[1]


OPEN_LINK = re.compile(r"\[\[([^\[\]|#\n]*)$")
KEY_AT = re.compile(r"^([A-Za-z_][\w-]*)$")
VALUE_AT = re.compile(r"^(?:([A-Za-z_][\w-]*):|\s+-)\s*\[?(?:[^\[\]:]*,\s*)?([^\s,\[\]\"']*)$")


class Context(NamedTuple):
    """What the cursor is completing: a link (`typed` after `[[`), a key, or a key's value."""

    what: str  # "link", "key", "value" or ""
    typed: str
    start: int  # where the typed text starts
    key: str = ""  # the key whose value is typed
    in_front_matter: bool = False
    quoted: bool = False  # inside a quoted scalar (a link needs no quotes of its own)


def context(text: str, offset: int) -> Context:
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    fm_end = front_matter_end(text)
    in_fm = 0 < line_start <= fm_end
    m = OPEN_LINK.search(before)
    if m is not None:
        ahead = before[: m.start()]
        quoted = ahead.count('"') % 2 == 1 or ahead.count("'") % 2 == 1
        return Context("link", m.group(1), line_start + m.start(), "", in_fm, quoted)
    if not in_fm:
        return Context("", "", offset)
    m = KEY_AT.match(before)
    if m is not None or not before:
        return Context("key", before, line_start, "", True)
    m = VALUE_AT.match(before)
    if m is not None:
        key = m.group(1) or _list_key(text, line_start)
        return Context("value", m.group(2), offset - len(m.group(2)), key, True)
    return Context("", "", offset, "", True)


def _list_key(text: str, line_start: int) -> str:
    """The key of the block list whose item starts at `line_start`."""
    at = line_start
    while at > 0:
        prev = text.rfind("\n", 0, at - 1) + 1
        line = text[prev : at - 1]
        m = re.match(r"^([A-Za-z_][\w-]*):", line)
        if m:
            return m.group(1)
        if not line.startswith((" ", "\t", "-")):
            return ""
        at = prev
    return ""
