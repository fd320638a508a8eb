"""Issue 15, actions that write the vault: `thank`, `done`, `ask`, `log`, as a user runs them.
Each changes only its bytes, has --dry-run and --date, and says did-you-mean for a wrong name."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from netmd.actions import parse_day
from netmd.cli import cli
from netmd.errors import UsageError
from tests.conftest import contact, write_vault

# today is Wednesday 2026-11-25 (tests/conftest.py)


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--vault", str(root), *args])


def meeting(day: str, who: str, extra: str = "") -> str:
    return f'---\ntype: meeting\ndate: {day}\nwith:\n  - "[[{who}]]"\noffered_help: x\n{extra}---\n# Notes\n'


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    return write_vault(
        tmp_path / "v",
        {
            "contacts/Aisha Rahman.md": contact(organization='"[[Acme]]"'),
            "contacts/Aisha Rahim.md": contact(),
            "contacts/Raj Patel.md": contact(organization='"[[Acme]]"'),
            "contacts/Emma Johansson.md": contact(list="A"),
            "organizations/Acme.md": "---\ntype: organization\n---\n",
            "meetings/old.md": meeting("2026-11-10", "Aisha Rahman", "thanked: 2026-11-10\n"),
            "meetings/mid.md": meeting("2026-11-18", "Aisha Rahman"),
            "meetings/new.md": meeting("2026-11-23", "Aisha Rahman"),
            "meetings/soon.md": meeting("2026-11-27", "Aisha Rahman"),
            "contacts/Tasks.md": contact(list="A") + "- [ ] Send Raj the posting 📅 2026-11-20\n"
            "- [ ] Send Emma the article 📅 2026-11-21\n- [x] Send Raj the slides ✅ 2026-11-01\n",
        },
    )


def test_thank_sets_thanked_on_the_latest_meeting_that_lacks_it_and_nothing_else(loop):
    before = (loop / "meetings/new.md").read_bytes()
    result = run(loop, "thank", "Aisha", "Rahman")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote v/meetings/new.md: thanked Aisha Rahman for the meeting of 2026-11-23: thanked: 2026-11-25\n"
    )
    after = (loop / "meetings/new.md").read_bytes()
    assert after == before.replace(b"offered_help: x\n", b"offered_help: x\nthanked: 2026-11-25\n")
    assert "Thank Aisha Rahman for the meeting of 2026-11-23" not in run(loop, "agenda").stdout
    # again: the next one back, then none (a meeting still to come is not thanked)
    assert "meetings/mid.md" in run(loop, "thank", "Aisha Rahman", "--date", "2026-11-24").stdout
    again = run(loop, "thank", "Aisha Rahman")
    assert again.exit_code == 1
    assert "no meeting with Aisha Rahman on or before 2026-11-25 is waiting for a thank-you" in again.stderr


def test_thank_replaces_an_empty_thanked_in_place_and_keeps_crlf(tmp_path):
    text = '---\r\ntype: meeting\r\ndate: 2026-11-23\r\nwith: ["[[A]]"]\r\nthanked:\r\noffered_help: x\r\n---\r\n'
    root = write_vault(tmp_path / "v", {"contacts/A.md": contact(), "meetings/m.md": text})
    assert run(root, "thank", "A", "--date", "monday").exit_code == 0
    assert (root / "meetings/m.md").read_bytes() == text.replace("thanked:", "thanked: 2026-11-23").encode()


def test_dry_run_writes_nothing(loop):
    before = {p: p.read_bytes() for p in loop.rglob("*.md")}
    for args in (["thank", "Aisha Rahman"], ["done", "posting"], ["ask", "Raj"], ["log", "Raj Patel"]):
        result = run(loop, *args, "--dry-run")
        assert result.exit_code == 0 and result.stdout.startswith("would write "), result.output
    assert {p: p.read_bytes() for p in loop.rglob("*.md")} == before


def test_names_exact_alias_unique_prefix_else_did_you_mean(loop):
    assert run(loop, "ask", "raj").exit_code == 0  # a unique prefix, any case
    ambiguous = run(loop, "ask", "Aisha")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == 'netmd: error: "Aisha" could be 2 contacts: Aisha Rahim, Aisha Rahman; say which\n'
    unknown = run(loop, "thank", "Aisha Rahmen")
    assert unknown.exit_code == 1 and "did you mean" in unknown.stderr and "Traceback" not in unknown.output
    usage = run(loop, "thank", "Raj", "--date", "someday")
    assert usage.exit_code == 2 and "--date 'someday'" in usage.stderr


def test_done_ticks_the_one_matching_task_in_the_tasks_plugin_format(loop):
    result = run(loop, "done", "posting", "--date", "yesterday")
    assert result.exit_code == 0, result.output
    text = (loop / "contacts/Tasks.md").read_text("utf-8")
    assert "- [x] Send Raj the posting 📅 2026-11-20 ✅ 2026-11-24\n- [ ] Send Emma the article" in text
    assert [f["text"] for f in json.loads(run(loop, "agenda", "--format", "json").stdout)["follow_ups"]] == [
        "Send Emma the article"
    ]


def test_done_asks_which_when_several_match_and_says_when_none_does(loop):
    several = run(loop, "done", "send")
    assert several.exit_code == 1
    assert several.stderr == (
        'netmd: error: 2 open tasks say "send", say which (TEXT, or FILE:LINE):'
        " contacts/Tasks.md:5: Send Raj the posting; contacts/Tasks.md:6: Send Emma the article\n"
    )
    none = run(loop, "done", "slides")  # ticked already
    assert none.exit_code == 1 and 'no open task says "slides"' in none.stderr


def test_ask_then_quiet_outreach_suggests_a_second_person_then_a_follow_up(loop):
    assert run(loop, "ask", "Aisha Rahman", "--date", "2026-11-19").exit_code == 0  # a Thursday
    assert "asked: 2026-11-19" in (loop / "contacts/Aisha Rahman.md").read_text("utf-8")
    # Aisha was met on 2026-11-23 after the ask: closed. Ask Raj instead.
    assert run(loop, "ask", "Raj Patel", "--date", "2026-11-20").exit_code == 0  # a Friday

    def outreach(day: str) -> list[tuple[str, int, str]]:
        a = json.loads(run(loop, "--today", day, "agenda", "--format", "json").stdout)
        return [(x["name"], x["business_days"], x["next"]) for x in a["outreach"]]

    assert outreach("2026-11-24") == []  # 2 business days
    assert outreach("2026-11-25") == [("Raj Patel", 3, "ask Aisha Rahman at Acme too")]
    assert outreach("2026-12-01") == [("Raj Patel", 7, "follow up with Raj Patel")]
    text = run(loop, "--today", "2026-12-01", "agenda").stdout
    assert "Asked, no reply (1)\n  Raj Patel: asked 2026-11-20 (7 business days): follow up with Raj Patel\n" in text
    replied = contact(organization='"[[Acme]]"', asked="2026-11-20", replied="2026-11-26")
    (loop / "contacts/Raj Patel.md").write_text(replied)
    assert outreach("2026-12-01") == []


def test_log_records_an_interaction_that_resets_the_clock_and_owes_no_thank_you(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Raj Patel.md": contact(list="C"),
            "contacts/Emma Johansson.md": contact(list="C"),
            "meetings/m.md": meeting("2026-09-01", "Raj Patel", "thanked: 2026-09-01\n"),
        },
    )
    assert [s["name"] for s in json.loads(run(root, "agenda", "--format", "json").stdout)["stale"]] == ["Raj Patel"]
    result = run(root, "log", "Raj Patel", "Emma", "--kind", "coffee", "--note", "Talked about the new team")
    assert result.exit_code == 0, result.output
    note = root / "meetings/2026-11-25 coffee Raj Patel, Emma Johansson.md"
    assert note.read_text("utf-8") == (
        '---\ntype: meeting\ndate: 2026-11-25\nwith:\n  - "[[Raj Patel]]"\n  - "[[Emma Johansson]]"\n'
        "kind: coffee\nstatus: held\nlogged: true\n---\nTalked about the new team\n"
    )
    a = json.loads(run(root, "agenda", "--format", "json").stdout)
    assert a["stale"] == [] and a["not_met"] == [] and a["thank_yous"] == []
    assert run(root, "lint").exit_code == 0
    assert run(root, "log", "Raj Patel", "Emma", "--kind", "coffee").exit_code == 1  # never over a note


def test_business_days():
    from netmd.method.report import business_days

    fri = dt.date(2026, 11, 20)
    assert [business_days(fri, fri + dt.timedelta(days=n)) for n in (0, 1, 2, 3, 4, 7, 11, 14)] == [
        0,
        0,
        0,
        1,
        2,
        5,
        7,
        10,
    ]


def test_parse_day_words():
    wed = dt.date(2026, 11, 25)
    assert parse_day("today", wed, forward=True) == wed
    assert parse_day("tomorrow", wed, forward=True) == dt.date(2026, 11, 26)
    assert parse_day("+3d", wed, forward=True) == dt.date(2026, 11, 28)
    assert parse_day("-2d", wed, forward=False) == dt.date(2026, 11, 23)
    assert parse_day("monday", wed, forward=True) == dt.date(2026, 11, 30)
    assert parse_day("Mon", wed, forward=False) == dt.date(2026, 11, 23)
    assert parse_day("wednesday", wed, forward=True) == wed == parse_day("wed", wed, forward=False)
    for bad in ("m", "someday", "+d", "2026-02-30"):
        with pytest.raises(UsageError):
            parse_day(bad, wed, forward=True)


def test_log_takes_an_unquoted_name_and_thank_skips_logged_interactions(loop):
    result = run(loop, "log", "Raj", "Patel", "--kind", "email", "--date", "yesterday")
    assert result.exit_code == 0, result.output
    assert (loop / "meetings/2026-11-24 email Raj Patel.md").exists()
    nothing = run(loop, "thank", "Raj Patel")
    assert nothing.exit_code == 1 and "no meeting with Raj Patel" in nothing.stderr


def test_log_never_writes_through_a_link_out_of_the_vault(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": contact()})
    (root / "meetings").symlink_to(outside)
    result = run(root, "log", "Raj Patel")
    assert result.exit_code == 1 and "outside the vault" in result.stderr and "Traceback" not in result.output
    assert list(outside.iterdir()) == []


def test_an_edit_that_would_change_other_fields_is_refused_and_nothing_is_written(tmp_path):
    from netmd.actions import set_field
    from netmd.errors import NetmdError
    from netmd.vault import Vault

    text = "---\ntype: contact\nlist: B\nasked: &a 2026-11-01\nreplied: *a\n---\n"
    root = write_vault(tmp_path / "v", {"contacts/A.md": text})
    with pytest.raises(NetmdError, match="would change other fields"):
        set_field(Vault(root), "contacts/A.md", "asked", "2026-11-25")
    result = run(root, "ask", "A")
    assert (
        result.exit_code == 1 and "contacts/A.md: adding asked: 2026-11-25 would change other fields" in result.stderr
    )
    assert (root / "contacts/A.md").read_text() == text
