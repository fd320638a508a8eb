from tests.conftest import contact

M = '---\ntype: meeting\ndate: 2026-12-01\nwith: ["[[A]]"]\n{}\n---\n'
A = {"contacts/A.md": contact()}


def test_over_thirty_minutes(check):
    assert check("NM401", {"meetings/m.md": M.format("duration: 45"), **A}) == [("meetings/m.md", 5, 11)]


def test_exactly_thirty_minutes_is_fine(check):
    assert check("NM401", {"meetings/m.md": M.format("duration: 30"), **A}) == []


def test_referral_meetings_count_too(check):
    assert check("NM401", {"meetings/m.md": M.format("kind: referral\nduration: 31"), **A}) == [
        ("meetings/m.md", 6, 11)
    ]


def test_interviews_may_be_long(check):
    assert check("NM401", {"meetings/m.md": M.format("kind: interview\nduration: 90"), **A}) == []


def test_limit_from_config(check):
    files = {"meetings/m.md": M.format("duration: 45"), **A}
    assert check("NM401", files, "[method]\nmax_meeting_minutes = 45\n") == []
