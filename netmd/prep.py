"""Meeting prep from what the vault knows (issue 15): how you can help the person, what you
gave before, whether they decide, their organization's brief, what came of their referrals,
targets with no path to ask about, and purposes fitted to their list. Plain data for the
meeting template; it reads the few notes it needs, through the vault's safe reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netmd.method import CLOSED, Method
from netmd.note import Note
from netmd.parse import parse
from netmd.vault import Vault

PURPOSES = {  # what a meeting with someone on each list is for (SPEC §1)
    "A": ["Practise the pitch and hear what they would change", "Ask whom they know at your target employers"],
    "B": ["Ask for advice and industry information", "Ask whom else you should talk to"],
    "C": ["Gather information about their team and its problems", "Ask who decides, and for a referral to them"],
}


def _note(vault: Vault, rel: str) -> Note | None:
    found = vault.load(rel)
    return None if isinstance(found, Note) else parse(rel, found[0], vault.config.fields)


def _text(n: Note | None, key: str) -> str:
    value = n.get(key) if n else None
    return value.strip() if isinstance(value, str) else ""


def prep(vault: Vault, m: Method, contact: str, day: dt.date) -> dict[str, Any]:
    """What the meeting template shows beyond the contact's card."""
    c = m.contacts[contact]
    given = [
        {"date": str(x.date), "help": _text(_note(vault, x.path), "offered_help"), "promised": x.promised}
        for x in m.meetings_with.get(contact, [])
        if x.date and x.date < day and x.offered_help
    ]
    return {
        "looking_for": _text(_note(vault, contact), "looking_for"),
        "help_given": [g for g in given if g["help"]],
        "decision_maker": c.decision_maker,
        "org_briefs": [_brief(vault, m, org, contact) for org in c.organizations],
        "their_referrals": _their_referrals(m, contact, day),
        "no_path": [m.name(t) for t in m.ranked_targets() if not any(m.warm_path(p) for p in m.people_at.get(t, []))],
        "purposes_for_list": PURPOSES.get(c.list or "", []),
    }


def _brief(vault: Vault, m: Method, org: str, contact: str) -> dict[str, Any]:
    n = _note(vault, org)
    return {
        "name": m.name(org),
        "why": _text(n, "why"),
        "stage": _text(n, "stage"),
        "priority": m.priorities.get(org, ""),
        "target": org in m.targets,
        "people": [m.name(p) for p in m.people_at.get(org, []) if p != contact],
        "opportunities": [
            f"{o.title} ({o.stage})" for o in m.opportunities if o.organization == org and o.stage not in CLOSED
        ],
    }


def _their_referrals(m: Method, contact: str, day: dt.date) -> list[str]:
    """What came of each person `contact` sent you to: to report back."""
    out = []
    for r in m.referrals:
        if contact not in r.referrers or r.date > day:
            continue
        met = m.first_held_since(r.contact, r.date, r.meeting)
        if met is None:
            out.append(f"{m.name(r.contact)}: not met yet")
        else:
            out.append(f"{m.name(r.contact)}: met {met.date}" + (f"; {met.outcome}" if met.outcome else ""))
    return out
