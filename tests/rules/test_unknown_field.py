from tests.conftest import contact, lint_vault


def test_typo_gets_a_suggestion(vault):
    [d] = lint_vault(vault({"contacts/A.md": contact(organisation="x")}))
    assert (d.line, d.col, d.severity.value) == (4, 1, "info")
    assert d.message == '"organisation" is not a contact field (did you mean "organization"?)'


def test_own_field_is_information_only(check):
    assert check("NM204", {"contacts/A.md": contact(hobby="chess")}) == [(4, 1)]


def test_common_fields_are_known(check):
    assert check("NM204", {"contacts/A.md": contact(tags="[x]", aliases="[y]", created="2026-01-01")}) == []


def test_mapped_field_is_known(check):
    text = '---\ntype: contact\nlist: B\nCompany: "[[Initech]]"\n---\n'
    files = {"contacts/A.md": text, "organizations/Initech.md": "---\ntype: organization\n---\n"}
    assert check("NM204", files, '[fields]\nCompany = "organization"\n') == []


def test_can_be_turned_off(check):
    assert check("NM204", {"contacts/A.md": contact(birthday="x")}, '[lint]\nunknown-field = "off"\n') == []
