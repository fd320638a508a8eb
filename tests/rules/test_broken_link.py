from tests.conftest import ORG, contact, lint_vault

C = "contacts/A.md"
INITECH = {"organizations/Initech.md": ORG}


def test_resolves_by_file_name(check):
    assert check("NM301", {C: contact(organization='"[[Initech]]"'), **INITECH}) == []


def test_case_insensitive(check):
    assert check("NM301", {C: contact(organization='"[[initech]]"'), **INITECH}) == []


def test_label_and_heading(check):
    assert check("NM301", {C: contact(organization='"[[Initech#History|the company]]"'), **INITECH}) == []


def test_path_link(check):
    assert check("NM301", {C: contact(organization='"[[organizations/Initech]]"'), **INITECH}) == []


def test_by_alias_not_by_name(check):
    """As Obsidian: a file name or an alias finds the note; its `name:` does not (issue 16)."""
    org = "---\ntype: organization\nname: Initech Corp\naliases: [Initrode]\n---\n"
    files = {C: contact(organization='"[[Initrode]]"'), "contacts/B.md": contact(organization='"[[Initech Corp]]"')}
    assert check("NM301", {**files, "organizations/I.md": org}) == [("contacts/B.md", 4, 16)]


def test_bare_name_counts_as_a_link(check):
    assert check("NM301", {C: contact(organization="Initech"), **INITECH}) == []


def test_broken(check):
    assert check("NM301", {C: contact(organization='"[[Inytech]]"'), **INITECH}) == [("contacts/A.md", 4, 16)]


def test_broken_in_a_list(check):
    text = '---\ntype: meeting\ndate: 2026-11-20\nwith:\n  - "[[A]]"\n  - "[[Nobody]]"\n---\n'
    assert check("NM301", {"meetings/m.md": text, C: contact()}) == [("meetings/m.md", 6, 6)]


def test_did_you_mean(vault):
    files = {"contacts/Charles Babbage.md": contact(), C: contact(referred_by='"[[Charles Babage]]"')}
    [d] = [d for d in lint_vault(vault(files)) if d.code == "NM301"]
    assert d.message == 'no note "Charles Babage" (did you mean "Charles Babbage"?)'


def test_links_in_other_notes_are_left_alone(check):
    assert check("NM301", {"daily/x.md": '---\norg: "[[Nowhere]]"\n---\n'}) == []
