import os

from tests.conftest import lint_vault


def test_symlink_out_of_the_vault_is_not_followed(vault, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntype: contact\nlist: Z\n---\n")
    root = vault({"contacts/B.md": "---\ntype: contact\nlist: B\n---\n"})
    os.symlink(secret, root / "contacts" / "A.md")
    diags = lint_vault(root)
    assert [(d.path, d.code) for d in diags] == [("contacts/A.md", "NM105")]


def test_symlink_inside_the_vault_is_read(vault):
    root = vault({"contacts/B.md": "---\ntype: contact\nlist: Z\n---\n"})
    os.symlink(root / "contacts" / "B.md", root / "contacts" / "A.md")
    assert sorted((d.path, d.code) for d in lint_vault(root)) == [
        ("contacts/A.md", "NM203"),
        ("contacts/B.md", "NM203"),
    ]


def test_file_that_cannot_be_opened(vault):
    root = vault({"contacts/B.md": "---\ntype: contact\nlist: B\n---\n"})
    os.symlink(root / "contacts" / "gone.md", root / "contacts" / "A.md")  # dangling: open() fails
    diags = lint_vault(root)
    assert [(d.path, d.code) for d in diags] == [("contacts/A.md", "NM105")]
    assert "cannot read" in diags[0].message
