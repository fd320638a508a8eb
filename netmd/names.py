"""The vault's name table: resolving `[[links]]` as Obsidian does, plus netmd's names and aliases.

Cross-file rules need only this table, not the notes themselves, so it is small: one
`Entry` a note.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from netmd.note import Note
from netmd.schema import items, netmd_type
from netmd.textutil import fold


class Entry(NamedTuple):
    path: str
    type: str | None  # the netmd type, None for other notes
    name: str
    aliases: tuple[str, ...]
    emails: tuple[str, ...]
    linkedin: str

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1][:-3]


def entry(note: Note) -> Entry:
    t = netmd_type(note)
    name = note.get("name")
    aliases = note.fields.get("aliases")
    emails = note.fields.get("email")
    return Entry(
        note.path,
        t,
        name.strip() if isinstance(name, str) and name.strip() else note.stem,
        tuple(a.data for a in items(aliases.value) if isinstance(a.data, str)) if aliases else (),
        tuple(e.data.strip().lower() for e in items(emails.value) if isinstance(e.data, str))
        if emails and t == "contact"
        else (),
        _norm_url(note.get("linkedin")) if t == "contact" else "",
    )


def _norm_url(url: object) -> str:
    if not isinstance(url, str):
        return ""
    u = url.strip().lower().split("?")[0].rstrip("/")
    for prefix in ("https://", "http://", "www."):
        u = u.removeprefix(prefix)
    return u


def _key(target: str) -> str:
    t = target.strip().replace("\\", "/").casefold()
    return t[:-3] if t.endswith(".md") else t


class Names:
    """Resolve a link target to the notes it names: by path, by file stem, then by name or alias."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = sorted(entries)
        self.by_path: dict[str, Entry] = {}
        self.by_stem: dict[str, list[Entry]] = defaultdict(list)
        self.by_name: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries:
            self.by_path[_key(e.path)] = e
            self.by_stem[e.stem.casefold()].append(e)
            for n in {e.name.casefold(), *(a.casefold() for a in e.aliases)} - {e.stem.casefold()}:
                self.by_name[n].append(e)
        self._buckets: dict[str, list[str]] | None = None

    def resolve(self, target: str) -> list[Entry]:
        """The notes `target` names: none (broken), one, or several (ambiguous)."""
        key = _key(target)
        if "/" in key:
            exact = self.by_path.get(key)
            if exact is not None:
                return [exact]
            tail = "/" + key
            return [e for p, e in self.by_path.items() if p.endswith(tail)]
        return self.by_stem.get(key) or self.by_name.get(key) or []

    def suggest(self, target: str) -> str:
        """A did-you-mean for a target that resolves to nothing: looks only at similar-length names."""
        key = _key(target).rsplit("/", 1)[-1]
        if not key:
            return ""
        if self._buckets is None:
            self._buckets = defaultdict(list)
            for name in (*self.by_stem, *self.by_name):
                self._buckets[name[:1]].append(name)
        pool = [n for n in self._buckets.get(key[:1], ()) if abs(len(n) - len(key)) <= 3]
        match = difflib.get_close_matches(key, pool, n=1, cutoff=0.8)
        if not match:
            return ""
        found = self.by_stem.get(match[0]) or self.by_name[match[0]]
        shown = found[0].stem if found[0].stem.casefold() == match[0] else found[0].name
        return f' (did you mean "{shown}"?)'

    def duplicates(self) -> dict[str, list[tuple[str, str]]]:
        """Contacts that look like one person: path → [(other path, why)] (NM304)."""
        groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for e in self.entries:
            if e.type != "contact":
                continue
            for email in e.emails:
                groups[("the same email", email)].append(e)
            if e.linkedin:
                groups[("the same LinkedIn URL", e.linkedin)].append(e)
            folded = fold(e.name)
            if folded:
                groups[("a near-identical name", folded)].append(e)
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for (why, _), members in sorted(groups.items()):
            paths = sorted({m.path for m in members})
            for p in paths:
                found[p].extend((o, why) for o in paths if o != p)
        return found
