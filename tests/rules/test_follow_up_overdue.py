from tests.conftest import contact

# today is 2026-11-25 (tests/conftest.py)


def test_open_task_past_due(check):
    assert check("NM405", {"contacts/A.md": contact() + "- [ ] Call 📅 2026-11-24\n"}) == [(5, 3)]


def test_task_due_today_is_not_overdue(check):
    assert check("NM405", {"contacts/A.md": contact() + "- [ ] Call 📅 2026-11-25\n"}) == []


def test_done_and_cancelled_tasks(check):
    body = "- [x] Call 📅 2026-11-01 ✅ 2026-11-01\n- [-] Write 📅 2026-11-01\n- [ ] Mail 📅 2026-11-01 ❌ 2026-11-02\n"
    assert check("NM405", {"contacts/A.md": contact() + body}) == []


def test_only_scheduled_is_never_overdue(check):
    # ⏳ says when to start (the Tasks plugin's scheduled date), not a deadline
    assert check("NM405", {"contacts/A.md": contact() + "- [ ] Call ⏳ 2026-11-20\n"}) == []


def test_contact_follow_up_field(check):
    assert check("NM405", {"contacts/A.md": contact(follow_up="2026-11-01")}) == [(4, 12)]


def test_paused_contact_raises_no_nag(check):
    files = {"contacts/A.md": contact(follow_up="2026-11-01", status="paused") + "- [ ] Call 📅 2026-11-01\n"}
    assert check("NM405", files) == []


def test_tasks_in_other_notes_are_left_alone(check):
    assert check("NM405", {"daily/d.md": "- [ ] Call 📅 2026-11-01\n"}) == []
