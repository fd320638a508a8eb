"""`netmd new` finds the note a typed name means as `new` itself would have named it: an
organization made from `AC/DC` is `AC DC.md` aliased `AC/DC`, and `--org "AC/DC"` is that note."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import ORG, contact, in_folder, lint_vault, write_vault


def run(root: Path, *args: str):
    with in_folder(root):
        return CliRunner().invoke(cli, ["--vault", str(root), *args], prog_name="netmd")


def test_a_contact_at_an_organization_whose_name_has_a_slash(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {})
    assert run(root, "new", "organization", "AC/DC").exit_code == 0
    result = run(root, "new", "contact", "Bon Scott", "--org", "AC/DC")
    assert result.exit_code == 0, result.output
    assert 'organization: "[[AC DC|AC/DC]]"' in (root / "contacts" / "Bon Scott.md").read_text("utf-8")
    assert sorted(p.name for p in (root / "organizations").iterdir()) == ["AC DC.md"]
    assert [d for d in lint_vault(root) if d.code.startswith("NM3")] == []


def test_create_missing_does_not_write_half_a_note_over_an_existing_organization(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {})
    assert run(root, "new", "organization", "AC/DC").exit_code == 0
    result = run(root, "new", "contact", "Bon Scott", "--org", "AC/DC", "--create-missing")
    assert result.exit_code == 0, result.output
    assert "exists already" not in result.output
    assert sorted(p.name for p in (root / "organizations").iterdir()) == ["AC DC.md"]


def test_an_organization_known_only_by_its_name_property_is_linked_by_file_name(tmp_path: Path) -> None:
    org = "---\ntype: organization\nname: Globex Corporation\n---\n"
    root = write_vault(tmp_path / "v", {"organizations/Globex Corp.md": org})
    result = run(root, "new", "contact", "Hank Scorpio", "--org", "Globex Corporation")
    assert result.exit_code == 0, result.output
    text = (root / "contacts" / "Hank Scorpio.md").read_text("utf-8")
    assert 'organization: "[[Globex Corp|Globex Corporation]]"' in text
    assert [d for d in lint_vault(root) if d.code.startswith("NM3")] == []


def test_a_second_organization_with_a_slash_in_its_name_is_refused(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"organizations/Initech.md": ORG})
    assert run(root, "new", "organization", "AC/DC").exit_code == 0
    result = run(root, "new", "organization", "ac/dc")
    assert result.exit_code == 1
    assert "organizations/AC DC.md already" in result.output


def test_an_option_naming_a_note_of_another_type_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"contacts/Bon Scott.md": contact()})
    result = run(root, "new", "contact", "Ada", "--org", "bon scott", "--create-missing")
    assert result.exit_code == 1
    assert '--org "bon scott" is contacts/Bon Scott.md (a contact), not an organization' in result.output
    assert not (root / "contacts" / "Ada.md").exists()


def test_one_missing_name_for_two_types_is_refused(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {})
    result = run(root, "new", "contact", "Ada", "--org", "Fresh", "--referred-by", "fresh", "--create-missing")
    assert result.exit_code == 1
    assert '"fresh" cannot be both an organization and a contact' in result.output
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md")) == []


def test_a_bracket_in_a_name_does_not_end_the_link(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {})
    result = run(root, "new", "contact", "Ada", "--org", "Acme [EU]", "--create-missing")
    assert result.exit_code == 0, result.output
    assert 'organization: "[[Acme EU|Acme EU]]"' not in (root / "contacts" / "Ada.md").read_text("utf-8")
    assert 'organization: "[[Acme EU]]"' in (root / "contacts" / "Ada.md").read_text("utf-8")
    assert [d for d in lint_vault(root) if d.code.startswith("NM3")] == []


def test_an_option_may_name_a_note_of_the_vault_s_own(tmp_path: Path) -> None:
    """kepano's `References/Obsidian.md` has no netmd type: a link to it is fine (no NM303), so `new` writes it."""
    root = write_vault(tmp_path / "v", {"References/Obsidian.md": "---\ntype: ['[[Companies]]']\n---\n"})
    result = run(root, "new", "contact", "Steph", "--org", "Obsidian")
    assert result.exit_code == 0, result.output
    assert 'organization: "[[Obsidian]]"' in (root / "contacts" / "Steph.md").read_text("utf-8")
    assert [d for d in lint_vault(root) if d.severity == "error"] == []


def test_an_option_naming_two_notes_is_refused(tmp_path: Path) -> None:
    files = {"organizations/Acme.md": ORG, "archive/Acme.md": ORG}
    root = write_vault(tmp_path / "v", files)
    result = run(root, "new", "contact", "Ada", "--org", "acme")
    assert result.exit_code == 1
    assert '--org "acme" names 2 notes: archive/Acme.md, organizations/Acme.md; use a path' in result.output
    assert not (root / "contacts").exists()
    assert run(root, "new", "contact", "Ada", "--org", "organizations/Acme").exit_code == 0
    assert 'organization: "[[organizations/Acme|Acme]]"' in (root / "contacts" / "Ada.md").read_text("utf-8")
