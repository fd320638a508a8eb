"""What the language server knows of one vault: its index, kept open, and the answers it gives.

Every answer comes from the index (names, stored diagnostics, links) and from the text the
editor holds, never from a walk of the vault; the index is brought up to date when a file is
saved or the editor says files changed. Positions here are offsets in a note's text.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from netmd.diagnostics import Diagnostic
from netmd.edits import Plan
from netmd.engine import sort
from netmd.errors import NetmdError
from netmd.index import Index
from netmd.lsp.text import Context, LinkAt, context, front_matter_end, link_at
from netmd.names import Entry, Names, name_key, name_rows
from netmd.note import Note
from netmd.parse import decode, parse_text
from netmd.schema import KINDS, Checkbox, Choice, ListOf, netmd_type
from netmd.vault import CONFIG_NAME, Vault, find_root

LINKED_TYPES = ("contact", "organization", "meeting")  # what `[[` offers
MAX_ITEMS = 50  # completion items a request answers with (more: the list is incomplete)
REFRESH_EVERY = 2.0  # seconds: a document opened sooner than this after a refresh uses that one


class Item(NamedTuple):
    """A completion: show `label`, replace `start:end` of the text by `new`."""

    label: str
    new: str
    start: int
    end: int
    kind: str  # "link", "key", "value"
    detail: str = ""
    filter: str = ""


@dataclass
class Target:
    """A place in another note: its path, offsets and text (for the client's positions)."""

    path: str
    start: int
    end: int
    text: str


def today() -> dt.date:
    from netmd.clock import today as _today

    return _today(os.environ.get("NETMD_TODAY"))


log = logging.getLogger("netmd.lsp")


class VaultState:
    """One vault the editor has files open in."""

    def __init__(self, root: Path) -> None:
        self.vault = Vault(root)
        self.index = Index(self.vault)
        self.generation = 0
        self._entries: list[Entry] | None = None
        self._choices: list[tuple[str, str, str, str]] | None = None
        self._refreshed = 0.0

    def close(self) -> None:
        self.index.close()

    def refresh(self, only: Iterable[str] | None = None, *, soon: bool = False) -> None:
        """Bring the index up to date (every note, or those in `only`); with `soon`, not again
        within REFRESH_EVERY seconds of the last whole refresh."""
        if soon and time.monotonic() - self._refreshed < REFRESH_EVERY:
            return
        if self.index.store.config_changed():
            self._reconfigure()
            only = None  # (every note, as the new config reads it)
        self.index.refresh(only)
        if only is None:
            self._refreshed = time.monotonic()
        self.generation += 1
        self._entries = self._choices = None

    def _reconfigure(self) -> None:
        """`netmd.toml` is no longer what the index was made under: the vault with its config
        now, and a new index of it (the cache made under another config is made again). A
        config that does not load or is gone, or an index that cannot be opened now, is
        logged, and the last good config kept until the next refresh tries again."""
        try:
            fresh = self.vault.reread()
            index = Index(fresh)
        except NetmdError as e:
            log.warning("%s (the last good %s is kept for now)", e, CONFIG_NAME)
            return
        self.index.close()
        self.vault, self.index = fresh, index
        self._entries = self._choices = None

    def rel(self, path: str) -> str | None:
        rel = self.vault.relpath(path)
        return None if rel is None or rel.startswith("../") or not self.vault.is_note(rel) else rel

    def names(self) -> Names:
        return self.index.names()

    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = self.index.entries()
        return self._entries

    def parse(self, rel: str, text: str) -> Note:
        return parse_text(rel, text, self.vault.config.fields)

    def text_of(self, rel: str) -> str | None:
        text, _ = decode(self.vault.read(rel))
        return text

    # -- diagnostics ----------------------------------------------------------------------

    def diagnostics(self, rel: str, text: str) -> list[Diagnostic]:
        """What `netmd lint` says of the note at `rel` if it held `text`: the note rules on the
        text, the vault rules against the index's names, the method rules against its facts."""
        note = self.parse(rel, text)
        diags, _ = self.index.check_notes((), [note])
        diags += self.index.method_diagnostics(today(), set(), [note])
        return sort([d for d in diags if d.path == rel])

    # -- completion ------------------------------------------------------------------------

    def complete(self, rel: str, text: str, offset: int) -> tuple[list[Item], bool]:
        """The completions at `offset`, and whether there are more than were given."""
        ctx = context(text, offset)
        if ctx.what == "link":
            return self._links(text, offset, ctx)
        note = self.parse(rel, text)
        kinds = KINDS.get(netmd_type(note) or _typed(text), {})  # (half-typed YAML may not parse)
        if ctx.what == "key":
            have = {f.raw_key for f in note.fields.values()} | set(re.findall(r"(?m)^([\w-]+):", text))
            items = [
                Item(k, f"{k}: ", ctx.start, offset, "key", kind.describe)
                for k, kind in kinds.items()
                if k not in have and k.startswith(ctx.typed)
            ]
            return items, False
        if ctx.what == "value":
            kind = kinds.get(self.vault.config.fields.get(ctx.key, ctx.key))
            return [Item(v, v, ctx.start, offset, "value") for v in _choices(kind) if v.startswith(ctx.typed)], False
        return [], False

    def _links(self, text: str, offset: int, ctx: Context) -> tuple[list[Item], bool]:
        typed = name_key(ctx.typed.strip())
        end = offset + 2 if text.startswith("]]", offset) else offset
        quote = ctx.in_front_matter and not ctx.quoted
        first: list[tuple[str, str, str, str]] = []
        rest: list[tuple[str, str, str, str]] = []
        for choice in self.link_choices():
            key = choice[0]
            if not typed or key.startswith(typed):
                first.append(choice)
            elif typed in key:
                rest.append(choice)
        chosen = sorted(first)[:MAX_ITEMS] + sorted(rest)[: max(0, MAX_ITEMS - len(first))]
        items = []
        for _, label, written, kind in chosen:
            new = f'"[[{written}]]"' if quote else f"[[{written}]]"
            items.append(Item(label, new, ctx.start, end, "link", kind, f"[[{label}"))
        return items, len(first) + len(rest) > MAX_ITEMS

    def link_choices(self) -> list[tuple[str, str, str, str]]:
        """(key, label, what the link says, type) of every name `[[` offers: each note's file
        name, and its aliases (as `[[file|alias]]`, what Obsidian writes); made once a refresh."""
        if self._choices is None:
            out = []
            for e in self.entries():
                if e.type in LINKED_TYPES:
                    out.append((name_key(e.stem), e.stem, e.stem, e.type or ""))
                    out += [(name_key(a), a, f"{e.stem}|{a}", e.type or "") for a in e.aliases]
            self._choices = out
        return self._choices

    # -- links -----------------------------------------------------------------------------

    def target(self, text: str, offset: int) -> tuple[LinkAt, Entry] | None:
        """The link at `offset` and the one note it resolves to."""
        link = link_at(text, offset)
        if link is None:
            return None
        found = self.names().resolve(link.target)
        return (link, found[0]) if len(found) == 1 else None

    def hover(self, text: str, offset: int) -> str | None:
        """The card `netmd show` prints for the contact or organization a link names."""
        hit = self.target(text, offset)
        if hit is None:
            return None
        from netmd import query

        e = hit[1]
        notes = self._around(e)
        note = next((n for n in notes if n.path == e.path), None)
        if note is None:
            return None
        if e.type not in ("contact", "organization"):
            return f"**{e.name}** ({e.type or 'note'})\n\n`{e.path}`"
        return "```text\n" + query.card(note, notes, self.names()).rstrip("\n") + "\n```"

    def _around(self, e: Entry) -> list[Note]:
        """The notes a card reads: the note, those linking to it, to them, and what all link to."""
        paths = {e.path} | self.index.linking_to(name_rows(e))
        people = [x for x in self.entries() if x.path in paths and x.type == "contact"]
        for p in people:
            paths |= self.index.linking_to(name_rows(p))
        notes = [n for n in (self._note(p) for p in sorted(paths)) if n is not None]
        names = self.names()
        linked = {f.path for n in notes for link in (*n.links, *n.mentions) for f in names.resolve(link.target)[:1]}
        notes += [n for n in (self._note(p) for p in sorted(linked - paths)) if n is not None]
        return notes

    def _note(self, rel: str) -> Note | None:
        text = self.text_of(rel)
        return self.parse(rel, text) if text is not None else None

    def references(self, rel: str, text: str, offset: int) -> list[Target]:
        """Every link to the note the cursor's link names (or, off a link, to this note)."""
        hit = self.target(text, offset)
        if hit is not None:
            me: Entry | None = hit[1]
        else:
            me = next((e for e in self.names().resolve(rel) if e.path == rel), None)
        if me is None:
            return []
        out = []
        names = self.names()
        for path in sorted(self.index.linking_to(name_rows(me))):
            source = self.text_of(path)
            if source is None:
                continue
            for link in (*self.parse(path, source).links, *self.parse(path, source).mentions):
                found = names.resolve(link.target)
                if len(found) == 1 and found[0].path == me.path:
                    out.append(Target(path, link.pos.start, link.pos.end, source))
        return out

    def rename(self, rel: str, text: str, offset: int, new: str) -> Plan:
        """The plan of `netmd mv` for the note the cursor's link names (or this note)."""
        from netmd.rename import plan_mv

        hit = self.target(text, offset)
        old = hit[1].path if hit is not None else rel
        return plan_mv(self.index, old, new)

    def missing(self, text: str, offset: int) -> tuple[str, str] | None:
        """(name, type) of the note a broken link at `offset` names, for "create this note"."""
        link = link_at(text, offset)
        if link is None or not link.target or self.names().resolve(link.target):
            return None
        return link.target, _link_type(self.parse("", text), link)


def _typed(text: str) -> str:
    """The `type:` a front matter being typed says, read without YAML."""
    m = re.search(r"(?m)^type:[ \t]*['\"]?(\w+)", text[: max(front_matter_end(text), 0)])
    return m.group(1) if m else ""


def _choices(kind: object) -> list[str]:
    if isinstance(kind, ListOf):
        kind = kind.item
    if isinstance(kind, Choice):
        return list(kind.values)
    if isinstance(kind, Checkbox):
        return ["true", "false"]
    return []


def _link_type(note: Note, link: LinkAt) -> str:
    """The type a note made for this link should have: what its field links to, else a contact."""
    t = netmd_type(note)
    for found in note.links:
        if found.pos.start == link.start and found.field and t:
            kind = KINDS[t].get(found.field)
            if kind is not None and kind.link_to:
                return kind.link_to[0]
    return "contact"


class Session:
    """Every vault the editor has files open in, found from a file's folder upwards."""

    def __init__(self) -> None:
        self.vaults: dict[Path, VaultState] = {}

    def find(self, path: str) -> VaultState | None:
        root = find_root(Path(path).parent)
        if root is None:
            return None
        state = self.vaults.get(root)
        if state is None:
            state = self.vaults[root] = VaultState(root)
            state.refresh()
        return state

    def close(self) -> None:
        for state in self.vaults.values():
            state.close()
        self.vaults.clear()
