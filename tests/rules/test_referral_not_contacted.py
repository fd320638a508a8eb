from tests.conftest import contact

# today is 2026-11-25 (tests/conftest.py)
M = '---\ntype: meeting\ndate: {}\nwith: ["[[{}]]"]\nthanked: {}\noffered_help: x\n{}---\n'


def vault(referral_day: str, *later: str, status: str = "active") -> dict[str, str]:
    files = {
        "contacts/A.md": contact(),
        "contacts/B.md": contact(status=status),
        "meetings/m.md": M.format(referral_day, "A", referral_day, 'referrals: ["[[B]]"]\n'),
    }
    for i, day in enumerate(later):
        files[f"meetings/later{i}.md"] = M.format(day, "B", day, "")
    return files


def test_referral_waiting_over_two_weeks(check):
    assert check("NM406", vault("2026-11-10")) == [("meetings/m.md", 7, 14)]


def test_exactly_fourteen_days_is_not_late(check):
    assert check("NM406", vault("2026-11-11")) == []


def test_met_since(check):
    assert check("NM406", vault("2026-11-01", "2026-11-05")) == []


def test_meeting_before_the_referral_does_not_count(check):
    assert check("NM406", vault("2026-11-01", "2026-10-01")) == [("meetings/m.md", 7, 14)]


def test_paused_referral(check):
    assert check("NM406", vault("2026-11-01", status="paused")) == []


def test_another_meeting_the_same_day_counts_the_referral_meeting_itself_does_not(check):
    assert check("NM406", vault("2026-11-01", "2026-11-01")) == []
    itself = vault("2026-11-01")
    itself["meetings/m.md"] = M.format("2026-11-01", "B", "2026-11-01", 'referrals: ["[[B]]"]\n')
    assert check("NM406", itself) == [("meetings/m.md", 7, 14)]


def test_a_meeting_without_a_date_does_not_count(check):
    files = vault("2026-11-01")
    files["meetings/undated.md"] = '---\ntype: meeting\nwith: ["[[B]]"]\n---\n'
    assert check("NM406", files) == [("meetings/m.md", 7, 14)]
