"""Colour on a terminal, none when piped or with NO_COLOR set (issue 18, "Output people like
to read"). CliRunner(color=True) stands for a terminal, as click's own test of the stream says."""

from __future__ import annotations

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault

BOLD = "\x1b[1m"
NOTES = {
    "contacts/Ada.md": contact(organization='"[[Nowhere]]"') + "- [ ] Call Ada 📅 2026-11-20\n",
    "meetings/2026-11-23 Ada.md": '---\ntype: meeting\ndate: 2026-11-23\nwith: "[[Ada]]"\n---\n',
}


def run(*args: str, color: bool, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["--today", "2026-11-25", *args], env=env, color=color)


def test_lint_on_a_terminal_colours_the_severity_and_the_path(tmp_path, monkeypatch):
    monkeypatch.chdir(write_vault(tmp_path / "v", NOTES))
    out = run("lint", color=True).stdout
    assert "\x1b[1;31merror\x1b[0m" in out and "\x1b[33mwarning\x1b[0m" in out
    assert out.startswith(f"{BOLD}contacts/Ada.md:4:16:")
    assert "\x1b[1;31m1 error\x1b[0m" in run("lint", color=True).stderr


def test_agenda_on_a_terminal_has_names_bold_and_overdue_red(tmp_path, monkeypatch):
    monkeypatch.chdir(write_vault(tmp_path / "v", NOTES))
    out = run("agenda", color=True).stdout
    assert f"Thank {BOLD}Ada\x1b[0m for the meeting of 2026-11-23" in out
    assert "Call Ada (due 2026-11-20, \x1b[31m\x1b[1mOVERDUE\x1b[0m)" in out


def test_nothing_is_coloured_when_piped_or_with_no_color(tmp_path, monkeypatch):
    monkeypatch.chdir(write_vault(tmp_path / "v", NOTES))
    for args in (["lint"], ["agenda"], ["lint", "--format", "json"]):
        piped = run(*args, color=False)
        no_color = run(*args, color=True, env={"NO_COLOR": "1"})
        assert "\x1b" not in piped.output and "\x1b" not in no_color.output
        assert no_color.stdout == piped.stdout
    coloured = run("lint", color=True, env={"NO_COLOR": ""})  # set but empty: colour (no-color.org)
    assert "\x1b[" in coloured.stdout
