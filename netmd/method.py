"""The networking method of SPEC §1 as pure functions over the indexed notes.

Thank-yous owed, help offered, follow-ups due, referrals waiting for a meeting, contacts
gone stale, targets without a contact: the method rules, `agenda`, `stats` and the
dashboard all read them from one `Method`, built once from the notes and the one "today".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from netmd.config import Config
from netmd.names import Names
from netmd.note import Link, Note, Pos, Task
from netmd.schema import as_date, links_of, netmd_type

QUIET = ("paused", "archived")  # contacts that raise no nags


@dataclass(frozen=True, eq=False)
class Meeting:
    note: Note
    date: dt.date | None
    with_: tuple[str, ...]  # contact paths
    kind: str
    referrals: tuple[tuple[str, Link], ...]  # (contact path, the link that records it)
    thanked: dt.date | None
    offered_help: bool

    @property
    def path(self) -> str:
        return self.note.path


@dataclass(frozen=True)
class FollowUp:
    note: Note
    task: Task | None  # None: the contact's `follow_up` field
    due: dt.date
    text: str
    pos: Pos


@dataclass(frozen=True)
class Referral:
    meeting: Meeting  # where it was received
    contact: str
    link: Link

    @property
    def date(self) -> dt.date | None:
        return self.meeting.date


@dataclass
class Method:
    """Everything the method knows about the vault on `today`."""

    notes: Sequence[Note]
    names: Names
    config: Config
    today: dt.date
    _by_path: dict[str, Note] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_path = {n.path: n for n in self.notes}

    # -- the vault as the method sees it --------------------------------------------------

    def note(self, path: str) -> Note | None:
        return self._by_path.get(path)

    def resolve(self, note: Note, key: str) -> list[tuple[str, Link]]:
        """The notes a link field points at: (path, link), unresolved links left out."""
        f = note.fields.get(key)
        if f is None:
            return []
        out = []
        for link in links_of(note, key, f.value):
            found = self.names.resolve(link.target) if link.target else []
            if len(found) == 1:
                out.append((found[0].path, link))
        return out

    def of_type(self, t: str) -> list[Note]:
        return [n for n in self.notes if netmd_type(n) == t]

    @cached_property
    def contacts(self) -> dict[str, Note]:
        return {n.path: n for n in self.of_type("contact")}

    @cached_property
    def meetings(self) -> list[Meeting]:
        out = []
        for n in self.of_type("meeting"):
            out.append(
                Meeting(
                    n,
                    as_date(n.get("date")),
                    tuple(p for p, _ in self.resolve(n, "with")),
                    n.get("kind") if isinstance(n.get("kind"), str) else "information",
                    tuple(self.resolve(n, "referrals")),
                    as_date(n.get("thanked")),
                    bool(n.get("offered_help")),
                )
            )
        out.sort(key=lambda m: (m.date or dt.date.min, m.path))
        return out

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

    def quiet(self, contact_path: str) -> bool:
        n = self.contacts.get(contact_path)
        return n is not None and n.get("status") in QUIET

    def _all_quiet(self, m: Meeting) -> bool:
        return bool(m.with_) and all(self.quiet(p) for p in m.with_)

    def name(self, path: str) -> str:
        n = self.note(path)
        if n is None:
            return path
        name = n.get("name")
        return name if isinstance(name, str) and name.strip() else n.stem

    # -- after every meeting: thank, offer help -------------------------------------------

    def thank_you_due(self, m: Meeting) -> dt.date | None:
        return m.date + dt.timedelta(days=self.config.method["thank_you_within_days"]) if m.date else None

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
        """Open tasks with a due (or scheduled) date in netmd notes, and contacts' `follow_up` dates."""
        out = []
        for n in self.notes:
            t = netmd_type(n)
            if t is None or (t == "contact" and self.quiet(n.path)):
                continue
            for task in n.tasks:
                due = task.due or task.scheduled
                if not task.done and not task.cancelled and due:
                    out.append(FollowUp(n, task, due, task.text, task.pos))
            if t == "contact":
                f = n.fields.get("follow_up")
                due = as_date(f.value.data) if f else None
                if f and due:
                    out.append(FollowUp(n, None, due, f"follow up with {self.name(n.path)}", f.value.pos))
        out.sort(key=lambda x: (x.due, x.note.path, x.pos.line))
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
            out[f.note.path].append(f)
        return out

    # -- referrals ---------------------------------------------------------------------------

    @cached_property
    def referrals(self) -> list[Referral]:
        return [Referral(m, p, link) for m in self.meetings for p, link in m.referrals if m.date]

    def met_since(self, contact: str, day: dt.date, besides: Meeting | None = None) -> bool:
        return any(m.date and m.date >= day and m is not besides for m in self.meetings_with.get(contact, []))

    def referrals_waiting(self) -> list[Referral]:
        """Referrals received before today with no meeting with that person since, oldest first."""
        return [
            r
            for r in self.referrals
            if r.date
            and r.date <= self.today
            and not self.quiet(r.contact)
            and not self.met_since(r.contact, r.date, besides=r.meeting)
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
        n = self.contacts.get(contact)
        return as_date(n.get("created")) if n else None

    def cadence(self, contact: str) -> int | None:
        n = self.contacts[contact]
        own = n.get("cadence")
        if isinstance(own, (int, float)) and not isinstance(own, bool) and own > 0:
            return int(own)
        lst = n.get("list")
        return self.config.method["cadence_days"].get(lst) if isinstance(lst, str) else None

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
        for p, n in self.contacts.items():
            for org, _ in self.resolve(n, "organization"):
                out[org].append(p)
        return out

    def targets(self) -> list[Note]:
        return [n for n in self.of_type("organization") if n.get("target") is True]

    # -- the week ------------------------------------------------------------------------------

    def week_start(self, day: dt.date) -> dt.date:
        days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        first = days.index(self.config.vault["week_start"])
        return day - dt.timedelta(days=(day.weekday() - first) % 7)

    def meetings_between(self, start: dt.date, end: dt.date) -> list[Meeting]:
        return [m for m in self.meetings if m.date and start <= m.date < end]


def method(notes: Iterable[Note], names: Names, config: Config, today: dt.date) -> Method:
    return Method(list(notes), names, config, today)


def agenda(m: Method) -> dict[str, Any]:
    """What is due today: meetings today and tomorrow, thank-yous owed, follow-ups due,
    referrals waiting, stale contacts. Plain data for text, JSON and the dashboard."""
    tomorrow = m.today + dt.timedelta(days=1)
    names = m.name
    return {
        "today": m.today.isoformat(),
        "meetings": [
            {
                "date": str(x.date),
                "time": str(x.note.get("time") or ""),
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
            {"text": f.text, "due": str(f.due), "overdue": f.due < m.today, "path": f.note.path, "line": f.pos.line}
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
    starts = [this_week - dt.timedelta(weeks=i) for i in reversed(range(weeks))]
    held = [x for x in m.meetings if x.date and x.date <= m.today]
    past = [x for x in held if x.date and x.date < m.today]

    def rate(part: int, whole: int) -> float:
        return round(part / whole, 2) if whole else 0.0

    by_list: dict[str, dict[str, int]] = {k: {"meetings": 0, "referrals": 0, "thanked": 0} for k in ("A", "B", "C")}
    for x in held:
        lists = {m.contacts[p].get("list") for p in x.with_ if p in m.contacts}
        for lst in lists & set(by_list):
            by_list[lst]["meetings"] += 1
            by_list[lst]["referrals"] += len(x.referrals)
            by_list[lst]["thanked"] += x.thanked is not None
    by_purpose: dict[str, int] = defaultdict(int)
    for x in held:
        purposes = x.note.get("purposes")
        for p in purposes if isinstance(purposes, list) else [purposes] if purposes else []:
            if isinstance(p, str):
                by_purpose[p] += 1
    by_market: dict[str, dict[str, int]] = {}
    for o in m.of_type("opportunity"):
        market = o.get("market") if o.get("market") in ("formal", "informal") else "unknown"
        stage = str(o.get("stage") or "lead")
        by_market.setdefault(market, {}).setdefault(stage, 0)
        by_market[market][stage] += 1
    referrals = sum(len(x.referrals) for x in held)
    return {
        "today": m.today.isoformat(),
        "goal": m.config.method["weekly_meeting_goal"],
        "weeks": [
            {
                "week": f"{s.isocalendar()[0]}-W{s.isocalendar()[1]:02d}",
                "start": s.isoformat(),
                "meetings": len(m.meetings_between(s, min(s + dt.timedelta(days=7), m.today + dt.timedelta(days=1)))),
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
