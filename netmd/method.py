"""The networking method of SPEC §1 as pure functions over the indexed notes.

Thank-yous owed, help offered, follow-ups due, referrals waiting for a meeting, contacts
gone stale, targets without a contact: the method rules, `agenda`, `stats`, `path` and
the dashboard all read them from one `Method`. It keeps compact facts, not notes: notes
are streamed through `add`, so memory grows with the facts, not with the notes' text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from netmd.clock import add_days, add_days_within, week_label
from netmd.config import Config
from netmd.names import Entry, Names
from netmd.note import Link, Note, Pos, day_number, from_day_number
from netmd.schema import Kind, as_date, links_of, netmd_type

QUIET = ("paused", "archived")  # contacts that raise no nags


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


class Opportunity(NamedTuple):
    path: str
    title: str
    organization: str | None  # organization path
    role: str
    market: str  # formal, informal or unknown
    stage: str
    via: str | None  # contact path


class FollowUp(NamedTuple):
    path: str
    is_task: bool  # False: the contact's `follow_up` field
    due: dt.date
    text: str
    pos: Pos


class Referral(NamedTuple):
    meeting: Meeting  # where it was received
    contact: str
    pos: Pos
    date: dt.date  # the meeting's (a meeting without a date gives no referral)


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


_new = tuple.__new__  # a named tuple from a tuple of its fields


def pack_facts(f: Facts) -> tuple[Any, ...]:
    """The facts as plain tuples, for the index (pickling named tuples costs several times
    more), their dates as day numbers (as `note.pack` keeps them)."""
    m, c, o = f.meeting, f.contact, f.opportunity
    meeting = None
    if m:
        referrals: list[Any] = [(p, tuple(x)) for p, x in m.referrals]
        date_pos = m.date_pos and tuple(m.date_pos)
        meeting = (m.path, day_number(m.date), date_pos, *m[3:6], tuple(referrals), day_number(m.thanked), *m[8:])
    return (
        f.path,
        f.title,
        meeting,
        c and (*c[:5], day_number(c.created), *c[6:]),
        f.target and tuple(f.target),
        o and tuple(o),
        tuple([(x.path, x.is_task, day_number(x.due), x.text, tuple(x.pos)) for x in f.follow_ups]),
    )


def unpack_facts(t: tuple[Any, ...]) -> Facts:
    path, title, m, c, target, o, follow_ups = t
    if m:
        referrals = tuple([(p, _new(Pos, x)) for p, x in m[6]])
        date_pos = m[2] and _new(Pos, m[2])
        m = _new(Meeting, (m[0], from_day_number(m[1]), date_pos, *m[3:6], referrals, from_day_number(m[7]), *m[8:]))
    return _new(
        Facts,
        (
            path,
            title,
            m,
            c and _new(Contact, (*c[:5], from_day_number(c[5]), *c[6:])),
            target and _new(Pos, target),
            o and _new(Opportunity, o),
            tuple([_new(FollowUp, (x[0], x[1], from_day_number(x[2]), x[3], _new(Pos, x[4]))) for x in follow_ups]),
        ),
    )


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
    name = _text(get("name")) or n.stem
    meeting = contact = target = opportunity = None
    tasks = []
    if t == "meeting":
        f = n.fields.get("date")
        purposes, kind = get("purposes"), get("kind")
        meeting = _new(
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
                tuple(p for p in (purposes if isinstance(purposes, list) else [purposes]) if isinstance(p, str)),
                _text(get("outcome")),
                _minutes(get("duration")),
                _text(get("location")),
            ),
        )
    elif t == "contact":
        cadence, listed, status = get("cadence"), get("list"), get("status")
        if not (isinstance(cadence, (int, float)) and not isinstance(cadence, bool) and 0 < cadence < math.inf):
            cadence = None
        contact = _new(
            Contact,
            (
                n.path,
                name,
                listed if isinstance(listed, str) else None,
                status if isinstance(status, str) else None,
                int(cadence) if cadence else None,
                as_date(get("created")),
                get("decision_maker") is True,
                _text(get("role")),
                tuple(p for p, _ in resolve("organization")),
                tuple(p for p, _ in resolve("referred_by")),
            ),
        )
        f = n.fields.get("follow_up")
        due = as_date(f.value.data) if f else None
        if f and due:
            tasks.append(FollowUp(n.path, False, due, f"follow up with {name}", f.value.pos))
    elif t == "organization" and get("target") is True:
        target = n.fields["target"].value.pos
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
        )
    for task in n.tasks:
        due = task.due or task.scheduled
        if not task.done and not task.cancelled and due:
            tasks.append(FollowUp(n.path, True, due, task.text, task.pos))
    return Facts(n.path, name, meeting, contact, target, opportunity, tuple(tasks))


class Method:
    """Everything the method knows about the vault on `today`; feed it notes with `add`, or
    the facts the index keeps with `put`."""

    def __init__(self, names: Names, config: Config, today: dt.date) -> None:
        self.names, self.config, self.today = names, config, today
        self._meetings: list[Meeting] = []
        self.contacts: dict[str, Contact] = {}
        self.targets: dict[str, Pos] = {}  # target organization → where `target: true` is
        self.titles: dict[str, str] = {}
        self.opportunities: list[Opportunity] = []
        self._tasks: list[FollowUp] = []

    # -- reading the notes ------------------------------------------------------------------

    def add(self, n: Note) -> None:
        """Keep what the method needs of one note."""
        f = facts_of(n, self.names)
        if f is not None:
            self.put(f)

    def put(self, f: Facts) -> None:
        self.titles[f.path] = f.title
        if f.meeting:
            self._meetings.append(f.meeting)
        if f.contact:
            self.contacts[f.path] = f.contact
        if f.target:
            self.targets[f.path] = f.target
        if f.opportunity:
            self.opportunities.append(f.opportunity)
        self._tasks += f.follow_ups

    def drop(self, paths: set[str]) -> None:
        """Forget the facts of the notes at `paths` (changed or gone): `put` their new facts next."""
        for p in paths:
            self.titles.pop(p, None)
            self.contacts.pop(p, None)
            self.targets.pop(p, None)
        self._meetings = [m for m in self._meetings if m.path not in paths]
        self.opportunities = [o for o in self.opportunities if o.path not in paths]
        self._tasks = [t for t in self._tasks if t.path not in paths]
        self.forget()

    def on(self, today: dt.date) -> Method:
        """The same facts as seen on `today`."""
        self.today = today
        self.forget()
        return self

    def warm(self) -> None:
        """Compute every answer that depends on all the notes now (before a fork shares them)."""
        for name, attr in type(self).__dict__.items():
            if isinstance(attr, cached_property):
                getattr(self, name)

    def forget(self) -> None:
        """Drop the answers computed so far: the facts or the day changed."""
        for name, attr in type(self).__dict__.items():
            if isinstance(attr, cached_property):
                self.__dict__.pop(name, None)

    # -- the vault as the method sees it --------------------------------------------------

    def name(self, path: str) -> str:
        return self.titles.get(path) or path.rsplit("/", 1)[-1].removesuffix(".md")

    @cached_property
    def meetings(self) -> list[Meeting]:
        """By date, then path; the undated first. (Sorted in C, by one key at a time: this
        runs over every meeting before the method rules can start.)"""
        by_path = sorted(self._meetings, key=attrgetter("path"))
        dated = [m for m in by_path if m.date is not None]
        dated.sort(key=attrgetter("date"))  # stable: the same day stays in path order
        return [m for m in by_path if m.date is None] + dated

    @cached_property
    def meeting_at(self) -> dict[str, Meeting]:
        return {m.path: m for m in self.meetings}

    @cached_property
    def meetings_with(self) -> dict[str, list[Meeting]]:
        """Contact path → their meetings, oldest first."""
        out: dict[str, list[Meeting]] = defaultdict(list)
        for m in self.meetings:
            for p in m.with_:
                out[p].append(m)
        return out

    @cached_property
    def quiet_paths(self) -> set[str]:
        """The contacts that raise no nags (paused, archived)."""
        return {p for p, c in self.contacts.items() if c.status in QUIET}

    def quiet(self, contact_path: str) -> bool:
        return contact_path in self.quiet_paths

    def _all_quiet(self, m: Meeting) -> bool:
        return bool(m.with_) and all(self.quiet(p) for p in m.with_)

    # -- after every meeting: thank, offer help -------------------------------------------

    def thank_you_due(self, m: Meeting) -> dt.date | None:
        """The last day for the thank-you; held at 9999-12-31, a day `today` never passes."""
        return add_days_within(m.date, self.config.method["thank_you_within_days"]) if m.date else None

    def thank_yous_owed(self) -> list[Meeting]:
        """Meetings held (before today) with no `thanked` date, oldest first."""
        return [
            m for m in self.meetings if m.date and m.date < self.today and m.thanked is None and not self._all_quiet(m)
        ]

    def thank_you_overdue(self, m: Meeting) -> bool:
        """Owed, and `thank_you_within_days` have passed (a thank-you on day 2 is in time)."""
        due = self.thank_you_due(m)
        owed = m.date is not None and m.date < self.today and m.thanked is None and not self._all_quiet(m)
        return owed and due is not None and self.today > due

    def help_not_offered(self) -> list[Meeting]:
        return [
            m for m in self.meetings if m.date and m.date < self.today and not m.offered_help and not self._all_quiet(m)
        ]

    @cached_property
    def help_not_offered_set(self) -> set[Meeting]:
        return set(self.help_not_offered())

    # -- follow-ups --------------------------------------------------------------------------

    @cached_property
    def follow_ups(self) -> list[FollowUp]:
        """Open tasks with a due (or scheduled) date in netmd notes, and contacts' `follow_up` dates;
        none from paused or archived contacts."""
        quiet = self.quiet_paths
        out = [f for f in self._tasks if f.path not in quiet]
        out.sort(key=lambda x: (x.due, x.path, x.pos.line))
        return out

    def follow_ups_due(self) -> list[FollowUp]:
        """Due today or overdue."""
        return [f for f in self.follow_ups if f.due <= self.today]

    def overdue(self) -> list[FollowUp]:
        return [f for f in self.follow_ups if f.due < self.today]

    @cached_property
    def overdue_in(self) -> dict[str, list[FollowUp]]:
        """Note path → its overdue follow-ups."""
        out: dict[str, list[FollowUp]] = defaultdict(list)
        for f in self.overdue():
            out[f.path].append(f)
        return out

    # -- referrals ---------------------------------------------------------------------------

    @cached_property
    def referrals(self) -> list[Referral]:
        return [_new(Referral, (m, p, pos, m.date)) for m in self.meetings for p, pos in m.referrals if m.date]

    def met_since(self, contact: str, day: dt.date, besides: Meeting | None = None) -> bool:
        for m in reversed(self.meetings_with.get(contact, ())):  # newest first; undated ones last
            if m.date is None or m.date < day:
                return False
            if m is not besides:
                return True
        return False

    def referrals_waiting(self) -> list[Referral]:
        """Referrals received by today with no meeting with that person since, oldest first."""
        today = self.today
        return [
            r
            for r in self.referrals
            if r.date <= today and not self.quiet(r.contact) and not self.met_since(r.contact, r.date, r.meeting)
        ]

    @cached_property
    def waiting_from(self) -> dict[str, list[Referral]]:
        """Meeting path → the referrals received there that are still waiting."""
        out: dict[str, list[Referral]] = defaultdict(list)
        for r in self.referrals_waiting():
            out[r.meeting.path].append(r)
        return out

    def referral_overdue(self, r: Referral) -> bool:
        days = self.config.method["referral_contact_days"]
        return r.date is not None and (self.today - r.date).days > days

    # -- keeping in touch ----------------------------------------------------------------------

    def last_interaction(self, contact: str) -> dt.date | None:
        held = [m.date for m in self.meetings_with.get(contact, []) if m.date and m.date <= self.today]
        if held:
            return max(held)
        c = self.contacts.get(contact)
        return c.created if c else None

    def cadence(self, contact: str) -> int | None:
        c = self.contacts[contact]
        if c.cadence:
            return c.cadence
        return self.config.method["cadence_days"].get(c.list) if c.list else None

    def stale(self) -> list[tuple[str, dt.date, int]]:
        """(contact, last interaction, days since) for contacts past their cadence, longest first."""
        out = []
        for p in self.contacts:
            if self.quiet(p):
                continue
            last, cadence = self.last_interaction(p), self.cadence(p)
            if last and cadence and (self.today - last).days > cadence:
                out.append((p, last, (self.today - last).days))
        out.sort(key=lambda x: (-x[2], x[0]))
        return out

    # -- targets -------------------------------------------------------------------------------

    @cached_property
    def people_at(self) -> dict[str, list[str]]:
        """Organization path → its contacts' paths."""
        out: dict[str, list[str]] = defaultdict(list)
        for p, c in sorted(self.contacts.items()):
            for org in c.organizations:
                out[org].append(p)
        return out

    # -- the week ------------------------------------------------------------------------------

    def week_start(self, day: dt.date) -> dt.date:
        days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        first = days.index(self.config.vault["week_start"])
        return add_days_within(day, -((day.weekday() - first) % 7))  # 0001-01-01's week starts on it

    def meetings_between(self, start: dt.date, end: dt.date | None) -> list[Meeting]:
        """Meetings from `start` up to `end` (excluded); None: no end (a week that runs off the calendar)."""
        return [m for m in self.meetings if m.date and start <= m.date and (end is None or m.date < end)]


def agenda(m: Method) -> dict[str, Any]:
    """What is due today: meetings today and tomorrow, thank-yous owed, follow-ups due,
    referrals waiting, stale contacts. Plain data for text, JSON and the dashboard."""
    tomorrow = add_days(m.today, 1)  # none after 9999-12-31
    names = m.name
    return {
        "today": m.today.isoformat(),
        "meetings": [
            {
                "date": str(x.date),
                "time": x.time,
                "with": [names(p) for p in x.with_],
                "kind": x.kind,
                "path": x.path,
            }
            for x in m.meetings
            if x.date in (m.today, tomorrow)
        ],
        "thank_yous": [
            {
                "with": [names(p) for p in x.with_],
                "met": str(x.date),
                "due": str(m.thank_you_due(x)),
                "overdue": m.thank_you_overdue(x),
                "path": x.path,
            }
            for x in m.thank_yous_owed()
        ],
        "follow_ups": [
            {"text": f.text, "due": str(f.due), "overdue": f.due < m.today, "path": f.path, "line": f.pos.line}
            for f in m.follow_ups_due()
        ],
        "referrals": [
            {
                "name": names(r.contact),
                "referred_by": [names(p) for p in r.meeting.with_],
                "since": str(r.date),
                "days": (m.today - r.date).days if r.date else 0,
                "overdue": m.referral_overdue(r),
                "path": r.contact,
            }
            for r in m.referrals_waiting()
        ],
        "stale": [
            {"name": names(p), "last": str(last), "days": days, "cadence": m.cadence(p), "path": p}
            for p, last, days in m.stale()
        ],
    }


def stats(m: Method, weeks: int = 8) -> dict[str, Any]:
    """Activity and yield: meetings per week against the goal, referrals per meeting, thank-you
    and help-offered rates, split by list, purpose and market."""
    this_week = m.week_start(m.today)
    dates = [x.date for x in m.meetings if x.date]
    first = m.week_start(min(dates)) if dates else this_week  # no empty weeks before the vault's first
    starts = [s for i in reversed(range(weeks)) if (s := add_days(this_week, -7 * i)) and s >= first]
    held = [x for x in m.meetings if x.date and x.date <= m.today]
    past = [x for x in held if x.date and x.date < m.today]

    def rate(part: int, whole: int) -> float:
        return round(part / whole, 2) if whole else 0.0

    by_list: dict[str, dict[str, int]] = {k: {"meetings": 0, "referrals": 0, "thanked": 0} for k in ("A", "B", "C")}
    for x in held:
        lists = {c.list for c in (m.contacts.get(p) for p in x.with_) if c and c.list}
        for lst in lists & set(by_list):
            by_list[lst]["meetings"] += 1
            by_list[lst]["referrals"] += len(x.referrals)
            by_list[lst]["thanked"] += x.thanked is not None
    by_purpose: dict[str, int] = defaultdict(int)
    for x in held:
        for p in x.purposes:
            by_purpose[p] += 1
    by_market: dict[str, dict[str, int]] = {}
    for o in m.opportunities:
        by_market.setdefault(o.market, {}).setdefault(o.stage, 0)
        by_market[o.market][o.stage] += 1
    referrals = sum(len(x.referrals) for x in held)
    return {
        "today": m.today.isoformat(),
        "goal": m.config.method["weekly_meeting_goal"],
        "weeks": [
            {
                "week": week_label(s),
                "start": s.isoformat(),
                "meetings": sum(x.date <= m.today for x in m.meetings_between(s, add_days(s, 7)) if x.date),
            }
            for s in starts
        ],
        "meetings_held": len(held),
        "referrals_received": referrals,
        "referrals_per_meeting": rate(referrals, len(held)),
        "thank_you_rate": rate(sum(x.thanked is not None for x in past), len(past)),
        "help_offered_rate": rate(sum(x.offered_help for x in past), len(past)),
        "by_list": by_list,
        "by_purpose": dict(sorted(by_purpose.items())),
        "by_market": {k: dict(sorted(v.items())) for k, v in sorted(by_market.items())},
    }
