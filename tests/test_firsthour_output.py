"""Output people like to read: names instead of `[[links]]`, each fact once, no empty weeks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from netmd.query import link_names
from tests.conftest import write_vault

NOTES = {
    "contacts/Ada Lovelace.md": '---\ntype: contact\nlist: B\nreferred_by: "[[Bob]]"\n---\n'
    "- [ ] Send [[Charles Babbage|Charles]] the paper 📅 2026-11-20\n",
    "contacts/Bob.md": "---\ntype: contact\nlist: A\n---\n",
    "contacts/Charles Babbage.md": "---\ntype: contact\nlist: A\n---\n",
    "meetings/2026-11-10 Bob.md": '---\ntype: meeting\ndate: 2026-11-10\nwith: ["[[Bob]]"]\n'
    'referrals: ["[[Ada Lovelace]]"]\nthanked: 2026-11-11\noffered_help: x\n---\n',
    "meetings/2026-11-12 Ada Lovelace.md": '---\ntype: meeting\ndate: 2026-11-12\nwith: ["[[Ada Lovelace]]"]\n'
    'outcome: "Wants an intro to [[Bob]]"\nthanked: 2026-11-12\noffered_help: x\n---\n'
    "- [ ] Email [[Ada Lovelace]] the notes 📅 2026-11-21\n",
}


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args], prog_name="netmd")


def test_link_names() -> None:
    assert (
        link_names("Send [[Ada Lovelace]] the [[people/Bob|notes]] and [[Eve#Work]]")
        == "Send Ada Lovelace the notes and Eve"
    )
    assert link_names("no links") == "no links"


def test_agenda_prints_names_not_links(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", NOTES)
    out = run(root, "agenda").output
    assert "[[" not in out
    assert "Send Charles the paper (due 2026-11-20, OVERDUE)" in out
    assert "Email Ada Lovelace the notes (due 2026-11-21, OVERDUE)" in out
    raw = json.loads(run(root, "agenda", "--format", "json").output)  # JSON keeps the text as written
    assert any("[[Ada Lovelace]]" in f["text"] for f in raw["follow_ups"])


def test_show_says_each_fact_once_and_names_not_links(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", NOTES)
    out = run(root, "show", "Ada Lovelace").output
    assert "[[" not in out
    assert out.startswith("Ada Lovelace — contact, List B\n")
    assert "list: B" not in out  # the head says it
    assert out.count("Bob") == 2  # referred to you by Bob, and the outcome: nothing else
    assert "\n\n\n" not in out
    assert "  referred to you by Bob on 2026-11-10" in out
    assert "referred by Bob\n" not in out and "referred_by" not in out
    assert "  2026-11-12  information — Wants an intro to Bob" in out  # not "with Ada Lovelace" on her own card
    assert "  - [ ] Send Charles the paper 📅 2026-11-20" in out


def test_stats_start_at_the_first_week_with_a_meeting(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", NOTES)
    out = run(root, "stats").output.splitlines()
    assert out[:6] == [
        "Meetings this week: 0 held, 0 booked, goal 5",
        "",
        "Meetings per week (goal 5)",
        "  2026-W46  ██···  2",
        "  2026-W47  ·····  0",
        "  2026-W48  ·····  0",
    ]
    data = json.loads(run(root, "stats", "--format", "json").output)
    assert [w["week"] for w in data["weeks"]] == ["2026-W46", "2026-W47", "2026-W48"]


def test_stats_of_a_vault_without_meetings_is_this_week(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"contacts/Bob.md": "---\ntype: contact\nlist: A\n---\n"})
    data = json.loads(run(root, "stats", "--format", "json").output)
    assert [w["week"] for w in data["weeks"]] == ["2026-W48"]
