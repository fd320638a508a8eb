from tests.conftest import contact


def test_unknown_person_in_a_meeting_note(check):
    assert check("NM305", {"contacts/A.md": contact() + "Met [[Grace Hopper]] today.\n"}) == [(5, 5)]


def test_known_person(check):
    files = {"contacts/A.md": contact() + "Met [[B]].\n", "contacts/B.md": contact()}
    assert check("NM305", files) == []


def test_attachments_and_headings_are_left_alone(check):
    assert check("NM305", {"contacts/A.md": contact() + "![[cv.pdf]] [[#Notes]]\n"}) == []


def test_code_blocks_are_skipped(check):
    assert check("NM305", {"contacts/A.md": contact() + "```\n[[Nobody]]\n```\n"}) == []


def test_other_notes_are_left_alone(check):
    assert check("NM305", {"daily/x.md": "[[Someday]]\n"}) == []
