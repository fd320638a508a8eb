from tests.conftest import contact

M = '---\ntype: meeting\ndate: {}\nwith: ["[[A]]"]\n{}---\n'
A = {"contacts/A.md": contact()}


def test_past_meeting_without_help(check):
    assert check("NM403", {"meetings/m.md": M.format("2026-11-20", ""), **A}) == [("meetings/m.md", 3, 7)]


def test_help_offered(check):
    files = {"meetings/m.md": M.format("2026-11-20", "offered_help: Reviewed her talk\n"), **A}
    assert check("NM403", files) == []


def test_meeting_today_is_not_past(check):
    assert check("NM403", {"meetings/m.md": M.format("2026-11-25", ""), **A}) == []


def test_can_be_turned_off(check):
    files = {"meetings/m.md": M.format("2026-11-20", ""), **A}
    assert check("NM403", files, '[lint]\nno-help-offered = "off"\n') == []
