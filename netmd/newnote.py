"""`netmd new`: a note from its template, with a safe file name, never over an existing file."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from netmd.clock import add_days_within
from netmd.config import TYPE_FOLDERS
from netmd.errors import NetmdError, UsageError
from netmd.fsutil import confine, write_new
from netmd.graph import YOU, network
from netmd.lookup import find_people
from netmd.method import Method
from netmd.names import Entry, Names, name_key
from netmd.render import render
from netmd.textutil import a
from netmd.vault import Vault

# Characters that break Obsidian links or leave the folder (FACTS: # | ^ : %% [[ ]]), and controls.
_UNSAFE = re.compile(r"[\\/|#^:%\[\]*?\"<>]+|\.\.+")


NAME_BYTES = 200


def safe_name(name: str) -> str:
    """A note title fit to be a file name inside its folder: `../x` stays inside the vault."""
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in name)
    cleaned = " ".join(_UNSAFE.sub(" ", cleaned).split()).strip(" .")
    if not cleaned:
        raise UsageError(f"{name!r} leaves no name for a file; use letters or digits")
    # at most 120 characters and 200 UTF-8 bytes: with " 99" and ".md" still a legal file name (255 bytes)
    return cleaned[:120].encode("utf-8")[:NAME_BYTES].decode("utf-8", "ignore").rstrip(" .")


_YAML_BREAKS = str.maketrans({"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"})


def yaml_text(value: Any) -> str:
    """A YAML scalar that reads back as this exact text (JSON strings are YAML strings; the
    characters YAML reads as line breaks are escaped too)."""
    return json.dumps(str(value), ensure_ascii=False).translate(_YAML_BREAKS)


def create(vault: Vault, note_type: str, title: str, data: dict[str, Any]) -> Path:
    """Render `<note_type>.md.j2` and write `<folder>/<title>.md`; an existing file is an error."""
    name = safe_name(title)
    folder = vault.root / str(vault.config.folders[TYPE_FOLDERS[note_type]])
    path = confine(vault.root, folder / f"{name}.md")
    if os.path.lexists(path):
        raise NetmdError(f"{path} exists already; netmd new never overwrites a note")
    text = render(vault, note_type, {"title": name, "q": yaml_text, **data})
    text = as_obsidian(vault, str(path.relative_to(vault.root)), text, title.strip(), name)
    try:
        write_new(path, text.encode(), root=vault.root)
    except FileExistsError:
        raise NetmdError(f"{path} exists already; netmd new never overwrites a note") from None
    return path


def as_obsidian(vault: Vault, path: str, text: str, title: str, name: str) -> str:
    """A rendered note as the vault writes it: `title` kept in `aliases` when the file name had
    to differ (Obsidian finds a note by file name and aliases only), and the front matter's keys
    under the vault's own names (`[fields]`)."""
    text = rename_keys(text, vault.config.fields)
    return with_alias(path, text, title, vault.config.fields) if title != name and title else text


def with_alias(path: str, text: str, alias: str, field_map: Mapping[str, str]) -> str:
    """`text` with `aliases:` listing `alias`, added before the closing `---` when the template
    wrote no `aliases` (one that did is left as the template says)."""
    from netmd.parse import parse_text, split

    where = split(text)
    if not isinstance(where, tuple) or "aliases" in parse_text(path, text, field_map).fields:
        return text
    key = next((own for own, netmd in field_map.items() if netmd == "aliases"), "aliases")
    closing = int(where[1])
    nl = "\r\n" if "\r\n" in text[:closing] else "\n"
    return text[:closing] + f"{key}:{nl}  - {yaml_text(alias)}{nl}" + text[closing:]


_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)([ \t]*:)", re.M)


def rename_keys(text: str, field_map: Mapping[str, str]) -> str:
    """`text` with each top-level front matter key netmd names written as the vault's own key
    (`[fields] org = "organization"`: `organization:` becomes `org:`); the body is left alone."""
    own = {netmd: key for key, netmd in field_map.items() if netmd != key}
    if not own or not text.startswith("---"):
        return text
    end = text.find("\n---", 3)
    if end < 0:
        return text
    head = _KEY_LINE.sub(lambda m: own.get(m.group(1), m.group(1)) + m.group(2), text[:end])
    return head + text[end:]


def _link_text(names: Names, value: str, kind: str) -> str:
    """What goes between `[[` and `]]` for an option naming a note of `kind`: the name as typed
    when it is the note's file name; else the file name with the typed name as its label
    (`Acme, Inc.` is the note `Acme, Inc.md`), or the path when the file name is not unique,
    so that Obsidian resolves the link as netmd does."""
    value = value.strip()
    found = [e for e in find(names, value) if e.type == kind] or find(names, value)
    # (none yet: `--create-missing` writes it under its safe name)
    link = unique_link(names, found[0].path) if len(found) == 1 else safe_name(value)
    if "|" in link:
        return link
    label = " ".join(value.replace("[", " ").replace("]", " ").split())  # (a `]` would end the link)
    return link if name_key(link) in (name_key(value), name_key(label)) else f"{link}|{label}"


# The links each `netmd new` option writes, and the type of note each must name.
LINKS: dict[str, dict[str, str]] = {
    "contact": {"organization": "organization", "referred_by": "contact"},
    "opportunity": {"organization": "organization", "via": "contact"},
}
OPTIONS = {"organization": "--org", "referred_by": "--referred-by", "via": "--via"}  # as `netmd new` spells them
# What a note created only because another one links to it says.
BARE: dict[str, dict[str, Any]] = {
    "contact": {"list": "B", "organization": None, "role": None, "email": None, "referred_by": None},
    "organization": {"target": False, "stage": "researching", "industry": None},
}


def find(names: Names, value: str) -> list[Entry]:
    """The notes a name typed on the command line means: as a link to it resolves, else by the
    file name `new` would give it, an alias or a `name:` (`AC/DC` is `AC DC.md`, aliased `AC/DC`,
    though `[[AC/DC]]` would be a path)."""
    found = names.find(value)
    if found:
        return found
    try:
        safe = safe_name(value)
    except UsageError:  # (a name with no letters: nothing can be called so)
        return []
    return names.find(safe)


def _twin(names: Names, title: str) -> None:
    """Refuse a second note of a name, in any folder: links resolve by file name case-insensitively
    (as Obsidian does on macOS and Windows) and by `aliases`, so `zed one` would be `Zed One.md`;
    and a note called so in its `name:` is that person too."""
    found = find(names, title)
    if found:
        where = ", ".join(e.path for e in found)
        raise NetmdError(
            f'"{title}" is {where} already; netmd new never overwrites a note, nor makes a second one of a name'
        )


def _no_other_kind(names: Names, note_type: str, data: Mapping[str, Any]) -> None:
    """Refuse an option that names a note of another type (`--org "Bon Scott"`, a contact), several
    notes, or one new name for two types: its link would be one lint reports (NM303, NM302)."""
    wanted: dict[str, str] = {}
    for key, kind in LINKS.get(note_type, {}).items():
        if not data.get(key):
            continue
        value = str(data[key])
        found = find(names, value)
        if found and not any(e.type in (kind, None) for e in found):  # (a vault's own note may be linked)
            what = ", ".join(f"{e.path} ({a(str(e.type))})" for e in found)
            raise NetmdError(f'{OPTIONS[key]} "{value}" is {what}, not {a(kind)}')
        same = [e for e in found if e.type == kind] or [e for e in found if e.type is None]
        if len(same) > 1:
            where = ", ".join(e.path for e in same)
            raise NetmdError(f'{OPTIONS[key]} "{value}" names {len(same)} notes: {where}; use a path')
        if not found and wanted.setdefault(name_key(value.strip()), kind) != kind:
            raise NetmdError(f'"{value}" cannot be both {a(wanted[name_key(value.strip())])} and {a(kind)}')


def new_note(
    vault: Vault, note_type: str, title: str, data: dict[str, Any], *, create_missing: bool = False
) -> list[tuple[Path, str]]:
    """`create`, after checking what the note will say: its name is new, and every note its
    options link to exists (else, with `create_missing`, is created too). Returns each path
    written with why: the note first, then the notes created for its links."""
    from netmd.index import Index

    with Index(vault) as index:
        index.refresh()
        names = index.names()
        _twin(names, title)
        _no_other_kind(names, note_type, data)
        missing = [
            (key, kind, str(data[key]))
            for key, kind in LINKS.get(note_type, {}).items()
            if data.get(key) and not find(names, str(data[key]))
        ]
        if missing and not create_missing:
            said = "; ".join(f'no {kind} "{value}"{names.suggest(value)}' for _, kind, value in missing)
            raise NetmdError(f"{said}; fix the name, or pass --create-missing to create the note")
        links = {
            key: _link_text(names, str(data[key]), kind)
            for key, kind in LINKS.get(note_type, {}).items()
            if data.get(key)
        }
        data = {**data, **links}
    written = [(create(vault, note_type, title, data), "")]
    made: set[str] = set()
    for key, kind, value in missing:
        if value.casefold() not in made:
            made.add(value.casefold())
            bare = {**BARE[kind], "today": data.get("today")}
            written.append((create(vault, kind, value, bare), OPTIONS[key]))
    return written


def new_meeting(
    vault: Vault, name: str | tuple[str, ...], when: dt.date, options: dict[str, Any], progress: Any = None
) -> Path:
    """A meeting note with `name` (a contact, or several) on `when`, prepared from everything the vault knows."""
    from netmd.index import Index, document
    from netmd.views import method_of

    with Index(vault, progress=progress) as index:
        index.refresh()
        names = index.names()
        people = find_people(names, index.entries, name, vault.config.key("type"))  # (entries read only if asked)
        stems = [e.path.rsplit("/", 1)[-1][:-3] for e in people]
        links = [unique_link(names, e.path) for e in people]
        _twin(names, f"{when.isoformat()} {', '.join(stems)}")
        method = method_of(index, when)
        pitches = sorted(index.notes("pitch"), key=lambda n: (str(n.get("updated") or ""), n.path))
    pitch = document(vault, pitches[-1].path)[2] if pitches else ""
    data = {**meeting_data(method, people[0].path, when, pitch), "date": when.isoformat(), **options}
    data["contacts"] = links
    data.update(meeting_prep(vault, method, people[0].path, when))
    return create(vault, "meeting", f"{when.isoformat()} {', '.join(stems)}", data)


def meeting_prep(vault: Vault, method: Method, contact: str, when: dt.date) -> dict[str, Any]:
    from netmd.prep import prep

    return prep(vault, method, contact, when)


def unique_link(names: Names, path: str) -> str:
    """What goes between `[[` and `]]` to name the note at `path`: its file name, or, when another
    note has that file name too (`People/Kevin Kelly.md` beside `contacts/Kevin Kelly.md`), its
    path with the file name as label, so that the link is not ambiguous (NM302)."""
    stem = path.rsplit("/", 1)[-1][:-3]
    return stem if len(names.resolve(stem)) <= 1 else f"{path[:-3]}|{stem}"


def meeting_data(m: Method, contact: str, day: dt.date, pitch: str) -> dict[str, Any]:
    """What the meeting template prepares: the contact's card, earlier meetings, open follow-ups."""
    c = m.contacts[contact]
    net = network(m)
    how = net["edges"].get(YOU, {}).get(contact, "")
    referred = [m.name(p) for p in c.referred_by]
    earlier = [
        {"date": str(x.date), "kind": x.kind, "outcome": x.outcome, "note": x.path.rsplit("/", 1)[-1][:-3]}
        for x in reversed(m.meetings_with.get(contact, []))
        if x.date and x.date <= day
    ]
    follow_ups = [
        {"text": f.text, "due": str(f.due)}
        for f in m.follow_ups
        if f.path == contact or (f.path in m.meeting_at and contact in m.meeting_at[f.path].with_)
    ]
    return {
        "contact": contact.rsplit("/", 1)[-1][:-3],
        "name": c.name,
        "role": c.role,
        "list": c.list or "",
        "organizations": [m.name(p) for p in c.organizations],
        "how": how or "not met yet",
        "referred_by": referred,
        "earlier": earlier,
        "follow_ups": follow_ups,
        "pitch": pitch.strip(),
        "thank_you_due": str(add_days_within(day, m.config.method["thank_you_within_days"])),
    }
