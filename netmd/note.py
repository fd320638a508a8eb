"""The note model: a note's fields, links and tasks, each knowing its line and column.

`netmd.parse` makes these from a file's bytes; rules read them; the index keeps them
(`netmd.store.notes` packs them for the cache).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast


class Pos(NamedTuple):
    """Where a thing sits: 1-based line and column, and 0-based character offsets."""

    line: int
    col: int
    start: int
    end: int


class Value(NamedTuple):
    """A YAML value with its source: `tag` is the resolved type, `plain` means unquoted.

    The position is kept as four plain numbers (a vault has millions of values); `pos`
    puts them together when a rule reports one.
    """

    data: Any
    tag: str  # str int float bool null timestamp seq map bad-date
    plain: bool
    source: str  # the scalar's text as written (the string itself when unquoted; '' for collections)
    items: tuple[Value, ...]
    flow: bool
    line: int
    col: int
    start: int
    end: int

    @property
    def pos(self) -> Pos:
        return Pos(self.line, self.col, self.start, self.end)


# `make(Value, (...))` builds a named tuple in C, skipping the Python-level `__new__` that
# `Value(...)` runs: a cold lint makes millions of them, and this saves 8% of its time
# (43,000 notes, measured). Used only where values are made per line or unpacked per note.
make = tuple.__new__


class Field(NamedTuple):
    key: str  # the netmd name, after `[fields]` mapping
    raw_key: str  # as written in the note
    value: Value
    key_line: int
    key_col: int

    @property
    def key_pos(self) -> Pos:
        return Pos(self.key_line, self.key_col, -1, -1)


class Link(NamedTuple):
    target: str
    heading: str
    label: str
    pos: Pos
    field: str | None  # None: a mention in the body


class Task(NamedTuple):
    text: str
    done: bool
    cancelled: bool
    due: dt.date | None
    scheduled: dt.date | None
    done_on: dt.date | None
    pos: Pos


class Problem(NamedTuple):
    """Something wrong at `pos`; rules yield these, the lint engine makes diagnostics."""

    pos: Pos
    message: str
    fix: tuple[tuple[int, int, str], ...] = ()  # edits: (start, end, replacement)


@dataclass(eq=False)
class Note:
    path: str  # relative to the vault root, with "/"
    fields: Mapping[str, Field] = field(default_factory=dict)
    links: tuple[Link, ...] = ()  # [[links]] in front matter values
    mentions: tuple[Link, ...] = ()  # [[links]] in the body
    tasks: tuple[Task, ...] = ()
    duplicate_keys: tuple[Field, ...] = ()  # every occurrence but the last (NM102)
    syntax: tuple[Problem, ...] = ()  # NM101
    encoding: tuple[Problem, ...] = ()  # NM104
    unreadable: tuple[Problem, ...] = ()  # NM105
    bad_dates: tuple[Problem, ...] = ()  # task dates that do not exist (NM203); the index does not keep them
    body: str = ""  # while the note is scanned only: per-note rules read it; the index does not keep it
    body_line: int = 1

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith(".md") else name

    @property
    def disabled(self) -> tuple[str, ...]:
        """The rules its `netmd-disable` silences, by name or code, as written."""
        return texts(self.get("netmd-disable")) if "netmd-disable" in self.fields else ()

    def __post_init__(self) -> None:
        # Set here, not a `cached_property`: every rule asks, and before Python 3.12 a
        # cached_property's first read takes a lock (about 3% of a cold lint, three notes made
        # of each file).
        data = self.get("type")
        self.type: str | None = data if isinstance(data, str) else None  # the `type` value when it is text

    def all_data(self) -> dict[str, Any]:
        """Every field's value as data (what YAML gave), by key: for code that reads many."""
        fields = self.fields
        if type(fields) is not dict and hasattr(
            fields, "all_data"
        ):  # read from the cache: straight from its packed form
            return cast(dict[str, Any], fields.all_data())
        return {key: f.value.data for key, f in fields.items()}

    def get(self, key: str, default: Any = None) -> Any:
        """A field's value as data (what YAML gave), or `default`."""
        fields = self.fields
        if type(fields) is not dict and hasattr(fields, "data"):  # read from the cache: no need to build the Field
            return fields.data(key, default)
        f = fields.get(key)
        return default if f is None else f.value.data


START = Pos(1, 1, 0, 0)


def texts(value: object) -> tuple[str, ...]:
    """The text among a field's value that is one or a list (None: none)."""
    return tuple([v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)])


def day_number(d: dt.date | None) -> int | None:
    """A date (not a datetime), or None, as `pack` keeps it."""
    return d.toordinal() if d is not None else None


@functools.lru_cache(maxsize=4096)  # (a vault's notes share a few thousand days: a hit costs no call in Python)
def from_day_number(n: int | None) -> dt.date | None:
    return dt.date.fromordinal(n) if n is not None else None
