"""Adding properties to a note's front matter, byte for byte (promise 2).

A missing property becomes new lines just before the closing `---`; an empty one
(`email:`, `email: ~`) gets its value on its own line. Every other byte of the file,
comments, key order and line endings included, stays as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from netmd.errors import NetmdError
from netmd.newnote import yaml_text
from netmd.parse import parse_text, split


def yaml_value(value: Any) -> str:
    """A value as Obsidian writes it: quoted text, bare dates, numbers and checkboxes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return yaml_text(value)


def yaml_lines(key: str, value: Any, nl: str) -> str:
    """`key: value` lines; a list is a block list (Obsidian's style), one item a scalar unless it is tags."""
    if isinstance(value, (list, tuple)):
        if len(value) == 1 and key not in ("tags", "aliases"):
            value = value[0]
        else:
            return f"{key}:{nl}" + "".join(f"  - {yaml_value(v)}{nl}" for v in value)
    return f"{key}: {yaml_value(value)}{nl}"


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def with_fields(path: str, text: str, fields: Mapping[str, Any], field_map: Mapping[str, str]) -> tuple[str, list[str]]:
    """`text` with those of `fields` that its front matter lacks or leaves empty, and the keys added.
    Fields it already has with a value are not touched; neither is any other byte."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom) :]
    note = parse_text(path, text, field_map)
    written_as = {netmd: own for own, netmd in field_map.items()}  # `[fields]`: the vault's own keys
    if note.syntax:
        raise NetmdError(f"{path}:{note.syntax[0].pos.line}: {note.syntax[0].message}")
    where = split(text)
    if not isinstance(where, tuple):
        raise NetmdError(f"{path}: no front matter to add properties to")
    first_line_end = text.find("\n")
    nl = "\r\n" if text[first_line_end - 1 : first_line_end] == "\r" else "\n"
    edits: list[tuple[int, int, str]] = []
    appended, added = [], []
    for key, value in fields.items():
        f = note.fields.get(key)
        if is_empty(value) or (f is not None and not is_empty(f.value.data)):
            continue
        if f is None:
            appended.append(yaml_lines(written_as.get(key, key), value, nl))
        else:
            filled = _fill(text, f.key_line, f.raw_key, value, nl)
            if not filled:  # an empty value written some other way (`[]`, a block below): left alone
                continue
            edits += filled
        added.append(key)
    closing = int(where[1])  # where the closing `---` line starts
    edits.append((closing, closing, "".join(appended)))
    for start, stop, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[stop:]
    return bom + text, added


_EMPTY = r"([ \t]*)(~|null|Null|NULL|\"\"|'')?([ \t]+#.*)?[ \t]*$"


def _fill(text: str, line: int, raw_key: str, value: Any, nl: str) -> list[tuple[int, int, str]]:
    """An edit that gives the empty `raw_key:` on `line` its value: the value goes where the `~`
    (or nothing) was, a list's items on the lines below; spacing and a comment stay."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    stop = text.find("\n", start)
    stop = len(text) if stop < 0 else stop
    stop -= text[start:stop].endswith("\r")
    m = re.match(rf"[ \t]*{re.escape(raw_key)}[ \t]*:" + _EMPTY, text[start:stop])
    if m is None:
        return []
    head, _, items = yaml_lines(raw_key, value, nl).partition(nl)
    token = (start + m.start(1), start + m.end(2 if m.group(2) else 1))  # ` ~` or nothing, after the colon
    if items:  # `key:` stays, the block list follows on the next lines
        return [(*token, ""), (stop, stop, nl + items.removesuffix(nl))]
    return [(*token, " " + head.split(": ", 1)[1])]
