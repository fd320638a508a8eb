"""The networking method of SPEC §1 as pure functions over the indexed notes.

Thank-yous owed, help offered, follow-ups due, referrals waiting for a meeting, contacts
gone stale, targets without a contact: the method rules, `agenda`, `stats`, `path` and
the dashboard all read them from one `Method`. It keeps compact facts, not notes: notes
are streamed through `add`, so memory grows with the facts, not with the notes' text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple

from netmd.clock import add_days, add_days_within
from netmd.config import Config
from netmd.diagnostics import one_line
from netmd.method.facts import QUIET, Contact, Facts, FollowUp, Meeting, Opportunity, facts_of
from netmd.names import Names
from netmd.note import Note, Pos, make


class Referral(NamedTuple):
    """A person someone sent you to: listed in a meeting's `referrals`, or a contact's `referred_by`."""

    source: str  # the note that records it: the meeting, or the referred contact
    referrers: tuple[str, ...]  # contact paths
    contact: str
    pos: Pos | None  # where the link is: in the meeting's `referrals`, or the contact's `referred_by`
    date: dt.date
    meeting: Meeting | None = None  # where it was received, when a meeting records it


KEEP_IN_TOUCH_DAYS = 90  # the slowest cadence once a job is accepted


class Method:
    """Everything the method knows about the vault on `today`; feed it notes with `add`, or
    the facts the index keeps with `put`."""

    def __init__(self, names: Names, config: Config, today: dt.date) -> None:
        self.names, self.config, self.today = names, config, today
        self._meetings: list[Meeting] = []
        self.contacts: dict[str, Contact] = {}
        self.targets: dict[str, Pos] = {}  # target organization → where `target: true` is
        self.priorities: dict[str, int] = {}  # target organization → its `priority`, when set
        self.stages: dict[str, str] = {}  # target organization → its `stage`, when set
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
            if f.priority is not None:
                self.priorities[f.path] = f.priority
            if f.stage:
                self.stages[f.path] = f.stage
        if f.opportunity:
            self.opportunities.append(f.opportunity)
        if f.follow_ups:
            self._tasks += f.follow_ups

    def drop(self, paths: set[str]) -> None:
        """Forget the facts of the notes at `paths` (changed or gone): `put` their new facts next."""
        for p in paths:
            self.titles.pop(p, None)
            self.contacts.pop(p, None)
            self.targets.pop(p, None)
            self.priorities.pop(p, None)
            self.stages.pop(p, None)
        self._meetings = [m for m in self._meetings if m.path not in paths]
        self.opportunities = [o for o in self.opportunities if o.path not in paths]
        self._tasks = [t for t in self._tasks if t.path not in paths]
        self.forget()

    def on(self, today: dt.date) -> Method:
        """The same facts as seen on `today`."""
        self.today = today
        self.forget()
        return self

    def forget(self) -> None:
        """Drop the answers computed so far: the facts or the day changed."""
        for name, attr in type(self).__dict__.items():
            if isinstance(attr, cached_property):
                self.__dict__.pop(name, None)

    # -- the vault as the method sees it --------------------------------------------------

    def name(self, path: str) -> str:
        return self.titles.get(path) or one_line(path.rsplit("/", 1)[-1].removesuffix(".md"))

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

    def all_quiet(self, m: Meeting) -> bool:
        return bool(m.with_) and all(self.quiet(p) for p in m.with_)

    # -- after every meeting: thank, offer help -------------------------------------------

    def thank_you_due(self, m: Meeting) -> dt.date | None:
        """The last day for the thank-you; held at 9999-12-31, a day `today` never passes."""
        return add_days_within(m.date, self.config.method["thank_you_within_days"]) if m.date else None

    def held(self, m: Meeting) -> bool:
        """Held: `status: held`, or no status and its day is past (a cancelled or planned one is not)."""
        return m.status == "held" or (not m.status and m.date is not None and m.date < self.today)

    def booked(self, m: Meeting) -> bool:
        """Booked and still to come: not held, not cancelled, today or later (a meeting from
        today on is held only when its `status` says so)."""
        return m.status not in ("cancelled", "held") and m.date is not None and m.date >= self.today

    def counts(self, m: Meeting) -> bool:
        """Whether a meeting is contact, done or to come: held, or booked. (Not a cancelled one,
        nor one still `planned` after its day: it did not happen, whatever its date says.)"""
        return self.held(m) or self.booked(m)

    @cached_property
    def booked_paths(self) -> set[str]:
        """The contacts with a meeting booked, today or later: nobody to book or to chase."""
        return {p for m in self.meetings if self.booked(m) for p in m.with_}

    def _owes(self, m: Meeting) -> bool:
        """Whether a meeting owes the duties after it (thank, offer help): held, not a logged
        call or message, and with someone who is not paused or archived."""
        return self.held(m) and not m.logged and not self.all_quiet(m)

    def thank_yous_owed(self) -> list[Meeting]:
        """Meetings held with no `thanked` date, oldest first."""
        return [m for m in self.meetings if m.thanked is None and self._owes(m)]

    def thank_you_overdue(self, m: Meeting) -> bool:
        """Owed, and `thank_you_within_days` have passed (a thank-you on day 2 is in time)."""
        due = self.thank_you_due(m)
        return m.thanked is None and self._owes(m) and due is not None and self.today > due

    def help_not_offered(self) -> list[Meeting]:
        return [m for m in self.meetings if not m.offered_help and self._owes(m)]

    def help_promised(self) -> list[Meeting]:
        """Meetings whose `offered_help` is a promise (future tense): open until recorded as given."""
        return [m for m in self.meetings if m.offered_help and m.promised and self._owes(m)]

    @cached_property
    def help_not_offered_set(self) -> set[Meeting]:
        return set(self.help_not_offered())

    # -- follow-ups --------------------------------------------------------------------------

    @cached_property
    def follow_ups(self) -> list[FollowUp]:
        """Open tasks with a due (or only a scheduled) date in netmd notes, and contacts' `follow_up` dates;
        none from paused or archived contacts. (A note's depend on its own facts alone: the day's
        answers kept after a to-do have them made again from that note's, `Index.answer`.)"""
        quiet = self.quiet_paths
        out = [f for f in self._tasks if f.path not in quiet]
        out.sort(key=lambda x: (x.due, x.path, x.pos.line))
        return out

    def follow_ups_due(self) -> list[FollowUp]:
        """Due today or overdue."""
        return [f for f in self.follow_ups if f.due <= self.today]

    def overdue(self) -> list[FollowUp]:
        return [f for f in self.follow_ups if f.due < self.today and not f.scheduled]

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
        """Every referral, from either side: a meeting's `referrals`, and a contact's `referred_by`
        (dated `referred_on`, else `created`) that no meeting records already. Oldest first."""
        out = [
            make(Referral, (m.path, m.with_, p, pos, m.date, m))
            for m in self.meetings
            for p, pos in m.referrals
            if m.date
        ]
        recorded = {r.contact for r in out}
        for p, c in self.contacts.items():  # (in any order: no two of these share a source)
            day = c.referred_on or c.created
            by = tuple(x for x in c.referred_by if x != p) if c.referred_by else ()
            if by and day and p not in recorded:
                out.append(make(Referral, (p, by, p, c.referred_pos, day, None)))
        out.sort(key=attrgetter("date", "source"))
        return out

    @cached_property
    def counted_with(self) -> dict[str, list[tuple[dt.date, Meeting]]]:
        """Contact path → (day, meeting) of their dated meetings that count (held, or booked), oldest first."""
        out: dict[str, list[tuple[dt.date, Meeting]]] = defaultdict(list)
        for m in self.meetings:
            if m.date is not None and self.counts(m):
                for p in m.with_:
                    out[p].append((m.date, m))
        return out

    def met_since(self, contact: str, day: dt.date, besides: Meeting | None = None) -> bool:
        """Whether a meeting with `contact` that counts (not `besides`) is dated `day` or later."""
        for date, m in reversed(self.counted_with.get(contact, ())):  # newest first
            if date < day:
                return False
            if m is not besides:
                return True
        return False

    @cached_property
    def referrals_waiting(self) -> list[Referral]:
        """Referrals received by today with no meeting with that person since, oldest first."""
        today = self.today
        return [
            r
            for r in self.referrals
            if r.date <= today and not self.quiet(r.contact) and not self.met_since(r.contact, r.date, r.meeting)
        ]

    def path_to(self, o: Opportunity) -> list[str]:
        """Everyone on the path to opportunity `o`: who brought it (`via`) and who referred them,
        back along `referred_by`, and the people you met at its organization."""
        out: list[str] = []
        todo = [o.via] if o.via else []
        todo += [p for p in self.people_at.get(o.organization or "", []) if self.last_interaction(p)]
        while todo:
            p = todo.pop(0)
            if p in out or p not in self.contacts:
                continue
            out.append(p)
            todo += self.contacts[p].referred_by
        return out

    def first_held_since(self, contact: str, day: dt.date, besides: Meeting | None = None) -> Meeting | None:
        """The first meeting held with `contact` on or after `day` (not `besides`), if any."""
        for date, m in self.counted_with.get(contact, ()):  # (a meeting held counts)
            if date >= day and m is not besides and self.held(m):
                return m
        return None

    def report_back(self) -> list[tuple[str, str, Meeting]]:
        """(referrer, person, the meeting with them): you met someone a contact referred you to,
        and have not met or logged anything with the referrer since to tell them how it went."""
        out = []
        for r in self.referrals:
            met = self.first_held_since(r.contact, r.date, r.meeting)
            if met is None or met.date is None:
                continue
            for x in r.referrers:
                there = x in met.with_ or x == r.contact
                if not there and not self.quiet(x) and not self.met_since(x, met.date, met):
                    out.append((x, r.contact, met))
        return out

    @cached_property
    def waiting_paths(self) -> set[str]:
        return {r.contact for r in self.referrals_waiting}

    @cached_property
    def waiting_from(self) -> dict[str, list[Referral]]:
        """The note that records them (a meeting, or the referred contact) → the referrals still waiting."""
        out: dict[str, list[Referral]] = defaultdict(list)
        for r in self.referrals_waiting:
            out[r.source].append(r)
        return out

    def referral_overdue(self, r: Referral) -> bool:
        days = self.config.method["referral_contact_days"]
        return r.date is not None and (self.today - r.date).days > days

    # -- keeping in touch ----------------------------------------------------------------------

    def last_interaction(self, contact: str) -> dt.date | None:
        """The day of the last meeting or logged interaction up to today; None: never met (a
        contact's `created` or LinkedIn `connected` date is not contact)."""
        return self.last_met.get(contact)

    @cached_property
    def last_met(self) -> dict[str, dt.date]:
        """Contact path → `last_interaction`, for those met (the agenda asks it of every
        contact, some twice)."""
        out: dict[str, dt.date] = {}
        today = self.today
        for p, meetings in self.counted_with.items():
            for date, _ in reversed(meetings):  # newest first: those booked after today are few
                if date <= today:
                    out[p] = date
                    break
        return out

    def not_met(self) -> list[str]:
        """Contacts never met, not quiet, not a waiting referral (listed there) and with no meeting
        booked: decision makers first, then by their organization's target priority, then by name."""
        waiting, top = self.waiting_paths | self.booked_paths, 99

        def rank(p: str) -> tuple[bool, int, str]:
            c = self.contacts[p]
            best = min([self.priorities.get(o, top) for o in c.organizations if o in self.targets], default=top + 1)
            return (not c.decision_maker, best, c.name.casefold())

        skip = waiting | self.quiet_paths | self.last_met.keys()
        found = [p for p in self.contacts if p not in skip]
        return sorted(found, key=rank)

    @cached_property
    def hired(self) -> bool:
        """Whether an opportunity is `accepted`: the search is over, keeping in touch slows down."""
        return any(o.stage == "accepted" for o in self.opportunities)

    def cadence(self, contact: str) -> int | None:
        """Days between contacts: the contact's `cadence`, else its list's; after a job is
        accepted, at least KEEP_IN_TOUCH_DAYS (a slower rhythm for everyone)."""
        c = self.contacts[contact]
        days = c.cadence or (self.config.method["cadence_days"].get(c.list) if c.list else None)
        return max(days, KEEP_IN_TOUCH_DAYS) if days and self.hired else days

    def stale(self) -> list[tuple[str, dt.date, int]]:
        """(contact, last interaction, days since) for contacts past their cadence with no meeting
        booked, longest first."""
        out = []
        skip, met, today = self.quiet_paths | self.booked_paths, self.last_met, self.today
        for p in self.contacts:
            last = met.get(p)
            if last is None or p in skip:
                continue
            cadence = self.cadence(p)
            if cadence and (today - last).days > cadence:
                out.append((p, last, (today - last).days))
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

    def warm_path(self, p: str) -> bool:
        """Whether you have a warm path to contact `p`: you know them (List A or B, or met), or
        someone referred you (`referred_by`). A cold contact, never met and referred by nobody,
        is not a path. (Read from the contact's own facts and its meetings: `lint FILE` on a
        target sees those, not the whole network.)"""
        c = self.contacts[p]
        return c.list in ("A", "B") or bool(c.referred_by) or self.last_interaction(p) is not None

    def ranked_targets(self) -> list[str]:
        """Target organizations by `priority` (1 first; none last), then by name."""
        return sorted(self.targets, key=lambda o: (self.priorities.get(o, 99), self.name(o).casefold(), o))

    # -- the week ------------------------------------------------------------------------------

    def week_start(self, day: dt.date) -> dt.date:
        days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        first = days.index(self.config.vault["week_start"])
        return add_days_within(day, -((day.weekday() - first) % 7))  # 0001-01-01's week starts on it

    def meetings_between(self, start: dt.date, end: dt.date | None) -> list[Meeting]:
        """Meetings from `start` up to `end` (excluded); None: no end (a week that runs off the calendar)."""
        return [m for m in self.meetings if m.date and start <= m.date and (end is None or m.date < end)]

    def week_count(self, start: dt.date) -> tuple[int, int]:
        """(held, booked) meetings in the week from `start`; a logged call or message is not a meeting."""
        end = add_days(start, 7)
        week = [m for m in self.meetings_between(start, end) if not m.logged]
        return sum(self.held(m) for m in week), sum(self.booked(m) for m in week)
