"""The daily loop's actions that write the vault: `thank`, `done`, `ask` and `log` (issue 15).

Each edits one note the way `lint --fix` does: only the bytes it changes, checked to read back
as meant, written atomically inside the vault, or with `dry_run` only described. Names are
looked up the same way everywhere (`lookup`): exact name or alias, then a unique prefix, else
an error with did-you-mean.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netmd.config import TYPE_FOLDERS
from netmd.errors import NetmdError
from netmd.fsutil import confine, write_atomic, write_new
from netmd.method import Method
from netmd.names import Entry
from netmd.note import Note
from netmd.parse import decode, parse_text
from netmd.schema import as_date
from netmd.vault import Vault


@dataclass(frozen=True)
class Edit:
    """What an action does to one file: its vault path, a sentence, and the new bytes."""

    path: str
    said: str
    data: bytes
    new: bool = False  # a new file (`log`), not an edit


def _text_of(vault: Vault, rel: str) -> tuple[Path, bytes, str]:
    path = confine(vault.root, vault.root / rel)
    raw = path.read_bytes()
    text, _ = decode(raw)
    if text is None:
        raise NetmdError(f"{rel}: not UTF-8 text; not changed")
    return path, raw, text


def _encode(raw: bytes, text: str) -> bytes:
    return (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + text.encode("utf-8")


def set_field(vault: Vault, rel: str, key: str, value: str) -> bytes:
    """The note at `rel` with `key: value` in its front matter: the value replaced where the key
    is, else a line added before the closing `---`. Every other byte stays; the result must
    read back with `key` as the date `value` and every other field as before."""
    _, raw, text = _text_of(vault, rel)
    before = parse_text(rel, text, vault.config.fields)
    if before.syntax:
        raise NetmdError(f"{rel}: its front matter does not parse; fix it first (netmd lint)")
    f = before.fields.get(key)
    if f is not None:
        start, end = f.value.start, f.value.end
        gap = " " if text[start - 1 : start] == ":" else ""  # `thanked:` with no value yet
        new = text[:start] + gap + value + text[end:]
    else:
        close = re.compile(r"^---[ \t]*\r?$", re.M)
        first = close.search(text)
        closing = close.search(text, first.end()) if first else None
        if closing is None:
            raise NetmdError(f"{rel}: no front matter to add {key}: to")
        at = closing.start()
        nl = "\r\n" if "\r\n" in text[:at] else "\n"
        new = text[:at] + f"{key}: {value}{nl}" + text[at:]
    after = parse_text(rel, new, vault.config.fields)
    same = {k: v.value.data for k, v in before.fields.items() if k != key}
    if (
        after.syntax
        or as_date(after.get(key)) != as_date(value)
        or same != {k: v.value.data for k, v in after.fields.items() if k != key}
    ):
        raise NetmdError(f"{rel}: adding {key}: {value} would change other fields; edit it by hand")
    return _encode(raw, new)


def thank(vault: Vault, method: Method, person: Entry, day: dt.date) -> Edit:
    """Set `thanked: day` on the latest meeting with `person`, on or before `day`, that lacks it
    (not a cancelled one, nor an interaction recorded with `netmd log`)."""
    candidates = [
        (m.date, m.path)
        for m in method.meetings_with.get(person.path, [])
        if m.date and m.date <= day and m.thanked is None and m.status != "cancelled" and not m.logged
    ]
    if not candidates:
        raise NetmdError(f"no meeting with {person.name} on or before {day} is waiting for a thank-you")
    met, rel = max(candidates)
    data = set_field(vault, rel, "thanked", day.isoformat())
    return Edit(rel, f"thanked {person.name} for the meeting of {met}: thanked: {day}", data)


def ask(vault: Vault, person: Entry, day: dt.date) -> Edit:
    """Record that you asked `person` for a meeting: `asked: day` on their note."""
    data = set_field(vault, person.path, "asked", day.isoformat())
    return Edit(person.path, f"asked {person.name} for a meeting: asked: {day}", data)


def done(vault: Vault, notes: Sequence[Note], words: str, day: dt.date) -> Edit:
    """Tick the one open task in a netmd note whose text contains `words`: `- [x] … ✅ day`."""
    key = " ".join(words.split()).casefold()
    found = [
        (n.path, t)
        for n in notes
        if n.get("type")
        for t in n.tasks
        if not t.done and not t.cancelled and key in " ".join(t.text.split()).casefold()
    ]
    if not found:
        raise NetmdError(f'no open task says "{words}"')
    if len(found) > 1:
        listed = "; ".join(f"{p}:{t.pos.line}: {t.text}" for p, t in found[:10])
        raise NetmdError(f'{len(found)} open tasks say "{words}", say which: {listed}')
    rel, task = found[0]
    _, raw, text = _text_of(vault, rel)
    at, end = task.pos.start, task.pos.end
    if text[at : at + 3] != "[ ]":
        raise NetmdError(f"{rel}:{task.pos.line}: the task changed since it was read; try again")
    line = text[at:end].rstrip("\r")
    new = text[:at] + "[x]" + line[3:] + f" ✅ {day.isoformat()}" + text[at + len(line) :]
    return Edit(rel, f"done: {task.text} ({rel}:{task.pos.line}) ✅ {day}", _encode(raw, new))


def log(vault: Vault, people: Sequence[Entry], day: dt.date, kind: str, note: str) -> Edit:
    """A short note of an interaction that is not a meeting (a call, an email, a coffee): it
    resets the keep-in-touch clock and owes no thank-you (`logged: true`)."""
    from netmd.newnote import safe_name, yaml_text

    title = safe_name(f"{day.isoformat()} {kind} {', '.join(p.stem for p in people)}")
    rel = f"{vault.config.folders[TYPE_FOLDERS['meeting']]}/{title}.md"
    with_ = "".join(f"  - {yaml_text('[[' + p.stem + ']]')}\n" for p in people)
    front = f"---\ntype: meeting\ndate: {day}\nwith:\n{with_}kind: {kind}\nstatus: held\nlogged: true\n---\n"
    text = front + (f"{note.strip()}\n" if note.strip() else "")
    names = ", ".join(p.name for p in people)
    return Edit(rel, f"logged a {kind} with {names} on {day}", text.encode("utf-8"), new=True)


def apply(vault: Vault, edit: Edit) -> None:
    """Write the edit: a new file never over an existing one, an edit atomically in place."""
    path = confine(vault.root, vault.root / edit.path)
    if edit.new:
        if os.path.lexists(path):
            raise NetmdError(f"{edit.path} exists already; netmd log never overwrites a note")
        write_new(path, edit.data, root=vault.root)
    else:
        write_atomic(path, edit.data, root=vault.root)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_day(text: str, today: dt.date, *, forward: bool) -> dt.date:
    """A `--date`: YYYY-MM-DD, `today`, `tomorrow`, `yesterday`, `+3d`/`-2d`, or a weekday name:
    the next one (today included) when planning `forward`, else the last one (for what was done)."""
    word = text.strip().casefold()
    try:
        if word in ("today", "tomorrow", "yesterday"):
            return today + dt.timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[word])
        m = re.fullmatch(r"([+-])(\d{1,4})d", word)
        if m:
            days = int(m.group(2))
            return today + dt.timedelta(days=days if m.group(1) == "+" else -days)
        matches = [i for i, d in enumerate(WEEKDAYS) if len(word) >= 3 and d.startswith(word)]
        if len(matches) == 1:
            step = (matches[0] - today.weekday()) % 7
            return today + dt.timedelta(days=step if forward else -((today.weekday() - matches[0]) % 7))
        return dt.date.fromisoformat(text.strip())
    except (ValueError, OverflowError):
        from netmd.errors import UsageError

        raise UsageError(
            f"--date {text!r}: expected a date like 2026-11-20, today, tomorrow, a weekday or +3d"
        ) from None


def perform(vault: Vault, today: dt.date, make: Callable[[Any], Edit], dry_run: bool) -> tuple[Edit, list[Any]]:
    """Make the edit from an up-to-date index (`make(index)`), then write it and lint the note
    again, or with `dry_run` only return it. Returns the edit and the note's diagnostics."""
    from netmd import lint
    from netmd.index import Index

    with Index(vault) as index:
        index.refresh()
        edit = make(index)
    if dry_run:
        return edit, []
    apply(vault, edit)
    diags, _ = lint.run(vault, today, {edit.path})
    return edit, [d for d in diags if d.path == edit.path]
