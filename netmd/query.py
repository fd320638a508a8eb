"""Questions over the indexed notes: `ls` rows, `show` cards (pure functions, no I/O)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from netmd.diagnostics import one_line
from netmd.errors import UsageError
from netmd.names import Names
from netmd.note import Note, Task
from netmd.schema import SCHEMAS, TYPES, ListOf, as_date, items, kinds, netmd_type
from netmd.textutil import did_you_mean

COLUMNS = {
    "contact": ["name", "list", "organization", "role", "email", "follow_up", "status"],
    "organization": ["name", "target", "stage", "industry", "priority"],
    "meeting": ["date", "time", "with", "kind", "thanked", "name"],
    "pitch": ["name", "updated", "target_seconds"],
    "opportunity": ["name", "organization", "role", "market", "stage", "date"],
}


def plain(value: Any) -> Any:
    """A front matter value as JSON-friendly data: links as their target, dates as ISO text,
    `.nan` and `.inf` as that text (strict JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return yaml_float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str) and value.startswith("[[") and value.endswith("]]"):
        return value[2:-2].split("|")[0].split("#")[0].strip()
    return value


_WIKILINK = re.compile(r"!?\[\[([^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")


def link_names(text: str) -> str:
    """Text for a reader: `[[Ada Lovelace]]` as `Ada Lovelace`, `[[people/Ada|Ada]]` as `Ada`."""
    if "[[" not in text:
        return text
    return _WIKILINK.sub(lambda m: (m.group(2) or m.group(1).rsplit("/", 1)[-1]).strip() or m.group(0), text)


def yaml_float(value: float) -> str:
    """A number JSON cannot hold, spelled as YAML does: .nan, .inf, -.inf."""
    return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"


def finite(value: Any) -> Any:
    """`value` with every NaN or infinity in it (in lists and mappings too) as its YAML text."""
    if isinstance(value, float):
        return value if math.isfinite(value) else yaml_float(value)
    if isinstance(value, list):
        return [finite(v) for v in value]
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading
    single quote (OWASP, "CSV Injection")."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """`ls --format csv`: a header, then one line a note; no cell can run as a formula, and a
    cell holding a line break is quoted (Python's csv writer leaves a lone CR bare when lines
    end in LF, and a reader then starts a new row there: a forged row)."""
    lines = [["path", *columns]]
    lines += [[csv_cell(c) for c in (r["path"], *(display(r.get(c)) for c in columns))] for r in rows]
    return "".join(",".join(map(_csv_quoted, cells)) + "\n" for cells in lines)


def _csv_quoted(cell: str) -> str:
    """A cell as RFC 4180 writes it: in double quotes (doubled inside) when it holds , " CR or LF."""
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell


def display(value: Any) -> str:
    """A value as a table or CSV cell."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    return str(value)


def record(note: Note) -> dict[str, Any]:
    """Every field of a note as plain data, with `name` and `path`. A field the schema reads as a
    list is a list in every note (`with: "[[Ada]]"` and an empty `referrals:` too), so a script
    meets one JSON type per field. Every NaN and infinity is its YAML text (`plain`)."""
    data = note.all_data()  # every value as data at once, straight from the packed forms
    out: dict[str, Any] = {"name": plain(data.get("name")) or note.stem, "path": note.path}
    lists = LIST_FIELDS.get(netmd_type(note) or "", frozenset())
    for k, v in data.items():
        if k != "name":  # most values are text or numbers: no conversion
            out[k] = v if (type(v) is str and not v.startswith("[[")) or type(v) in (int, bool) else plain(v)
            if k in lists and not isinstance(out[k], list):
                out[k] = [] if out[k] is None else [out[k]]
    return out


LIST_FIELDS = {t: frozenset(k for k, kind in kinds(t).items() if isinstance(kind, ListOf)) for t in TYPES}


def parse_where(note_type: str, clauses: Sequence[str]) -> list[tuple[str, str]]:
    """`FIELD=VALUE` clauses, checked against the type's fields."""
    known = {*kinds(note_type), "name", "path"}
    out = []
    for clause in clauses:
        field, sep, value = clause.partition("=")
        field = field.strip()
        if not sep or not field:
            raise UsageError(f"--where {clause!r}: expected FIELD=VALUE, like list=B")
        if field not in known:
            raise UsageError(f"--where: {note_type} has no field {field!r}{did_you_mean(field, known)}")
        out.append((field, value.strip()))
    return out


def _matches(value: Any, wanted: str) -> bool:
    want = plain(wanted).casefold() if isinstance(plain(wanted), str) else wanted.casefold()
    for v in value if isinstance(value, list) else [value]:
        shown = display(v).casefold()
        if shown == want or shown.rsplit("/", 1)[-1] == want:
            return True
    return False


def ls(
    notes: Iterable[Note], note_type: str, where: Sequence[tuple[str, str]] = (), sort: str | None = None
) -> list[dict[str, Any]]:
    """Records of the notes of `note_type` that match every clause, sorted by `sort` then name."""
    if note_type not in SCHEMAS:
        raise UsageError(
            f"unknown type {note_type!r}{did_you_mean(note_type, TYPES)}; expected one of {', '.join(TYPES)}"
        )
    rows = [record(n) for n in notes if netmd_type(n) == note_type]
    rows = [r for r in rows if all(_matches(r.get(f), v) for f, v in where)]
    rows.sort(key=lambda r: (display(r.get("name")).casefold(), r["path"]))
    if sort:
        if sort not in {*kinds(note_type), "name", "path"}:
            raise UsageError(f"--sort: {note_type} has no field {sort!r}{did_you_mean(sort, kinds(note_type))}")
        rows.sort(key=lambda r: (r.get(sort) is None, display(r.get(sort)).casefold()))
    return rows


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], width: int) -> str:
    """Aligned columns that fit `width`: the widest columns are cut with an ellipsis."""
    cells = [[c.upper() for c in columns]] + [[one_line(display(r.get(c))) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > 8:
        widths[widths.index(max(widths))] -= 1
    lines = []
    for row in cells:
        parts = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(row, widths)]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


# -- show ---------------------------------------------------------------------------------


def card(note: Note, notes: Sequence[Note], names: Names, shown: Callable[[str], str] = str) -> str:
    """A contact or organization as one card: fields, meetings, referrals, follow-ups, people;
    `shown` turns a vault-relative path into the one printed."""

    def target(link_value: Any) -> str | None:
        found = names.resolve(display(link_value)) if link_value else []
        return found[0].path if len(found) == 1 else None

    def links(note_: Note, key: str) -> list[str]:
        f = note_.fields.get(key)
        return [p for p in (target(i.data) for i in items(f.value)) if p] if f else []

    t = netmd_type(note) or "note"
    title = display(note.get("name") or note.stem)
    head = f"{title} — {t}" + (f", List {note.get('list')}" if t == "contact" and note.get("list") else "")
    shown_elsewhere = {"type", "name", "list", "referred_by"} if t == "contact" else {"type", "name"}  # head, Referrals
    fields = [f"  {f.raw_key}: {display(f.value.data)}" for key, f in note.fields.items() if key not in shown_elsewhere]
    out = [head, "", *fields] if fields else [head]
    people = [note.path]
    if t == "organization":
        staff = sorted(
            (n for n in notes if netmd_type(n) == "contact" and note.path in links(n, "organization")), key=_title
        )
        out += (
            ["", "People here"] + [f"  {_title(n)}{_role(n)}" for n in staff]
            if staff
            else ["", "People here: none yet"]
        )
        people += [n.path for n in staff]
        opps = [n for n in notes if netmd_type(n) == "opportunity" and note.path in links(n, "organization")]
        if opps:
            out += ["", "Opportunities"]
            out += [
                f"  {display(n.get('role')) or n.stem}: {display(n.get('stage'))}, {display(n.get('market'))}"
                for n in opps
            ]
    meetings = sorted(
        (n for n in notes if netmd_type(n) == "meeting" and set(links(n, "with")) & set(people)),
        key=lambda n: (as_date(n.get("date")) or dt.date.min, n.path),
        reverse=True,
    )
    out += ["", "Meetings, newest first" if meetings else "Meetings: none yet"]
    for m in meetings:
        others = [_title_of(p, notes) for p in links(m, "with") if p != note.path]  # not "Ada: with Ada"
        with_ = f" with {', '.join(others)}" if others else ""
        outcome = f" — {link_names(display(m.get('outcome')))}" if m.get("outcome") else ""
        out.append(f"  {display(m.get('date'))}  {display(m.get('kind')) or 'information'}{with_}{outcome}")
    if t == "contact":
        in_meetings = [m for m in notes if netmd_type(m) == "meeting" and note.path in links(m, "referrals")]
        told = {p for m in in_meetings for p in links(m, "with")}  # a referrer with a date says it once
        received = [f"referred by {_title_of(p, notes)}" for p in links(note, "referred_by") if p not in told]
        received += [
            f"referred to you by {', '.join(_title_of(p, notes) for p in links(m, 'with'))} on {display(m.get('date'))}"
            for m in in_meetings
        ]
        given = [
            f"referred you to {_title_of(p, notes)} on {display(m.get('date'))}"
            for m in meetings
            for p in links(m, "referrals")
        ]
        out += ["", "Referrals" if received or given else "Referrals: none yet"] + [f"  {r}" for r in received + given]
    tasks = [(n, task) for n in [note, *meetings] for task in n.tasks if not task.done and not task.cancelled]
    out += ["", "Open follow-ups" if tasks else "Open follow-ups: none"]
    out += [f"  - [ ] {link_names(task.text)}{_due(task)}  ({shown(n.path)}:{task.pos.line})" for n, task in tasks]
    return "".join(one_line(line) + "\n" for line in out)  # (a value's line break forges no line)


def _title(n: Note) -> str:
    return display(n.get("name") or n.stem)


def _title_of(path: str, notes: Sequence[Note]) -> str:
    for n in notes:
        if n.path == path:
            return _title(n)
    return path


def _role(n: Note) -> str:
    role = n.get("role")
    extra = " (decision maker)" if n.get("decision_maker") is True else ""
    return (f", {display(role)}" if role else "") + extra


def _due(task: Task) -> str:
    return f" 📅 {task.due.isoformat()}" if task.due else ""
