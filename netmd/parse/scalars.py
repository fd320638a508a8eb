"""YAML scalars the way PyYAML resolves and builds them, loaded on first use, and the
one place netmd writes a YAML scalar (`quoted`). The only module that imports PyYAML
(STYLE.md: one chokepoint for YAML).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml.nodes import Node, ScalarNode

TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}
SEQ, MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
# `<<` and `=` resolve to these, which a SafeLoader cannot construct: Obsidian reads them as text
AS_TEXT = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
_WHAT = {"int": "an integer", "float": "a number", "bool": "true or false", "timestamp": "a date"}


@cache
def pyyaml() -> ModuleType:
    """PyYAML, imported on first use: a git hook whose notes are all cached never needs it."""
    import yaml

    return yaml


@cache
def builders() -> dict[str, Callable[[Any], Any]]:
    """The data of a scalar of each tag but text, as PyYAML's safe constructor makes it."""
    pyyaml()
    from yaml.constructor import SafeConstructor

    constructor = SafeConstructor()

    def integer(node: ScalarNode) -> int:
        n: int = constructor.construct_yaml_int(node)
        if n.bit_length() > _INT_BITS:  # (`1:59:59:…` is built by arithmetic, past any length)
            raise ValueError("an integer too long to be written in decimal")
        return n

    return {
        "int": integer,
        "float": constructor.construct_yaml_float,
        "bool": constructor.construct_yaml_bool,
        "null": constructor.construct_yaml_null,
        "timestamp": lambda node: _date(node) or constructor.construct_yaml_timestamp(node),
    }


# Python writes no integer of more than 4,300 digits as text (nor JSON, nor a diagnostic):
# one that long is read as the text it was, like a number YAML cannot build.
_INT_BITS = 4300 * 3


def _date(node: ScalarNode) -> dt.date | None:
    """A plain YYYY-MM-DD, the timestamp of nearly every note, the fast way (ValueError for a
    day that does not exist, as PyYAML gives); None for the other forms YAML allows (and for
    `2026-W01-1`, which `fromisoformat` reads but YAML does not)."""
    value = node.value
    return dt.date.fromisoformat(value) if len(value) == 10 and value[4] == value[7] == "-" else None


def unbuilt(node: ScalarNode, tag: str, plain: bool) -> tuple[Any, str]:
    """What a scalar whose constructor failed is: a day that does not exist where YAML itself
    sees a date (`bad-date`: NM103 says so); text where YAML itself sees a number it cannot
    make (`0x_`, a number of 5,000 digits), as Obsidian reads it; and a tag written on a value
    it does not fit (`!!int x`, `!!bool ""`) is invalid YAML (`Bad`)."""
    value = node.value
    if plain and resolver().resolve(pyyaml().ScalarNode, value, (True, False)) == node.tag:
        return (value, "bad-date") if tag == "timestamp" else (value, "str")
    shown = value if len(value) <= 40 else value[:40] + "…"
    raise Bad(
        node,
        f"invalid YAML: {tag_name(node.tag)} {shown!r} is not {_WHAT.get(tag, tag)}; "
        "remove the tag or change the value",
    )


def tag_name(tag: str) -> str:
    """A tag as it is written: `!!int`, `!local`, `!<tag:x>`."""
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[18:]
    return tag if tag.startswith("!") else f"!<{tag}>"


def unsupported(node: Node) -> Bad:
    kind = {"scalar": "a single value", "sequence": "a list", "mapping": "a mapping"}[node.id]  # type: ignore[attr-defined]
    return Bad(
        node,
        f"unsupported YAML tag {tag_name(node.tag)} on {kind}; netmd reads text, numbers, dates,"
        " true/false, lists and mappings",
    )


_ESCAPED = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# what JSON leaves as it is but YAML reads as a line break or refuses as not printable
_YAML_ESCAPES = str.maketrans(
    {**{c: f"\\x{c:02x}" for c in range(0x7F, 0xA0)}, 0x85: "\\N", 0x2028: "\\L", 0x2029: "\\P"}
    | {c: f"\\u{c:04x}" for c in (0xFEFF, 0xFFFE, 0xFFFF)}
)


def quoted(text: str) -> str:
    """`text` as a YAML scalar that reads back as exactly this text: in double quotes, as
    Obsidian writes it; in single quotes (`'` doubled) when it holds a `"` or a backslash,
    which double quotes would have to escape; escaped only when it holds a line break or a
    control character (JSON strings are YAML strings, but for the breaks only YAML has)."""
    if _ESCAPED.search(text) is None:
        if '"' not in text and "\\" not in text:
            return f'"{text}"'
        return "'" + text.replace("'", "''") + "'"
    import json

    return json.dumps(text, ensure_ascii=False).translate(_YAML_ESCAPES)


def base_loader() -> Any:
    yaml = pyyaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def resolver() -> Any:
    """A loader to resolve the fast path's plain scalars with: the base class, since `_plain`
    remembers what it resolved itself (the composing loader's memo would hold it twice)."""
    return base_loader()("")


class Bad(Exception):
    """Front matter that YAML reads but netmd cannot use."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
