"""Front matter of any form: composed by PyYAML (its C loader where present) into nodes
that know their positions, then built into `Value`s, keeping duplicate keys, the resolved
tag and the quoting style (the YAML 1.1 traps show through them)."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from netmd.note import Field, Link, Pos, Value, make
from netmd.parse.body import find_links
from netmd.parse.memo import Memo
from netmd.parse.scalars import AS_TEXT, MAP, SEQ, TAGS, Bad, base_loader, builders, pyyaml, unbuilt, unsupported
from netmd.parse.source import MAX_DEPTH, MAX_NODES, Places, odd_breaks

if TYPE_CHECKING:
    from yaml.nodes import Node, ScalarNode

FrontMatter = tuple[dict[str, Field], tuple[Field, ...], tuple[Link, ...]]  # fields, duplicates, links


@cache
def loader() -> Any:
    """The C loader, where PyYAML was built with libyaml, resolving each distinct scalar once:
    a vault repeats the same few values (`contact`, `B`, dates) in thousands of notes."""
    base = base_loader()
    resolved: Memo[str] = Memo()
    resolve = base.resolve

    class Loader(base):  # type: ignore[misc, valid-type]
        # The C parser calls these around every node for path resolvers, which netmd never
        # registers: builtins that take the same arguments and do nothing cost far less.
        descend_resolver = operator.is_  # (parent, index) -> ignored
        ascend_resolver = tuple  # () -> ignored

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            key = (kind, value, implicit)
            tag = resolved.get(key)
            if tag is None:
                tag = resolve(self, kind, value, implicit)
                resolved.remember(key, value, tag)  # (value None: a list or mapping)
            return tag

    return Loader


def composed(text: str, start: int, yaml_text: str, field_map: Mapping[str, str]) -> FrontMatter:
    """Front matter of any form, composed by PyYAML into nodes that know their positions."""
    root = pyyaml().compose(yaml_text, Loader=loader())
    if root is None:
        return {}, (), ()
    if root.id != "mapping":
        kind = "a list" if root.id == "sequence" else "a single value"
        raise Bad(root, f"front matter is {kind}, not a mapping of properties (key: value)")
    builder = _Builder(text, start, Places(text) if odd_breaks(yaml_text) else None)
    fields: dict[str, Field] = {}
    dups: list[Field] = []
    for key_node, value_node in root.value:
        raw: str = _key(key_node)
        key: str = field_map.get(raw, raw)
        builder.key = key
        line, col = builder.place(key_node.start_mark)
        add(fields, dups, Field(key, raw, builder.value(value_node, 0), line, col))
    return fields, tuple(dups), tuple(builder.links)


def _key(node: Node) -> str:
    """A property name: any scalar YAML resolves by itself (`1:`, `yes:` and `2026-01-01:` are
    names too), read as the text written."""
    if node.id != "scalar":  # type: ignore[attr-defined]
        raise Bad(node, "a property name must be text, not a list or mapping")
    if node.tag not in TAGS and node.tag not in AS_TEXT:
        raise unsupported(node)
    return node.value  # type: ignore[no-any-return]


def add(fields: dict[str, Field], dups: list[Field], f: Field) -> None:
    """`f` into `fields`; a key given before keeps its earlier occurrence in `dups` (NM102)."""
    if f.key in fields:
        dups.append(fields[f.key])
    fields[f.key] = f


class _Builder:
    """Turns nodes into `Value`s, counting nodes so an alias bomb stops early."""

    def __init__(self, text: str, base: int, places: Places | None = None) -> None:
        self.text, self.base, self.nodes = text, base, 0
        self.places = places  # None: PyYAML's marks count lines as an editor does
        self.links: list[Link] = []
        self.key: str | None = None
        self.build = builders()

    def place(self, mark: Any) -> tuple[int, int]:
        if self.places is None:
            return mark.line + 2, mark.column + 1
        return self.places.at(self.base + mark.index)

    def value(self, node: Node, depth: int) -> Value:
        # the hot loop of a cold index: one call per YAML node of every note
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise Bad(node, "front matter is too large or too deeply nested (YAML aliases?); not read")
        s = node.start_mark
        start, end = self.base + s.index, self.base + node.end_mark.index
        if self.places is None:
            line, col = s.line + 2, s.column + 1
        else:
            line, col = self.places.at(start)
        kind = node.id  # type: ignore[attr-defined]
        if kind == "scalar":
            plain = not node.style  # type: ignore[attr-defined]
            tag = TAGS.get(node.tag)
            if tag is None:
                if node.tag not in AS_TEXT:
                    raise unsupported(node)
                tag = "str"
            if tag == "str":
                data = node.value
                if "[[" in data:
                    source = self.text[start:end]
                    self.find_links(source, Pos(line, col, start, end))
                else:
                    source = data if plain else self.text[start:end]
                return make(Value, (data, tag, plain, source, (), False, line, col, start, end))
            source = self.text[start:end]
            try:
                data = self.build[tag](node)
            except Exception:  # (ValueError, KeyError, IndexError: PyYAML's constructors check little)
                data, tag = unbuilt(cast("ScalarNode", node), tag, plain)
            return make(Value, (data, tag, plain, source, (), False, line, col, start, end))
        flow = bool(getattr(node, "flow_style", False))
        if kind == "sequence":
            if node.tag != SEQ:
                raise unsupported(node)
            items = tuple([self.value(n, depth + 1) for n in node.value])
            return Value([i.data for i in items], "seq", False, "", items, flow, line, col, start, end)
        if node.tag != MAP:
            raise unsupported(node)
        pairs = {}
        for k, v in node.value:
            pairs[_key(k)] = self.value(v, depth + 1).data
        return Value(pairs, "map", False, "", (), flow, line, col, start, end)

    def find_links(self, source: str, pos: Pos) -> None:
        find_links(source, pos, self.key, self.links)
