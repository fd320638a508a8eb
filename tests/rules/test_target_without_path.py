from tests.conftest import contact

ORG = "---\ntype: organization\ntarget: {}\n---\n"


def test_target_with_nobody(check):
    assert check("NM408", {"organizations/K.md": ORG.format("true")}) == [(3, 9)]


def test_target_with_a_contact(check):
    files = {"organizations/K.md": ORG.format("true"), "contacts/A.md": contact(organization='"[[K]]"')}
    assert check("NM408", files) == [("organizations/K.md", 3, 9)]  # no known decision maker (issue 15)
    files["contacts/A.md"] = contact(organization='"[[K]]"', decision_maker="true")
    assert check("NM408", files) == []


def test_not_a_target(check):
    assert check("NM408", {"organizations/K.md": ORG.format("false")}) == []
