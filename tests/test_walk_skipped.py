"""A whole-vault run reads the folders again only when one of them changed.

`lint` (and every command that refreshes the index) keeps the state of each folder the walk
read; when none has changed, no note came, went or was renamed, so the notes are those
indexed and only their files are looked at. Whatever changes a folder's list of notes must
still be seen, in a folder with notes or without.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, in_folder, settled, write_vault

MEETING = "---\ntype: meeting\ndate: 2026-11-01\nwith: ['[[{}]]']\n---\n"


def run(root: Path, args: list[str]) -> tuple[int, str]:
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
        result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _vault(tmp_path: Path) -> Path:
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    (root / "archive" / "2020").mkdir(parents=True)  # folders without a note
    assert run(root, ["lint"])[0] == 0
    settled(root)
    assert run(root, ["lint"])[0] == 0  # (keeps the settled state)
    return root


def test_an_edit_in_place_is_linted_without_a_walk(tmp_path: Path, walks: list[int]) -> None:
    root = _vault(tmp_path)
    del walks[:]
    (root / "meetings" / "m.md").write_text(MEETING.format("Nobody"))
    code, out = run(root, ["lint"])
    assert code == 1 and 'NM301 broken-link: no note "Nobody"' in out and walks == []


def test_an_atomic_save_changes_the_folder_not_its_notes(tmp_path: Path, walks: list[int]) -> None:
    root = _vault(tmp_path)
    del walks[:]
    (root / "meetings" / "m.md.tmp").write_text(MEETING.format("Nobody"))
    os.replace(root / "meetings" / "m.md.tmp", root / "meetings" / "m.md")  # as editors save
    code, out = run(root, ["lint"])
    assert code == 1 and "NM301" in out and walks == []  # the listing is the same: no walk


@pytest.mark.parametrize(
    "change",
    [
        "a note added",
        "a note deleted",
        "a note renamed",
        "a note in a folder that held none",
        "a folder of notes made",
        "a folder of notes moved in",
        "a folder renamed",
    ],
)
def test_every_change_to_the_notes_listed_is_seen(tmp_path: Path, walks: list[int], change: str) -> None:
    root = _vault(tmp_path)
    del walks[:]
    meetings = root / "meetings"
    if change == "a note added":
        (meetings / "n.md").write_text(MEETING.format("Nobody"))
    elif change == "a note deleted":
        (root / "contacts" / "Ada.md").unlink()
    elif change == "a note renamed":
        (root / "contacts" / "Ada.md").rename(root / "contacts" / "Ada Lovelace.md")
    elif change == "a note in a folder that held none":
        (root / "archive" / "2020" / "n.md").write_text(MEETING.format("Nobody"))
    elif change == "a folder of notes made":
        (meetings / "2026").mkdir()
        (meetings / "2026" / "n.md").write_text(MEETING.format("Nobody"))
    elif change == "a folder of notes moved in":
        outside = tmp_path / "elsewhere"
        outside.mkdir()
        (outside / "n.md").write_text(MEETING.format("Nobody"))
        outside.rename(root / "archive" / "2020" / "old")
    else:
        (root / "meetings").rename(root / "archive" / "meetings")
        (root / "archive" / "meetings" / "m.md").write_text(MEETING.format("Nobody"))
    found = run(root, ["lint"])
    assert walks == [1], change
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".netmd"))
    assert found == run(fresh, ["lint"]) and found[0] == 1, change  # what a run without a cache finds
