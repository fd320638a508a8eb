"""Issue 15: `new meeting` with several people, and `--date` in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault

# today is Wednesday 2026-11-25 (tests/conftest.py)


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--vault", str(root), *args])


def vault(tmp_path: Path) -> Path:
    return write_vault(
        tmp_path / "v",
        {
            "contacts/Raj Patel.md": contact(),
            "contacts/Emma Johansson.md": contact(),
            "contacts/Raj Singh.md": contact(),
        },
    )


def test_a_meeting_with_two_people_on_a_weekday(tmp_path):
    root = vault(tmp_path)
    result = run(root, "new", "meeting", "Raj Patel", "Emma Johansson", "--date", "monday")
    assert result.exit_code == 0, result.output
    path = root / "meetings/2026-11-30 Raj Patel, Emma Johansson.md"
    text = path.read_text("utf-8")
    assert text.startswith(
        '---\ntype: meeting\ndate: 2026-11-30\nduration: 30\nwith:\n  - "[[Raj Patel]]"\n  - "[[Emma Johansson]]"\n'
    )
    assert "# Meeting with [[Raj Patel]], [[Emma Johansson]]\n" in text
    assert run(root, "lint", str(path)).exit_code == 0


def test_unquoted_words_are_one_name_and_dates_in_words(tmp_path):
    root = vault(tmp_path)
    assert run(root, "new", "meeting", "Emma", "Johansson", "--date", "tomorrow").exit_code == 0
    assert (root / "meetings/2026-11-26 Emma Johansson.md").exists()
    assert run(root, "new", "meeting", "Raj Patel", "--date", "+3d").exit_code == 0
    assert (root / "meetings/2026-11-28 Raj Patel.md").exists()


def test_an_ambiguous_or_unknown_person_is_an_error_with_suggestions(tmp_path):
    root = vault(tmp_path)
    ambiguous = run(root, "new", "meeting", "Raj")
    assert ambiguous.exit_code == 1
    assert '"Raj" could be 2 contacts: Raj Patel, Raj Singh; say which' in ambiguous.stderr
    unknown = run(root, "new", "meeting", "Emma Johanson")
    assert unknown.exit_code == 1 and 'did you mean "Emma Johansson"' in unknown.stderr
    assert run(root, "new", "meeting", "Raj Patel", "--date", "someday").exit_code == 2
    assert not (root / "meetings").exists()
