"""A note's bytes as text, where its front matter sits, and offsets as editors count lines."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from netmd.note import START, Pos, Problem

if TYPE_CHECKING:
    from yaml.nodes import Node

MAX_BYTES = 1024 * 1024  # promise 5: bounded file size
MAX_NODES = 5000  # promise 5: bounded alias expansion
MAX_DEPTH = 50
_FM_CLOSE = re.compile(r"^---[ \t]*\r?$", re.M)


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """Text of a note's bytes, or the NM104 problem that stops it from being read."""
    if len(data) > MAX_BYTES:
        return None, Problem(START, f"file is larger than {MAX_BYTES // 1024} KiB; not read")
    nul = data.find(b"\0")
    if nul >= 0:
        return None, Problem(byte_pos(data, nul), "file contains a NUL byte; is it a text file?")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        return None, Problem(byte_pos(data, e.start), f"not UTF-8: byte 0x{data[e.start]:02x}; save the file as UTF-8")


def byte_pos(data: bytes, at: int) -> Pos:
    line_start = data.rfind(b"\n", 0, at) + 1
    return Pos(data.count(b"\n", 0, at) + 1, at - line_start + 1, at, at + 1)


def split(text: str) -> tuple[int, int, int] | Problem | None:
    """Locate front matter: (yaml start, yaml end, body start), None if there is none."""
    if not text.startswith("---"):
        return None
    first_end = text.find("\n")
    if first_end < 0 or text[3:first_end].strip():
        return None  # "---" alone in the file, or "--- text": a thematic break, not front matter
    m = _FM_CLOSE.search(text, first_end + 1)
    if m is None:
        return Problem(Pos(1, 1, 0, 3), "front matter is not closed: add a line '---' after the properties")
    body = m.end() + 1 if m.end() < len(text) else m.end()
    return first_end + 1, m.start(), body


def mark_pos(text: str, base: int, mark: Any) -> Pos:
    at = min(base + mark.index, len(text))
    return Pos(*Places(text).at(at), at, at)


def node_pos(text: str, base: int, node: Node) -> Pos:
    start, end = base + node.start_mark.index, base + node.end_mark.index
    return Pos(*Places(text).at(start), start, end)


# Line breaks as editors count them, and as netmd reports lines: YAML also breaks lines at
# U+0085, U+2028 and U+2029, so PyYAML's marks drift from what the user sees after one.
_BREAK = re.compile(r"\r\n?|\n")
LONE_CR = re.compile(r"\r(?!\n)")


def odd_breaks(text: str) -> bool:
    """Whether lines in `text` cannot be counted by "\n" alone (PyYAML's marks, `str.count`)."""
    return "\x85" in text or "\u2028" in text or "\u2029" in text or ("\r" in text and LONE_CR.search(text) is not None)


class Places:
    """Offset → 1-based line and column, breaking lines at \n, \r\n and a lone \r only."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def line_of(text: str, offset: int) -> int:
    if "\r" in text and LONE_CR.search(text, 0, offset) is not None:
        return Places(text[:offset]).at(offset)[0]
    return text.count("\n", 0, offset) + 1
