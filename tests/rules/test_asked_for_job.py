from tests.conftest import contact

M = '---\ntype: meeting\ndate: 2026-12-01\nwith: ["[[A]]"]\n{}---\n{}'
A = {"contacts/A.md": contact()}


def test_purpose_asks_for_a_job(check):
    files = {"meetings/m.md": M.format("purposes: [advice, job]\n", ""), **A}
    assert check("NM404", files) == [("meetings/m.md", 5, 20)]


def test_agenda_asks_for_a_job(check):
    files = {"meetings/m.md": M.format("", "## Agenda\n- Pitch\n- Ask if they are hiring engineers\n"), **A}
    assert check("NM404", files) == [("meetings/m.md", 8, 3)]


def test_reminder_not_to_ask_is_fine(check):
    files = {"meetings/m.md": M.format("", "## Agenda\n- Do not ask for a job: ask for advice\n"), **A}
    assert check("NM404", files) == []


def test_negation_on_the_line_before(check):
    files = {"meetings/m.md": M.format("", "My pitch: I'm not\nasking you for a job, I'd value advice.\n"), **A}
    assert check("NM404", files) == []


def test_interview_may_talk_about_the_job(check):
    files = {"meetings/m.md": M.format("kind: interview\n", "- Ask about the open positions\n"), **A}
    assert check("NM404", files) == []


def test_advice_and_referrals(check):
    files = {"meetings/m.md": M.format("purposes: [advice, referrals]\n", "- Who else should I talk to?\n"), **A}
    assert check("NM404", files) == []
