"""The meeting note's suggested `netmd thank NAME` is one shell word whatever the name holds:
a contact imported from someone's file may be named `$(...)`, and copying the line into a
shell must not run it."""

from __future__ import annotations

import shlex
import subprocess

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from netmd.render import shell
from tests.conftest import contact, write_vault

HOSTILE = ["Eve $(touch pwned) Smith", "Eve `touch pwned`", 'Ada "The Countess" Lovelace', "a\\b", "x!y $HOME"]


def through_sh(word: str, cwd) -> str:
    """What a real shell makes of `word` on a command line."""
    return subprocess.run(["sh", "-c", f"printf '%s' {word}"], capture_output=True, text=True, cwd=cwd).stdout


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_shell_gives_one_word_that_reads_back_as_the_value(name):
    assert shlex.split(f"netmd thank {shell(name)}") == ["netmd", "thank", name]


def test_a_real_shell_reads_the_name_back_and_runs_nothing(tmp_path):
    for name in HOSTILE:
        assert through_sh(shell(name), tmp_path) == name
    assert not (tmp_path / "pwned").exists()
    assert shell("Ada Lovelace") == '"Ada Lovelace"' and shell("Sam O'Connor") == '"Sam O\'Connor"'  # as people write


def test_a_new_meeting_with_a_hostile_name_suggests_a_command_that_runs_nothing(tmp_path):
    name = HOSTILE[0]
    root = write_vault(tmp_path / "v", {f"contacts/{name}.md": contact(name)})
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "new", "meeting", name])
    assert result.exit_code == 0, result.output
    text = next((root / "meetings").iterdir()).read_text("utf-8")
    line = next(x for x in text.splitlines() if "netmd thank" in x)
    word = line[line.index("`netmd thank ") + len("`netmd thank ") : line.rindex("`")]
    assert through_sh(word, tmp_path) == name
    assert not (tmp_path / "pwned").exists()
