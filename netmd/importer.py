"""`netmd import`: people from other tools become contacts, merged with the ones you have.

A person who already has a note (same LinkedIn URL, else an email, else the name) is
merged: the properties the note lacks are added by byte-range edits (`properties`), the
ones you set are kept and a difference is reported. The plan is made first, from the
index, and printed; nothing is written on a dry run, and every write is atomic.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netmd.config import TYPE_FOLDERS
from netmd.errors import NetmdError, UsageError
from netmd.fsutil import confine, note_file, write_back, write_new_many
from netmd.names import EMAIL, LINKEDIN, NAME, PATH, STEM, TITLE, Entry, MemoryNames, name_key, norm_url
from netmd.newnote import rename_keys, safe_name, yaml_text
from netmd.note import Note
from netmd.parse.source import MAX_BYTES
from netmd.people import Person, Problem
from netmd.properties import with_fields
from netmd.query import plain
from netmd.render import renderer
from netmd.vault import Vault

PROGRESS_FROM = 2000  # new notes to write before a terminal is shown progress
# compared with what you have, and added where a note lacks them
MERGED = ("organization", "role", "email", "phone", "linkedin", "website", "aliases", "birthday", "address")


@dataclass
class Change:
    path: str  # vault-relative
    source: str  # where the person came from
    new: bool
    fields: dict[str, Any]  # a new note: all of them; a merge: the ones to add
    original: bytes = b""  # a merge: the bytes the plan was made from
    body: str | None = None  # a new note from a card netmd exported: its body, instead of the template's
    more: str = ""  # a new note: the file's note and further links, after the template's body


@dataclass
class Plan:
    source: str
    people: int
    contacts: dict[str, Change] = field(default_factory=dict)  # path → change, new or merged
    organizations: dict[str, tuple[str, str, dict[str, Any]]] = field(
        default_factory=dict
    )  # new: path → (title, name, fields)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class Planner:
    """Matches people against the vault's contacts (and the ones this import creates)."""

    def __init__(self, vault: Vault, entries: Iterable[Entry], contacts: Iterable[Note], today: dt.date) -> None:
        self.vault, self.today = vault, today
        self.names = MemoryNames(entries)
        self.notes = {n.path: n for n in contacts}
        self.taken = {k for (kind, k) in self.names.table if kind == PATH}  # folded paths without .md
        self.folders = {t: str(vault.config.folders[TYPE_FOLDERS[t]]) for t in ("contact", "organization")}

    def plan(
        self, source: str, people: list[Person], problems: list[Problem], list_: str | None, tags: list[str]
    ) -> Plan:
        out = Plan(source, len(people), problems=list(problems))
        for p in people:
            if p.is_organization:
                self.company(p, out)
                continue
            found = self.match(p, out)
            if found is None:
                continue  # ambiguous: reported
            if found:
                self.merge(p, found, out)
            else:
                self.add(p, out, list_, tags)
        return out

    def match(self, p: Person, plan: Plan) -> str | None:
        """The path of the contact `p` is, "" for nobody, None when several could be."""
        candidates: list[Entry] = []
        if p.linkedin:
            candidates = self.names.lookup(LINKEDIN, norm_url(p.linkedin))
        for email in p.emails:
            candidates = candidates or self.names.lookup(EMAIL, email.lower())
        if not candidates:
            candidates = self.named(p.name, "contact")
            if p.linkedin:  # the same name with another LinkedIn profile is another person
                candidates = [e for e in candidates if not e.linkedin or e.linkedin == norm_url(p.linkedin)]
        paths = sorted({e.path for e in candidates})
        if len(paths) > 1:
            plan.problems.append(
                Problem(p.source, f"skipped: {p.name} could be any of {', '.join(paths)}; not merged", True)
            )
            return None
        return paths[0] if paths else ""

    def named(self, name: str, note_type: str) -> list[Entry]:
        """The notes of `note_type` called `name` (by file name, else by alias or name), read as a
        name and never as a link's path: `WB Games / Avalanche` is the company whose note is
        `WB Games Avalanche.md`, not a note in a folder `WB Games `."""
        key = name_key(name.strip())
        for kind in (STEM, NAME, TITLE):
            found = [e for e in self.names.lookup(kind, key) if e.type == note_type]
            if found:
                return found
        return []

    def incoming(self, p: Person) -> dict[str, Any]:
        """What the file says of a person, as contact fields (the organization by its name)."""
        values = {
            "organization": p.organization,
            "role": p.role,
            "email": p.emails,
            "phone": p.phones,
            "linkedin": p.linkedin,
            "website": p.website,
            "aliases": p.aliases,
            "birthday": p.birthday,
            "address": p.address,
        }
        return {k: v for k, v in values.items() if v}

    def add(self, p: Person, plan: Plan, list_: str | None, tags: list[str]) -> None:
        try:
            title = self.free(self.folders["contact"], safe_name(p.name))
        except UsageError:
            plan.problems.append(Problem(p.source, f"skipped: {p.name!r} leaves no name for a file", True))
            return
        path = f"{self.folders['contact']}/{title}.md"
        own = p.fields
        fields = {
            "list": list_ or p.contact_list or "B",
            "name": p.name if p.name != title else None,
            **self.incoming(p),
            **_split_names(p),
            **{k: v for k, v in own.items() if k != "created"},
            "tags": list(dict.fromkeys([*tags, *p.tags])),
            "created": own.get("created") or p.created or self.today,
            "connected": p.connected,
        }
        if p.name != title:  # Obsidian finds a note by its file name and aliases only
            fields["aliases"] = list(dict.fromkeys([p.name, *p.aliases]))
        if p.organization:
            fields["organization"] = self.link(p, plan)
        kept = {k: v for k, v in fields.items() if v or v is False}
        plan.contacts[path] = Change(path, p.source, True, kept, body=p.body, more=_more(p))
        self.remember(path, p)

    def company(self, p: Person, plan: Plan) -> None:
        """A company's card or row: its organization note (found, or new), never a contact."""
        found = self.named(p.name, "organization")
        dropped = [k for k, v in (("email", p.emails), ("phone", p.phones), ("role", p.role)) if v]
        if dropped:
            plan.problems.append(
                Problem(
                    p.source, f"a company: {', '.join(dropped)} not kept (an organization has no such field)", False
                )
            )
        if found:
            plan.unchanged.append(found[0].path)
            return
        self.organization(p.name, p, plan, {"website": p.website})

    def merge(self, p: Person, path: str, plan: Plan) -> None:
        pending = plan.contacts.get(path)  # the same person seen earlier in the file
        have = {} if pending is not None and pending.new else {k: self.notes[path].get(k) for k in MERGED}
        have.update(pending.fields if pending else {})
        add: dict[str, Any] = {}
        where = f"in {pending.source}" if pending is not None and pending.new else "in the vault"
        for key, theirs in self.incoming(p).items():
            ours = have.get(key)
            if ours is None or ours == "" or ours == []:
                add[key] = self.link(p, plan) if key == "organization" else theirs
            elif not self.same(key, ours, theirs):
                plan.conflicts.append(
                    f"{path}: {key} is {_shown(ours)} {where}, {_shown(theirs)} in {p.source} (yours kept)"
                )
        add = {k: v for k, v in add.items() if v}
        if not add:
            plan.unchanged.append(path)
        elif pending is not None and pending.new:
            pending.fields.update(add)
        else:
            change = pending or Change(path, p.source, False, {}, (self.vault.root / path).read_bytes())
            written = self.writable(change, {**change.fields, **add}, p, plan)
            if written:
                change.fields = written
                plan.contacts[path] = change
            else:
                plan.unchanged.append(path)
        self.remember(path, p)

    def writable(self, change: Change, fields: dict[str, Any], p: Person, plan: Plan) -> dict[str, Any]:
        """Those of `fields` the merge will write into the note (as `apply` will), so the report
        names no field that is not written; an empty value the note spells some other way
        (`email: []`) is left alone, and said."""
        try:
            text = change.original.decode("utf-8")
            added = with_fields(change.path, text, fields, self.vault.config.fields)[1]
        except (NetmdError, UnicodeDecodeError) as e:
            plan.problems.append(Problem(p.source, f"skipped: {change.path}: {e}; not merged", True))
            return {}
        for key in [k for k in fields if k not in added and k not in change.fields]:
            plan.problems.append(
                Problem(
                    p.source,
                    f"{change.path}: {key} is empty in a way netmd does not fill; {_shown(fields[key])} not merged",
                    False,
                )
            )
        return {k: fields[k] for k in added}

    def remember(self, path: str, p: Person) -> None:
        """Let later rows find this contact by its LinkedIn URL and emails too."""
        emails = tuple(m.lower() for m in p.emails)
        self.names.add(Entry(path, "contact", p.name, (p.name,), emails, norm_url(p.linkedin)))
        self.taken.add(path[:-3].casefold())

    def link(self, p: Person, plan: Plan) -> str | None:
        """A link to the organization note for `p`'s company: an existing one, or one this import
        creates; None when the company's name leaves no name for a file (reported)."""
        company = p.organization
        found = self.named(company, "organization")
        if found:
            return f"[[{found[0].stem}]]"
        title = self.organization(company, p, plan, {})
        return f"[[{title}]]" if title else None

    def organization(self, company: str, p: Person, plan: Plan, fields: dict[str, Any]) -> str | None:
        """A new organization note's title; None when `company` leaves no name for a file (said)."""
        try:
            title = safe_name(company)
        except UsageError:
            plan.problems.append(
                Problem(p.source, f"organization {company!r} leaves no name for a file; left out", False)
            )
            return None
        title = self.free(self.folders["organization"], title)
        path = f"{self.folders['organization']}/{title}.md"
        plan.organizations[path] = (title, company, {k: v for k, v in fields.items() if v})
        self.names.add(Entry(path, "organization", company, (company,), (), ""))
        self.taken.add(path[:-3].casefold())
        return title

    def same(self, key: str, ours: Any, theirs: Any) -> bool:
        """Whether the vault's value already says what the file says (a list: every value of the file)."""

        def norm(v: Any, ours: bool) -> set[str]:
            values = v if isinstance(v, list) else [v]
            if key == "phone":
                return {re.sub(r"[^\d+]", "", str(x)) for x in values}
            if key in ("linkedin", "website"):
                return {norm_url(x) for x in values}
            if key == "organization":  # the note: yours is a link, the file's a company's name
                targets = [str(plain(x)) for x in values]
                found = [self.names.resolve(t) if ours else self.named(t, "organization") for t in targets]
                return {e.path for es in found for e in es} or {t.strip().casefold() for t in targets}
            return {str(plain(x)).strip().casefold() for x in values}

        return norm(theirs, False) <= norm(ours, True)

    def free(self, folder: str, title: str) -> str:
        """`title`, or `title 2`, `title 3`… when a note of that name is there already."""
        candidate, n = title, 1
        while (
            f"{folder}/{candidate}".casefold() in self.taken or (self.vault.root / folder / f"{candidate}.md").exists()
        ):
            n += 1
            candidate = f"{title} {n}"
        return candidate


def _split_names(p: Person) -> dict[str, str]:
    """`given_name` and `family_name`, when the file splits the name otherwise than `export vcard`
    would guess from it (`Ludwig` `van Beethoven`, `Jean-Luc` `Picard` of `Jean-Luc Picard, PhD`)."""
    from netmd.vcard import split_name

    if not (p.given or p.family) or split_name(p.name)[:2] == (p.given, p.family):
        return {}
    return {"given_name": p.given, "family_name": p.family}


def _more(p: Person) -> str:
    """What the file says of the person in words, and the web addresses no field holds, for the body."""
    links = "".join(f"- <{u}>\n" for u in p.links)
    return "\n\n".join(x for x in (p.note.strip().replace("\r\n", "\n"), links.rstrip()) if x)


def _shown(value: Any) -> str:
    values = value if isinstance(value, list) else [value]
    return ", ".join(yaml_text(plain(v)) for v in values)


def apply(vault: Vault, plan: Plan, today: dt.date, progress: Any = None) -> list[str]:
    """Write the plan: new organizations and contacts (all synced to disk at once), then merges.
    Returns the errors; a note is either written whole or not at all."""
    errors: list[str] = []
    notes: dict[Path, bytes] = {}
    # each template found and compiled once, when first needed (as often as there are new notes)
    template = functools.cache(functools.partial(renderer, vault))

    def add(path: str, text: str, fields: dict[str, Any]) -> None:
        try:
            data = with_fields(path, rename_keys(text, vault.config.fields), fields, vault.config.fields)[0].encode()
        except NetmdError as e:
            errors.append(f"{path}: {e}")
            return
        if len(data) > MAX_BYTES:  # a note netmd would not read: lint's error, and a new copy each import
            errors.append(
                f"{path}: {len(data):,} bytes, more than a note may hold ({MAX_BYTES // 1024} KiB); not written"
            )
            return
        notes[vault.root / path] = data

    for path, (title, name, fields) in plan.organizations.items():
        data = {"title": title, "q": yaml_text, "target": False, "stage": "researching", "industry": None}
        text = template("organization")({**data, "today": today.isoformat()})
        add(path, text, {"name": name, "aliases": [name], **fields} if name != title else fields)
    for change in plan.contacts.values():
        if change.new:
            add(change.path, _contact(template, change), change.fields)
    for folder in sorted({target.parent for target in notes}):  # a new name cannot be a link: its folder can
        confine(vault.root, folder)
    for target, e in write_new_many(notes, progress if len(notes) >= PROGRESS_FROM else None).items():
        path = target.relative_to(vault.root).as_posix()
        errors.append(f"{path} was created meanwhile; left alone" if isinstance(e, FileExistsError) else f"{path}: {e}")
    for change in plan.contacts.values():
        if not change.new:
            errors += _merge(vault, change)
    return errors


def _contact(template: Callable[[str], Callable[[dict[str, Any]], str]], change: Change) -> str:
    """The contact template rendered with what it asks for; `with_fields` adds the rest. A card
    netmd exported brings the note's own body, and its fields alone make the front matter."""
    if change.body is not None:
        return "---\ntype: contact\n---\n" + (change.body + "\n" if change.body else "")
    f = change.fields
    title = change.path.rsplit("/", 1)[1][:-3]
    org = f.get("organization", "")[2:-2] or None
    data = {"title": title, "q": yaml_text, "list": f["list"], "organization": org, "role": f.get("role")}
    text = template("contact")({**data, "email": None, "referred_by": None, "today": f["created"].isoformat()})
    return text if not change.more else text.rstrip("\n") + "\n\n" + change.more + "\n"


def _merge(vault: Vault, change: Change) -> list[str]:
    target = vault.root / change.path
    try:
        data = target.read_bytes()
        if data != change.original:
            return [f"{change.path} changed while importing; not merged (run the import again)"]
        text = with_fields(change.path, data.decode("utf-8"), change.fields, vault.config.fields)[0]
        # (a read-only note is left alone, as the actions leave it; one with other hard links keeps them)
        write_back(note_file(vault.root, change.path), text.encode())
    except (NetmdError, OSError) as e:
        return [f"{change.path}: {e}"]
    return []


def report(plan: Plan, dry_run: bool, shown: Callable[[str], str] = str) -> str:
    """The plan as lines for people: what is new, merged, in conflict and skipped, then a summary;
    `shown` turns a vault-relative path into the one printed."""
    out = [f"dry run: {plan.source} would change the vault as follows (nothing written)"] if dry_run else []
    out += [f"new organization  {shown(path)}" for path in plan.organizations]
    for c in plan.contacts.values():
        if c.new:
            out.append(f"new contact       {shown(c.path)}  ({c.source})")
        else:
            out.append(f"merged            {shown(c.path)}  + {', '.join(c.fields)}  ({c.source})")
    out += [f"conflict          {c}" for c in plan.conflicts]
    out += [
        f"{'skipped' if p.skipped else 'warning':<17} {p.where}: {p.message.removeprefix('skipped: ')}"
        for p in plan.problems
    ]
    new = sum(c.new for c in plan.contacts.values())
    counts = [
        _count(new, "new contact"),
        _count(len(plan.organizations), "new organization"),
        f"{len(plan.contacts) - new} merged",
        f"{len(plan.unchanged)} unchanged",
        _count(len(plan.conflicts), "conflict"),
        f"{sum(p.skipped for p in plan.problems)} skipped",
    ]
    out.append(f"{plan.source}: {plan.people} people: " + ", ".join(counts))
    return "\n".join(out) + "\n"


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def run(
    vault: Vault,
    kind: str,
    file: Path,
    options: dict[str, Any],
    today: dt.date,
    progress: Any = None,
    writing: Any = None,
) -> tuple[str, list[str]]:
    """Read `file`, plan against the vault, write unless `dry_run`: (report, errors).
    `progress` is told how indexing goes, `writing` how writing many new notes goes."""
    from netmd.index import Index
    from netmd.readers import read

    people, problems = read(kind, file, options.get("encoding"))
    if not people:
        skipped = "".join(f"\n  {p.where}: {p.message}" for p in problems[:20])
        raise NetmdError(f"{file.name}: no people found; nothing written{skipped}")
    with Index(vault, progress=progress) as index:
        index.refresh()
        planner = Planner(vault, index.entries(), index.notes("contact"), today)
    plan = planner.plan(file.name, people, problems, options.get("list_"), list(options.get("tags", ())))
    errors = [] if options.get("dry_run") else apply(vault, plan, today, writing)
    from netmd.shown import from_here

    return report(plan, bool(options.get("dry_run")), from_here(vault.root)), errors
