"""`netmd-disable` silences rules in one note, by name or code: per-note, vault and method
rules alike, in a whole-vault lint, in `lint FILE`, after an edit, and whatever else the
field holds."""

from __future__ import annotations

import os
import re
from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault

MEETING = "meetings/2026-11-10 Ada.md"


def meeting(disable: str) -> str:
    """A meeting of 15 days before the day, with no thank-you, no help offered and no outcome
    (NM402, NM403, NM409), an unknown field (NM204) and a broken link (NM301)."""
    return f'---\ntype: meeting\ndate: 2026-11-10\nwith: ["[[Ada]]", "[[Nobody]]"]\nmood: fine\n{disable}---\n'


def codes(root: Path, *args: str) -> dict[str, set[str]]:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "lint", *args])
    assert result.exit_code in (0, 1), result.output
    found: dict[str, set[str]] = {}
    for line in result.output.splitlines():
        m = re.match(r"(.+?):\d+:\d+: (?:error|warning|info) (NM\d+)", line)
        if m:
            found.setdefault(os.path.relpath(m[1], root), set()).add(m[2])  # (printed from the working folder)
    return found


def test_each_kind_of_rule_is_silenced_in_its_note_alone(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada.md": contact(),
            MEETING: meeting("netmd-disable: [thank-you-missing, NM409, unknown-field, broken-link]\n"),
            "meetings/2026-11-11 Ada.md": meeting("").replace("2026-11-10", "2026-11-11"),
        },
    )
    silenced = {"NM402", "NM409", "NM204", "NM301"}
    other = codes(root)["meetings/2026-11-11 Ada.md"]
    assert silenced <= other and "NM403" in other  # the other meeting says them all
    whole = codes(root)[MEETING]
    assert "NM403" in whole and not whole & silenced
    assert codes(root, str(root / MEETING))[MEETING] == whole  # the git hook's `lint FILE`, as `lint`

    # an edit that lifts one: said again, in a whole lint (incremental) and in `lint FILE`
    (root / MEETING).write_text(meeting("netmd-disable: [NM402, NM204, broken-link]\n"), "utf-8")
    assert codes(root)[MEETING] == whole | {"NM409"}
    assert codes(root, str(root / MEETING))[MEETING] == whole | {"NM409"}


def test_a_disable_of_any_shape_is_no_crash(tmp_path):
    """A single name, a code that is no rule, and values that are not text."""
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada.md": contact(),
            MEETING: meeting("netmd-disable: no-help-offered\n"),
            "meetings/2026-11-11 Ada.md": meeting("netmd-disable: [NM999, 3, {a: 1}, [NM402], null]\n"),
            "meetings/2026-11-12 Ada.md": meeting("netmd-disable: {NM402: yes}\n"),
        },
    )
    found = codes(root)
    assert "NM403" not in found[MEETING] and "NM402" in found[MEETING]
    for odd in ("meetings/2026-11-11 Ada.md", "meetings/2026-11-12 Ada.md"):
        assert {"NM402", "NM403", "NM409"} <= found[odd]  # nothing silenced by what is not a rule's name
