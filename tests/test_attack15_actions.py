"""Issue 15's actions attacked as a job seeker and a hostile vault would: `thank`, `done`, `ask`
and `log` change only their bytes, through a link in the vault (never out), never over a note
saved meanwhile, never a read-only note; blank names and texts, empty or future dates are usage
errors; `done` takes FILE:LINE when texts repeat; `log` links a name two notes share by path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault

# today is Wednesday 2026-11-25 (tests/conftest.py)


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--vault", str(root), *args])


def meeting(day: str, who: str, extra: str = "") -> str:
    return f'---\ntype: meeting\ndate: {day}\nwith:\n  - "[[{who}]]"\noffered_help: x\noutcome: y\n{extra}---\n'


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def test_a_note_that_is_a_link_in_the_vault_is_written_through_and_stays_a_link(tmp_path):
    root = write_vault(tmp_path / "v", {"people/real.md": contact() + "- [ ] Send the deck\n"})
    (root / "contacts").mkdir()
    os.symlink("../people/real.md", root / "contacts/Raj Patel.md")
    assert run(root, "ask", "Raj Patel").exit_code == 0
    done = run(root, "done", "send the deck")  # one task, though two paths show it
    assert done.exit_code == 0, done.output
    assert os.path.islink(root / "contacts/Raj Patel.md")
    assert (root / "people/real.md").read_text() == contact(asked="2026-11-25") + "- [x] Send the deck ✅ 2026-11-25\n"


def test_a_note_with_another_hard_link_is_rewritten_in_place(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": contact()})
    os.link(root / "contacts/Raj Patel.md", root / "backup.md")
    assert run(root, "ask", "Raj Patel").exit_code == 0
    assert (root / "backup.md").read_text() == contact(asked="2026-11-25")
    assert os.stat(root / "backup.md").st_nlink == 2


def test_a_read_only_note_is_not_changed_even_by_root(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": contact()})
    os.chmod(root / "contacts/Raj Patel.md", 0o444)
    for args in (["ask", "Raj"], ["ask", "Raj", "--dry-run"]):
        result = run(root, *args)
        assert result.exit_code == 1
        assert result.stderr == "netmd: error: contacts/Raj Patel.md: read-only (no write permission); not changed\n"
    assert (root / "contacts/Raj Patel.md").read_text() == contact()


def test_a_link_out_of_the_vault_is_named_as_such_and_never_written(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(contact())
    root = write_vault(tmp_path / "v", {"contacts/Emma.md": contact()})
    os.symlink(outside, root / "contacts/Raj Patel.md")
    result = run(root, "ask", "Raj Patel")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == (
        'netmd: error: "Raj Patel" is contacts/Raj Patel.md, a link to a file outside the vault;'
        " netmd does not read it\n"
    )  # (it said: add "type: contact" to it)
    assert outside.read_text() == contact()


def test_a_note_saved_between_the_read_and_the_write_is_not_overwritten(tmp_path, monkeypatch):
    from netmd import actions

    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": contact()})
    apply = actions.apply

    def saved_meanwhile(vault: Any, edit: Any) -> None:
        (root / "contacts/Raj Patel.md").write_text(contact(role="CTO"))  # Obsidian saves
        apply(vault, edit)

    monkeypatch.setattr(actions, "apply", saved_meanwhile)
    result = run(root, "ask", "Raj Patel")
    assert result.exit_code == 1
    said = "contacts/Raj Patel.md: changed since it was read; nothing written, try again"
    assert result.stderr == f"netmd: error: {said}\n"
    assert (root / "contacts/Raj Patel.md").read_text() == contact(role="CTO")


def test_done_finds_the_task_where_it_is_now_not_where_the_index_saw_it(tmp_path, monkeypatch):
    from netmd import actions

    text = contact() + "- [ ] Send the deck\n- [ ] Call Raj\n"
    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": text})
    tick = actions._tick

    def line_added_above(vault: Any, rel: str, task: Any, day: Any) -> Any:
        (root / rel).write_text(text.replace("- [ ] Send", "- [ ] New task\n- [ ] Send"))
        return tick(vault, rel, task, day)

    monkeypatch.setattr(actions, "_tick", line_added_above)
    result = run(root, "done", "call raj")
    assert result.exit_code == 0, result.output
    assert (
        (root / "contacts/Raj Patel.md")
        .read_text()
        .endswith("- [ ] New task\n- [ ] Send the deck\n- [x] Call Raj ✅ 2026-11-25\n")
    )


def test_done_takes_file_and_line_when_several_tasks_say_the_same(tmp_path):
    task = "- [ ] Follow up 📅 2026-11-20\n"
    root = write_vault(tmp_path / "v", {"contacts/A.md": contact() + task, "contacts/B.md": contact() + task})
    several = run(root, "done", "follow up")
    assert several.exit_code == 1
    assert several.stderr == (
        'netmd: error: 2 open tasks say "follow up", say which (TEXT, or FILE:LINE):'
        " contacts/A.md:5: Follow up; contacts/B.md:5: Follow up\n"
    )
    assert run(root, "done", "contacts/B.md:5").exit_code == 0
    assert (root / "contacts/B.md").read_text().endswith("- [x] Follow up 📅 2026-11-20 ✅ 2026-11-25\n")
    assert (root / "contacts/A.md").read_text().endswith(task)
    for where, said in [
        ("contacts/B.md:5", "contacts/B.md:5: no open task there"),
        ("contacts/C.md:5", "contacts/C.md: no such note"),
        ("../x.md:1", "outside the vault"),
    ]:
        result = run(root, "done", where)
        assert result.exit_code == 1 and said in result.stderr and "Traceback" not in result.output


def test_blank_names_and_texts_are_usage_errors_not_everyone(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": contact() + "- [ ] Send the deck\n"})
    before = files(root)
    for args, said in [
        (["done", " "], "the text is empty: say which task"),
        (["ask", ""], "the name is empty: say whom"),
        (["thank", " "], "the name is empty: say whom"),
        (["log", " "], "the name is empty: say whom"),
    ]:
        result = run(root, *args)
        assert (result.exit_code, result.stderr) == (2, f"netmd: error: {said}\n"), args
    assert files(root) == before  # (`done " "` ticked the vault's only open task)


@pytest.mark.parametrize("day", ["", "tomorrow", "+3d", "2026-11-26"])
def test_an_empty_or_future_date_is_a_usage_error_for_what_was_done(tmp_path, day):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Raj Patel.md": contact() + "- [ ] Send the deck\n",
            "meetings/m.md": meeting("2026-11-24", "Raj Patel"),
        },
    )
    before = files(root)
    for args in (["thank", "Raj"], ["done", "deck"], ["ask", "Raj"], ["log", "Raj"]):
        result = run(root, *args, "--date", day)
        assert result.exit_code == 2 and "--date" in result.stderr and "Traceback" not in result.output, args
    assert files(root) == before


def test_past_date_forms_are_recorded(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": contact()})
    days = [("yesterday", "2026-11-24"), ("-2d", "2026-11-23"), ("fri", "2026-11-20"), ("wed", "2026-11-25")]
    for day, recorded in days:
        assert run(root, "ask", "Raj", "--date", day).exit_code == 0
        assert (root / "contacts/Raj Patel.md").read_text() == contact(asked=recorded)


def test_log_links_a_name_two_notes_share_by_path_and_lints_clean(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {"contacts/Raj Patel.md": contact(), "archive/Raj Patel.md": contact(status="archived")},
        config='[lint]\nNM304 = "off"\n',
    )
    result = run(root, "log", "contacts/Raj Patel")
    assert result.exit_code == 0, result.output
    note = root / "meetings/2026-11-25 call Raj Patel.md"
    assert '  - "[[contacts/Raj Patel|Raj Patel]]"\n' in note.read_text()  # (was [[Raj Patel]]: NM302)
    assert run(root, "lint").exit_code == 0


def test_only_the_intended_bytes_change_in_odd_notes(tmp_path):
    odd = {
        "contacts/Zoë 😀.md": "\ufeff---\r\ntype: contact\r\nlist: B\t# a comment\r\nasked:   # not yet\r\n---\r\n",
        "contacts/O'Brien: Sean.md": "---\ntype: contact\nlist: B\naliases: [Seanie]\nasked: null\n---\n",
        "contacts/Tabs.md": "---\ntype: contact\nlist: B\ntags:\n  - x\nasked: ~\n---",
    }
    root = write_vault(tmp_path / "v", odd)
    for name in ("Zoë", "Seanie", "Tabs"):
        assert run(root, "ask", name, "--date", "2026-11-24").exit_code == 0, name
    after = files(root)
    assert after["contacts/Zoë 😀.md"] == odd["contacts/Zoë 😀.md"].replace(
        "asked:   #", "asked: 2026-11-24   #"
    ).encode("utf-8")
    assert after["contacts/O'Brien: Sean.md"] == odd["contacts/O'Brien: Sean.md"].replace("null", "2026-11-24").encode()
    assert after["contacts/Tabs.md"] == odd["contacts/Tabs.md"].replace("~", "2026-11-24").encode()
    assert run(root, "lint").exit_code == 0


def test_a_flow_mapping_front_matter_is_refused_with_why(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": "---\n{type: contact, list: B}\n---\n"})
    result = run(root, "ask", "Raj Patel")
    assert result.exit_code == 1
    assert result.stderr == (
        "netmd: error: contacts/Raj Patel.md: a line asked: 2026-11-25 does not fit its front matter; add it by hand\n"
    )


def test_thank_reads_only_the_meetings_with_that_person(tmp_path):
    """`thank` picks from the facts of the notes linking to the person (not every note's), and
    picks as before: the latest held meeting without `thanked`, not a cancelled or logged one."""
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Raj Patel.md": contact(),
            "contacts/Emma.md": contact(),
            "meetings/a.md": meeting("2026-11-20", "Raj Patel"),
            "meetings/b.md": meeting("2026-11-23", "Raj Patel", "status: cancelled\n"),
            "meetings/c.md": meeting("2026-11-24", "Raj Patel", "logged: true\n"),
            "meetings/d.md": meeting("2026-11-24", "Emma"),
            "meetings/e.md": meeting("2026-11-26", "Raj Patel"),
        },
    )
    result = run(root, "thank", "Raj")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote v/meetings/a.md: thanked Raj Patel for the meeting of 2026-11-20")
