from tests.conftest import contact


def test_contact_without_list(check):
    assert check("NM202", {"contacts/A.md": "---\ntype: contact\n---\n"}) == [(2, 1)]


def test_empty_required_value(check):
    assert check("NM202", {"contacts/A.md": "---\ntype: contact\nlist: ''\n---\n"}) == [(3, 7)]


def test_meeting_needs_date_and_with(check):
    assert check("NM202", {"meetings/m.md": "---\ntype: meeting\n---\n"}) == [(2, 1), (2, 1)]


def test_meeting_with_empty_list(check):
    text = "---\ntype: meeting\ndate: 2026-11-20\nwith: []\n---\n"
    assert check("NM202", {"meetings/m.md": text}) == [(4, 7)]


def test_opportunity_needs_organization(check):
    assert check("NM202", {"opportunities/o.md": "---\ntype: opportunity\n---\n"}) == [(2, 1)]


def test_note_in_a_netmd_folder_without_type(check):
    assert check("NM202", {"contacts/A.md": "# Ada\n"}) == [(1, 1)]


def test_other_notes_need_nothing(check):
    assert check("NM202", {"daily/2026-11-20.md": "# Today\n"}) == []


def test_complete_contact(check):
    assert check("NM202", {"contacts/A.md": contact()}) == []
