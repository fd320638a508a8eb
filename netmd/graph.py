"""The referral network: who you know, who referred whom, who works where; and shortest chains.

`network(method)` turns the method's facts into plain data (so the index can keep it for
the day); `Network` answers from that data. Edges: you → a contact you know (List A or B,
or met); X → Y when X referred you to Y (Y's `referred_by`, or a meeting with X listing Y
in `referrals`). Breadth-first search gives the shortest chain to each person at a
target, decision makers first.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from netmd.method import Method

YOU = ""


@dataclass(frozen=True)
class Hop:
    person: str  # contact path
    evidence: str  # how you get from the previous hop to this person


@dataclass(frozen=True)
class Chain:
    person: str  # the person at the target
    hops: tuple[Hop, ...]  # from the first person you know to `person`; empty when there is no chain


def network(m: Method) -> dict[str, Any]:
    """The network as plain data: edges (from → to → evidence), people, and who works where."""
    edges: dict[str, dict[str, str]] = {YOU: {}}
    people = {}
    # the day of each contact's last meeting up to today, whatever its status (the meetings by date)
    today = m.today
    last = {p: x.date for x in m.meetings if x.date is not None and x.date <= today for p in x.with_}
    for path, c in sorted(m.contacts.items()):
        people[path] = {"name": c.name, "role": c.role, "decision_maker": c.decision_maker}
        met = last.get(path)
        if met:
            edges[YOU][path] = f"met {met}"
        elif c.list in ("A", "B"):
            edges[YOU][path] = f"List {c.list} contact"
        for referrer in c.referred_by:
            if referrer != path:
                edges.setdefault(referrer, {}).setdefault(path, f"referred by {m.name(referrer)}")
    for meeting in m.meetings:
        for referrer in meeting.with_:
            for referred, _ in meeting.referrals:
                if referred != referrer:
                    edges.setdefault(referrer, {})[referred] = f"referred by {m.name(referrer)} on {meeting.date}"
    return {"edges": edges, "people": people, "people_at": dict(m.people_at)}


class Network:
    def __init__(self, data: dict[str, Any]) -> None:
        self.edges: dict[str, dict[str, str]] = data["edges"]
        self.people: dict[str, dict[str, Any]] = data["people"]
        self.people_at: dict[str, list[str]] = data["people_at"]

    def name(self, path: str) -> str:
        return str(self.people.get(path, {}).get("name", path))

    @cached_property
    def came(self) -> dict[str, tuple[str, str]]:
        """One breadth-first search from you: each reachable person → (previous hop, evidence).
        Neighbours are visited by name, so ties between equally short chains break the same way."""
        came: dict[str, tuple[str, str]] = {}
        queue = deque([YOU])
        seen = {YOU}
        names = {p: self.name(p) for p in self.people}  # (the sort key of every edge, once)
        while queue:
            here = queue.popleft()
            out = self.edges.get(here)
            if not out:  # (most people refer nobody)
                continue
            for there, why in sorted(out.items(), key=lambda kv: names.get(kv[0], kv[0])):
                if there not in seen:
                    seen.add(there)
                    came[there] = (here, why)
                    queue.append(there)
        return came

    def shortest(self, person: str) -> tuple[Hop, ...]:
        """The shortest chain from you to `person`, empty if none."""
        came = self.came
        if person not in came:
            return ()
        hops = []
        at = person
        while at != YOU:
            prev, why = came[at]
            hops.append(Hop(at, why))
            at = prev
        return tuple(reversed(hops))

    def chains(self, target: str) -> list[Chain]:
        """A chain to each person at `target` (an organization or a contact), decision makers
        first, then the shortest."""
        people = [target] if target in self.people else self.people_at.get(target, [])
        found = [Chain(p, self.shortest(p)) for p in people]

        def rank(c: Chain) -> tuple[bool, bool, int, str]:
            return (not c.hops, not self.people[c.person]["decision_maker"], len(c.hops), self.name(c.person))

        return sorted(found, key=rank)
