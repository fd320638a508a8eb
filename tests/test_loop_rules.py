"""Issue 15: NM404 catches more ways of asking for a job, in information and referral meetings;
NM409 reminds to write up a held meeting."""

from __future__ import annotations

import pytest

from tests.conftest import contact

MEETING = (
    '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[A]]"]\nkind: {}\nthanked: 2026-11-20\noffered_help: x\n---\n{}\n'
)


@pytest.mark.parametrize(
    "line",
    [
        "- Could you refer me for the backend role?",
        "- Is there a position for me on your team?",
        "- Are you hiring?",
        "- Ask if they are hiring",
    ],
)
@pytest.mark.parametrize("kind", ["information", "referral"])
def test_asking_for_a_job_is_caught(check, line, kind):
    files = {"contacts/A.md": contact(), "meetings/m.md": MEETING.format(kind, line)}
    assert check("NM404", files) == [("meetings/m.md", 9, 3)]


@pytest.mark.parametrize(
    "line",
    [
        "I didn't ask, but they are hiring.",
        "Don't ask for a job.",
        "They refer people to the platform team.",
        "Is there a team I should meet?",
    ],
)
def test_saying_you_did_not_ask_is_quiet(check, line):
    files = {"contacts/A.md": contact(), "meetings/m.md": MEETING.format("information", line)}
    assert check("NM404", files) == []


def test_an_interview_may_talk_about_the_job(check):
    files = {"contacts/A.md": contact(), "meetings/m.md": MEETING.format("interview", "- Are you hiring?")}
    assert check("NM404", files) == []


WRITE_UP = '---\ntype: meeting\ndate: {}\nwith: ["[[A]]"]\nthanked: {}\noffered_help: x\n{}---\n'


@pytest.mark.parametrize(
    ("day", "extra", "fires"),
    [
        ("2026-11-22", "", True),  # 3 days
        ("2026-11-23", "", False),  # 2 days: still in time
        ("2026-11-20", "outcome: Two names to call\n", False),
        ("2026-11-20", "status: cancelled\n", False),
        ("2026-11-20", "status: planned\n", False),
        ("2026-11-20", "logged: true\n", False),
    ],
)
def test_a_held_meeting_not_written_up(check, day, extra, fires):
    files = {"contacts/A.md": contact(), "meetings/m.md": WRITE_UP.format(day, day, extra)}
    assert check("NM409", files) == ([("meetings/m.md", 3, 7)] if fires else [])


def test_nm409_says_whom_and_how_long(tmp_path):
    from click.testing import CliRunner

    from netmd.cli import cli
    from tests.conftest import write_vault

    root = write_vault(
        tmp_path / "v", {"contacts/A.md": contact(), "meetings/m.md": WRITE_UP.format("2026-11-20", "2026-11-20", "")}
    )
    out = CliRunner().invoke(cli, ["--vault", str(root), "lint"]).stdout
    assert "meetings/m.md:3:7: info NM409 meeting-not-written-up: held 5 days ago with A: add outcome:" in out


TARGET = "---\ntype: organization\ntarget: true\n---\n"


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ({}, "a target with no contact yet: who could introduce you?"),
        (
            {"contacts/Cold.md": contact(list="C", organization='"[[K]]"', decision_maker="true")},
            "no warm path to anyone here: ask your List A and B contacts who knows Cold",
        ),
        (
            {"contacts/Known.md": contact(list="B", organization='"[[K]]"')},
            "no known decision maker here: ask the people you know there who decides",
        ),
        (
            {
                "contacts/Known.md": contact(list="A"),
                "contacts/Boss.md": contact(
                    list="C", organization='"[[K]]"', decision_maker="true", referred_by='"[[Known]]"'
                ),
            },
            None,
        ),
    ],
)
def test_nm408_a_cold_contact_is_not_a_path(tmp_path, people, message):
    from tests.conftest import lint_vault, write_vault

    root = write_vault(tmp_path / "v", {"organizations/K.md": TARGET, **people})
    found = [d.message for d in lint_vault(root) if d.code == "NM408"]
    assert found == ([message] if message else [])
