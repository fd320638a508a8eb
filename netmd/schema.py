"""The note types of SPEC §2 as data: one line a field, read by the schema rules.

A kind says what a value may be (`problem`), whether a plain YAML scalar of another
type is a trap (`text`: the field expects text), and which note types a link may
point at (`link_to`). Adding a field is one line here and no rule changes.
"""

from __future__ import annotations

import datetime as dt
import re

from netmd.note import Field, Link, Note, Value
from netmd.textutil import a, did_you_mean
from netmd.vocabulary import (
    LISTS,
    MARKETS,
    MEETING_KINDS,
    MEETING_STATUSES,
    OPPORTUNITY_STAGES,
    ORGANIZATION_STAGES,
    PURPOSES,
    STATUSES,
)

EMPTY: tuple[object, ...] = ("", None, [], {})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")
_URL = re.compile(r"^(https?://|mailto:|www\.)\S+$|^[\w.-]+\.[a-z]{2,}(/\S*)?$", re.I)


def _type_name(v: Value) -> str:
    return {"str": "text", "seq": "a list", "map": "a mapping", "bool": "a checkbox", "timestamp": "a date"}.get(
        v.tag, "a number" if v.tag in ("int", "float") else v.tag
    )


class Kind:
    """Any value; the base of every kind."""

    text = False  # a plain number or yes/no here is a YAML trap
    link_to: tuple[str, ...] = ()
    describe = "a value"
    always_fine: frozenset[str] = frozenset()  # tags whose every value `problem` accepts: a shortcut

    def __init__(self, *, required: bool = False) -> None:
        self.required = required

    def problem(self, v: Value) -> str | None:
        return None


class Text(Kind):
    text = True
    describe = "text"
    always_fine = frozenset({"str"})

    def problem(self, v: Value) -> str | None:
        return None if v.tag == "str" else f"expected text, found {_type_name(v)}"


class Url(Text):
    describe = "a URL"
    always_fine = frozenset()

    def problem(self, v: Value) -> str | None:
        if v.tag != "str":
            return super().problem(v)
        return None if _URL.match(v.data.strip()) else f'"{v.data}" is not a URL'


class Time(Text):
    describe = 'a time "HH:MM"'
    always_fine = frozenset()

    def problem(self, v: Value) -> str | None:
        if v.tag == "str" and _TIME.match(v.data.strip()):
            return None
        return f'expected a time like "14:00", found {v.source or _type_name(v)}'


class Choice(Kind):
    text = True

    def __init__(self, *values: str, required: bool = False) -> None:
        super().__init__(required=required)
        self.values = values

    @property
    def describe(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.values)

    def problem(self, v: Value) -> str | None:
        if v.tag == "str" and v.data in self.values:
            return None
        shown = f'"{v.data}"' if v.tag == "str" else _type_name(v)
        hint = did_you_mean(str(v.data), self.values) if v.tag == "str" else ""
        return f"{shown} is not {self.describe}{hint}"


class Number(Kind):
    describe = "a number"

    def __init__(self, low: float, high: float, *, required: bool = False) -> None:
        super().__init__(required=required)
        self.low, self.high = low, high

    def problem(self, v: Value) -> str | None:
        if v.tag not in ("int", "float"):
            return f"expected a number, found {_type_name(v) if v.tag != 'str' else repr(v.data)}"
        if not self.low <= v.data <= self.high:
            return f"{v.data} is outside {self.low:g}–{self.high:g}"
        return None


class Checkbox(Kind):
    describe = "true or false"
    always_fine = frozenset({"bool"})

    def problem(self, v: Value) -> str | None:
        return None if v.tag == "bool" else f"expected true or false, found {v.source or _type_name(v)}"


class Date(Kind):
    describe = "a date YYYY-MM-DD"
    always_fine = frozenset({"timestamp"})

    def problem(self, v: Value) -> str | None:
        if v.tag == "timestamp" or (v.tag == "str" and _DATE.match(v.data.strip())):
            return None
        return f"expected a date like 2026-11-20, found {v.source or _type_name(v)}"


class LinkTo(Kind):
    text = True

    def __init__(self, *types: str, required: bool = False) -> None:
        super().__init__(required=required)
        self.link_to = types
        self.always_fine = frozenset({"str"})

    @property
    def describe(self) -> str:  # type: ignore[override]
        return "a link to " + " or ".join(a(t) for t in self.link_to)

    def problem(self, v: Value) -> str | None:
        if v.tag == "seq" and len(v.items) == 1:  # `org: ["[[Acme]]"]`: Obsidian's list of one link
            v = v.items[0]
        if v.tag == "seq" and len(v.items) > 1:  # (Obsidian would take the first; netmd will not guess)
            return f'expected one link like "[[Name]]", found a list of {len(v.items)}: keep one'
        return None if v.tag == "str" else f'expected a link like "[[Name]]", found {_type_name(v)}'


class ListOf(Kind):
    """A list of `item`; a single value is read as a list of one, as Obsidian does."""

    def __init__(self, item: Kind, *, required: bool = False) -> None:
        super().__init__(required=required)
        self.item = item
        self.link_to = item.link_to
        self.text = item.text  # type: ignore[misc]

    @property
    def describe(self) -> str:  # type: ignore[override]
        return f"a list, each {self.item.describe}"

    def problem(self, v: Value) -> str | None:
        return None if v.tag == "seq" else self.item.problem(v)


def items(v: Value) -> tuple[Value, ...]:
    """The values to check one by one: a list's items, or the value itself."""
    return v.items if v.tag == "seq" else (v,)


TextList = ListOf(Text())

COMMON: dict[str, Kind] = {
    "type": Text(required=True),
    "aliases": TextList,
    "tags": TextList,
    "created": Date(),
    "netmd-disable": TextList,
    "cssclasses": TextList,
}
# Obsidian's own properties (and Publish's, and the old singular spellings): never unknown (NM204),
# and not netmd's to check.
OBSIDIAN = ("publish", "permalink", "description", "image", "cover", "cssclass", "alias", "tag")
COMMON.update({key: Kind() for key in OBSIDIAN})

SCHEMAS: dict[str, dict[str, Kind]] = {
    "contact": {
        "name": Text(),
        "list": Choice(*LISTS, required=True),
        "organization": LinkTo("organization"),
        "role": Text(),
        "decision_maker": Checkbox(),
        "email": TextList,
        "phone": TextList,
        "linkedin": Url(),
        "website": Url(),
        "referred_by": ListOf(LinkTo("contact")),
        "follow_up": Date(),
        "cadence": Number(1, 3650),
        "status": Choice(*STATUSES),
        "looking_for": Text(),
        "referred_on": Date(),  # when `referred_by` sent you (else `created`)
        "asked": Date(),  # you asked them for a meeting (`netmd ask`)
        "replied": Date(),  # they answered: the ask is closed
        "connected": Date(),  # connected on LinkedIn: not a contact, the clock does not start
        "given_name": Text(),  # as an address book splits the name (vCard N), when guessing would not
        "family_name": Text(),
        "birthday": Date(),
        "address": TextList,
    },
    "organization": {
        "name": Text(),
        "target": Checkbox(),
        "stage": Choice(*ORGANIZATION_STAGES),
        "industry": Text(),
        "website": Url(),
        "why": Text(),
        "priority": Number(1, 5),
    },
    "meeting": {
        "date": Date(required=True),
        "time": Time(),
        "duration": Number(1, 1440),
        "with": ListOf(LinkTo("contact"), required=True),
        "kind": Choice(*MEETING_KINDS),
        "purposes": ListOf(Choice(*PURPOSES)),
        "referrals": ListOf(LinkTo("contact")),
        "thanked": Date(),
        "offered_help": Text(),
        "location": Text(),
        "outcome": Text(),
        "status": Choice(*MEETING_STATUSES),  # held by default once its day is past
        "logged": Checkbox(),  # `netmd log`: a call or message, no thank-you owed
    },
    "pitch": {
        "updated": Date(),
        "target_seconds": Number(10, 600),
    },
    "opportunity": {
        "organization": LinkTo("organization", required=True),
        "role": Text(),
        "url": Url(),
        "market": Choice(*MARKETS),
        "via": LinkTo("contact"),
        "stage": Choice(*OPPORTUNITY_STAGES),
        "date": Date(),
    },
}
TYPES = tuple(SCHEMAS)
ALL_FIELDS = frozenset(COMMON).union(*SCHEMAS.values())


def netmd_type(note: Note) -> str | None:
    """The note's netmd type, or None for other notes (SPEC §2)."""
    t = note.type
    return t if t in SCHEMAS else None


KINDS: dict[str, dict[str, Kind]] = {t: {**COMMON, **schema} for t, schema in SCHEMAS.items()}


def kinds(note_type: str) -> dict[str, Kind]:
    """Every field a note of `note_type` may have, with its kind."""
    return KINDS[note_type]


LINK_FIELDS: dict[str, list[str]] = {
    t: [key for key, kind in schema.items() if kind.link_to] for t, schema in KINDS.items()
}
REQUIRED: dict[str, list[tuple[str, Kind]]] = {
    t: [(key, kind) for key, kind in schema.items() if kind.required] for t, schema in KINDS.items()
}


def is_empty(v: Value) -> bool:
    return v.data in EMPTY or (v.tag == "str" and not v.data.strip())


def links_of(note: Note, key: str, v: Value) -> list[Link]:
    """The links a link field holds: its `[[links]]`, or a bare name read as one."""
    found = [link for link in note.links if link.field == key and v.start <= link.pos.start < v.end]
    if found:
        return found
    bare = [item for item in items(v) if item.tag == "str" and item.data.strip()]
    return [Link(item.data.strip(), "", "", item.pos, key) for item in bare]


def typed_fields(note: Note) -> list[tuple[str, Field, Kind | None]]:
    """Each field of a netmd note with the kind its type gives it (None: no schema names it)."""
    t = netmd_type(note)
    if t is None:
        return []
    schema = KINDS[t]
    return [(key, f, schema.get(key)) for key, f in note.fields.items()]


def field_links(note: Note) -> list[tuple[Link, Kind]]:
    """Every link in the note's link fields, with the kind that says where it may point.
    (Lists, not generators: both passes of a cold build ask for them, for every note.)"""
    t = netmd_type(note)
    if t is None:
        return []
    out = []
    fields, kinds = note.fields, KINDS[t]
    for key in LINK_FIELDS[t]:  # only these: the other fields of an indexed note stay packed
        f = fields.get(key)
        if f is not None and not is_empty(f.value):
            kind = kinds[key]
            out += [(link, kind) for link in links_of(note, key, f.value)]
    return out


def as_date(value: object) -> dt.date | None:
    """A front matter date value as a date, whichever way it was written."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
