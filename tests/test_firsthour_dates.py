"""A task with a date that does not exist is reported where it is written, not dropped from
the agenda without a word (issue 18, "Writes that check what they write")."""

from __future__ import annotations

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault


def test_an_impossible_task_date_is_an_invalid_value_at_its_position(tmp_path, monkeypatch):
    body = "- [ ] Call Ada 📅 2026-02-30\n- [ ] Send the deck ⏳ 2026-11-31\n- [ ] Fine 📅 2026-11-30\n"
    monkeypatch.chdir(write_vault(tmp_path / "v", {"contacts/Ada.md": contact() + body}))
    result = CliRunner().invoke(cli, ["lint"])
    assert result.exit_code == 1
    assert result.stdout == (
        "contacts/Ada.md:5:18: error NM203 invalid-value: 📅 2026-02-30 is not a date that exists;"
        " the task is read without it (not in the agenda)\n"
        "contacts/Ada.md:6:23: error NM203 invalid-value: ⏳ 2026-11-31 is not a date that exists;"
        " the task is read without it (not in the agenda)\n"
    )


def test_a_bad_date_inside_a_code_fence_is_not_a_task(tmp_path, monkeypatch):
    body = "```\n- [ ] Call Ada 📅 2026-02-30\n```\n"
    monkeypatch.chdir(write_vault(tmp_path / "v", {"contacts/Ada.md": contact() + body}))
    assert CliRunner().invoke(cli, ["lint"]).stdout == ""


def test_a_bad_date_is_found_again_after_the_note_is_indexed(tmp_path, monkeypatch):
    body = "- [ ] Call Ada 📅 2026-02-30\n"
    monkeypatch.chdir(write_vault(tmp_path / "v", {"contacts/Ada.md": contact() + body}))
    CliRunner().invoke(cli, ["index"])
    first = CliRunner().invoke(cli, ["lint"]).stdout
    assert first.startswith("contacts/Ada.md:5:18: error NM203") and CliRunner().invoke(cli, ["lint"]).stdout == first
