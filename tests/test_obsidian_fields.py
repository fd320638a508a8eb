"""Adopting an Obsidian vault as it is (issue 16): its own `type:` taxonomy beside a netmd type key,
one-link lists where one link is expected, Obsidian's own keys, and notes written with the
vault's own key names."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from netmd.cli import cli
from netmd.config import shadowed
from netmd.newnote import rename_keys
from netmd.parse import parse_text
from netmd.schema import ALL_FIELDS
from tests.conftest import in_folder, lint_vault, write_vault

# kepano's vault: `categories` and `type` are the vault's own taxonomy, `org` a list of one link
KEPANO_CONFIG = '[fields]\nkind = "type"\norg = "organization"\n'
KEVIN = (
    "---\n"
    'categories:\n  - "[[People]]"\n'
    'type:\n  - "[[Authors]]"\n'
    "kind: contact\n"
    "list: B\n"
    'org: ["[[Obsidian]]"]\n'
    "created: 2024-01-06\n"
    "publish: true\n"
    "permalink: people/kevin\n"
    "description: Author of The Inevitable\n"
    "cssclasses:\n  - wide\n"
    "image: kevin.png\n"
    "---\n"
    "# Kevin Kelly\n"
)
ADA_CSV = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Palmer,,,Obsidian,Writer,1 Jan 2024\n"
)
OBSIDIAN = '---\ntype:\n  - "[[Companies]]"\nkind: organization\n---\n'


def run(root: Path, *args: str):
    with in_folder(root):
        return CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args], prog_name="netmd")


def diagnostics(root: Path) -> list[tuple[str, str, int, str]]:
    return [(d.code, d.path, d.line, d.message) for d in lint_vault(root)]


def kepano(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    base = {"People/Kevin Kelly.md": KEVIN, "Companies/Obsidian.md": OBSIDIAN}
    return write_vault(tmp_path / "v", {**base, **(files or {})}, KEPANO_CONFIG)


def test_a_separate_type_key_leaves_the_vaults_type_alone(tmp_path: Path) -> None:
    """No NM102 (the two keys are not one), NM203 (`org` is a list of one link) nor NM204
    (Obsidian's own keys, and the vault's `type`)."""
    root = kepano(tmp_path)
    assert [d[3] for d in diagnostics(root)] == ['"categories" is not a contact field']


def test_the_one_link_list_is_the_organization(tmp_path: Path) -> None:
    root = kepano(tmp_path)
    result = run(root, "show", "Obsidian")
    assert result.exit_code == 0, result.output
    assert "Kevin Kelly" in result.stdout


def test_a_one_link_list_is_still_checked(tmp_path: Path) -> None:
    text = KEVIN.replace('org: ["[[Obsidian]]"]', 'org: ["[[Nobody]]"]')
    root = kepano(tmp_path, {"People/Kevin Kelly.md": text})
    assert [d[:3] for d in diagnostics(root) if d[0] != "NM204"] == [("NM301", "People/Kevin Kelly.md", 8)]


def test_a_list_of_two_is_not_one_link(tmp_path: Path) -> None:
    text = KEVIN.replace('org: ["[[Obsidian]]"]', 'org: ["[[Obsidian]]", "[[Wired]]"]')
    root = kepano(tmp_path, {"People/Kevin Kelly.md": text})
    found = [d for d in diagnostics(root) if d[0] == "NM203"]
    message = 'org: expected one link like "[[Name]]", found a list of 2: keep one'
    assert found == [("NM203", "People/Kevin Kelly.md", 8, message)]


def test_without_the_mapping_the_vaults_type_is_not_netmds(tmp_path: Path) -> None:
    """Outside netmd's folders a `type` netmd does not know is the vault's: nothing to say."""
    root = write_vault(tmp_path / "v", {"People/Kevin Kelly.md": KEVIN})
    assert diagnostics(root) == []


def test_obsidian_keys_are_not_unknown_fields(tmp_path: Path) -> None:
    text = (
        "---\ntype: contact\nlist: B\ntags:\n  - people\naliases:\n  - KK\ncssclasses:\n  - wide\n"
        "publish: false\npermalink: kk\ndescription: An author\ncover: kk.png\n---\n"
    )
    root = write_vault(tmp_path / "v", {"contacts/Kevin Kelly.md": text})
    assert diagnostics(root) == []


def test_new_notes_use_the_vaults_key_names(tmp_path: Path) -> None:
    root = kepano(tmp_path)
    result = run(root, "new", "contact", "Ada Palmer", "--org", "Obsidian")
    assert result.exit_code == 0, result.output
    text = (root / "contacts" / "Ada Palmer.md").read_text()
    head = text.split("---\n")[1]
    assert head.startswith('kind: contact\nlist: B\norg: "[[Obsidian]]"\n')
    assert "\ntype:" not in "\n" + head and "\norganization:" not in "\n" + head
    assert [d for d in diagnostics(root) if d[1] == "contacts/Ada Palmer.md"] == []


def test_import_writes_the_vaults_key_names(tmp_path: Path) -> None:
    root = kepano(tmp_path)
    (tmp_path / "c.csv").write_text(ADA_CSV)
    result = run(root, "import", "linkedin", str(tmp_path / "c.csv"))
    assert result.exit_code == 0, result.output
    head = (root / "contacts" / "Ada Palmer.md").read_text().split("---\n")[1]
    assert head.startswith('kind: contact\nlist: B\norg: "[[Obsidian]]"\nrole: "Writer"\n')
    text = (root / "contacts" / "Ada Palmer.md").read_text()
    note = parse_text("c.md", text, {"kind": "type", "org": "organization"})
    assert note.type == "contact" and "organization" in note.fields


def test_a_merge_writes_the_vaults_key_names(tmp_path: Path) -> None:
    text = "---\nkind: contact\nlist: B\n---\n"
    root = kepano(tmp_path, {"contacts/Ada Palmer.md": text})
    (tmp_path / "c.csv").write_text(ADA_CSV)
    result = run(root, "import", "linkedin", str(tmp_path / "c.csv"))
    assert result.exit_code == 0, result.output
    head = (root / "contacts" / "Ada Palmer.md").read_text().split("---\n")[1]
    assert 'org: "[[Obsidian]]"' in head and "organization" not in head


def test_lint_json_on_the_kepano_fixture_is_quiet(tmp_path: Path) -> None:
    root = kepano(tmp_path)
    result = run(root, "lint", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {d["code"] for d in json.loads(result.stdout)} == {"NM204"}


def test_a_netmd_key_left_alone_by_the_mapping_is_pointed_out(tmp_path: Path) -> None:
    """`organization:` in a vault that reads `org:` as organization is not read: said, not lost silently."""
    text = '---\nkind: contact\nlist: B\norganization: "[[Obsidian]]"\n---\n'
    root = kepano(tmp_path, {"contacts/Ada.md": text})
    found = [d for d in diagnostics(root) if d[1] == "contacts/Ada.md"]
    assert found == [
        ("NM204", "contacts/Ada.md", 4, '"organization" is not read as organization: [fields] reads "org" as it')
    ]


FIELD_MAPS = st.dictionaries(
    st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True),
    st.sampled_from(["type", "organization", "role", "tags", "aliases", "list", "email"]),
    max_size=4,
).filter(lambda m: not set(m) & ALL_FIELDS)  # (an own key is not a netmd field's name)


@given(FIELD_MAPS)
def test_a_note_written_with_the_vaults_keys_reads_back_the_same(field_map: dict[str, str]) -> None:
    """What `new` renders, renamed to the vault's keys, reads (through `[fields]`) as it was written."""
    text = (
        '---\ntype: contact\nlist: B\norganization: "[[Acme]]"\nrole: "CTO"\n'
        "tags:\n  - target\nemail: a@example.com\n---\n# list: not a key\n"
    )
    renamed = rename_keys(text, shadowed(field_map))
    before = parse_text("c.md", text, {}).all_data()
    after = parse_text("c.md", renamed, shadowed(field_map))
    assert after.all_data() == before
    assert renamed.endswith("---\n# list: not a key\n")
