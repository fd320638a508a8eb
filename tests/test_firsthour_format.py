"""`--format` before the command name, as `--vault` and `--today` are: `netmd --format json lint`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import write_vault

NOTES = {
    "contacts/Ada Lovelace.md": "---\ntype: contact\nname: Ada Lovelace\nlist: A\n---\n- [ ] Call Ada 📅 2026-11-01\n",
    "contacts/Bad.md": "---\ntype: contact\nname: Bad\nlist: Z\n---\n",
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="netmd")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "v", NOTES)


@pytest.mark.parametrize(
    "command",
    [("lint",), ("ls", "contact"), ("agenda",), ("stats",), ("path", "Ada Lovelace")],
)
def test_format_before_the_command_is_the_format_after_it(root: Path, command: tuple[str, ...]) -> None:
    before = run("--vault", str(root), "--format", "json", *command)
    after = run("--vault", str(root), *command, "--format", "json")
    assert before.exit_code == after.exit_code
    assert before.stdout == after.stdout
    json.loads(before.stdout)  # it is JSON, not the table or text


def test_the_format_after_the_command_wins(root: Path) -> None:
    result = run("--vault", str(root), "--format", "json", "lint", "--format", "github")
    assert result.stdout.startswith("::")


def test_a_format_the_command_does_not_have_is_a_usage_error(root: Path) -> None:
    result = run("--vault", str(root), "--format", "csv", "lint")
    assert result.exit_code == 2
    assert "'csv' is not one of 'text', 'json', 'github'" in result.output


def test_a_command_without_a_format_refuses_one_rather_than_ignore_it(root: Path) -> None:
    for args in (("init", str(root)), ("new", "contact", "Ben"), ("index",)):
        result = run("--vault", str(root), "--format", "json", *args)
        assert result.exit_code == 2, args
        assert "has no --format option" in result.output
    assert not (root / "contacts" / "Ben.md").exists()


def test_the_hook_takes_it_before_the_group_too(root: Path) -> None:
    # `netmd --format github hook run` as in a CI step; outside a git repository it says so, not a format error
    result = run("--vault", str(root), "--format", "github", "hook", "run")
    assert "--format" not in result.output
