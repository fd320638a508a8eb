"""The vault's name table: resolving `[[links]]` as Obsidian does, by file name and `aliases` only.

Cross-file rules need only this table, not the notes themselves, so it is small: one
`Entry` a note.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from netmd.diagnostics import one_line
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
        one_line(name.strip() if isinstance(name, str) and name.strip() else note.stem),  # (printed in lines)
        tuple(a.data for a in items(aliases.value) if isinstance(a.data, str)) if aliases else (),
        tuple(e.data.strip().lower() for e in items(emails.value) if isinstance(e.data, str))
        if emails and t == "contact"
        else (),
        norm_url(note.get("linkedin")) if t == "contact" else "",
    )


def norm_url(url: object) -> str:
    if not isinstance(url, str):
        return ""
    u = url.strip().lower().split("?")[0].rstrip("/")
    for prefix in ("https://", "http://", "www."):
        u = u.removeprefix(prefix)
    return u


def name_key(text: str) -> str:
    """`text` as a name key: case folded, and composed (NFC), so that a name typed `é` finds a
    file a Mac named with `e` and a combining accent, as the two read the same to a person."""
    folded = text.casefold()
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)


def _key(target: str) -> str:
    t = name_key(target.strip().replace("\\", "/"))
    return t[:-3] if t.endswith(".md") else t


@lru_cache(maxsize=20_000)
def link_key(target: str) -> str:
    """What a link is filed under in the index: its target's last path segment, folded, so
    a note's every name key (path, stem, name, alias) can find the links that may mean it."""
    return _key(target).rsplit("/", 1)[-1]


_RELATIVE = re.compile(r"^(?:\.{1,2}/|/)+")  # `../`, `./` and `/` before a link's path

PATH, STEM, NAME, EMAIL, LINKEDIN, FOLDED, TITLE = range(7)  # NAME: an alias; TITLE: `name:`
TWINS = {EMAIL: "the same email", LINKEDIN: "the same LinkedIn URL", FOLDED: "a near-identical name"}


def name_rows(e: Entry) -> list[tuple[int, str]]:
    """The keys a note can be found by: (kind, key) pairs, in memory or in the index."""
    stem = name_key(e.stem)
    rows = [(PATH, _key(e.path)), (STEM, stem)]
    # `name:` is what the note is called, not a key: Obsidian would leave a link to it unresolved
    aliases = {name_key(a) for a in e.aliases}
    rows += [(NAME, n) for n in sorted(aliases - {stem})]
    name = name_key(e.name)
    if name != stem and name not in aliases:  # not a link's key, but `new` and imports find it by name
        rows.append((TITLE, name))
    if e.type == "contact":
        rows += [(EMAIL, m) for m in e.emails]
        if e.linkedin:
            rows.append((LINKEDIN, e.linkedin))
        folded = fold(e.name)
        if folded:
            rows.append((FOLDED, folded))
    return rows


class Names:
    """Resolve a link target to the notes it names: by path, by file stem, then by alias.

    Subclasses say how to look keys up: `MemoryNames` from a list of entries, the index
    from its SQLite table.
    """

    def lookup(self, kind: int, key: str) -> list[Entry]:
        raise NotImplementedError

    def lookup_path_suffix(self, tail: str) -> list[Entry]:
        raise NotImplementedError

    def similar_keys(self, key: str) -> list[str]:
        """Stem and name keys that start like `key`, the pool for did-you-mean."""
        raise NotImplementedError

    def resolve(self, target: str) -> list[Entry]:
        """The notes `target` names: none (broken), one, or several (ambiguous)."""
        key = _key(target)
        if "/" in key:
            # Obsidian's "relative path" and "absolute path" link formats: `[[../contacts/Ada]]`,
            # `[[/contacts/Ada]]`. Without the linking note's folder, the rest is read as a path's tail.
            key = _RELATIVE.sub("", key)
            if "/" not in key:
                return self.lookup(STEM, key)
            exact = self.lookup(PATH, key)
            return exact or self.lookup_path_suffix("/" + key)
        return self.lookup(STEM, key) or self.lookup(NAME, key)

    def find(self, text: str) -> list[Entry]:
        """The notes a name typed on the command line means: as a link to it resolves, else by an
        alias or `name:` as typed (`AC/DC` is the alias of `AC DC.md`; `[[AC/DC]]` is a path).
        A link pasted whole (`[[Ada Lovelace|Ada]]`) means its target."""
        pasted = text.strip()
        if pasted.startswith("[[") and pasted.endswith("]]"):
            text = pasted[2:-2].split("|", 1)[0].split("#", 1)[0]
        found = self.resolve(text)
        if found or not text.strip():
            return found
        key = name_key(text.strip())
        return [e for kind in (NAME, TITLE) for e in self.lookup(kind, key)]

    def suggest(self, target: str) -> str:
        """A did-you-mean for a target that resolves to nothing: looks only at similar-length names."""
        key = _key(target).rsplit("/", 1)[-1]
        if not key:
            return ""
        pool = [n for n in self.similar_keys(key) if abs(len(n) - len(key)) <= 3]
        import difflib  # (here: only a typo needs it)

        match = difflib.get_close_matches(key, pool, n=1, cutoff=0.8)
        if not match:  # a first name alone (`Aisha`): the names it begins
            match = sorted({n for n in self.similar_keys(key) if n.startswith(key + " ")})[:3]
        if not match:
            return ""
        return " (did you mean " + " or ".join(f'"{self._shown(k)}"' for k in match) + "?)"

    def _shown(self, key: str) -> str:
        """The name a key stands for, as its note writes it."""
        e = (self.lookup(STEM, key) or self.lookup(NAME, key))[0]
        alias = next((a for a in e.aliases if name_key(a) == key), e.name)
        return e.stem if name_key(e.stem) == key else alias

    def twins(self, path: str) -> list[tuple[str, list[str]]]:
        """Other contacts that look like the one at `path`: [(their path, [why, …])] (NM304)."""
        me = self.lookup(PATH, _key(path))
        if not me:
            return []
        found: dict[str, list[str]] = defaultdict(list)
        for kind, key in name_rows(me[0]):
            if kind in TWINS:
                for other in self.lookup(kind, key):
                    if other.path != path and TWINS[kind] not in found[other.path]:
                        found[other.path].append(TWINS[kind])
        return sorted(found.items())


class MemoryNames(Names):
    """The name table built from entries in memory: for whole-vault runs."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.table: dict[tuple[int, str], list[Entry]] = defaultdict(list)
        # Kept as the notes come, not found in the whole table when first asked: each worker
        # of a cold build would do that again (25 ms each at 10,000 contacts).
        self._buckets: dict[str, list[str]] = defaultdict(list)  # first letter -> stem and name keys
        self._shared: set[tuple[int, str]] = set()  # the twin keys (email, ...) of more than one note
        self._twins: dict[str, list[tuple[str, list[str]]]] | None = None
        self._resolved: dict[str, list[Entry]] = {}  # a vault links to the same notes again and again
        for e in sorted(entries):
            self.add(e)

    def add(self, e: Entry, rows: Iterable[tuple[int, str]] | None = None) -> None:
        """One more note (in path order, as the constructor sorts them), by its `name_rows`."""
        for row in name_rows(e) if rows is None else rows:
            found = self.table[row]
            found.append(e)
            if len(found) == 1:
                if row[0] == STEM or row[0] == NAME:
                    self._buckets[row[1][:1]].append(row[1])
            elif row[0] in TWINS:
                self._shared.add(row)
        self._twins = None
        self._resolved.clear()

    def resolve(self, target: str) -> list[Entry]:
        found = self._resolved.get(target)
        if found is None:
            found = self._resolved[target] = super().resolve(target)
        return found

    def twins(self, path: str) -> list[tuple[str, list[str]]]:
        """As `Names.twins`, from every twin found in one pass over the table."""
        if self._twins is None:
            found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
            for kind, key in sorted(self._shared):
                same = self.table[(kind, key)]
                for e in same:
                    for other in same:
                        if other.path != e.path and TWINS[kind] not in found[e.path][other.path]:
                            found[e.path][other.path].append(TWINS[kind])
            self._twins = {p: sorted(whys.items()) for p, whys in found.items()}
        return self._twins.get(path, [])

    def lookup(self, kind: int, key: str) -> list[Entry]:
        return self.table.get((kind, key), [])

    def lookup_path_suffix(self, tail: str) -> list[Entry]:
        return [es[0] for (kind, key), es in self.table.items() if kind == PATH and key.endswith(tail)]

    def similar_keys(self, key: str) -> list[str]:
        return self._buckets.get(key[:1], [])
