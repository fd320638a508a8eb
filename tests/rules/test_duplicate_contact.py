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


def test_every_reason_in_order_on_a_cold_and_a_warm_index(vault):
    """A cold build finds twins in its in-memory name table, a later run in the stored one: the same words."""
    same = contact(email="a@x.org", linkedin="https://linkedin.com/in/ada")
    root = vault({"contacts/Ada Lovelace.md": same, "imported/ada lovelace.md": same, "contacts/Bo.md": contact()})
    cold = [d.message for d in lint_vault(root) if d.code == "NM304"]
    (root / "contacts/Bo.md").write_text(contact(role="Engineer"))  # a change: the twins are judged again
    (root / "contacts/Ada Lovelace.md").write_text(same + "\n")
    warm = [d.message for d in lint_vault(root) if d.code == "NM304"]
    why = "the same email, the same LinkedIn URL, a near-identical name"
    assert (
        cold
        == warm
        == [
            f"looks like the same person as imported/ada lovelace.md ({why})",
            f"looks like the same person as contacts/Ada Lovelace.md ({why})",
        ]
    )
