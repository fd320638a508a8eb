"""Shell completion as a shell asks for it: the real `netmd` process with `_NETMD_COMPLETE`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_vault

NOTES = {
    "contacts/Hannah Weiss.md": "---\ntype: contact\nlist: C\n---\n",
    "contacts/Hank Hill.md": "---\ntype: contact\nlist: A\n---\n",
    "organizations/Verdant Grid.md": "---\ntype: organization\n---\n",
}


def complete(shell: str, words: str, cwd: Path, incomplete: str | None = None) -> list[str]:
    env = {**os.environ, "_NETMD_COMPLETE": f"{shell}_complete", "COMP_WORDS": words}
    env.pop("NETMD_VAULT", None)
    if shell == "fish":
        env["COMP_CWORD"] = words.rsplit(" ", 1)[-1] if incomplete is None else incomplete
    else:
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    done = subprocess.run(
        [sys.executable, "-c", "from netmd.cli import main; main()"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_commands_options_types_and_names(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", NOTES)
    assert "plain,new" in complete("bash", "netmd ne", root)
    assert complete("bash", "netmd lint --f", root) == ["plain,--format", "plain,--fix"]
    assert complete("bash", "netmd ls or", root) == ["plain,organization"]
    assert complete("bash", "netmd show ha", root) == ["plain,Hank Hill", "plain,Hannah Weiss"]
    assert complete("bash", "netmd new meeting Hann", root) == ["plain,Hannah Weiss"]
    assert complete("bash", "netmd new contact X --org V", root) == ["plain,Verdant Grid"]
    assert complete("bash", "netmd new opportunity J --org Grid --via Hann", root) == ["plain,Hannah Weiss"]


def test_completion_finds_the_vault_from_vault_option_anywhere(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", NOTES)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert complete("bash", "netmd show Han", elsewhere) == []  # no vault here
    assert complete("bash", f"netmd --vault {root} show Hann", elsewhere) == ["plain,Hannah Weiss"]
    assert complete("bash", f"netmd show --vault {root} Hann", elsewhere) == ["plain,Hannah Weiss"]
    assert complete("bash", f"netmd new --vault {root} contact X --org Ver", elsewhere) == ["plain,Verdant Grid"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_complete_names(tmp_path: Path, shell: str) -> None:
    root = write_vault(tmp_path / "v", NOTES)
    out = "\n".join(complete(shell, "netmd show Hann", root))
    assert "Hannah Weiss" in out and "Hank" not in out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_readme_lines_give_a_completion_script(tmp_path: Path, shell: str) -> None:
    env = {**os.environ, "_NETMD_COMPLETE": f"{shell}_source"}
    done = subprocess.run(
        [sys.executable, "-c", "from netmd.cli import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "_NETMD_COMPLETE" in done.stdout
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    assert f"_NETMD_COMPLETE={shell}_source netmd" in readme
