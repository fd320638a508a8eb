"""Tasks as the Obsidian Tasks plugin reads them (issue 16): 📆 and 🗓 are due dates, ⏳ alone is
scheduled (not due, so not overdue), tasks in callouts count, and a block id is not the text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from netmd.parse import parse_text
from tests.conftest import contact, in_folder, write_vault

D = dt.date(2026, 11, 20)


def tasks(body: str):
    return parse_text("contacts/A.md", contact() + body, {}).tasks


def run(root: Path, *args: str):
    with in_folder(root):
        return CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args], prog_name="netmd")


def test_calendar_signs_are_due_dates() -> None:
    found = tasks("- [ ] Call Ada 📆 2026-11-20\n- [ ] Mail Bo 🗓️ 2026-11-20\n- [ ] Ping Cy 🗓 2026-11-20\n")
    assert [(t.text, t.due) for t in found] == [("Call Ada", D), ("Mail Bo", D), ("Ping Cy", D)]


def test_hourglass_alone_is_scheduled_not_due() -> None:
    (task,) = tasks("- [ ] Draft the update ⏳ 2026-11-20\n")
    assert (task.text, task.due, task.scheduled) == ("Draft the update", None, D)


def test_callout_tasks_count() -> None:
    body = "> [!todo] This week\n> - [ ] Send Ada the posting 📅 2026-11-20\n>> - [x] Thank Bo ✅ 2026-11-19\n"
    found = tasks(body)
    assert [(t.text, t.done, t.due, t.pos.line) for t in found] == [
        ("Send Ada the posting", False, D, 6),
        ("Thank Bo", True, None, 7),
    ]


def test_block_id_is_not_the_text() -> None:
    found = tasks("- [ ] Call Ada 📅 2026-11-20 ^abc123\n- [ ] Mail Bo ^x-1\n- [ ] Pay 2^10 dollars\n")
    assert [(t.text, t.due) for t in found] == [("Call Ada", D), ("Mail Bo", None), ("Pay 2^10 dollars", None)]


# kepano-style: a callout of tasks with emoji dates and block ids, in a contact note
KEPANO = contact(organization='["[[Obsidian]]"]') + (
    "\n> [!todo] Follow-ups\n"
    "> - [ ] Send Kevin the draft 📆 2026-11-20 ^f1a2b3\n"
    "> - [x] Read his book ✅ 2026-11-21 ^read\n"
    "- [ ] Ask about the podcast 🗓️ 2026-11-24 ^podcast\n"
)
FILES = {"contacts/Kevin Kelly.md": KEPANO, "organizations/Obsidian.md": "---\ntype: organization\n---\n"}


def test_lint_reports_due_tasks_in_callouts_with_emoji_dates(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    result = run(root, "lint", "--format", "json")
    found = [(d["code"], d["line"], d["message"]) for d in json.loads(result.stdout)]
    assert found == [
        ("NM405", 8, '"Send Kevin the draft" was due 2026-11-20 (5 days ago)'),
        ("NM405", 10, '"Ask about the podcast" was due 2026-11-24 (1 day ago)'),
    ]


def test_agenda_shows_callout_tasks_without_block_ids(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", FILES)
    out = run(root, "agenda").stdout
    assert "Send Kevin the draft" in out and "Ask about the podcast" in out
    assert "^f1a2b3" not in out and "^podcast" not in out


def test_a_task_only_scheduled_is_listed_from_its_day_and_never_overdue(tmp_path: Path) -> None:
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada.md": contact("Ada")
            + "- [ ] Draft the intro ⏳ 2026-11-20\n- [ ] Send the deck 📅 2026-11-20\n"
            + "- [ ] Both ⏳ 2026-11-18 📅 2026-11-22\n- [ ] Later ⏳ 2026-12-01\n",
        },
    )
    lint = run(root, "lint", "--format", "json")
    overdue = sorted(d["message"] for d in json.loads(lint.stdout) if d["code"] == "NM405")
    assert overdue == [
        '"Both" was due 2026-11-22 (3 days ago)',
        '"Send the deck" was due 2026-11-20 (5 days ago)',
    ]
    agenda = run(root, "agenda").stdout
    assert "Draft the intro (scheduled 2026-11-20)  contacts/Ada.md:" in agenda
    assert "Send the deck (due 2026-11-20, OVERDUE)" in agenda
    assert "Later" not in agenda  # not yet its day
    items = {f["text"]: f for f in json.loads(run(root, "agenda", "--format", "json").stdout)["follow_ups"]}
    assert items["Draft the intro"]["scheduled"] and not items["Draft the intro"]["overdue"]
    assert not items["Both"]["scheduled"] and items["Both"]["overdue"]
    todos = run(root, "export", "ics", "--todos").stdout
    draft = todos.split("SUMMARY:Draft the intro")[0].rsplit("BEGIN:VTODO", 1)[1]
    assert "DTSTART;VALUE=DATE:20261120" in draft and "DUE" not in draft
