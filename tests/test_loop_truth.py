"""Issue 15, one source of truth: each duty is a field and its reminder comes from the field,
once, in `agenda`, `dashboard` and `lint`; meeting status and the week's count; referrals from
either side; never met is not stale. Vaults with known answers, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault

# today is Wednesday 2026-11-25 (tests/conftest.py); its week runs 2026-11-23 to 2026-11-29


def meeting(day: str, who: str, extra: str = "", body: str = "") -> str:
    return f'---\ntype: meeting\ndate: {day}\nwith: ["[[{who}]]"]\noffered_help: x\n{extra}---\n{body}'


GOAL_4 = "[method]\nweekly_meeting_goal = 4\n"


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--vault", str(root), *args])


def agenda(root: Path) -> dict[str, Any]:
    return json.loads(run(root, "agenda", "--format", "json").stdout)


OLD_CHECKLIST = (
    "## After the meeting\n\n- [ ] Send a thank-you note 📅 2026-11-22\n- [ ] Offer help in return 📅 2026-11-22\n"
)


def test_thanked_field_silences_the_old_checklist_line_everywhere(tmp_path):
    """The issue's report: `thanked: 2026-12-02` left "Send a thank-you note … was due" overdue."""
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Aisha Rahman.md": contact(),
            "meetings/m-m.md": meeting("2026-11-20", "Aisha Rahman", "thanked: 2026-11-21\n", OLD_CHECKLIST),
        },
    )
    a = agenda(root)
    assert a["thank_yous"] == [] and a["follow_ups"] == []
    assert "NM405" not in run(root, "lint").stdout
    assert "Thank" not in run(root, "dashboard", "--stdout").stdout.split("## Thank-yous owed")[1].split("##")[0]


def test_a_thank_you_owed_appears_once_naming_the_person(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Aisha Rahman.md": contact(),
            "meetings/m-m.md": meeting("2026-11-20", "Aisha Rahman", "", OLD_CHECKLIST),
        },
    )
    said = "Thank Aisha Rahman for the meeting of 2026-11-20"
    text = run(root, "agenda").stdout
    assert text.count(said) == 1 and "Send a thank-you" not in text
    lint = run(root, "lint").stdout
    assert lint.count(said) == 1 and "NM405" not in lint
    board = run(root, "dashboard", "--stdout").stdout
    assert board.count("Thank [[Aisha Rahman]] for the meeting of 2026-11-20") == 1


def test_the_dashboard_has_no_checkboxes_for_the_tasks_plugin_to_collect(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {"contacts/A.md": contact(), "meetings/m-m.md": meeting("2026-11-20", "A")},
    )
    board = run(root, "dashboard", "--stdout").stdout
    assert "- Thank [[A]] for the meeting of 2026-11-20" in board
    assert "- [ ]" not in board and "- [x]" not in board


def test_tasks_of_a_closed_opportunity_do_not_nag(tmp_path):
    opp = '---\ntype: opportunity\norganization: "[[Acme]]"\nstage: {}\n---\n- [ ] Send the portfolio 📅 2026-11-20\n'
    files: dict[str, str | bytes] = {"organizations/Acme.md": "---\ntype: organization\n---\n"}
    for stage in ("lead", "applied", "interviewing", "offer", "accepted", "rejected", "withdrawn"):
        files[f"opportunities/{stage}.md"] = opp.format(stage)
    root = write_vault(tmp_path / "v", files)
    nagging = sorted(Path(f["path"]).stem for f in agenda(root)["follow_ups"])
    assert nagging == ["applied", "interviewing", "lead", "offer"]
    assert run(root, "lint").stdout.count("NM405") == 4


def test_meeting_status_and_the_weeks_count(tmp_path):
    """Two held (one past by default, one marked held today), one booked, one cancelled: 2 held, 1 booked."""
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/A.md": contact(),
            "contacts/B.md": contact(),
            "contacts/C.md": contact(),
            "contacts/D.md": contact(),
            "meetings/m-a.md": meeting("2026-11-23", "A", "thanked: 2026-11-23\n"),
            "meetings/m-b.md": meeting("2026-11-25", "B", "status: held\nthanked: 2026-11-25\n"),
            "meetings/m-c.md": meeting("2026-11-27", "C"),
            "meetings/m-d.md": meeting("2026-11-24", "D", "status: cancelled\n"),
        },
        GOAL_4,
    )
    line = "Meetings this week: 2 held, 1 booked, goal 4"
    assert line in run(root, "agenda").stdout
    assert line in run(root, "stats").stdout
    assert "## " + line in run(root, "dashboard", "--stdout").stdout
    a = agenda(root)
    assert a["thank_yous"] == []  # the cancelled one owes nothing
    assert {k: a["week"][k] for k in ("held", "booked", "goal")} == {"held": 2, "booked": 1, "goal": 4}
    stats = json.loads(run(root, "stats", "--format", "json").stdout)
    assert stats["this_week"]["held"] == 2 and stats["weeks"][-1]["meetings"] == 3
    assert "NM402" not in run(root, "lint").stdout


def test_short_of_the_goal_whom_to_book_waiting_referrals_first(tmp_path):
    """A waiting referral first, then a stale contact at a target; a stale contact elsewhere is not offered."""
    target = "---\ntype: organization\ntarget: true\n---\n"
    root = write_vault(
        tmp_path / "v",
        {
            "organizations/Acme.md": target,
            "contacts/Ref.md": contact(referred_by='"[[Old]]"', referred_on="2026-11-20"),
            "contacts/Old.md": contact(list="C", organization='"[[Acme]]"'),
            "contacts/Far.md": contact(list="C"),
            "meetings/m-o.md": meeting("2026-09-01", "Old", "thanked: 2026-09-01\n"),
            "meetings/m-f.md": meeting("2026-09-01", "Far", "thanked: 2026-09-01\n"),
        },
    )
    a = agenda(root)
    assert [(b["name"], b["why"]) for b in a["week"]["to_book"]] == [
        ("Ref", "referred by Old on 2026-11-20"),
        ("Old", "stale 85 days, at a target"),
    ]
    assert (
        "  book Ref (referred by Old on 2026-11-20)\n  book Old (stale 85 days, at a target)\n"
        in run(root, "agenda").stdout
    )


def test_a_referral_written_only_on_the_contact_is_waiting(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Rafael.md": contact(),
            "contacts/Nadia.md": contact(referred_by='"[[Rafael]]"', created="2026-11-01"),
            "contacts/Omar.md": contact(referred_by='"[[Rafael]]"', referred_on="2026-11-20", created="2026-10-01"),
            "meetings/m-r.md": meeting("2026-10-01", "Rafael", "thanked: 2026-10-01\n"),
        },
    )
    waiting = [(r["name"], r["referred_by"], r["since"], r["overdue"]) for r in agenda(root)["referrals"]]
    assert waiting == [("Nadia", ["Rafael"], "2026-11-01", True), ("Omar", ["Rafael"], "2026-11-20", False)]
    lint = run(root, "lint").stdout
    assert (
        "contacts/Nadia.md:4:14: info NM406 referral-not-contacted: referred by Rafael 24 days ago and not met since:"
        " contact Nadia" in lint
    )
    assert "Omar.md" not in lint  # 5 days: not late
    assert json.loads(run(root, "stats", "--format", "json").stdout)["referrals_received"] == 2


def test_a_referral_met_since_no_longer_waits_and_one_in_a_meeting_is_not_counted_twice(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Rafael.md": contact(),
            "contacts/Nadia.md": contact(referred_by='"[[Rafael]]"', created="2026-11-01"),
            "contacts/Omar.md": contact(referred_by='"[[Rafael]]"', created="2026-11-01"),
            "meetings/m-r.md": meeting("2026-11-02", "Rafael", 'thanked: 2026-11-02\nreferrals: ["[[Omar]]"]\n'),
            "meetings/m-n.md": meeting("2026-11-10", "Nadia", "thanked: 2026-11-10\n"),
        },
    )
    assert [(r["name"], r["since"]) for r in agenda(root)["referrals"]] == [("Omar", "2026-11-02")]
    assert json.loads(run(root, "stats", "--format", "json").stdout)["referrals_received"] == 2


def test_never_met_is_not_stale_but_queued_decision_makers_and_priority_first(tmp_path):
    """After an import every connection had a 'last contact': now they wait in "not met yet"."""
    org = "---\ntype: organization\ntarget: true\npriority: {}\n---\n"
    root = write_vault(
        tmp_path / "v",
        {
            "organizations/Low.md": org.format(3),
            "organizations/High.md": org.format(1),
            "contacts/Ann.md": contact(created="2020-01-01", connected="2020-01-01"),
            "contacts/Bo.md": contact(organization='"[[Low]]"', decision_maker="true", created="2020-01-01"),
            "contacts/Cy.md": contact(organization='"[[High]]"', created="2020-01-01"),
            "contacts/Di.md": contact(organization='"[[High]]"', decision_maker="true", created="2020-01-01"),
            "contacts/Ed.md": contact(status="archived"),
        },
    )
    a = agenda(root)
    assert a["stale"] == []
    assert [n["name"] for n in a["not_met"]] == ["Di", "Bo", "Cy", "Ann"]
    text = run(root, "agenda").stdout
    assert "Not met yet (4)\n  Di at High, decision maker\n  Bo at Low, decision maker\n  Cy at High\n  Ann\n" in text
    assert "## Not met yet\n\n- [[Di]] at High, decision maker\n" in run(root, "dashboard", "--stdout").stdout
    assert "NM204" not in run(root, "lint").stdout  # `connected` is a contact field


def test_a_met_contact_goes_stale_from_the_meeting_not_from_created(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/A.md": contact(list="C", created="2020-01-01"),
            "meetings/m-m.md": meeting("2026-10-01", "A", "thanked: 2026-10-01\n"),
            "meetings/m-x.md": meeting("2026-11-20", "A", "status: cancelled\n"),
        },
    )
    assert [(s["name"], s["last"], s["days"]) for s in agenda(root)["stale"]] == [("A", "2026-10-01", 55)]


def test_promised_help_stays_open_and_is_not_counted_as_given(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/A.md": contact(),
            "contacts/B.md": contact(),
            "meetings/m-a.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[A]]"]\nthanked: 2026-11-20\n'
            'offered_help: "Will send her two candidates"\n---\n',
            "meetings/m-b.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[B]]"]\nthanked: 2026-11-20\n'
            'offered_help: "Sent him two candidates"\n---\n',
        },
    )
    assert [x["with"] for x in agenda(root)["help_promised"]] == [["A"]]
    assert (
        "Help promised, not yet given (1)\n  A (met 2026-11-20): record what you did in offered_help\n"
        in run(root, "agenda").stdout
    )
    assert json.loads(run(root, "stats", "--format", "json").stdout)["help_offered_rate"] == 0.5


def test_a_linkedin_import_queues_connections_as_not_met_not_stale(tmp_path):
    """The issue: after a LinkedIn import every connection was "2,366 days" stale."""
    csv = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,,,Acme,CTO,15 Mar 2020\n"
        "Bo,Park,,,,,01 Jan 2019\n"
    )
    root = write_vault(tmp_path / "v", {"Connections.csv": csv})
    assert run(root, "import", "linkedin", str(root / "Connections.csv")).exit_code == 0
    text = (root / "contacts/Ann Lee.md").read_text("utf-8")
    assert "connected: 2020-03-15\n" in text and "created: 2026-11-25\n" in text
    a = agenda(root)
    assert a["stale"] == [] and [n["name"] for n in a["not_met"]] == ["Ann Lee", "Bo Park"]


def test_targets_ranked_by_priority_with_stage_path_and_next_step(tmp_path):
    org = "---\ntype: organization\ntarget: true\npriority: {}\nstage: {}\n---\n"
    root = write_vault(
        tmp_path / "v",
        {
            "organizations/Verdant.md": org.format(1, "networking"),
            "organizations/Kestrel.md": org.format(2, "researching"),
            "organizations/Solace.md": "---\ntype: organization\ntarget: true\n---\n",
            "organizations/Cold.md": org.format(3, "researching"),
            "contacts/Rafael Souza.md": contact(list="A"),
            "contacts/Nadia Petrova.md": contact(
                list="C", organization='"[[Verdant]]"', decision_maker="true", referred_by='"[[Rafael Souza]]"'
            ),
            "contacts/Ingrid.md": contact(list="C", organization='"[[Kestrel]]"', decision_maker="true"),
            "meetings/m1.md": meeting("2026-11-20", "Ingrid", "thanked: 2026-11-20\n"),
            "contacts/Stranger.md": contact(list="C", organization='"[[Cold]]"'),
        },
    )
    board = run(root, "dashboard", "--stdout").stdout
    rows = board.split("## Target employers\n\n")[1].split("\n\n")[0].splitlines()[2:]
    assert rows == [
        "| 1 | [[Verdant]] | networking | 1 | you → [[Rafael Souza]] → [[Nadia Petrova]] (decision maker)"
        " | ask Rafael Souza to introduce Nadia Petrova |",
        "| 2 | [[Kestrel]] | researching | 1 | you → [[Ingrid]] (decision maker) | follow up with Ingrid |",
        "| 3 | [[Cold]] | researching | 1 | no path yet | find a warm path to Stranger |",
        "|  | [[Solace]] |  | 0 | no path yet | find a first contact |",
    ]


def test_after_meeting_a_referral_tell_the_referrer_until_you_have(tmp_path):
    files: dict[str, str | bytes] = {
        "contacts/Rafael.md": contact(),
        "contacts/Nadia.md": contact(referred_by='"[[Rafael]]"', referred_on="2026-11-01"),
        "meetings/m1.md": meeting("2026-11-01", "Rafael", "thanked: 2026-11-01\noutcome: x\n"),
        "meetings/m2.md": meeting("2026-11-20", "Nadia", "thanked: 2026-11-20\noutcome: x\n"),
    }
    root = write_vault(tmp_path / "v", files)
    said = "Tell Rafael how the meeting with Nadia went (met 2026-11-20)"
    assert said in run(root, "agenda").stdout
    assert (
        "- Tell [[Rafael]] how the meeting with Nadia went (met 2026-11-20)"
        in run(root, "dashboard", "--stdout").stdout
    )
    assert run(root, "log", "Rafael", "--kind", "message", "--date", "2026-11-21").exit_code == 0
    assert agenda(root)["report_back"] == []


def test_after_the_job_thank_everyone_on_the_path_and_keep_in_touch_slower(tmp_path):
    opp = '---\ntype: opportunity\norganization: "[[Verdant]]"\nvia: "[[Nadia]]"\nstage: {}\ndate: 2026-11-20\n---\n'
    files: dict[str, str | bytes] = {
        "organizations/Verdant.md": "---\ntype: organization\n---\n",
        "contacts/Priya.md": contact(list="A"),
        "contacts/Rafael.md": contact(list="B", referred_by='"[[Priya]]"'),
        "contacts/Nadia.md": contact(list="C", organization='"[[Verdant]]"', referred_by='"[[Rafael]]"'),
        "contacts/Grace.md": contact(list="C", organization='"[[Verdant]]"'),
        "contacts/Else.md": contact(list="C"),
        "meetings/m1.md": meeting("2026-10-01", "Grace", "thanked: 2026-10-01\noutcome: x\n"),
        "meetings/m2.md": meeting("2026-10-01", "Else", "thanked: 2026-10-01\noutcome: x\n"),
        "meetings/m3.md": meeting("2026-11-21", "Priya", "thanked: 2026-11-21\noutcome: x\n"),
        "opportunities/Job.md": opp.format("offer"),
    }
    root = write_vault(tmp_path / "v", files, "[method]\ncadence_days = { A = 90, B = 45, C = 21 }\n")
    a = agenda(root)
    assert a["after_the_job"] == [] and [s["name"] for s in a["stale"]] == ["Else", "Grace"]
    (root / "opportunities/Job.md").write_text(opp.format("accepted"))
    a = agenda(root)
    assert [x["name"] for x in a["after_the_job"]] == ["Nadia", "Grace", "Rafael"]  # Priya was met since
    assert "Thank Nadia and tell them about Job\n" in run(root, "agenda").stdout
    assert a["stale"] == []  # every cadence is 90 days now


def test_a_cancelled_meeting_is_no_meeting_and_a_booked_one_ends_the_wait_but_tells_nothing_yet(tmp_path):
    """Whether and when a person was met reads only the meetings that count: held, or booked
    to come (a cancelled one is not contact; a booked one is not held, so nothing to report)."""
    files: dict[str, str | bytes] = {
        "contacts/Rafael.md": contact(),
        "contacts/Nadia.md": contact(list="C", referred_by='"[[Rafael]]"', referred_on="2026-11-01"),
        "meetings/m1.md": meeting("2026-11-01", "Rafael", "thanked: 2026-11-01\noutcome: x\n"),
        "meetings/m2.md": meeting("2026-11-10", "Nadia", "status: cancelled\n"),
    }
    root = write_vault(tmp_path / "v", files)
    a = agenda(root)
    assert [r["name"] for r in a["referrals"]] == ["Nadia"]
    assert a["report_back"] == [] and "Nadia" not in [n["name"] for n in a["not_met"]]  # (listed once: waiting)
    (root / "meetings" / "m3.md").write_text(meeting("2026-11-30", "Nadia", "status: planned\n"))
    a = agenda(root)
    assert a["referrals"] == [] and a["report_back"] == []
    assert "Nadia" not in [n["name"] for n in a["not_met"]]  # booked: nobody to chase
    (root / "meetings" / "m3.md").write_text(meeting("2026-11-24", "Nadia", "thanked: 2026-11-24\n"))
    a = agenda(root)
    assert [(x["referrer"], x["name"], x["met"]) for x in a["report_back"]] == [("Rafael", "Nadia", "2026-11-24")]
    assert a["stale"] == [] and a["referrals"] == []
