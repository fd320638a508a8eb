"""The referral network: who you know, who referred whom, who works where; and shortest chains.

A pure function of the `Method` facts. Edges: you → a contact you know (List A or B, or
met); X → Y when X referred you to Y (Y's `referred_by`, or a meeting with X listing Y in
`referrals`). Breadth-first search gives the shortest chain to each person at a target,
decision makers first.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property

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


class Network:
    def __init__(self, method: Method) -> None:
        self.method = method

    @cached_property
    def edges(self) -> dict[str, dict[str, str]]:
        """from → to → evidence; YOU is the vault's owner."""
        m = self.method
        out: dict[str, dict[str, str]] = {YOU: {}}
        for path, note in sorted(m.contacts.items()):
            met = [x.date for x in m.meetings_with.get(path, []) if x.date and x.date <= m.today]
            if met:
                out[YOU][path] = f"met {max(met)}"
            elif note.get("list") in ("A", "B"):
                out[YOU][path] = f"List {note.get('list')} contact"
            for referrer, _ in m.resolve(note, "referred_by"):
                if referrer != path:
                    out.setdefault(referrer, {}).setdefault(path, f"referred by {m.name(referrer)}")
        for meeting in m.meetings:
            for referrer in meeting.with_:
                for referred, _ in meeting.referrals:
                    if referred != referrer:
                        out.setdefault(referrer, {})[referred] = f"referred by {m.name(referrer)} on {meeting.date}"
        return out

    def shortest(self, person: str) -> tuple[Hop, ...]:
        """The shortest chain from you to `person` (ties broken by name), empty if none."""
        came: dict[str, tuple[str, str]] = {}
        queue = deque([YOU])
        seen = {YOU}
        while queue:
            here = queue.popleft()
            if here == person:
                break
            for there, why in sorted(self.edges.get(here, {}).items(), key=lambda kv: self.method.name(kv[0])):
                if there not in seen:
                    seen.add(there)
                    came[there] = (here, why)
                    queue.append(there)
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
        """A chain to each person at `target` (an organization or a contact), decision makers first,
        then the shortest."""
        m = self.method
        people = m.people_at.get(target, []) if target not in m.contacts else [target]
        found = [Chain(p, self.shortest(p)) for p in people]

        def rank(c: Chain) -> tuple[bool, bool, int, str]:
            dm = m.contacts[c.person].get("decision_maker") is True
            return (not c.hops, not dm, len(c.hops), m.name(c.person))

        return sorted(found, key=rank)
