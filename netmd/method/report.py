"""The method's answers as plain data for text, JSON and the dashboard: `agenda` (what to do
today) and `stats` (activity and yield). One wording for each owed action, used everywhere."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from netmd.clock import add_days, week_label
from netmd.method.core import Method
from netmd.method.facts import Contact

NOT_MET_SHOWN = 10  # the text agenda's share of the "not met yet" queue (JSON has it all)


def thank_text(names: list[str], met: str) -> str:
    """The one wording of a thank-you owed, in `agenda`, the dashboard and `lint`."""
    return f"Thank {', '.join(names) or 'them'} for the meeting of {met}"


def after_the_job(m: Method) -> list[dict[str, Any]]:
    """For each accepted opportunity, the people on the path to it that you have not met or
    written to since it was accepted (its `date`): thank them and tell them."""
    out = []
    for o in m.opportunities:
        if o.stage != "accepted":
            continue
        since = o.date or m.today
        for p in m.path_to(o):
            if not m.quiet(p) and not m.met_since(p, since):
                out.append({"name": m.name(p), "opportunity": o.title, "since": str(since), "path": p})
    return out


def business_days(start: dt.date, end: dt.date) -> int:
    """Weekdays after `start` up to `end` included."""
    weeks, days = divmod(max(0, (end - start).days), 7)
    out = weeks * 5
    for i in range(1, days + 1):
        out += (start.weekday() + i) % 7 < 5
    return out


def outreach(m: Method) -> list[dict[str, Any]]:
    """Meeting requests (`asked`) with no `replied` and no meeting since: after 3 business days a
    second person to ask at the same organization, after 7 a follow-up with the first."""
    out = []
    for p, c in sorted(m.contacts.items(), key=lambda kv: (kv[1].asked or dt.date.min, kv[0])):
        if not open_ask(m, p, c) or m.quiet(p):
            continue
        days = business_days(c.asked or m.today, m.today)
        if days >= 7:
            step = f"follow up with {c.name}"
        elif days >= 3:
            step = _second(m, p, c)
        else:
            continue
        out.append({"name": c.name, "asked": str(c.asked), "business_days": days, "next": step, "path": p})
    return out


def open_ask(m: Method, p: str, c: Contact) -> bool:
    """Asked by today, with no `replied` since and no meeting since."""
    if not c.asked or c.asked > m.today or (c.replied and c.replied >= c.asked):
        return False
    return not m.met_since(p, c.asked)


def _second(m: Method, p: str, c: Contact) -> str:
    """Whom to ask besides `c`: someone else at their organization not asked yet, else whom to ask for one."""
    for org in c.organizations:
        others = [
            x for x in m.people_at.get(org, []) if x != p and not open_ask(m, x, m.contacts[x]) and not m.quiet(x)
        ]
        if others:
            return f"ask {m.name(others[0])} at {m.name(org)} too"
    where = f" at {m.name(c.organizations[0])}" if c.organizations else ""
    helper = m.name(c.referred_by[0]) if c.referred_by else "a List A contact"
    return f"ask {helper} for a second contact{where}"


def to_book(m: Method, short: int) -> list[dict[str, str]]:
    """Whom to book when the week is short of its goal: waiting referrals first, then stale
    contacts at target employers, then contacts at targets not met yet."""
    out: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(p: str, why: str) -> None:
        if p not in seen and len(out) < short:
            seen.add(p)
            out.append({"name": m.name(p), "why": why, "path": p})

    for r in m.referrals_waiting:
        add(r.contact, f"referred by {', '.join(m.name(x) for x in r.referrers)} on {r.date}")
    at_target = [p for p in m.contacts if any(o in m.targets for o in m.contacts[p].organizations)]
    stale = {p: days for p, _, days in m.stale()}
    for p in sorted((p for p in at_target if p in stale), key=lambda p: (-stale[p], p)):
        add(p, f"stale {stale[p]} days, at a target")
    for p in m.not_met():
        if p in at_target:
            add(p, "not met yet, at a target")
    return out


def week(m: Method, start: dt.date) -> dict[str, Any]:
    """The week's meetings against the goal: held, booked, and whom to book when short."""
    held, booked = m.week_count(start)
    goal = m.config.method["weekly_meeting_goal"]
    return {
        "start": start.isoformat(),
        "held": held,
        "booked": booked,
        "goal": goal,
        "to_book": to_book(m, goal - held - booked) if held + booked < goal else [],
    }


def agenda(m: Method) -> dict[str, Any]:
    """What is due today: meetings today and tomorrow, thank-yous owed, follow-ups due,
    referrals waiting, outreach gone quiet, stale contacts, people not met yet. Plain data
    for text, JSON and the dashboard (which asks for the sections it shows, one by one)."""
    return {
        "today": m.today.isoformat(),
        "week": week(m, m.week_start(m.today)),
        "meetings": meetings_soon(m),
        "thank_yous": thank_yous(m),
        "help_promised": help_promised(m),
        "follow_ups": follow_ups(m),
        "referrals": referrals(m),
        "report_back": report_back(m),
        "after_the_job": after_the_job(m),
        "outreach": outreach(m),
        "stale": stale(m),
        "not_met": not_met(m),
    }


def meetings_soon(m: Method) -> list[dict[str, Any]]:
    """Meetings today and tomorrow, not cancelled."""
    tomorrow = add_days(m.today, 1)  # none after 9999-12-31
    return [
        {"date": str(x.date), "time": x.time, "with": [m.name(p) for p in x.with_], "kind": x.kind, "path": x.path}
        for x in m.meetings
        if x.date in (m.today, tomorrow) and x.status != "cancelled"
    ]


def thank_yous(m: Method) -> list[dict[str, Any]]:
    """Meetings held with no thank-you yet, oldest first."""
    names = m.name
    return [
        {
            "text": thank_text([names(p) for p in x.with_], str(x.date)),
            "with": [names(p) for p in x.with_],
            "met": str(x.date),
            "due": str(m.thank_you_due(x)),
            "overdue": m.thank_you_overdue(x),
            "path": x.path,
        }
        for x in m.thank_yous_owed()
    ]


def help_promised(m: Method) -> list[dict[str, Any]]:
    """Meetings whose help was promised and not yet recorded as given."""
    return [{"with": [m.name(p) for p in x.with_], "met": str(x.date), "path": x.path} for x in m.help_promised()]


def referrals(m: Method) -> list[dict[str, Any]]:
    """Referrals waiting for a meeting, oldest first."""
    names = m.name
    return [
        {
            "name": names(r.contact),
            "referred_by": [names(p) for p in r.referrers],
            "since": str(r.date),
            "days": (m.today - r.date).days,
            "overdue": m.referral_overdue(r),
            "path": r.contact,
        }
        for r in m.referrals_waiting
    ]


def report_back(m: Method) -> list[dict[str, Any]]:
    """Referrers to tell how the meeting they made possible went."""
    names = m.name
    return [
        {"referrer": names(x), "name": names(p), "met": str(met.date), "path": x, "meeting": met.path}
        for x, p, met in m.report_back()
    ]


def stale(m: Method) -> list[dict[str, Any]]:
    """Contacts past their cadence, longest first."""
    return [
        {"name": m.name(p), "last": str(last), "days": days, "cadence": m.cadence(p), "path": p}
        for p, last, days in m.stale()
    ]


def not_met(m: Method) -> list[dict[str, Any]]:
    """Contacts never met: decision makers first, then by target priority, then by name."""
    return [_not_met(m, p) for p in m.not_met()]


def follow_ups(m: Method) -> list[dict[str, Any]]:
    """The agenda's follow-ups: due today or overdue, by due date, then note and line."""
    return [
        {
            "text": f.text,
            "due": str(f.due),
            "scheduled": f.scheduled,
            "overdue": f.due < m.today and not f.scheduled,
            "path": f.path,
            "line": f.pos.line,
        }
        for f in m.follow_ups_due()
    ]


def follow_ups_again(
    kept: object, m: Method, shown: Callable[[dict[str, Any]], dict[str, Any]] = dict
) -> list[dict[str, Any]]:
    """A kept answer's follow-ups (`follow_ups`, each `shown`) with those of the notes whose
    facts `m` holds made again from them: the answers read nothing else of a note whose
    follow-ups alone changed (`Index.answer`). A ValueError when `kept` is not such a list."""
    if not isinstance(kept, list) or not all(_is_follow_up(e) for e in kept):
        raise ValueError("not a list of follow-ups")
    out = [e for e in kept if e["path"] not in m.titles] + [shown(e) for e in follow_ups(m)]
    out.sort(key=lambda e: (e["due"], e["path"], e["line"]))  # (ISO days sort as the days do)
    return out


def _is_follow_up(e: object) -> bool:
    return (
        isinstance(e, dict)
        and isinstance(e.get("due"), str)
        and isinstance(e.get("path"), str)
        and type(e.get("line")) is int
    )


def agenda_again(kept: dict[str, Any], m: Method) -> dict[str, Any]:
    """The agenda `kept`, after the notes whose facts `m` holds changed their follow-ups alone."""
    if not isinstance(kept, dict):
        raise ValueError("not an agenda")
    return {**kept, "follow_ups": follow_ups_again(kept.get("follow_ups"), m)}


def _not_met(m: Method, p: str) -> dict[str, Any]:
    c = m.contacts[p]
    orgs = [m.name(o) for o in c.organizations]
    return {"name": c.name, "decision_maker": c.decision_maker, "organizations": orgs, "path": p}


def stats(m: Method, weeks: int = 8) -> dict[str, Any]:
    """Activity and yield: meetings per week against the goal, referrals per meeting, thank-you
    and help-offered rates, split by list, purpose and market."""
    this_week = m.week_start(m.today)
    dates = [x.date for x in m.meetings if x.date]
    first = m.week_start(min(dates)) if dates else this_week  # no empty weeks before the vault's first
    starts = [s for i in reversed(range(weeks)) if (s := add_days(this_week, -7 * i)) and s >= first]
    held = [x for x in m.meetings if m.held(x) and not x.logged]
    past = held

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
    side = sum(r.meeting is None for r in m.referrals if r.date <= m.today)
    return {
        "today": m.today.isoformat(),
        "goal": m.config.method["weekly_meeting_goal"],
        "this_week": {k: v for k, v in week(m, this_week).items() if k != "to_book"},
        "weeks": [
            {
                "week": week_label(s),
                "start": s.isoformat(),
                "meetings": sum(m.week_count(s)),  # held, and booked from today on
            }
            for s in starts
        ],
        "meetings_held": len(held),
        "referrals_received": referrals + side,
        "referrals_per_meeting": rate(referrals + side, len(held)),
        "thank_you_rate": rate(sum(x.thanked is not None for x in past), len(past)),
        "help_offered_rate": rate(sum(x.offered_help and not x.promised for x in past), len(past)),
        "by_list": by_list,
        "by_purpose": dict(sorted(by_purpose.items())),
        "by_market": {k: dict(sorted(v.items())) for k, v in sorted(by_market.items())},
    }
