"""`netmd new`: a note from its template, with a safe file name, never over an existing file."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from netmd.config import TYPE_FOLDERS
from netmd.errors import NetmdError, UsageError
from netmd.fsutil import write_new
from netmd.graph import YOU, network
from netmd.method import Method
from netmd.render import render
from netmd.vault import Vault

# Characters that break Obsidian links or leave the folder (FACTS: # | ^ : %% [[ ]]), and controls.
_UNSAFE = re.compile(r"[\\/|#^:%\[\]*?\"<>]+|\.\.+")


def safe_name(name: str) -> str:
    """A note title fit to be a file name inside its folder: `../x` stays inside the vault."""
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in name)
    cleaned = " ".join(_UNSAFE.sub(" ", cleaned).split()).strip(" .")
    if not cleaned:
        raise UsageError(f"{name!r} leaves no name for a file; use letters or digits")
    return cleaned[:120]


_YAML_BREAKS = str.maketrans({"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"})


def yaml_text(value: Any) -> str:
    """A YAML scalar that reads back as this exact text (JSON strings are YAML strings; the
    characters YAML reads as line breaks are escaped too)."""
    return json.dumps(str(value), ensure_ascii=False).translate(_YAML_BREAKS)


def create(vault: Vault, note_type: str, title: str, data: dict[str, Any]) -> Path:
    """Render `<note_type>.md.j2` and write `<folder>/<title>.md`; an existing file is an error."""
    name = safe_name(title)
    folder = vault.root / str(vault.config.folders[TYPE_FOLDERS[note_type]])
    path = folder / f"{name}.md"
    if not path.resolve().is_relative_to(vault.root):
        raise UsageError(f"{title!r} would leave the vault")
    if path.exists():
        raise NetmdError(f"{path} exists already; netmd new never overwrites a note")
    text = render(vault, note_type, {"title": name, "q": yaml_text, **data})
    try:
        write_new(path, text.encode())
    except FileExistsError:
        raise NetmdError(f"{path} exists already; netmd new never overwrites a note") from None
    return path


def new_meeting(vault: Vault, name: str, when: dt.date, options: dict[str, Any], progress: Any = None) -> Path:
    """A meeting note with `name` (a contact) on `when`, prepared from everything the vault knows."""
    from netmd.index import Index, document
    from netmd.views import method_of

    with Index(vault, progress=progress) as index:
        index.refresh()
        names = index.names()
        found = [e for e in names.resolve(name) if e.type == "contact"]
        if len(found) != 1:
            hint = names.suggest(name) if not found else f" ({len(found)} contacts have that name: use a path)"
            raise NetmdError(f'no contact "{name}"{hint}; create it with `netmd new contact`')
        method = method_of(index, when)
        pitches = sorted(index.notes("pitch"), key=lambda n: (str(n.get("updated") or ""), n.path))
    pitch = document(vault, pitches[-1].path)[2] if pitches else ""
    data = {**meeting_data(method, found[0].path, when, pitch), "date": when.isoformat(), **options}
    return create(vault, "meeting", f"{when.isoformat()} {data['contact']}", data)


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
        "thank_you_due": str(day + dt.timedelta(days=m.config.method["thank_you_within_days"])),
    }
