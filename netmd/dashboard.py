"""The weekly dashboard: its data from the method, and the file that keeps your words (SPEC §3).

Only the part between the markers is netmd's; a file without them is not netmd's and is
never overwritten (promise 3). The same vault and `--today` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netmd.clock import add_days, add_days_within, week_label
from netmd.diagnostics import one_line
from netmd.errors import NetmdError, UsageError
from netmd.fsutil import confine, read_existing, write_atomic
from netmd.graph import YOU, Network
from netmd.method import Method, report
from netmd.vault import Vault

BEGIN = "<!-- netmd:begin -->"
END = "<!-- netmd:end -->"
MERMAID_EDGES = 80  # beyond this a picture helps nobody


def week_of(label: str | None, today: dt.date) -> dt.date:
    """The Monday of ISO week `label` (YYYY-Www), or of today's week."""
    if label is None:
        return add_days_within(today, -today.weekday())
    m = re.fullmatch(r"([0-9]{4})-W([0-9]{2})", label)  # (`\d` is any script's digit)
    try:
        if not m:
            raise ValueError
        return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise UsageError(f"--week {label!r}: expected an ISO week like 2026-W48") from None


def label_of(monday: dt.date) -> str:
    return week_label(monday)


def _link(m: Method, path: str) -> str:
    stem = one_line(path.rsplit("/", 1)[-1].removesuffix(".md"))
    name = m.titles.get(path) or stem  # (`m.name(path)`: the dashboard links thousands)
    return f"[[{stem}]]" if name == stem else f"[[{stem}|{name}]]"


def data(m: Method, network: dict[str, Any], monday: dt.date) -> dict[str, Any]:
    """Everything the dashboard shows, as plain data for the template."""
    start = m.week_start(monday)
    end = add_days(start, 7)  # None: the week runs off the calendar (9999-W52)
    count = report.week(m, start)
    net = Network(network)
    meetings = [
        {
            "date": str(x.date),
            "time": x.time,
            "with": [_link(m, p) for p in x.with_],
            "kind": x.kind,
            "note": _link(m, x.path),
            "thanked": str(x.thanked or ""),
            "status": "held" if m.held(x) else "booked" if m.booked(x) else x.status or "planned",
        }
        for x in m.meetings_between(start, end)
    ]
    targets = []
    for org in m.ranked_targets():
        chains = [c for c in net.chains(org) if c.hops]
        best = chains[0] if chains else None
        targets.append(
            {
                "name": _link(m, org),
                "priority": m.priorities.get(org, ""),
                "stage": m.stages.get(org, ""),
                "people": len(m.people_at.get(org, [])),
                "person": _link(m, best.person) if best else "",
                "decision_maker": bool(best and net.people[best.person]["decision_maker"]),
                "chain": [{"name": _link(m, h.person), "evidence": h.evidence} for h in best.hops] if best else [],
                "next": next_step(m, org, best),
            }
        )
    opportunities = [
        {
            "name": _link(m, o.path),
            "organization": _link(m, o.organization) if o.organization else "",
            "role": o.role,
            "stage": o.stage,
            "market": o.market,
            "via": _link(m, o.via) if o.via else "",
        }
        for o in sorted(m.opportunities, key=lambda o: (o.stage, o.market, o.title))
    ]
    return {
        "week": label_of(monday),
        "start": start.isoformat(),
        "end": add_days_within(start, 6).isoformat(),
        "today": m.today.isoformat(),
        "goal": m.config.method["weekly_meeting_goal"],
        "count": {**count, "to_book": [{**b, "link": _link(m, b["path"])} for b in count["to_book"]]},
        "meetings": meetings,
        "thank_yous": [{**t, "with": [_link(m, p) for p in _paths(m, t["path"])]} for t in report.thank_yous(m)],
        "follow_ups": [_follow_up(m, f) for f in report.follow_ups(m)],
        "referrals": [{**x, "link": _link(m, x["path"])} for x in report.referrals(m)],
        "report_back": [{**x, "link": _link(m, x["path"])} for x in report.report_back(m)],
        "stale": [{**x, "link": _link(m, x["path"])} for x in report.stale(m)],
        "not_met": [{**x, "link": _link(m, x["path"])} for x in report.not_met(m)],
        "targets": targets,
        "opportunities": opportunities,
        "mermaid": mermaid(m, network),
    }


def _follow_up(m: Method, f: dict[str, Any]) -> dict[str, Any]:
    return {**f, "note": _link(m, f["path"])}


def data_again(kept: dict[str, Any], m: Method) -> dict[str, Any]:
    """The data `kept`, after the notes whose facts `m` holds changed their follow-ups alone
    (`Index.answer`): the rest of the dashboard reads nothing of them that changed."""
    if not isinstance(kept, dict):
        raise ValueError("not the dashboard's data")
    return {**kept, "follow_ups": report.follow_ups_again(kept.get("follow_ups"), m, lambda f: _follow_up(m, f))}


def next_step(m: Method, org: str, best: Any) -> str:
    """The next step toward a target: the introduction to ask for, whom to meet, or whom to find."""
    if best is not None:
        hops = [m.name(h.person) for h in best.hops]
        if len(hops) >= 2:
            return f"ask {hops[-2]} to introduce {hops[-1]}"
        met = m.last_interaction(best.person) is not None
        if not met:
            return f"meet {hops[0]}"
        return f"follow up with {hops[0]}" if m.contacts[best.person].decision_maker else f"ask {hops[0]} who decides"
    people = m.people_at.get(org, [])
    return f"find a warm path to {m.name(people[0])}" if people else "find a first contact"


def _paths(m: Method, meeting: str) -> tuple[str, ...]:
    found = m.meeting_at.get(meeting)
    return found.with_ if found else ()


def mermaid(m: Method, network: dict[str, Any]) -> list[str]:
    """The referral network as Mermaid lines: you, the people who referred, and whom they referred."""
    edges = [
        (a, b, why)
        for a, targets in sorted(network["edges"].items())
        if a != YOU
        for b, why in sorted(targets.items())
        if "referred" in why
    ]
    people = sorted({p for a, b, _ in edges for p in (a, b)}, key=m.name)
    known = [p for p in people if p in network["edges"].get(YOU, {})]
    ids = {p: f"n{i}" for i, p in enumerate(people, 1)}
    lines = ["graph LR", '  you(("You"))']
    lines += [f'  {ids[p]}["{m.name(p).replace(chr(34), "#quot;")}"]' for p in people]
    lines += [f"  you --> {ids[p]}" for p in known]
    lines += [f"  {ids[a]} -->|referred| {ids[b]}" for a, b, _ in edges[:MERMAID_EDGES]]
    if people:
        lines.append(f"  class {','.join(ids[p] for p in people)} internal-link;")
    return lines


def path_for(vault: Vault, label: str) -> Path:
    return vault.root / str(vault.config.folders["dashboards"]) / f"{label}.md"


def merge(existing: bytes | None, label: str, generated: str) -> bytes:
    """The dashboard file with `generated` between the markers; every byte around them stays,
    whatever its encoding (the file is never decoded). A marker in `generated` (a name that
    holds one) is written as Markdown shows it, `&lt;!-- netmd:end --&gt;`: not a marker."""
    for marker in (BEGIN, END):  # a note's text holding one would end netmd's part early
        generated = generated.replace(marker, marker.replace("<", "&lt;").replace(">", "&gt;"))
    block = f"{BEGIN}\n{generated.rstrip()}\n{END}".encode()
    if existing is None:
        return f"# Week {label}\n\n".encode() + block + b"\n\n## Notes\n\n"
    start, end = existing.find(BEGIN.encode()), existing.find(END.encode())
    if start < 0 or end < start:
        raise NetmdError("not written: the file exists without netmd's markers, so it is not netmd's; rename it")
    return existing[:start] + block + existing[end + len(END) :]


def write(vault: Vault, label: str, generated: str) -> tuple[Path, bool]:
    """Write the week's dashboard; only when its bytes change. Returns the path and whether it changed."""
    path = confine(vault.root, path_for(vault, label))
    try:
        raw = read_existing(path)
    except OSError as e:
        raise NetmdError(f"{path}: cannot read: {e.strerror}") from None
    try:
        data = merge(raw, label, generated)
    except NetmdError as e:
        raise NetmdError(f"{path}: {e}") from None
    if data == raw:
        return path, False
    write_atomic(path, data, root=vault.root)
    return path, True


def render_week(
    vault: Vault,
    monday: dt.date,
    method: Callable[[], Method],
    keep: Callable[..., dict[str, Any]] | None = None,
) -> tuple[str, str]:
    """The week of `monday` rendered from the method's facts: (its label, the generated part).
    `keep(key, compute, retask)` may keep the template's data for the day (`Index.answer`):
    the one pipeline of `netmd dashboard` and `netmd watch`."""
    from netmd.graph import network
    from netmd.render import render

    label = label_of(monday)

    def compute() -> dict[str, Any]:
        m = method()
        return data(m, network(m), monday)

    facts = keep(f"dashboard {label}", compute, data_again) if keep is not None else compute()
    return label, render(vault, "dashboard", facts)


def generate(vault: Vault, day: dt.date, week: str | None = None, *, progress: Any = None) -> tuple[str, str]:
    """Bring the index up to date and render the week's dashboard: (its week label, the generated part)."""
    from netmd.index import Index
    from netmd.views import method_of

    monday = week_of(week, day)
    with Index(vault, progress=progress) as index:
        index.refresh()
        # the template's data kept for the day, until a note changes
        return render_week(
            vault, monday, lambda: method_of(index, day), lambda key, c, again: index.answer(key, day, c, again)
        )


def update(vault: Vault, day: dt.date, week: str | None = None, *, progress: Any = None) -> tuple[Path, bool]:
    """Render the week's dashboard into its file: the file, and whether its bytes changed."""
    label, text = generate(vault, day, week, progress=progress)
    return write(vault, label, text)
