from tests.conftest import contact

# today is 2026-11-25 (tests/conftest.py)
M = '---\ntype: meeting\ndate: {}\nwith: ["[[A]]"]\n{}---\n'
A = {"contacts/A.md": contact()}


def meeting(day: str, extra: str = "") -> dict[str, str]:
    return {"meetings/m.md": M.format(day, extra), **A}


def test_three_days_without_thanks(check):
    assert check("NM402", meeting("2026-11-22")) == [("meetings/m.md", 3, 7)]


def test_day_two_is_still_in_time(check):
    assert check("NM402", meeting("2026-11-23")) == []


def test_thanked(check):
    assert check("NM402", meeting("2026-11-10", "thanked: 2026-11-12\n")) == []


def test_future_meeting(check):
    assert check("NM402", meeting("2026-11-30")) == []


def test_paused_contact_raises_no_nag(check):
    files = {**meeting("2026-11-01"), "contacts/A.md": contact(status="paused")}
    assert check("NM402", files) == []


def test_days_from_config(check):
    assert check("NM402", meeting("2026-11-22"), "[method]\nthank_you_within_days = 3\n") == []
