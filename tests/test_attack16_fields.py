"""`[fields]` as a user who adopts a vault meets it: messages name the keys the vault writes
(`kind` when `kind = "type"`), and a `[fields]` value that is not text is a config error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import in_folder, write_vault


def lint(root: Path, *args: str):
    with in_folder(root):
        return CliRunner().invoke(cli, ["--vault", str(root), "lint", *args], prog_name="netmd")


def messages(root: Path) -> list[tuple[str, str, str]]:
    result = lint(root, "--format", "json")
    return [(d["code"], d["path"], d["message"]) for d in json.loads(result.stdout)]


KEPANO = '[fields]\nkind = "type"\nlst = "list"\n'


def test_a_note_without_a_type_is_asked_for_the_vault_s_own_type_key(tmp_path: Path) -> None:
    files = {"contacts/Ada.md": '---\ntype: ["[[People]]"]\nlst: B\n---\n'}
    root = write_vault(tmp_path / "v", files, KEPANO)
    assert ("NM202", "contacts/Ada.md", 'missing "kind"; notes in this folder are contacts: add "kind: contact"') in (
        messages(root)
    )


def test_a_missing_required_field_is_named_as_the_vault_names_it(tmp_path: Path) -> None:
    files = {"contacts/Ada.md": "---\nkind: contact\n---\n", "contacts/Bo.md": "---\nkind: contact\nlst: Z\n---\n"}
    found = messages(write_vault(tmp_path / "v", files, KEPANO))
    assert ("NM202", "contacts/Ada.md", 'a contact needs "lst" (one of A, B, C)') in found
    assert [m for c, p, m in found if p == "contacts/Bo.md" and c == "NM203"] == ['lst: "Z" is not one of A, B, C']


@pytest.mark.parametrize(("folder", "plural"), [("opportunities", "opportunities"), ("pitch", "pitches")])
def test_the_folder_s_notes_are_named_in_good_english(tmp_path: Path, folder: str, plural: str) -> None:
    root = write_vault(tmp_path / "v", {f"{folder}/X.md": "---\nwhy: x\n---\n"})
    [message] = [m for c, _, m in messages(root) if c == "NM202"]
    assert f"notes in this folder are {plural}:" in message


@pytest.mark.parametrize("value", ['["organization"]', "3", "{ a = 1 }", "true"])
def test_a_fields_value_that_is_not_text_is_a_config_error(tmp_path: Path, value: str) -> None:
    root = write_vault(tmp_path / "v", {}, f'[vault]\nname = "x"\n\n[fields]\norg = {value}\n')
    result = lint(root)
    assert result.exit_code == 2
    assert "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "netmd.toml:5: fields.org: expected the name of a netmd field as text" in result.output


def test_two_links_where_one_is_expected_say_so(tmp_path: Path) -> None:
    files = {
        "organizations/Acme.md": "---\ntype: organization\n---\n",
        "contacts/Ada.md": '---\ntype: contact\nlist: B\norg:\n  - "[[Acme]]"\n  - "[[Acme]]"\n---\n',
        "contacts/Bo.md": '---\ntype: contact\nlist: B\norg: ["[[Acme]]"]\n---\n',
        "contacts/Cy.md": "---\ntype: contact\nlist: B\norg: []\n---\n",
    }
    found = messages(write_vault(tmp_path / "v", files, '[fields]\norg = "organization"\n'))
    message = 'org: expected one link like "[[Name]]", found a list of 2: keep one'
    assert found == [("NM203", "contacts/Ada.md", message)]


def test_show_names_the_vault_s_own_keys_as_written(tmp_path: Path) -> None:
    files = {
        "organizations/Obsidian.md": "---\nkind: organization\n---\n",
        "People/Steph Ango.md": '---\nkind: contact\nlst: B\ntype:\n  - "[[Authors]]"\norg: "[[Obsidian]]"\n---\n',
    }
    root = write_vault(tmp_path / "v", files, KEPANO + 'org = "organization"\n')
    with in_folder(root):
        result = CliRunner().invoke(cli, ["--vault", str(root), "show", "Steph Ango"], prog_name="netmd")
    assert result.exit_code == 0, result.output
    assert "  type: Authors\n" in result.output and "  org: Obsidian\n" in result.output
    assert "vault:" not in result.output


@pytest.mark.parametrize(
    ("key", "line", "shown"), [('""', 4, "fields"), ('" "', 4, "fields"), ('"vault:type"', 5, "fields.vault:type")]
)
def test_a_fields_key_that_no_note_can_use_is_a_config_error(tmp_path: Path, key: str, line: int, shown: str) -> None:
    root = write_vault(tmp_path / "v", {}, f'[vault]\nname = "x"\n\n[fields]\n{key} = "type"\n')
    result = lint(root)
    assert result.exit_code == 2
    assert f"netmd.toml:{line}: {shown}: " in result.output
    assert "is not a key your notes can use" in result.output
