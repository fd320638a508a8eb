"""Front matter in the few forms nearly every note uses, read by patterns instead of PyYAML.

`key: value` with a plain or simply quoted scalar, a flow list of those, or a block list of
them under `key:`: the same fields, values and positions as `composed` gives (a test
compares them), at a fraction of its cost. Anything else (comments, blank lines, nesting,
escapes, anchors, tabs, CRLF, non-ASCII plain text) goes to PyYAML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple

from netmd.note import Field, Link, Pos, Value, make
from netmd.parse.body import find_links
from netmd.parse.composed import FrontMatter, add
from netmd.parse.memo import Memo
from netmd.parse.scalars import TAGS, builders, pyyaml, resolver, unbuilt
from netmd.parse.source import MAX_NODES

_NOT_QUOTED = r"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"  # escapes, line breaks, non-printables
_PLAIN = "[A-Za-z0-9._@/+()'-]"  # never special in a plain scalar, after its first character
_BLOCK_PLAIN = f"(?:{_PLAIN}|[,]|:(?={_PLAIN}))"  # outside a flow list, ',' too, and ':' not before a space
_SCALAR = rf'(?:"([^"{_NOT_QUOTED}]*)"|\'([^\'{_NOT_QUOTED}]*)\'|([A-Za-z0-9]{{0}}*(?: +{{0}}+)*))'


class _Patterns(NamedTuple):
    line: re.Pattern[str]  # key, the spaces after its colon, then a scalar or a flow list; or the key alone
    seq_item: re.Pattern[str]
    flow_item: re.Pattern[str]
    flow_empty: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """The fast path's patterns, compiled on first use (2 ms): a git hook whose notes are all
    indexed parses none."""
    return _Patterns(
        re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:( +)(?:" + _SCALAR.format(_BLOCK_PLAIN) + r"|(\[.*)) *)?"),
        re.compile(r"( *)- +" + _SCALAR.format(_BLOCK_PLAIN) + " *"),
        re.compile(" *" + _SCALAR.format(_PLAIN) + " *([],])"),
        re.compile(r"\[ *\]"),
    )


class FastPath:
    """The fast path, and what it remembers: each line it has read (in one note or another,
    it is then only moved to where it is now) and each plain value it has resolved."""

    def __init__(self, memo_entries: int | None = None, memo_chars: int | None = None) -> None:
        sizes = {k: v for k, v in (("entries", memo_entries), ("chars", memo_chars)) if v is not None}
        # A `key: value` line -> its key and value as if at line 0, offset 0: the value's first
        # six fields, its column, start and end; and the whole value if it is a list (else None).
        self.lines: Memo[tuple[str, tuple[Any, ...], int, int, int, Value | None]] = Memo(**sizes)
        self.values: Memo[tuple[Any, str]] = Memo(**sizes)  # an unquoted scalar's text -> (data, tag)

    def read(self, text: str, base: int, yaml_text: str, field_map: Mapping[str, str]) -> FrontMatter | None:
        """`composed`'s answer when the front matter (`yaml_text`, at `base` in `text`) has
        only the simple forms, else None.

        The hot loop of a cold index, one pass a line of every note: a line read before (in this
        note or another) is only moved to where it is now."""
        if "\r" in yaml_text or not yaml_text.endswith("\n"):
            return None
        line_pattern, seq_item = _patterns()[:2]
        fields: dict[str, Field] = {}
        dups: list[Field] = []
        links: list[Link] = []
        at = base  # where the current line starts in `text`
        line_no = 1
        open_key: tuple[str, str, int, int] | None = None  # `key:` alone: a block list, or null, follows
        items: list[Value] = []
        indent = ""
        for line in yaml_text[:-1].split("\n"):
            line_no += 1
            if open_key is not None:
                m = seq_item.fullmatch(line)
                if m is not None and (not items or m.group(1) == indent):
                    indent = m.group(1)
                    items.append(self.scalar(text, m, 2, line_no, at, open_key[0], links))
                    at += len(line) + 1
                    continue
                _put(fields, dups, open_key, self.block_end(open_key, items, indent, at))
                open_key, items = None, []
            seen = self.lines.get(line)
            if seen is not None:  # a line read before, in this note or another: only its place differs
                raw, head, col, start, end, listed = seen
                if listed is None:
                    value = make(Value, (*head, line_no, col, start + at, end + at))
                else:
                    value = _moved(listed, line_no, at)
                key = field_map.get(raw, raw) if field_map else raw
                add(fields, dups, make(Field, (key, raw, value, line_no, 1)))
                at += len(line) + 1
                continue
            m = line_pattern.fullmatch(line)
            if m is None:
                return None
            raw, space, flow = m.group(1, 2, 6)
            key = field_map.get(raw, raw) if field_map else raw
            if space is None:
                open_key = (key, raw, line_no, at)
                at += len(line) + 1
                continue
            if flow is None:
                value = self.scalar(text, m, 3, line_no, at, key, links)
            else:
                flow_value = self.flow(text, line, len(raw) + 1 + len(space), line_no, at, key, links)
                if flow_value is None:
                    return None
                value = flow_value
            if "[[" not in line and len(line) <= self.lines.chars:  # (a link keeps its place: read each time)
                v = _moved(value, 0, -at)
                self.lines.remember(line, line, (raw, v[:6], v.col, v.start, v.end, v if v.items else None))
            add(fields, dups, make(Field, (key, raw, value, line_no, 1)))
            at += len(line) + 1
        if open_key is not None:
            _put(fields, dups, open_key, self.block_end(open_key, items, indent, at))
        # as many values as the composed path counts, if there can be that many (each takes a
        # character at least): it says what is wrong
        if len(yaml_text) > MAX_NODES and sum(1 + len(f.value.items) for f in (*fields.values(), *dups)) > MAX_NODES:
            return None
        return fields, tuple(dups), tuple(links)

    def plain(self, value: str) -> tuple[Any, str]:
        """The data and tag of an unquoted scalar, as the composed path gives them."""
        known = self.values.get(value)
        if known is not None:
            return known
        yaml = pyyaml()
        full = resolver().resolve(yaml.ScalarNode, value, (True, False))
        tag = TAGS.get(full, "str")
        if tag == "str":
            known = (value, tag)
        else:
            node = yaml.ScalarNode(full, value)
            try:
                known = (builders()[tag](node), tag)
            except Exception:  # (ValueError, KeyError, IndexError: PyYAML's constructors check little)
                known = unbuilt(node, tag, True)
        self.values.remember(value, value, known)
        return known

    def block_end(self, key: tuple[str, str, int, int], items: list[Value], indent: str, at: int) -> Value:
        """The value of `key:` alone on its line: the block list of `items` (up to `at`, where
        the line after the last starts), or null where the value would start."""
        if not items:
            col = len(key[1]) + 1
            data, tag = self.plain("")
            return Value(data, tag, True, "", (), False, key[2], col + 1, key[3] + col, key[3] + col)
        first = items[0]
        dash = first.start - first.col + 1 + len(indent)
        data = [x.data for x in items]
        return Value(data, "seq", False, "", tuple(items), False, first.line, len(indent) + 1, dash, at)

    def flow(self, text: str, line: str, col: int, line_no: int, at: int, key: str, links: list[Link]) -> Value | None:
        """The flow list `[a, "b"]` at `col` of `line`, or None if it is not a simple one."""
        items = []
        patterns = _patterns()
        empty = patterns.flow_empty.match(line, col)
        if empty is not None:
            end = empty.end()
        else:
            end = col + 1
            while True:
                m = patterns.flow_item.match(line, end)
                if m is None:
                    return None
                items.append(self.scalar(text, m, 1, line_no, at, key, links))
                end = m.end()
                if m.group(4) == "]":
                    break
        if line[end:].strip(" "):
            return None
        data = [x.data for x in items]
        return Value(data, "seq", False, "", tuple(items), True, line_no, col + 1, at + col, at + end)

    def scalar(
        self, text: str, m: re.Match[str], group: int, line_no: int, at: int, key: str, links: list[Link]
    ) -> Value:
        """The scalar matched by `_SCALAR` (its groups from `group` on) on the line starting at `at`."""
        dq, sq, plain = m.group(group, group + 1, group + 2)
        if plain is not None:
            col = m.start(group + 2)
            data, tag = self.plain(plain)
            if tag == "str":
                data = plain  # one object for data and source (the cache stores unquoted text once)
            return make(Value, (data, tag, True, plain, (), False, line_no, col + 1, at + col, at + col + len(plain)))
        data = dq if dq is not None else sq
        col = m.start(group if dq is not None else group + 1) - 1  # the opening quote
        start, end = at + col, at + col + len(data) + 2
        source = text[start:end]
        if "[[" in data:
            find_links(source, Pos(line_no, col + 1, start, end), key, links)
        return make(Value, (data, "str", False, source, (), False, line_no, col + 1, start, end))


def _moved(v: Value, line_no: int, at: int) -> Value:
    """`v` on line `line_no` (it is on one line) and `at` characters further on."""
    if not v.items:
        return make(Value, (*v[:6], line_no, v.col, v.start + at, v.end + at))
    items = tuple([Value(*i[:6], line_no, i.col, i.start + at, i.end + at) for i in v.items])
    return Value([i.data for i in items], *v[1:4], items, v.flow, line_no, v.col, v.start + at, v.end + at)


def _put(fields: dict[str, Field], dups: list[Field], key: tuple[str, str, int, int], value: Value) -> None:
    """`add` of the field `key` (netmd key, key as written, line, offset) starts at column 1."""
    add(fields, dups, Field(key[0], key[1], value, key[2], 1))
