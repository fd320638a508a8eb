"""`netmd export`: contacts as vCard 3.0, meetings and follow-ups as iCalendar, every note as JSON.

Each export is made from the index, is the same bytes for the same vault and `--today`,
and carries stable identifiers (from the note's path), so importing it again into an
address book or calendar updates entries instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import Any

from netmd.clock import add_days
from netmd.index import Index
from netmd.method import Method
from netmd.names import MemoryNames, Names
from netmd.note import Note
from netmd.query import finite, plain

NAMESPACE = uuid.UUID("5b0e7bd2-4f38-4d55-9a0e-6e6574d64d00")  # netmd's: the same note, the same UID


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x00".join(parts)))


def _texts(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if isinstance(v, (str, int, float)) and str(v).strip()]


def _linked_names(note: Note, key: str, names: Names, titles: dict[str, str]) -> list[str]:
    out = []
    for target in _texts(note.get(key)):
        t = str(plain(target))
        found = names.resolve(t)
        out.append(titles.get(found[0].path, t) if len(found) == 1 else t)
    return out


def vcard(index: Index) -> bytes:
    """Every contact as a vCard 3.0: the standard properties address books read, the note's
    body as NOTE, and netmd's own fields as X-NETMD-… so that importing it gives them back."""
    from netmd.index import document
    from netmd.vcard import CARRIED, content_line, escape, prop_name, split_name

    entries = index.entries()
    names, titles = MemoryNames(entries), {e.path: e.name for e in entries}
    cards = []
    for note in index.notes("contact"):
        name = titles.get(note.path) or note.stem
        lines = [content_line("BEGIN", "VCARD"), content_line("VERSION", "3.0")]
        lines.append(content_line("PRODID", "-//netmd//netmd//EN"))
        lines.append(content_line("UID", uid(note.path)))
        lines.append(content_line("FN", escape(name)))
        given, family, suffix = split_name(name)
        own = [_texts(note.get(k))[:1] for k in ("given_name", "family_name")]
        if any(own):
            given, family, suffix = (own[0] or [""])[0], (own[1] or [""])[0], ""
        lines.append(content_line("N", ";".join(escape(x) for x in (family, given, "", "", suffix))))
        nicknames = _texts(note.get("aliases"))
        if nicknames:
            lines.append(content_line("NICKNAME", ",".join(escape(a) for a in nicknames)))
        orgs = _linked_names(note, "organization", names, titles)
        if orgs:
            lines.append(content_line("ORG", escape(orgs[0])))
        for key, prop in (("role", "TITLE"), ("email", "EMAIL;TYPE=INTERNET"), ("phone", "TEL")):
            lines += [content_line(prop, escape(v)) for v in _texts(note.get(key))]
        for key in ("linkedin", "website"):  # a URI, not text: no backslashes (Thunderbird keeps them)
            lines += [content_line("URL", "".join(v.split())) for v in _texts(note.get(key))]
        birthday = note.get("birthday")
        if isinstance(birthday, dt.date):
            lines.append(content_line("BDAY", birthday.isoformat()))
        lines += [content_line("ADR", ";;" + escape(a) + ";;;;") for a in _texts(note.get("address"))]
        tags = _texts(note.get("tags"))
        if tags:
            lines.append(content_line("CATEGORIES", ",".join(escape(t) for t in tags)))
        body = document(index.vault.root / note.path)[2].replace("\r\n", "\n").rstrip()
        if body:
            lines.append(content_line("NOTE", escape(body)))
        for key in CARRIED:
            lines += [content_line(prop_name(key), escape(v)) for v in _carried_texts(note.get(key))]
        lines.append(content_line("END", "VCARD"))
        cards.append(b"".join(lines))
    return b"".join(cards)


def _carried_texts(value: Any) -> list[str]:
    """A field's values as X-NETMD-… text: dates as ISO dates, checkboxes as true/false."""
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, (dt.date, str, int, float)) and str(v).strip():
            out.append(v.isoformat() if isinstance(v, dt.date) else str(v).strip())
    return out


def ics(method: Method, today: dt.date, todos: bool) -> bytes:
    """Meetings as events with their duration; follow-ups as all-day events (or VTODO with `todos`)."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//netmd//netmd//EN")
    cal.add("version", "2.0")
    stamp = dt.datetime.combine(today, dt.time(), dt.timezone.utc)  # the same bytes for the same --today
    for m in method.meetings:
        if m.date is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{uid(m.path)}@netmd")
        event.add("dtstamp", stamp)
        people = ", ".join(method.name(p) for p in m.with_) or method.name(m.path)
        event.add("summary", f"{m.kind.capitalize()} meeting with {people}")
        start = _time(m.time)
        if start is None:
            event.add("dtstart", m.date)
            _add_end(event, m.date)
        else:
            event.add("dtstart", dt.datetime.combine(m.date, start))  # floating: the time as written
            event.add("duration", dt.timedelta(minutes=m.minutes))
        if m.location:
            event.add("location", m.location)
        event.add("description", "\n".join(x for x in (m.outcome, f"netmd: {m.path}") if x))
        cal.add_component(event)
    seen: dict[tuple[str, str], int] = {}
    for f in method.follow_ups:
        n = seen[f.path, f.text] = seen.get((f.path, f.text), 0) + 1
        item = icalendar.Todo() if todos else icalendar.Event()
        item.add("uid", f"{uid(f.path, f.text, str(n))}@netmd")
        item.add("dtstamp", stamp)
        item.add("summary", f.text)
        if todos:
            item.add("due", f.due)
        else:
            item.add("dtstart", f.due)
            _add_end(item, f.due)
            item.add("transp", "TRANSPARENT")  # a reminder, not busy time
        item.add("description", f"netmd: {f.path}:{f.pos.line}")
        cal.add_component(item)
    return bytes(cal.to_ical())


def _add_end(item: Any, day: dt.date) -> None:
    """An all-day item ends the next day; on 9999-12-31 there is none, and RFC 5545 §3.6.1 says
    a DATE start with no end lasts one day anyway."""
    end = add_days(day, 1)
    if end is not None:
        item.add("dtend", end)


def _time(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if len(text) == 5 else None
    except ValueError:
        return None


def notes_json(notes: Iterable[Note], names: Names) -> str:
    """Every note with its fields, links (and the note each resolves to) and tasks, one a line."""
    from netmd.diagnostics import json_lines
    from netmd.schema import field_links, netmd_type

    def resolved(target: str) -> str | None:
        found = names.resolve(target) if target else []
        return found[0].path if len(found) == 1 else None

    def record(n: Note) -> str:
        data = {
            "path": n.path,
            "type": netmd_type(n),
            "fields": {k: finite(f.value.data) for k, f in n.fields.items()},  # strict JSON: no NaN
            "links": [
                {"target": x.target, "field": x.field, "line": x.pos.line, "resolves_to": resolved(x.target)}
                for x in (*n.links, *(x for x, _ in field_links(n) if x not in n.links), *n.mentions)
            ],  # a bare name in a link field (`with: Ada`) is a link too
            "tasks": [
                {"text": t.text, "done": t.done, "due": t.due, "line": t.pos.line} for t in n.tasks if not t.cancelled
            ],
        }
        return json.dumps(data, ensure_ascii=False, default=_json_default, allow_nan=False)

    return json_lines([record(n) for n in notes])


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)
