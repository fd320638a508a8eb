"""Issue 15 asks the actions to be fast on a 10,000-contact vault: `done` decodes only the notes
whose stored form has its words, `thank` reads the facts of the notes linking to the person,
and a name found exactly reads no list of every note (the prefix search needs it, not the rest)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from netmd.index import Index
from tests.conftest import contact, write_vault


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--vault", str(root), *args])


@pytest.fixture
def crowd(tmp_path: Path) -> Path:
    task = "- [ ] Follow up with P{:03} 📅 2026-11-1{}\n"
    notes = {f"contacts/P{i:03}.md": contact() + task.format(i, i % 10) for i in range(60)}
    notes["contacts/Raj Patel.md"] = contact() + "- [ ] Send Raj the postíng 📅 2026-11-20\n"
    notes["meetings/m.md"] = '---\ntype: meeting\ndate: 2026-11-24\nwith: ["[[Raj Patel]]"]\noffered_help: x\n---\n'
    root = write_vault(tmp_path / "v", notes)
    assert run(root, "lint").exit_code == 0  # (the index is built)
    return root


def slow(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("read every note")


def test_done_decodes_only_the_notes_with_its_words(crowd, monkeypatch):
    from netmd import index

    decoded: list[str] = []
    unpack = index.unpack  # (what the index decodes a stored note with)
    monkeypatch.setattr(Index, "notes", slow)
    monkeypatch.setattr(index, "unpack", lambda packed: decoded.append(packed[0]) or unpack(packed))
    result = run(crowd, "done", "SEND raj the POSTÍNG")  # (case aside; an accent is kept)
    assert result.exit_code == 0, result.output
    assert decoded == ["contacts/Raj Patel.md"]
    none = run(crowd, "done", "posting")  # not the same word: no match, as before
    assert none.exit_code == 1 and 'no open task says "posting"' in none.stderr


def test_done_words_with_quotes_and_backslashes_are_found_in_the_stored_value(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/A.md": contact() + '- [ ] Read "C:\\docs\\cv.pdf"\n'})
    result = run(root, "done", '"c:\\docs\\cv.pdf"')
    assert result.exit_code == 0, result.output


def test_thank_and_exact_names_read_no_list_of_every_note(crowd, monkeypatch):
    monkeypatch.setattr(Index, "facts", slow)
    monkeypatch.setattr(Index, "notes", slow)
    monkeypatch.setattr(Index, "entries", slow)
    for args in (["thank", "Raj Patel"], ["ask", "Raj Patel"], ["log", "Raj Patel"]):
        result = run(crowd, *args)
        assert result.exit_code == 0, (args, result.output)
