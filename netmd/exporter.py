"""`netmd export`: contacts as vCard 3.0, meetings and follow-ups as iCalendar, every note as JSON.

Each export is made from the index, is the same bytes for the same vault and `--today`,
and carries stable identifiers (from the note's path), so importing it again into an
address book or calendar updates entries instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from collections.abc import Iterable
from typing import Any

from netmd.clock import add_days
from netmd.index import Index
from netmd.method import FollowUp, Method
from netmd.names import MemoryNames, Names
from netmd.note import Note
from netmd.progress import Progress, counted
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


def vcard(index: Index, progress: Progress | None = None) -> bytes:
    """Every contact as a vCard 3.0: the standard properties address books read, the note's
    body as NOTE, and netmd's own fields as X-NETMD-… so that importing it gives them back."""
    from netmd.index import document
    from netmd.vcard import CARRIED, content_line, escape, prop_name, split_name

    entries = index.entries()
    names, titles = MemoryNames(entries), {e.path: e.name for e in entries}
    cards = []
    contacts = index.notes("contact")
    for note in counted(contacts, len(contacts), progress):
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
        body = document(index.vault, note.path)[2].replace("\r\n", "\n").rstrip()
        if body:
            lines.append(content_line("NOTE", escape(body)))
        for key in CARRIED:
            lines += [content_line(prop_name(key), escape(v)) for v in _carried_texts(note.get(key))]
        lines.append(content_line("END", "VCARD"))
        cards.append(b"".join(lines))
    return _printable(b"".join(cards))


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


def ics(
    method: Method, today: dt.date, todos: bool, index: Index | None = None, progress: Progress | None = None
) -> bytes:
    """Meetings as events in the vault's time zone, with their duration; follow-ups as all-day
    events (or VTODO with `todos`), a ticked one as done and a cancelled one as cancelled, so a
    calendar that imported it earlier updates it."""
    import icalendar

    zone = time_zone(index.vault.config.vault.get("timezone", "") if index else "")
    closed, times = _closed_and_times(method, index, progress) if index else ([], {})
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
        start = _time(m.time or times.get(m.path, ""))
        said = []
        if start is None:  # no time: the day, not blocked whole (the duration is said)
            event.add("dtstart", m.date)
            _add_end(event, m.date)
            event.add("transp", "TRANSPARENT")
            said.append(f"{m.minutes} minutes, no time set")
        else:
            event.add("dtstart", dt.datetime.combine(m.date, start, zone))
            event.add("duration", dt.timedelta(minutes=m.minutes))
        if m.location:
            event.add("location", m.location)
        event.add("description", "\n".join(x for x in (m.outcome, *said, f"netmd: {m.path}") if x))
        cal.add_component(event)
    seen: dict[tuple[str, str], int] = {}
    follow_ups: list[tuple[FollowUp, object]] = [(f, None) for f in method.follow_ups] + closed
    follow_ups.sort(key=lambda x: (x[0].due, x[0].path, x[0].pos.line))
    for f, state in follow_ups:
        n = seen[f.path, f.text] = seen.get((f.path, f.text), 0) + 1
        item = icalendar.Todo() if todos else icalendar.Event()
        item.add("uid", f"{uid(f.path, f.text, str(n))}@netmd")
        item.add("dtstamp", stamp)
        item.add("summary", f.text if state is None or state == "cancelled" else f"Done: {f.text}")
        if todos:
            item.add("dtstart" if f.scheduled else "due", f.due)  # ⏳ is when to start, not a deadline
        else:
            item.add("dtstart", f.due)
            _add_end(item, f.due)
            item.add("transp", "TRANSPARENT")  # a reminder, not busy time
        if state == "cancelled":
            item.add("status", "CANCELLED")
        elif state is not None:  # an event has no "done": its summary says so
            if todos:
                item["summary"] = icalendar.vText(f.text)
                item.add("status", "COMPLETED")
                done = state if isinstance(state, dt.date) else f.due
                completed = dt.datetime.combine(done, dt.time(), zone).astimezone(dt.timezone.utc)
                item.add("completed", completed)  # RFC 5545 §3.8.2.1: in UTC
                item.add("percent-complete", 100)
        item.add("description", f"netmd: {f.path}:{f.pos.line}")
        cal.add_component(item)
    if zone is not dt.timezone.utc:
        cal.add_missing_timezones()
    return _printable(bytes(cal.to_ical()))


def _printable(data: bytes) -> bytes:
    """A vCard or iCalendar file without the control characters a note's quoted text may hold
    (`"\\0"`, an escape): no text in either may (RFC 6350 §3.3, RFC 5545 §3.3.11), and a NUL
    ends the value in a reader written in C. CR, LF and tab are the format's own."""
    return _CONTROLS.sub(b"", data)


_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _closed_and_times(
    method: Method, index: Index, progress: Progress | None = None
) -> tuple[list[tuple[FollowUp, object]], dict[str, str]]:
    """In one pass over the notes: the ticked (state: the day it was done, or "done") and
    cancelled tasks with a date in netmd notes; and each meeting's `time` as written where YAML
    read it as something else (`time: 9:30` unquoted is the number 570 in YAML 1.1)."""
    from netmd.schema import netmd_type

    closed: list[tuple[FollowUp, object]] = []
    times: dict[str, str] = {}
    quiet = method.quiet_paths
    notes = index.notes()
    for n in counted(notes, len(notes), progress):
        t = netmd_type(n)
        if t is None or n.path in quiet:
            continue
        for task in n.tasks:
            due = task.due or task.scheduled
            if due and (task.done or task.cancelled):
                state = "cancelled" if task.cancelled else (task.done_on or "done")
                closed.append((FollowUp(n.path, True, due, task.text, task.pos, task.due is None), state))
        f = n.fields.get("time") if t == "meeting" else None
        if f is not None and not isinstance(f.value.data, str) and f.value.source:
            times[n.path] = f.value.source
    return closed, times


def time_zone(name: str) -> dt.tzinfo:
    """`[vault] timezone`, else the machine's (TZ, then /etc/localtime), else UTC."""
    import zoneinfo

    for key in [name] if name else [os.environ.get("TZ", "").removeprefix(":"), _machine_zone()]:
        if key.upper() in ("UTC", "ETC/UTC", "Z", "UTC0"):
            return dt.timezone.utc
        if key:
            try:
                return zoneinfo.ZoneInfo(key)
            except (ValueError, zoneinfo.ZoneInfoNotFoundError):
                pass
    return dt.timezone.utc


def _machine_zone() -> str:
    _, found, key = os.path.realpath("/etc/localtime").partition("/zoneinfo/")
    if found:
        return key
    try:
        with open("/etc/timezone", encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return ""


def _add_end(item: Any, day: dt.date) -> None:
    """An all-day item ends the next day; on 9999-12-31 there is none, and RFC 5545 §3.6.1 says
    a DATE start with no end lasts one day anyway."""
    end = add_days(day, 1)
    if end is not None:
        item.add("dtend", end)


def _time(text: str) -> dt.time | None:
    """`09:30` or `9:30` (24-hour clock); anything else is no time."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return dt.time(int(m.group(1)), int(m.group(2)))


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
