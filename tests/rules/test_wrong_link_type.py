from tests.conftest import ORG, contact

MEETING = '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[{}]]"]\n---\n'


def test_meeting_with_an_organization(check):
    files = {"meetings/m.md": MEETING.format("Initech"), "organizations/Initech.md": ORG}
    assert check("NM303", files) == [("meetings/m.md", 4, 9)]


def test_organization_pointing_at_a_contact(check):
    files = {"contacts/A.md": contact(organization='"[[B]]"'), "contacts/B.md": contact()}
    assert check("NM303", files) == [("contacts/A.md", 4, 16)]


def test_right_type(check):
    assert check("NM303", {"meetings/m.md": MEETING.format("A"), "contacts/A.md": contact()}) == []


def test_note_without_netmd_type_is_accepted(check):
    assert check("NM303", {"meetings/m.md": MEETING.format("A"), "people/A.md": "# A\n"}) == []
