"""What a rule may know beyond its own note: the config, the one "today", and the name table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from netmd.config import Config
from netmd.names import Entry, Names

if TYPE_CHECKING:
    from netmd.method import Method
from netmd.note import Link, Note
from netmd.schema import Kind, field_links


@dataclass(frozen=True)
class Context:
    """`names` exists only for rules of SCOPE "vault": per-note rules run before it is built."""

    config: Config
    today: dt.date
    table: Names | None = None
    facts: Method | None = None  # for rules of SCOPE "method"

    @property
    def method(self) -> Method:
        if self.facts is None:
            raise RuntimeError("a rule not of SCOPE 'method' asked for the method's facts")
        return self.facts

    @property
    def names(self) -> Names:
        if self.table is None:
            raise RuntimeError("a rule of SCOPE 'note' asked for the vault's name table")
        return self.table

    @cached_property
    def _resolved(self) -> dict[str, list[tuple[Link, Kind, list[Entry]]]]:
        return {}

    def links(self, note: Note) -> list[tuple[Link, Kind, list[Entry]]]:
        """The note's link-field links with their kind and the notes they name, resolved once
        for the three link rules."""
        found = self._resolved.get(note.path)
        if found is None:
            found = [
                (link, kind, self.names.resolve(link.target) if link.target else []) for link, kind in field_links(note)
            ]
            self._resolved[note.path] = found
        return found

    def resolved_paths(self) -> set[str]:
        """Every note a link resolved to so far."""
        return {e.path for found in self._resolved.values() for _, _, es in found for e in es}

    @cached_property
    def type_folders(self) -> dict[str, str]:
        return self.config.type_folders

    def expected_type(self, path: str) -> str | None:
        """The type of the netmd folder `path` sits in, or None outside them (SPEC §2)."""
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        while folder:
            if folder in self.type_folders:
                return self.type_folders[folder]
            folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
        return None
