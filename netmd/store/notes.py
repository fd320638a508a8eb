"""The note codec: a `Note` as plain tuples of builtins for the cache, and back (lazily)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from netmd.note import Field, Link, Note, Pos, Task, Value, day_number, from_day_number, make

# Plain tuples of builtins, what the index stores (`store.codec.seal`) and what crosses a
# process boundary. Each packed value is plain data as it is: a date is its day number, a datetime
# its ISO text (the tag `timestamp` says which), a list's data is made again from its items,
# a map's data goes through `_jsonable` (its dates, and keys JSON would change), and the
# source of unquoted text, the text itself, is None.
Packed = tuple


def pack(note: Note) -> Packed:
    """The note's path, fields, links, mentions and tasks as plain tuples (problems are not kept)."""
    return (
        note.path,
        tuple([(f[0], None if f[1] == f[0] else f[1], _pack_value(f[2]), f[3], f[4]) for f in note.fields.values()]),
        tuple([(x[0], x[1], x[2], tuple(x[3]), x[4]) for x in note.links]),
        tuple([(x[0], x[1], x[2], tuple(x[3]), x[4]) for x in note.mentions]),
        tuple([(*t[:3], day_number(t[3]), day_number(t[4]), day_number(t[5]), tuple(t[6])) for t in note.tasks]),
    )


class LazyFields(Mapping[str, Field]):
    """Fields unpacked when first asked for: a query over 40,000 notes reads only a few of each."""

    __slots__ = ("_packed", "_done")

    def __init__(self, packed: tuple[tuple[Any, ...], ...]) -> None:
        self._packed = {f[0]: f for f in packed}
        self._done: dict[str, Field] = {}

    def __getitem__(self, key: str) -> Field:
        f = self._done.get(key)
        if f is None:
            p = self._packed[key]
            f = self._done[key] = make(Field, (p[0], p[0] if p[1] is None else p[1], _unpack_value(p[2]), p[3], p[4]))
        return f

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._packed else default

    def data(self, key: str, default: Any = None) -> Any:
        """A field's value as data, straight from its packed form."""
        done = self._done.get(key)
        if done is not None:
            return done.value.data
        p = self._packed.get(key)
        if p is None:
            return default
        v = p[2]
        return v[0] if v[1] in _AS_IS else _data(v)

    def all_data(self) -> dict[str, Any]:
        """Every field's value as data, straight from the packed forms."""
        return {key: p[2][0] if p[2][1] in _AS_IS else _data(p[2]) for key, p in self._packed.items()}

    def packed(self, keys: Iterable[str]) -> tuple[tuple[Any, ...], ...]:
        """The packed form of the fields among `keys`, as `pack` gives it."""
        return tuple(self._packed[k] for k in keys if k in self._packed)

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def unpack(packed: Packed) -> Note:
    path, fields, links, mentions, tasks = packed
    return Note(
        path,
        LazyFields(fields),
        links=tuple([make(Link, (t, h, lab, make(Pos, p), fld)) for t, h, lab, p, fld in links]),
        mentions=tuple([make(Link, (t, h, lab, make(Pos, p), fld)) for t, h, lab, p, fld in mentions]),
        tasks=tuple([Task._make((*t[:3], *map(from_day_number, t[3:6]), Pos._make(t[6]))) for t in tasks]),
    )


def _pack_value(v: Value) -> tuple[Any, ...]:
    tag = v.tag
    if v.items:  # a list: its data is its items' data
        return (None, tag, v.plain, v.source, tuple(_pack_value(i) for i in v.items), *v[5:])
    if tag == "timestamp":
        return (day_number(v.data) if type(v.data) is dt.date else v.data.isoformat(), *v[1:4], *v[6:])
    if tag == "map":
        return (_jsonable(v.data), *v[1:])
    if v.flow:  # an empty flow list `[]`
        return tuple(v)
    # a scalar: without its empty items and flow; unquoted text is its own source (None)
    return (v.data, tag, v.plain, None if v.plain and tag == "str" else v.source, *v[6:])


# A map's data as JSON keeps it: a date or datetime, and a mapping whose keys JSON would
# change (not text) or that could be taken for one of these, become a one-key mapping.
_DATE, _DATETIME, _PAIRS = "\0date", "\0datetime", "\0pairs"


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        if all(type(k) is str and not k.startswith("\0") for k in x):
            return {k: _jsonable(v) for k, v in x.items()}
        return {_PAIRS: [[_jsonable(k), _jsonable(v)] for k, v in x.items()]}
    if isinstance(x, list):
        return [_jsonable(i) for i in x]
    if isinstance(x, dt.datetime):
        return {_DATETIME: x.isoformat()}
    if isinstance(x, dt.date):
        return {_DATE: x.toordinal()}
    return x


def _from_jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        if len(x) == 1:
            ((k, v),) = x.items()
            if k == _DATE:
                return dt.date.fromordinal(v)
            if k == _DATETIME:
                return dt.datetime.fromisoformat(v)
            if k == _PAIRS:
                return {_from_jsonable(a): _from_jsonable(b) for a, b in v}
        return {k: _from_jsonable(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_from_jsonable(i) for i in x]
    return x


_AS_IS = frozenset(("str", "int", "float", "bool", "null", "bad-date"))  # tags whose packed data is the data


def _data(t: Sequence[Any]) -> Any:
    """The data of a packed value."""
    tag, data = t[1], t[0]
    if tag == "timestamp":
        return dt.date.fromordinal(data) if type(data) is int else dt.datetime.fromisoformat(data)
    if tag == "map":
        return _from_jsonable(data)
    if len(t) == 10 and t[4]:
        return [_data(i) for i in t[4]]
    return data


def _unpack_value(t: Sequence[Any]) -> Value:
    """A packed value (a tuple, or the list JSON gives back) as a `Value`: a scalar's has 8
    fields (no items, not flow), a list's or a mapping's 10."""
    if len(t) == 8:
        data = t[0] if t[1] in _AS_IS else _data(t)
        return make(Value, (data, t[1], t[2], t[0] if t[3] is None else t[3], (), False, *t[4:]))
    items = t[4]
    if items:
        values = tuple([_unpack_value(i) for i in items])
        return make(Value, ([i.data for i in values], *t[1:4], values, *t[5:]))
    return make(Value, (_data(t), *t[1:4], (), *t[5:]))
