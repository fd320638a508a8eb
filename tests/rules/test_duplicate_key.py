C = "contacts/A.md"


def test_key_twice(check):
    assert check("NM102", {C: "---\ntype: contact\nlist: B\nrole: x\nrole: y\n---\n"}) == [(4, 1)]


def test_three_times_reports_all_but_last(check):
    assert check("NM102", {C: "---\ntype: contact\nlist: A\nlist: B\nlist: C\n---\n"}) == [(3, 1), (4, 1)]


def test_distinct_keys(check):
    assert check("NM102", {C: "---\ntype: contact\nlist: B\nrole: x\n---\n"}) == []


def test_message_names_the_kept_line(vault):
    from tests.conftest import lint_vault

    root = vault({C: "---\ntype: contact\nlist: B\nrole: x\nrole: y\n---\n"})
    [d] = [d for d in lint_vault(root) if d.code == "NM102"]
    assert d.message == '"role" is set again on line 5; YAML keeps only the last one'
