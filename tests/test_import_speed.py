"""Issue 13 asks `netmd import` to stay within 10% of the baseline's speed: each template is found,
confined to the vault and compiled once per import, not once per new note; its errors, at load and
while it runs for one row, still name the template's file and line and write nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from netmd import render
from netmd.cli import cli
from tests.conftest import TODAY, in_folder, write_vault

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def run(root: Path, *args: str) -> Any:
    with in_folder(root):
        return CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), *args])


def connections(folder: Path, rows: int) -> Path:
    file = folder / "Connections.csv"
    lines = [f"Ada{i},Lovelace,,,Firm {i % 7},Role {i},15 Mar 2024\n" for i in range(rows)]
    file.write_text(HEADER + "".join(lines), "utf-8")
    return file


def test_an_import_compiles_each_template_once(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {})
    asked: list[str] = []
    environment = render.environment

    class Counting:
        def __init__(self, env: Any) -> None:
            self.env = env

        def get_template(self, name: str) -> Any:
            asked.append(name)
            return self.env.get_template(name)

    monkeypatch.setattr(render, "environment", lambda vault: Counting(environment(vault)))
    result = run(root, "import", "linkedin", str(connections(tmp_path, 40)))
    assert result.exit_code == 0, result.output
    assert len(os.listdir(root / "contacts")) == 40 and len(os.listdir(root / "organizations")) == 7
    assert sorted(asked) == ["contact.md.j2", "organization.md.j2"]
    text = (root / "contacts" / "Ada3 Lovelace.md").read_text("utf-8")
    assert 'organization: "[[Firm 3]]"' in text and 'role: "Role 3"' in text and "# Ada3 Lovelace\n" in text


def test_a_template_that_fails_for_one_row_writes_nothing(tmp_path):
    template = '---\ntype: contact\n---\n{% if role == "Role 5" %}{{ 1 / 0 }}{% endif %}\n'
    root = write_vault(tmp_path / "v", {"templates/contact.md.j2": template})
    result = run(root, "import", "linkedin", str(connections(tmp_path, 9)))
    assert result.exit_code == 1, result.output
    where = root / "templates" / "contact.md.j2"
    assert result.stderr == f"netmd: error: {where}:4: template error: division by zero\n"
    assert not (root / "contacts").exists() and not (root / "organizations").exists()


@pytest.mark.parametrize(
    "template, message",
    [
        ("{% if %}\n", "contact.md.j2:1: template error: "),
        ('{% include "missing.md.j2" %}\n', "contact.md.j2:1: template error: no template 'missing.md.j2' here"),
    ],
)
def test_a_template_that_does_not_load_writes_nothing(tmp_path, template, message):
    root = write_vault(tmp_path / "v", {"templates/contact.md.j2": template})
    result = run(root, "import", "linkedin", str(connections(tmp_path, 3)))
    assert result.exit_code == 1 and message in result.stderr and result.stderr.count("\n") == 1, result.output
    assert not (root / "contacts").exists()


def test_a_linked_template_is_refused_by_an_import(tmp_path):
    outside = tmp_path / "elsewhere.md.j2"
    outside.write_text("---\ntype: contact\n---\nsecret\n", "utf-8")
    root = write_vault(tmp_path / "v", {})
    (root / "templates").mkdir()
    (root / "templates" / "contact.md.j2").symlink_to(outside)
    result = run(root, "import", "linkedin", str(connections(tmp_path, 3)))
    assert result.exit_code == 1 and "templates/contact.md.j2 is a link to" in result.stderr, result.output
    assert not (root / "contacts").exists()
