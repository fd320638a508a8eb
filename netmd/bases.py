"""`netmd.base`: Obsidian Bases views over the fields netmd writes, for `netmd bases` and `netmd init`.

Obsidian's core Bases plugin reads a `.base` YAML file: global `filters`, `formulas`, display
`properties` and a list of `views` (https://help.obsidian.md/bases/syntax). The views here
are the method's daily questions; `agenda` answers them exactly (it counts meetings), a base
shows the notes behind them in Obsidian. Property names follow the vault's `[fields]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from netmd.fsutil import write_new

FILE_NAME = "netmd.base"
HEADER = (
    "# Obsidian Bases views of this netmd vault, written by `netmd bases` (or `netmd init`).\n"
    "# Edit freely: netmd never overwrites it. Views: https://help.obsidian.md/bases/syntax\n"
)


def base(fields: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The base as data; `fields` is the vault's `[fields]` (its key -> netmd's name)."""
    key = {netmd: own for own, netmd in (fields or {}).items()}

    def p(name: str) -> str:
        return key.get(name, name)

    def n(name: str) -> str:  # in an expression: `note.date` is the property, `date()` a function
        return "note." + p(name)

    def kind(t: str) -> str:
        return f'{n("type")} == "{t}"'

    return {
        "filters": {"or": [kind(t) for t in ("contact", "organization", "meeting", "opportunity")]},
        "formulas": {
            "days_since_edit": "(today() - file.mtime).days",
            "days_since_meeting": f'if({n("date")}, (today() - {n("date")}).days, "")',
        },
        "properties": {
            p("list"): {"displayName": "List"},
            p("follow_up"): {"displayName": "Follow up"},
            p("referred_by"): {"displayName": "Referred by"},
            p("offered_help"): {"displayName": "Help offered"},
            "formula.days_since_edit": {"displayName": "Days since edited"},
            "formula.days_since_meeting": {"displayName": "Days ago"},
        },
        "views": [
            _view(
                "Contacts by list",
                [kind("contact")],
                ["file.name", p("list"), p("organization"), p("role"), p("status"), p("follow_up"), p("referred_by")],
                group=p("list"),
                sort=[("file.name", "ASC")],
            ),
            _view(
                "Targets by priority",
                [kind("organization"), f"{n('target')} == true"],
                ["file.name", p("priority"), p("stage"), p("industry"), p("why")],
                sort=[(p("priority"), "ASC"), ("file.name", "ASC")],
            ),
            _view(
                "Meetings this week",
                [kind("meeting"), f'{n("date")} >= today() - "7d"', f'{n("date")} <= today() + "7d"'],
                ["file.name", p("date"), p("time"), p("with"), p("kind"), p("purposes"), p("thanked")],
                sort=[(p("date"), "ASC"), (p("time"), "ASC")],
            ),
            _view(
                "Thank-yous owed",
                [kind("meeting"), f"{n('date')} < today()", f"{n('thanked')}.isEmpty()"],
                ["file.name", p("date"), p("with"), "formula.days_since_meeting", p("offered_help")],
                sort=[(p("date"), "ASC")],
            ),
            _view(
                "Referrals waiting",
                [kind("meeting"), f"!{n('referrals')}.isEmpty()"],
                ["file.name", p("date"), p("with"), p("referrals"), "formula.days_since_meeting"],
                sort=[(p("date"), "DESC")],
            ),
            _view(
                "Stale contacts",
                [kind("contact"), f'{n("status")} != "paused"', f'{n("status")} != "archived"'],
                ["file.name", p("list"), p("organization"), p("cadence"), p("follow_up"), "formula.days_since_edit"],
                sort=[("formula.days_since_edit", "DESC")],
            ),
        ],
    }


def _view(
    name: str, filters: list[str], order: list[str], *, sort: list[tuple[str, str]], group: str | None = None
) -> dict[str, Any]:
    view: dict[str, Any] = {"type": "table", "name": name, "filters": {"and": filters}, "order": order}
    view["sort"] = [{"property": prop, "direction": direction} for prop, direction in sort]
    if group is not None:
        view["groupBy"] = {"property": group, "direction": "ASC"}
    return view


def text(fields: Mapping[str, str] | None = None) -> str:
    """The base as the YAML file's text."""
    import yaml

    return HEADER + yaml.safe_dump(base(fields), sort_keys=False, allow_unicode=True, width=1000)


def write(root: Path, fields: Mapping[str, str] | None = None) -> bool:
    """Write `netmd.base` at the vault's root; False when one is there (it is never overwritten)."""
    try:
        write_new(root / FILE_NAME, text(fields).encode("utf-8"), root=root)
    except FileExistsError:
        return False
    return True


# -- what a base names --------------------------------------------------------------------

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_NAME = re.compile(r"(?<![\w.])([A-Za-z_][\w-]*)(?:\.([A-Za-z_]\w*))?(?!\w*\s*\()")
_WORDS = frozenset({"true", "false", "null", "and", "or", "not"})


def properties_named(data: Mapping[str, Any]) -> set[str]:
    """The note properties a base reads (not `file.*`, nor `formula.*`): in its filters,
    formulas, display properties, columns, sorts and groups. A test checks each is a netmd field."""
    found: set[str] = set()
    for expression in _expressions(data):
        for m in _NAME.finditer(_STRING.sub('""', expression)):
            head, tail = m.group(1), m.group(2)
            if head in ("file", "formula", "this") or head in _WORDS:
                continue
            found.add(tail if head == "note" and tail else head)
    for prop in _columns(data):
        if not prop.startswith(("file.", "formula.")):
            found.add(prop.removeprefix("note."))
    return found


def _expressions(data: Mapping[str, Any]) -> Iterator[str]:
    yield from _filter_strings(data.get("filters"))
    yield from (str(f) for f in (data.get("formulas") or {}).values())
    for view in data.get("views") or []:
        yield from _filter_strings(view.get("filters"))


def _filter_strings(f: Any) -> Iterator[str]:
    if isinstance(f, str):
        yield f
    elif isinstance(f, Mapping):
        for v in f.values():
            yield from _filter_strings(v)
    elif isinstance(f, list):
        for v in f:
            yield from _filter_strings(v)


def _columns(data: Mapping[str, Any]) -> Iterator[str]:
    yield from (data.get("properties") or {})
    for view in data.get("views") or []:
        yield from view.get("order") or []
        yield from (s["property"] for s in view.get("sort") or [])
        if view.get("groupBy"):
            yield view["groupBy"]["property"]
