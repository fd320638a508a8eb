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
from typing import TYPE_CHECKING, Any

from netmd.clock import iso_day
from netmd.config import TYPE_FOLDERS
from netmd.errors import NetmdError, UsageError
from netmd.fsutil import confine, note_file, write_back, write_new
from netmd.method import Meeting
from netmd.names import Entry, Names, name_rows
from netmd.note import Note, Task
from netmd.parse import decode, parse, parse_text
from netmd.schema import as_date
from netmd.vault import Vault

if TYPE_CHECKING:
    from netmd.index import Index


@dataclass(frozen=True)
class Edit:
    """What an action does to one file: its vault path, a sentence, the new bytes, and the
    bytes it was made from (written only if the file still holds them)."""

    path: str
    said: str
    data: bytes
    new: bool = False  # a new file (`log`), not an edit
    before: bytes = b""


def _text_of(vault: Vault, rel: str) -> tuple[Path, bytes, str]:
    path = note_file(vault.root, rel)
    raw = path.read_bytes()
    text, _ = decode(raw)
    if text is None:
        raise NetmdError(f"{rel}: not UTF-8 text; not changed")
    return path, raw, text


def _encode(raw: bytes, text: str) -> bytes:
    return (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + text.encode("utf-8")


def set_field(vault: Vault, rel: str, key: str, value: str) -> tuple[bytes, bytes]:
    """The note at `rel` with `key: value` in its front matter, and its bytes before: the value
    replaced where the key is, else a line added before the closing `---`. Every other byte
    stays; the result must read back with `key` as the date `value` and every other field as before."""
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
    if after.syntax and f is None:  # (a front matter written as one flow mapping `{type: contact}`, say)
        raise NetmdError(f"{rel}: a line {key}: {value} does not fit its front matter; add it by hand")
    same = {k: v.value.data for k, v in before.fields.items() if k != key}
    if (
        after.syntax
        or as_date(after.get(key)) != as_date(value)
        or same != {k: v.value.data for k, v in after.fields.items() if k != key}
    ):
        raise NetmdError(f"{rel}: adding {key}: {value} would change other fields; edit it by hand")
    return _encode(raw, new), raw


def meetings_of(index: Index, person: Entry) -> list[Meeting]:
    """The meetings with `person`, from the facts of the notes that link to them (not the
    whole vault's: on 40,000 notes that is most of the time `thank` took)."""
    paths = index.linking_to(name_rows(person))
    return [f.meeting for f in index.facts_at(paths) if f.meeting and person.path in f.meeting.with_]


def thank(vault: Vault, meetings: Sequence[Meeting], person: Entry, day: dt.date) -> Edit:
    """Set `thanked: day` on the latest of `meetings` with `person`, on or before `day`, that
    lacks it (not a cancelled one, nor an interaction recorded with `netmd log`)."""
    candidates = [
        (m.date, m.path)
        for m in meetings
        if m.date and m.date <= day and m.thanked is None and m.status != "cancelled" and not m.logged
    ]
    if not candidates:
        raise NetmdError(f"no meeting with {person.name} on or before {day} is waiting for a thank-you")
    met, rel = max(candidates)
    data, raw = set_field(vault, rel, "thanked", day.isoformat())
    return Edit(rel, f"thanked {person.name} for the meeting of {met}: thanked: {day}", data, before=raw)


def ask(vault: Vault, person: Entry, day: dt.date) -> Edit:
    """Record that you asked `person` for a meeting: `asked: day` on their note."""
    data, raw = set_field(vault, person.path, "asked", day.isoformat())
    return Edit(person.path, f"asked {person.name} for a meeting: asked: {day}", data, before=raw)


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


AT_LINE = re.compile(r"(.+\.md):(\d+)")  # `contacts/Raj.md:12`, as `done` lists several matches


def done(vault: Vault, index: Index, words: str, day: dt.date) -> Edit:
    """Tick the one open task in a netmd note whose text contains `words`, or the one at
    `FILE:LINE`: `- [x] … ✅ day`. A note that is a link to another in the vault is one note."""
    if not words.strip():  # (it would be in every task)
        raise UsageError("the text is empty: say which task")
    at = AT_LINE.fullmatch(words.strip())
    if at:
        rel, line = at.group(1), int(at.group(2))
        notes = [_parsed(vault, rel)]
        tasks = [(rel, t) for t in notes[0].tasks if t.pos.line == line and not t.done and not t.cancelled]
        if not tasks:
            raise NetmdError(f"{rel}:{line}: no open task there")
    else:
        tasks = _saying(vault, index.notes_saying(_words(words).split()), words)
    if len(tasks) > 1:
        listed = "; ".join(f"{p}:{t.pos.line}: {t.text}" for p, t in tasks[:10])
        raise NetmdError(f'{len(tasks)} open tasks say "{words}", say which (TEXT, or FILE:LINE): {listed}')
    return _tick(vault, *tasks[0], day)


def _parsed(vault: Vault, rel: str) -> Note:
    confine(vault.root, vault.root / rel, "not read")
    if not vault.exists(rel):
        raise NetmdError(f"{rel}: no such note")
    found = vault.load(rel)
    note = found if isinstance(found, Note) else parse(rel, found[0], vault.config.fields)
    if not note.get("type"):
        raise NetmdError(f"{rel}: not a netmd note (no type:); netmd done ticks tasks in netmd notes")
    return note


def _saying(vault: Vault, notes: Sequence[Note], words: str) -> list[tuple[str, Task]]:
    """The open tasks in netmd `notes` whose text contains `words` (case and spacing aside), in
    path order; a link in the vault and the file it leads to are one note (the first path named)."""
    key = _words(words)
    found = {
        (os.path.realpath(vault.root / n.path), t.pos.line): (n.path, t)
        for n in reversed(notes)
        if n.get("type")
        for t in n.tasks
        if not t.done and not t.cancelled and key in _words(t.text)
    }
    if not found:
        raise NetmdError(f'no open task says "{words}"')
    return sorted(found.values(), key=lambda x: (x[0], x[1].pos.line))


def _tick(vault: Vault, rel: str, task: Task, day: dt.date) -> Edit:
    """The note with `task` ticked, found again in the file as it is now (not where the index
    saw it: a line may have been added above since)."""
    _, raw, text = _text_of(vault, rel)
    now = [
        t
        for t in parse_text(rel, text, vault.config.fields).tasks
        if t.text == task.text and not t.done and not t.cancelled
    ]
    if len(now) > 1:  # (the same text twice: the one on the line the index saw)
        now = [t for t in now if t.pos.line == task.pos.line]
    if len(now) != 1 or text[now[0].pos.start : now[0].pos.start + 3] != "[ ]":
        raise NetmdError(f"{rel}:{task.pos.line}: the task changed since it was read; try again")
    at, end = now[0].pos.start, now[0].pos.end
    line = text[at:end].rstrip("\r")
    new = text[:at] + "[x]" + line[3:] + f" ✅ {day.isoformat()}" + text[at + len(line) :]
    said = f"done: {task.text} ({rel}:{now[0].pos.line}) ✅ {day}"
    return Edit(rel, said, _encode(raw, new), before=raw)


def log(vault: Vault, names: Names, people: Sequence[Entry], day: dt.date, kind: str, note: str) -> Edit:
    """A short note of an interaction that is not a meeting (a call, an email, a coffee): it
    resets the keep-in-touch clock and owes no thank-you (`logged: true`). Each person is linked
    as `new meeting` links them: by file name, or by path when another note has that name too."""
    from netmd.newnote import rename_keys, safe_name, unique_link, yaml_text

    title = safe_name(f"{day.isoformat()} {kind} {', '.join(p.stem for p in people)}")
    rel = f"{vault.config.folders[TYPE_FOLDERS['meeting']]}/{title}.md"
    with_ = "".join(f"  - {yaml_text('[[' + unique_link(names, p.path) + ']]')}\n" for p in people)
    front = f"---\ntype: meeting\ndate: {day}\nwith:\n{with_}kind: {kind}\nstatus: held\nlogged: true\n---\n"
    text = rename_keys(front, vault.config.fields) + (f"{note.strip()}\n" if note.strip() else "")  # (the vault's keys)
    said = f"logged a {kind} with {', '.join(p.name for p in people)} on {day}"
    return Edit(rel, said, text.encode("utf-8"), new=True)


def apply(vault: Vault, edit: Edit) -> None:
    """Write the edit: a new file never over an existing one; an edit only when the file still
    holds the bytes it was made from (another editor may have saved since), through a link in
    the vault, in place when the file has other hard links (as `lint --fix` writes)."""
    if edit.new:
        path = confine(vault.root, vault.root / edit.path)
        if os.path.lexists(path):
            raise NetmdError(f"{edit.path} exists already; netmd log never overwrites a note")
        write_new(path, edit.data, root=vault.root)
        return
    path = note_file(vault.root, edit.path)
    if path.read_bytes() != edit.before:
        raise NetmdError(f"{edit.path}: changed since it was read; nothing written, try again")
    write_back(confine(vault.root, path), edit.data)


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
        return iso_day(text.strip())
    except (ValueError, OverflowError):
        raise UsageError(
            f"--date {text!r}: expected a date like 2026-11-20, today, tomorrow, a weekday or +3d"
        ) from None


def record_day(text: str, today: dt.date) -> dt.date:
    """The `--date` of an action that records what was done (`thank`, `done`, `ask`, `log`): as
    `parse_day` reads it, looking back; a day after today is a usage error, not a record."""
    day = parse_day(text, today, forward=False)
    if day > today:
        raise UsageError(f"--date {text!r} is {day}, after today ({today}): it records what was done")
    return day


def perform(vault: Vault, today: dt.date, make: Callable[[Any], Edit], dry_run: bool) -> tuple[Edit, list[Any]]:
    """Make the edit from an up-to-date index (`make(index)`), lint the note as it will be, then
    write it, or with `dry_run` only return it. Returns the edit and the note's diagnostics.
    (Linted as staged bytes, the way the git hook lints a commit: after the write, a new note
    would have the index walk the whole vault again to learn it.)"""
    from netmd import lint
    from netmd.index import Index

    with Index(vault) as index:
        index.refresh()
        edit = make(index)
    if dry_run:
        return edit, []
    diags, _ = lint.run(vault, today, set(), staged={edit.path: edit.data})
    apply(vault, edit)
    return edit, [d for d in diags if d.path == edit.path]
