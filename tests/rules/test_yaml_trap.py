from tests.conftest import ORG, contact

C = "contacts/A.md"
M = "meetings/m.md"
MEETING = '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[A]]"]\n{}\n---\n'


def test_unquoted_link(check):
    assert check("NM103", {C: contact(organization="[[Initech]]"), "organizations/Initech.md": ORG}) == [
        ("contacts/A.md", 4, 15)
    ]


def test_quoted_link_is_fine(check):
    assert check("NM103", {C: contact(organization='"[[Initech]]"'), "organizations/Initech.md": ORG}) == []


def test_unquoted_link_in_a_list(check):
    text = "---\ntype: meeting\ndate: 2026-11-20\nwith:\n  - [[A]]\n---\n"
    assert check("NM103", {M: text, C: contact()}) == [("meetings/m.md", 5, 5)]


def test_bare_time_is_a_number(check):
    assert check("NM103", {M: MEETING.format("time: 14:00"), C: contact()}) == [("meetings/m.md", 5, 7)]


def test_quoted_time_is_fine(check):
    assert check("NM103", {M: MEETING.format('time: "14:00"'), C: contact()}) == []


def test_no_where_text_is_expected(check):
    assert check("NM103", {C: contact(role="no")}) == [(4, 7)]


def test_yes_in_a_checkbox_is_not_a_trap(check):
    assert check("NM103", {C: contact(decision_maker="true")}) == []


def test_phone_number_loses_its_plus(check):
    assert check("NM103", {C: contact(phone="+4930123")}) == [(4, 8)]


def test_date_that_does_not_exist(check):
    assert check("NM103", {C: contact(follow_up="2026-02-30")}) == [(4, 12)]


def test_comment_eats_a_tag(check):
    assert check("NM103", {C: "---\ntype: contact\nlist: B\ntags:\n  - #mentor\n---\n"}) == [(5, 4)]


def test_number_in_a_number_field_is_fine(check):
    assert check("NM103", {C: contact(cadence="30")}) == []


def test_other_notes_are_left_alone(check):
    assert check("NM103", {"daily/x.md": "---\ntime: 14:00\norg: [[Acme]]\n---\n"}) == []
