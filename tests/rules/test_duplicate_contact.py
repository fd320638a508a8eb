from tests.conftest import contact, lint_vault


def test_same_email(check):
    files = {"contacts/A.md": contact(email="a@x.org"), "contacts/B.md": contact(email="[A@X.org]")}
    assert check("NM304", files) == [("contacts/A.md", 2, 1), ("contacts/B.md", 2, 1)]


def test_same_linkedin(check):
    files = {
        "contacts/A.md": contact(linkedin="https://www.linkedin.com/in/ada/"),
        "contacts/B.md": contact(linkedin="http://linkedin.com/in/ada"),
    }
    assert check("NM304", files) == [("contacts/A.md", 2, 1), ("contacts/B.md", 2, 1)]


def test_near_identical_names(check):
    files = {"contacts/Zoë Laurent.md": contact(), "imported/zoe laurent.md": contact()}
    assert check("NM304", files) == [("contacts/Zoë Laurent.md", 2, 1), ("imported/zoe laurent.md", 2, 1)]


def test_different_people(check):
    files = {"contacts/A.md": contact(email="a@x.org"), "contacts/B.md": contact(email="b@x.org")}
    assert check("NM304", files) == []


def test_message_names_the_twin(vault):
    root = vault({"contacts/A.md": contact(email="a@x.org"), "contacts/B.md": contact(email="a@x.org")})
    assert lint_vault(root)[0].message == "looks like the same person as contacts/B.md (the same email)"
