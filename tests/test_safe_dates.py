"""Dates at the edges of the calendar (0001-01-01, 9999-12-31) in notes, `--today` and `--week`:
every command answers, none gives a traceback (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from netmd.cli import cli
from netmd.clock import add_days, add_days_within
from tests.conftest import ORG, contact, write_vault

FIRST, LAST = "0001-01-01", "9999-12-31"
COMMANDS = [
    ["lint"],
    ["agenda"],
    ["agenda", "--format", "json"],
    ["stats"],
    ["stats", "--format", "json"],
    ["dashboard", "--stdout"],
    ["ls", "contact"],
    ["ls", "meeting", "--format", "csv"],
    ["ls", "opportunity", "--format", "json"],
    ["show", "Ada"],
    ["show", "Acme"],
    ["path", "Acme"],
    ["export", "ics"],
    ["export", "ics", "--todos"],
    ["export", "json"],
    ["export", "vcard"],
]


def edge_vault(root: Path, day: str, config: str = "") -> Path:
    """A meeting, a task, a `follow_up`, a `created` and an opportunity all on `day`."""
    meeting = (
        f'---\ntype: meeting\ndate: {day}\nwith:\n  - "[[Ada]]"\nkind: call\npurposes: [gather-info]\n'
        f'referrals:\n  - "[[Bob]]"\n---\n# Meeting\n\n- [ ] Send a thank-you 📅 {day}\n'
    )
    timed = f'---\ntype: meeting\ndate: {day}\ntime: "23:50"\nduration: 30\nwith: ["[[Bob]]"]\n---\n'
    opportunity = (
        f'---\ntype: opportunity\norganization: "[[Acme]]"\nrole: Engineer\nmarket: formal\n'
        f'via: "[[Ada]]"\nstage: interviewing\ndate: {day}\n---\n- [ ] Apply 📅 {day}\n'
    )
    files = {
        "contacts/Ada.md": contact("Ada", organization='"[[Acme]]"', follow_up=day, created=day),
        "contacts/Bob.md": contact("Bob", list="A", referred_by='"[[Ada]]"', created=day),
        "organizations/Acme.md": ORG.replace("---\n---", "---\ntarget: true\n---"),
        "meetings/Edge.md": meeting,
        "meetings/Timed.md": timed,
        "opportunities/Engineer.md": opportunity,
    }
    return write_vault(root, files, config)


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--vault", str(root), *args])


def answers(result: Result) -> None:
    """Exit 0 (no problem) or 1 (lint found one); never an exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module", params=[FIRST, LAST, "9999-12-30"])
def edge(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return edge_vault(tmp_path_factory.mktemp("edge") / "vault", request.param)


@pytest.mark.parametrize("today", [FIRST, LAST, "2026-11-25"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_answers_at_the_edges_of_the_calendar(edge: Path, today: str, command: list[str]) -> None:
    answers(run(edge, "--today", today, *command))


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "2026-W53"])
@pytest.mark.parametrize("week_start", ["monday", "sunday"])
def test_a_week_at_the_edge_is_a_dashboard(tmp_path: Path, week: str, week_start: str) -> None:
    root = edge_vault(tmp_path / "v", LAST, f'[vault]\nweek_start = "{week_start}"\n')
    answers(run(root, "--today", LAST, "dashboard", "--stdout", "--week", week))


@pytest.mark.parametrize("week", ["9999-W53", "2026-W54", "0001-W00", "0000-W01", "10000-W01", "2026-w1"])
def test_a_week_that_does_not_exist_is_a_usage_error(tmp_path: Path, week: str) -> None:
    root = edge_vault(tmp_path / "v", LAST)
    result = run(root, "dashboard", "--stdout", "--week", week)
    assert result.exit_code == 2
    assert f"--week {week!r}: expected an ISO week" in result.output


def test_the_last_week_holds_the_last_day(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "v", LAST)
    result = run(root, "--today", LAST, "dashboard", "--stdout", "--week", "9999-W52")
    assert result.exit_code == 0
    assert "9999-12-31" in result.output and "[[Edge]]" in result.output


def test_a_meeting_on_the_last_day_is_today_and_tomorrow_has_none(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "v", LAST)
    today = json.loads(run(root, "--today", LAST, "agenda", "--format", "json").output)
    assert [m["path"] for m in today["meetings"]] == ["meetings/Edge.md", "meetings/Timed.md"]
    assert {f["text"] for f in today["follow_ups"]} >= {"follow up with Ada", "Apply"}
    eve = json.loads(run(root, "--today", "9999-12-30", "agenda", "--format", "json").output)
    assert [m["path"] for m in eve["meetings"]] == ["meetings/Edge.md", "meetings/Timed.md"]  # tomorrow
    assert eve["follow_ups"] == []


def test_a_thank_you_due_past_the_last_day_is_never_overdue(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "v", "9999-12-30")
    owed = json.loads(run(root, "--today", LAST, "agenda", "--format", "json").output)["thank_yous"]
    assert [(t["path"], t["due"], t["overdue"]) for t in owed] == [
        ("meetings/Edge.md", LAST, False),
        ("meetings/Timed.md", LAST, False),
    ]
    assert "thank-you-overdue" not in run(root, "--today", LAST, "lint").output


def test_stats_on_the_first_day_has_one_week(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "v", FIRST)
    weeks = json.loads(run(root, "--today", FIRST, "stats", "--format", "json").output)["weeks"]
    assert weeks == [{"week": "0001-W01", "start": FIRST, "meetings": 2}]


def test_stats_on_the_last_day_counts_it(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "v", LAST)
    weeks = json.loads(run(root, "--today", LAST, "stats", "--format", "json").output)["weeks"]
    assert len(weeks) == 1  # stats start at the week of the vault's first meeting (issue 18)
    assert weeks[-1] == {"week": "9999-W52", "start": "9999-12-27", "meetings": 2}


def test_an_all_day_event_on_the_last_day_lasts_the_day(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "v", LAST)
    ics = run(root, "--today", LAST, "export", "ics").output
    assert "DTSTART;VALUE=DATE:99991231" in ics
    assert "DTEND" not in ics  # RFC 5545 3.6.1: a DATE start with no end is one day long
    assert "DTSTART:99991231T235000" in ics and "DURATION:PT30M" in ics


def test_a_new_meeting_on_the_last_day(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "v", LAST)
    result = run(root, "new", "meeting", "Ada", "--date", LAST)
    assert result.exit_code == 0, result.output
    assert (root / "meetings" / f"{LAST} Ada.md").is_file()


@given(st.dates(), st.integers(-4_000_000, 4_000_000))
def test_add_days_is_date_arithmetic_or_none_off_the_calendar(day: dt.date, days: int) -> None:
    try:
        expected: dt.date | None = day + dt.timedelta(days=days)
    except OverflowError:
        expected = None
    assert add_days(day, days) == expected
    held = add_days_within(day, days)
    assert held == (expected or (dt.date.max if days > 0 else dt.date.min))


def test_the_first_week_has_a_four_digit_year(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "v", FIRST)
    result = run(root, "--today", FIRST, "dashboard")
    assert result.exit_code == 0, result.output
    assert (root / "dashboards" / "0001-W01.md").is_file()
    assert run(root, "--today", FIRST, "dashboard", "--week", "0001-W01").exit_code == 0
    assert sorted(p.name for p in (root / "dashboards").iterdir()) == ["0001-W01.md"]
