"""Links resolve as Obsidian resolves them (issue 16): by file name and `aliases`, not by `name:`;
and what netmd writes (`new`, `import`) keeps a name that is not the file name in `aliases`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from netmd.parse import parse_text
from tests.conftest import contact, in_folder, lint_vault, write_vault

ORG = "---\ntype: organization\n---\n"


def run(root: Path, *args: str, input: str | None = None):
    with in_folder(root):
        return CliRunner().invoke(
            cli, ["--vault", str(root), "--today", "2026-11-25", *args], prog_name="netmd", input=input
        )


def codes(root: Path) -> list[tuple[str, str, int]]:
    return [(d.code, d.path, d.line) for d in lint_vault(root)]


def front(path: Path) -> str:
    return path.read_text("utf-8").split("---\n")[1]


def test_a_link_to_a_name_is_broken_as_in_obsidian(tmp_path: Path) -> None:
    org = "---\ntype: organization\nname: Acme Corporation\naliases:\n  - Acme\n---\n"
    files = {
        "organizations/ACME Corp.md": org,
        "contacts/By Name.md": contact(organization='"[[Acme Corporation]]"'),
        "contacts/By Alias.md": contact(organization='"[[acme]]"'),
        "contacts/By File.md": contact(organization='"[[ACME Corp]]"'),
    }
    root = write_vault(tmp_path / "v", files)
    assert [c for c in codes(root) if c[0].startswith("NM3")] == [("NM301", "contacts/By Name.md", 4)]


def test_the_index_forgets_name_keys_when_a_name_changes(tmp_path: Path) -> None:
    """A vault indexed before: a link to a note's alias breaks when the alias goes, not when `name` changes."""
    files = {"organizations/Initech.md": ORG, "contacts/A.md": contact(organization='"[[Initech]]"')}
    root = write_vault(tmp_path / "v", files)
    assert run(root, "lint").exit_code == 0
    (root / "organizations/Initech.md").write_text("---\ntype: organization\nname: Initrode\n---\n")
    (root / "contacts/B.md").write_text(contact(organization='"[[Initrode]]"'))
    result = run(root, "lint", "--format", "json")
    assert [(d["code"], d["path"]) for d in json.loads(result.stdout)] == [("NM301", "contacts/B.md")]


def test_new_organization_with_a_trailing_dot_then_a_contact_at_it(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {})
    assert run(root, "new", "organization", "Acme, Inc.").exit_code == 0
    org = root / "organizations" / "Acme, Inc.md"  # (a file name cannot end in a dot on Windows)
    assert '\naliases:\n  - "Acme, Inc."\n' in "\n" + front(org)
    result = run(root, "new", "contact", "Kevin Kelly", "--org", "Acme, Inc.")
    assert result.exit_code == 0, result.output
    # the file name, as Obsidian needs it, and the name as typed for its label
    assert 'organization: "[[Acme, Inc|Acme, Inc.]]"' in front(root / "contacts" / "Kevin Kelly.md")
    assert codes(root) == []


def test_new_contact_with_create_missing_aliases_the_organization(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {})
    result = run(root, "new", "contact", "Ada", "--org", "Initech, Ltd.", "--create-missing")
    assert result.exit_code == 0, result.output
    assert 'organization: "[[Initech, Ltd|Initech, Ltd.]]"' in front(root / "contacts" / "Ada.md")
    assert '  - "Initech, Ltd."' in front(root / "organizations" / "Initech, Ltd.md")
    assert codes(root) == []


def test_new_finds_the_note_of_that_name_in_any_folder(tmp_path: Path) -> None:
    """kepano's vault keeps people in `People/`: `new contact` does not make a second Kevin Kelly,
    and `new meeting` then has one note to link to."""
    kevin = '---\ncategories:\n  - "[[People]]"\ntype:\n  - "[[Authors]]"\norg: []\n---\n'
    root = write_vault(tmp_path / "v", {"People/Kevin Kelly.md": kevin})
    result = run(root, "new", "contact", "kevin kelly")
    assert result.exit_code == 1
    assert '"kevin kelly" is People/Kevin Kelly.md already' in result.stderr
    assert not (root / "contacts").exists()


def test_new_refuses_a_name_an_older_note_gives_in_name(tmp_path: Path) -> None:
    """A note written before netmd kept names in `aliases` is still found by its `name:`."""
    org = "---\ntype: organization\nname: Acme, Inc.\n---\n"
    root = write_vault(tmp_path / "v", {"organizations/Acme Incorporated.md": org})
    result = run(root, "new", "organization", "Acme, Inc.")
    assert result.exit_code == 1
    assert "organizations/Acme Incorporated.md already" in result.stderr


def test_import_keeps_a_name_that_is_not_the_file_name_in_aliases(tmp_path: Path) -> None:
    csv = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Marcus,O\'Neill,https://www.linkedin.com/in/mo,,"Northwind Traders, Inc.",Manager,21 Jun 2022\n'
        'Ana,"Gómez: PhD",https://www.linkedin.com/in/ag,,Solo,Founder,21 Jun 2022\n'
    )
    root = write_vault(tmp_path / "v", {})
    (tmp_path / "Connections.csv").write_text(csv)
    result = run(root, "import", "linkedin", str(tmp_path / "Connections.csv"))
    assert result.exit_code == 0, result.output
    org = front(root / "organizations" / "Northwind Traders, Inc.md")
    assert 'name: "Northwind Traders, Inc."\naliases:\n  - "Northwind Traders, Inc."\n' in org
    ana = parse_text("c.md", (root / "contacts" / "Ana Gómez PhD.md").read_text(), {})
    assert ana.get("aliases") == ["Ana Gómez: PhD"]
    assert codes(root) == []
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    again = run(root, "import", "linkedin", str(tmp_path / "Connections.csv"))
    assert again.exit_code == 0, again.output
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before  # found again, by file name or alias


def test_new_meeting_links_by_path_when_the_file_name_is_not_unique(tmp_path: Path) -> None:
    kevin = '---\ncategories:\n  - "[[People]]"\n---\n'
    files = {"People/Kevin Kelly.md": kevin, "contacts/Kevin Kelly.md": contact()}
    root = write_vault(tmp_path / "v", files)
    result = run(root, "new", "meeting", "Kevin Kelly", "--date", "2026-11-26")
    assert result.exit_code == 0, result.output
    text = (root / "meetings" / "2026-11-26 Kevin Kelly.md").read_text()
    assert '  - "[[contacts/Kevin Kelly|Kevin Kelly]]"' in text
    assert [c for c in codes(root) if c[0] == "NM302"] == []


def test_new_contact_links_its_organization_by_path_when_the_file_name_is_not_unique(tmp_path: Path) -> None:
    files = {"organizations/Acme.md": ORG, "Projects/Acme.md": "# a project\n"}
    root = write_vault(tmp_path / "v", files)
    result = run(root, "new", "contact", "Ada", "--org", "acme")
    assert result.exit_code == 0, result.output
    assert 'organization: "[[organizations/Acme|Acme]]"' in front(root / "contacts" / "Ada.md")
    assert [c for c in codes(root) if c[0] == "NM302"] == []


def test_new_refuses_a_name_another_note_has_as_an_alias(tmp_path: Path) -> None:
    org = '---\ntype: organization\naliases:\n  - "Globex, Inc."\n---\n'
    root = write_vault(tmp_path / "v", {"Companies/Globex Corporation.md": org})
    result = run(root, "new", "organization", "globex, inc.")
    assert result.exit_code == 1
    assert "Companies/Globex Corporation.md already" in result.stderr
