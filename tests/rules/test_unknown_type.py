def test_typo_in_a_netmd_folder(check):
    assert check("NM201", {"contacts/A.md": "---\ntype: contacts\n---\n"}) == [(2, 7)]


def test_list_type_in_a_netmd_folder(check):
    assert check("NM201", {"contacts/A.md": '---\ntype: ["[[People]]"]\n---\n'}) == [(2, 7)]


def test_foreign_type_outside_netmd_folders_is_left_alone(check):
    assert check("NM201", {"notes/A.md": "---\ntype: customer\n---\n"}) == []


def test_known_type(check):
    assert check("NM201", {"contacts/A.md": "---\ntype: contact\nlist: A\n---\n"}) == []


def test_message_suggests_the_type(vault):
    from tests.conftest import lint_vault

    [d] = lint_vault(vault({"contacts/A.md": "---\ntype: contacts\n---\n"}))
    assert d.message == 'unknown type "contacts" (did you mean "contact"?)'


def test_folders_come_from_config(check):
    config = '[folders]\ncontacts = "people"\n'
    assert check("NM201", {"people/A.md": "---\ntype: person\n---\n"}, config) == [(2, 7)]
