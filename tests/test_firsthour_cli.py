"""The first hour with the CLI: the same options everywhere, honest messages, steady exit codes and types."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="netmd")


def test_init_updates_a_gitignore_that_is_there(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\n", "utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"updated {tmp_path}/.gitignore" in result.output.splitlines()
    assert f"created {tmp_path}/netmd.toml" in result.output.splitlines()
    assert (tmp_path / ".gitignore").read_text("utf-8") == "*.pyc\n.netmd/\n"


def test_init_creates_a_gitignore_that_is_not_there(tmp_path: Path) -> None:
    result = run("init", str(tmp_path))
    assert f"created {tmp_path}/.gitignore" in result.output.splitlines()


def test_the_config_header_points_at_documentation_of_the_settings(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    header = (tmp_path / "netmd.toml").read_text("utf-8").splitlines()[:2]
    assert "--help" not in " ".join(header) and "Configuration" in " ".join(header)
