"""What the method keeps of each note: compact named tuples, and their packing for the index.

A fact comes from one field (one source of truth): a meeting's duties are its `thanked`,
`offered_help`, `referrals` and `outcome` fields; a task line that repeats one of them (as
older meeting templates wrote) is not a second reminder.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from netmd.diagnostics import one_line
from netmd.names import Entry, Names
from netmd.note import START, Link, Note, Pos, day_number, from_day_number, make, texts
from netmd.schema import Kind, as_date, links_of, netmd_type

QUIET = ("paused", "archived")  # contacts that raise no nags
CLOSED = ("accepted", "rejected", "withdrawn")  # opportunities whose tasks no longer nag
# The checklist lines older meeting templates wrote for duties that are fields now.
DUTY_TASK = re.compile(r"(send a thank-you|offer help|record the referrals|write up the outcome)", re.I)
# `offered_help` in the future tense: promised, not given yet.
PROMISED = re.compile(r"^\s*(will|i'll|i will|to |promised|going to|offer(ed)? to)\b", re.I)


class Meeting(NamedTuple):
    path: str
    date: dt.date | None
    date_pos: Pos | None
    time: str
    with_: tuple[str, ...]  # contact paths
    kind: str
    referrals: tuple[tuple[str, Pos], ...]  # (contact path, where the link is)
    thanked: dt.date | None
    offered_help: bool
    purposes: tuple[str, ...]
    outcome: str = ""
    minutes: int = 30  # `duration`, or the method's 30 minutes
    location: str = ""
    status: str = ""  # as written: planned, held, cancelled, or "" (held once its day is past)
    logged: bool = False  # `netmd log`: an interaction that owes no thank-you
    promised: bool = False  # `offered_help` says what you will do, not what you did


class Contact(NamedTuple):
    path: str
    name: str
    list: str | None
    status: str | None
    cadence: int | None
    created: dt.date | None
    decision_maker: bool
    role: str
    organizations: tuple[str, ...]
    referred_by: tuple[str, ...]
    referred_on: dt.date | None = None
    asked: dt.date | None = None
    replied: dt.date | None = None
    referred_pos: Pos | None = None  # where `referred_by` is (NM406 points there)


class Opportunity(NamedTuple):
    path: str
    title: str
    organization: str | None  # organization path
    role: str
    market: str  # formal, informal or unknown
    stage: str
    via: str | None  # contact path
    date: dt.date | None = None  # when it reached its stage (`date`)


class FollowUp(NamedTuple):
    path: str
    is_task: bool  # False: the contact's `follow_up` field
    due: dt.date
    text: str
    pos: Pos
    scheduled: bool = False  # only a ⏳ date: something to do from that day, never overdue (as the Tasks plugin)


def _minutes(value: object) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1440 else 30


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


class Facts(NamedTuple):
    """What the method keeps of one netmd note. It depends on the note and on the notes its
    links resolve to, so the index stores it and recomputes it when either changes."""

    path: str
    title: str
    meeting: Meeting | None = None
    contact: Contact | None = None
    target: Pos | None = None  # where `target: true` is, for a target organization
    opportunity: Opportunity | None = None
    follow_ups: tuple[FollowUp, ...] = ()
    priority: int | None = None  # a target organization's `priority` (1 first)
    stage: str = ""  # a target organization's `stage`
    type_pos: Pos = START  # where the note's `type` key is (a method rule points there when nothing nearer says)
    disabled: tuple[str, ...] = ()  # the rules its `netmd-disable` names, as written (`engine.check`)

    def points_at(self) -> set[str]:
        """The notes these facts name: the people met and referred, organizations, introducers."""
        out: set[str] = set()
        if self.meeting:
            out.update(self.meeting.with_, (p for p, _ in self.meeting.referrals))
        if self.contact:
            out.update(self.contact.organizations, self.contact.referred_by)
        if self.opportunity:
            out.update(p for p in (self.opportunity.organization, self.opportunity.via) if p)
        return out


def follow_ups_alone(a: Facts, b: Facts) -> bool:
    """Whether two facts of a note differ in their follow-ups alone, of what the whole-vault
    answers read (not where `type` is, nor `netmd-disable`: the method rules' alone): the
    answers then need only their follow-ups made again (`Index.answer`)."""
    return _answered(a) == _answered(b)


def _answered(f: Facts) -> Facts:
    return f._replace(follow_ups=(), type_pos=START, disabled=())


def pack_facts(f: Facts) -> tuple[Any, ...]:
    """The facts as plain tuples, for the index (pickling named tuples costs several times
    more), their dates as day numbers (as `note.pack` keeps them), the note's path once (each
    string read back is a new object: an agenda after an edit reads every note's facts)."""
    m, c, o = f.meeting, f.contact, f.opportunity
    day = day_number
    meeting = None
    if m:
        referrals = tuple([(p, tuple(x)) for p, x in m.referrals])
        meeting = (day(m.date), m.date_pos and tuple(m.date_pos), *m[3:6], referrals, day(m.thanked), *m[8:])
    contact = None
    if c:  # (its dates: `created`, `referred_on`, `asked`, `replied`)
        contact = (*c[1:5], day(c[5]), *c[6:10], day(c[10]), day(c[11]), day(c[12]), c[13] and tuple(c[13]))
    return (
        f.path,
        f.title,
        meeting,
        contact,
        f.target and tuple(f.target),
        o and (*o[1:7], day(o.date)),
        tuple([(x.is_task, day(x.due), x.text, tuple(x.pos), x.scheduled) for x in f.follow_ups]),
        f.priority,
        f.stage,
        tuple(f.type_pos),
        f.disabled,
    )


def unpack_facts(t: tuple[Any, ...]) -> Facts:
    path, title, m, c, target, o, follow_ups, priority, stage, type_pos, disabled = t
    day = from_day_number
    if m:
        referrals = tuple([(p, _pos(x)) for p, x in m[5]])
        m = make(Meeting, (path, day(m[0]), m[1] and _pos(m[1]), *m[2:5], referrals, day(m[6]), *m[7:]))
    if c:
        pos = c[12] and _pos(c[12])  # (where `referred_by` is)
        c = make(Contact, (path, *c[:4], day(c[4]), *c[5:9], day(c[9]), day(c[10]), day(c[11]), pos))
    if follow_ups:
        follow_ups = tuple([make(FollowUp, (path, x[0], day(x[1]), x[2], _pos(x[3]), x[4])) for x in follow_ups])
    if type(disabled) is not tuple or not all(type(v) is str for v in disabled):
        raise TypeError("netmd-disable is not a list of text")
    return make(
        Facts,
        (
            path,
            title,
            m,
            c,
            target and _pos(target),
            o and make(Opportunity, (path, *o[:6], day(o[6]))),
            follow_ups or (),
            priority,
            stage,
            _pos(type_pos),
            disabled,
        ),
    )


def _pos(x: Any) -> Pos:
    """A stored position (four numbers; another length is not netmd's: `TypeError`)."""
    return Pos._make(x)


def _number(value: object) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < math.inf:
        return int(value)
    return None


def facts_of(n: Note, names: Names, links: Sequence[tuple[Link, Kind, list[Entry]]] | None = None) -> Facts | None:
    """The method's facts of note `n`, its links resolved with `names`; None for other notes.
    `links` are the note's link-field links already resolved (`Context.links`), if at hand."""
    t = netmd_type(n)
    if t is None:
        return None

    def resolve(key: str) -> list[tuple[str, Pos]]:
        """The notes a link field points at: (path, where the link is), unresolved ones left out."""
        if links is not None:
            return [(found[0].path, link.pos) for link, _, found in links if link.field == key and len(found) == 1]
        f = n.fields.get(key)
        if f is None:
            return []
        out = []
        for link in links_of(n, key, f.value):
            found = names.resolve(link.target) if link.target else []
            if len(found) == 1:
                out.append((found[0].path, link.pos))
        return out

    get = n.all_data().get  # about ten fields read: their data at once
    name = one_line(_text(get("name")) or n.stem)  # (printed in lines of text: a line break forges one)
    meeting = contact = target = opportunity = priority = None
    stage = ""
    tasks = []
    nag = True  # whether the note's open tasks remind
    if t == "meeting":
        meeting = _meeting(n, get, resolve)
    elif t == "contact":
        contact = _contact(n, name, get, resolve)
        f = n.fields.get("follow_up")
        due = as_date(f.value.data) if f else None
        if f and due:
            tasks.append(FollowUp(n.path, False, due, f"follow up with {name}", f.value.pos))
    elif t == "organization" and get("target") is True:
        target = n.fields["target"].value.pos
        priority = _number(get("priority"))
        stage = _text(get("stage"))
    elif t == "opportunity":
        market = get("market")
        orgs, via = resolve("organization"), resolve("via")
        opportunity = Opportunity(
            n.path,
            name,
            orgs[0][0] if orgs else None,
            _text(get("role")),
            market if market in ("formal", "informal") else "unknown",
            _text(get("stage")) or "lead",
            via[0][0] if via else None,
            as_date(get("date")),
        )
        nag = opportunity.stage not in CLOSED
    for task in n.tasks if nag else ():
        due = task.due or task.scheduled
        if task.done or task.cancelled or not due or (meeting and DUTY_TASK.match(task.text.lstrip())):
            continue
        tasks.append(FollowUp(n.path, True, due, task.text, task.pos, task.due is None))
    return Facts(
        n.path,
        name,
        meeting,
        contact,
        target,
        opportunity,
        tuple(tasks),
        priority,
        stage,
        n.fields["type"].key_pos,
        n.disabled,
    )


def _meeting(n: Note, get: Any, resolve: Any) -> Meeting:
    f = n.fields.get("date")
    purposes, kind, status, help_ = get("purposes"), get("kind"), get("status"), _text(get("offered_help"))
    return make(
        Meeting,
        (
            n.path,
            as_date(f.value.data) if f else None,
            f.value.pos if f else None,
            _text(get("time")),
            tuple(p for p, _ in resolve("with")),
            kind if isinstance(kind, str) else "information",
            tuple(resolve("referrals")),
            as_date(get("thanked")),
            bool(get("offered_help")),
            texts(purposes),
            _text(get("outcome")),
            _minutes(get("duration")),
            _text(get("location")),
            status if status in ("planned", "held", "cancelled") else "",
            get("logged") is True,
            bool(PROMISED.match(help_)),
        ),
    )


def _contact(n: Note, name: str, get: Any, resolve: Any) -> Contact:
    listed, status, by = get("list"), get("status"), n.fields.get("referred_by")
    return make(
        Contact,
        (
            n.path,
            name,
            listed if isinstance(listed, str) else None,
            status if isinstance(status, str) else None,
            _number(get("cadence")),
            as_date(get("created")),
            get("decision_maker") is True,
            _text(get("role")),
            tuple(p for p, _ in resolve("organization")),
            tuple(p for p, _ in resolve("referred_by")),
            as_date(get("referred_on")),
            as_date(get("asked")),
            as_date(get("replied")),
            by.value.pos if by else None,
        ),
    )
