"""Text for people: `path`, `agenda` and `stats` output from their plain data (no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netmd.graph import Chain, Network
from netmd.method import Method
from netmd.method.report import NOT_MET_SHOWN
from netmd.query import link_names


def path_data(net: Network, target: str, target_name: str) -> dict[str, Any]:
    chains = net.chains(target)

    def person(p: str) -> dict[str, Any]:
        return {"name": net.name(p), "path": p, **{k: v for k, v in net.people[p].items() if k != "name"}}

    def chain(c: Chain) -> dict[str, Any]:
        hops = [{"name": net.name(h.person), "path": h.person, "evidence": h.evidence} for h in c.hops]
        return {**person(c.person), "hops": hops}

    return {
        "target": target_name,
        "path": target,
        "chains": [chain(c) for c in chains if c.hops],
        "approach": [person(c.person) for c in chains if not c.hops],
    }


def path_text(data: dict[str, Any], org: str | None) -> str:
    where = f" at {org}" if org else ""
    out = [f"Referral chains to {data['target']}"]
    for i, c in enumerate(data["chains"], 1):
        role = f", {c['role']}" if c["role"] else ""
        dm = " (decision maker)" if c["decision_maker"] else ""
        out.append(f"{i}. {c['name']}{role}{dm}")
        out.append("   you")
        out += [f"   → {h['name']} ({h['evidence']})" for h in c["hops"]]
    if not data["chains"]:
        out.append("  no path yet")
    if data["approach"]:
        out.append(f"People{where} with no chain yet: ask your List A and B contacts who knows them")
        for p in data["approach"]:
            role = f", {p['role']}" if p["role"] else ""
            out.append(f"  {p['name']}{role}{' (decision maker)' if p['decision_maker'] else ''}")
    elif not data["chains"]:
        out.append("  nobody there in your vault yet: ask your List A and B contacts who knows someone there")
    return "\n".join(out) + "\n"


def plain(text: str, **style: Any) -> str:
    """No style: what `agenda_text` writes to a pipe (`click.style`'s signature)."""
    return text


def agenda_text(a: dict[str, Any], shown: Callable[[str], str] = str, style: Callable[..., str] = plain) -> str:
    """The agenda for people; `shown` turns a vault-relative path into the one printed, `style`
    colours it (`click.style` on a terminal): titles and names bold, what is overdue red."""
    out = [style(f"Agenda for {a['today']}", bold=True)]

    def section(title: str, lines: list[str]) -> None:
        out.append("")
        out.append(style(f"{title} ({len(lines)})", bold=True) if lines else f"{title}: none")
        out.extend(f"  {line}" for line in lines)

    def late(x: dict[str, Any], word: str = "OVERDUE") -> str:
        return ", " + style(word, fg="red", bold=True) if x["overdue"] else ""

    def names(people: list[str]) -> str:
        return ", ".join(style(p, bold=True) for p in people)

    w = a["week"]
    out.append(week_line(w))
    out.extend(f"  book {names([x['name']])} ({x['why']})" for x in w["to_book"])
    section(
        "Meetings today and tomorrow",
        [f"{x['date']} {x['time']:>5}  {x['kind']} with {names(x['with'])}" for x in a["meetings"]],
    )
    section(
        "Thank-yous owed",
        [
            f"Thank {names(x['with']) or shown(x['path'])} for the meeting of {x['met']} (due {x['due']}{late(x)})"
            for x in a["thank_yous"]
        ],
    )
    if a["help_promised"]:
        section(
            "Help promised, not yet given",
            [f"{names(x['with'])} (met {x['met']}): record what you did in offered_help" for x in a["help_promised"]],
        )
    section(
        "Follow-ups due",
        [
            f"{link_names(x['text'])} ({'scheduled' if x['scheduled'] else 'due'} {x['due']}{late(x)})"
            f"  {shown(x['path'])}:{x['line']}"
            for x in a["follow_ups"]
        ],
    )
    section(
        "Referrals waiting for a meeting",
        [
            f"{names([x['name']])}, referred by {names(x['referred_by'])} on {x['since']}"
            f" ({x['days']} days{late(x, 'LATE')})"
            for x in a["referrals"]
        ],
    )
    if a["after_the_job"]:
        section(
            "After the job: thank and tell",
            [f"Thank {names([x['name']])} and tell them about {x['opportunity']}" for x in a["after_the_job"]],
        )
    if a["report_back"]:
        section(
            "Tell referrers how it went",
            [
                f"Tell {names([x['referrer']])} how the meeting with {names([x['name']])} went (met {x['met']})"
                for x in a["report_back"]
            ],
        )
    if a["outreach"]:
        section(
            "Asked, no reply",
            [
                f"{names([x['name']])}: asked {x['asked']} ({x['business_days']} business days): {x['next']}"
                for x in a["outreach"]
            ],
        )
    section(
        "Stale contacts",
        [
            f"{names([x['name']])}: last contact {x['last']}, {x['days']} days ago (keep in touch every {x['cadence']})"
            for x in a["stale"]
        ],
    )
    queue = a["not_met"]
    lines = [not_met_line(x) for x in queue[:NOT_MET_SHOWN]]
    if len(queue) > NOT_MET_SHOWN:
        lines.append(f"and {len(queue) - NOT_MET_SHOWN} more: netmd agenda --format json lists them all")
    out.append("")
    out.append(style(f"Not met yet ({len(queue)})", bold=True) if queue else "Not met yet: none")
    out.extend(f"  {line}" for line in lines)
    return "\n".join(out) + "\n"


def week_line(w: dict[str, Any]) -> str:
    """ "Meetings this week: 2 held, 1 booked, goal 4", the same line in `agenda`, `stats` and the dashboard."""
    return f"Meetings this week: {w['held']} held, {w['booked']} booked, goal {w['goal']}"


def not_met_line(x: dict[str, Any]) -> str:
    dm = ", decision maker" if x["decision_maker"] else ""
    at = f" at {', '.join(x['organizations'])}" if x["organizations"] else ""
    return f"{x['name']}{at}{dm}"


def stats_text(s: dict[str, Any]) -> str:
    goal = s["goal"]
    width = max([goal, *(w["meetings"] for w in s["weeks"])], default=1) or 1
    out = [week_line(s["this_week"]), "", f"Meetings per week (goal {goal})"]
    for w in s["weeks"]:
        bar = "█" * w["meetings"] + "·" * max(0, goal - w["meetings"])
        mark = "  ✓" if w["meetings"] >= goal else ""
        out.append(f"  {w['week']}  {bar:<{width}}  {w['meetings']}{mark}")
    out += [
        "",
        f"Meetings held: {s['meetings_held']}",
        f"Referrals received: {s['referrals_received']} ({s['referrals_per_meeting']:.2f} per meeting)",
        f"Thank-you rate: {s['thank_you_rate']:.0%}",
        f"Help-offered rate: {s['help_offered_rate']:.0%}",
        "",
        "By list      meetings  referrals  thanked",
    ]
    for lst, v in s["by_list"].items():
        out.append(f"  List {lst}   {v['meetings']:8}  {v['referrals']:9}  {v['thanked']:7}")
    out += ["", "By purpose"] + [f"  {k:<12} {v}" for k, v in s["by_purpose"].items()]
    out += ["", "Opportunities by market"]
    for market, stages in s["by_market"].items():
        out.append(f"  {market:<9} " + ", ".join(f"{k} {v}" for k, v in stages.items()))
    return "\n".join(out) + "\n"


def method_of(index: Any, today: Any) -> Method:
    """The method's facts from the index."""

    return index.facts(today)
