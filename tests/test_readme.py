"""The README, run as written: every `console` block, in order, in one scratch shell session.

The rules, so that a reader following the README word for word sees what it shows:

- **One session.** The blocks run in the order they appear, like one terminal: `cd` stays in
  effect from one block to the next. The session starts in the repository's root, where the
  set-up commands ran; the README assumes the clone is `~/netmd`.
- **Scratch machine.** `$HOME` is a folder in `tmp_path`, holding the clone as `~/netmd` (its
  `sample-vault/`, copied from the checkout) and LinkedIn's export as
  `~/Downloads/Connections.csv` (`tests/fixtures/interop/Connections.csv`). Nothing outside
  `tmp_path` is read or written.
- **Commands.** A line `$ CMD` is a command; `CMD` may chain commands with `&&`, and each one
  is `cd DIR` or `netmd ARG…` (shell words; `~` is `$HOME`). Anything else fails the test, so
  the README cannot show a command this test does not run. `netmd` runs in this process
  (click's CliRunner), with `NETMD_TODAY=2026-11-25` as in every test: an example whose answer
  depends on the day says `--today 2026-11-25`, so a reader on another day sees the same.
- **Output.** The lines after a command, up to the next `$ ` line or the end of the block, are
  what the terminal shows: stdout and stderr together, in the order written, trailing spaces
  ignored. A line that is exactly `...` stands for zero or more lines the README leaves out;
  every other line must equal the next line of output; without a `...` at the end, the
  output ends where the README's does.
- **Paths.** `/home/you` in the README stands for `$HOME`, the only part of an output that
  differs from machine to machine.
- **Files the README asks you to write.** A ```` ```markdown ```` block right after a paragraph
  that ends with "save it as `PATH`:" is written to PATH, relative to the session's folder, before
  the next command runs.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import COMMITTED_SAMPLE, REPO

README = (REPO / "README.md").read_text("utf-8")
HOME_IN_README = "/home/you"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)
SAVE_AS = re.compile(r"save it as\s+`([^`]+)`:\s*$")


@dataclass
class Step:
    """One thing the README has the reader do: run a command line, or save a file."""

    command: str = ""
    expected: list[str] = field(default_factory=list)
    save: tuple[str, str] | None = None


def steps(readme: str) -> list[Step]:
    found: list[Step] = []
    for match in FENCE.finditer(readme):
        lang, body = match.group(1), match.group(2)
        if lang == "markdown":
            before = readme[: match.start()].rstrip("\n").rsplit("\n\n", 1)[-1]
            target = SAVE_AS.search(before)
            if target:
                found.append(Step(save=(target.group(1), body)))
        elif lang == "console":
            for line in body.splitlines():
                if line.startswith("$ "):
                    found.append(Step(command=line[2:]))
                else:
                    assert found and found[-1].command, f"output before any command in a console block: {line!r}"
                    found[-1].expected.append(line)
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """`expected` with each `...` line standing for zero or more lines of `actual`."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(rest, actual[1:])


class Session:
    """The reader's terminal: a current folder and a home, netmd and cd as the only commands."""

    def __init__(self, home: Path, start: Path) -> None:
        self.home, self.cwd = home, start
        self.runner = CliRunner()

    def run(self, line: str) -> str:
        out: list[str] = []
        for part in line.split("&&"):
            words = [os.path.expanduser(w) if w.startswith("~") else w for w in shlex.split(part)]
            if words[0] == "cd" and len(words) == 2:
                self.cwd = (self.cwd / words[1]).resolve()
                assert self.cwd.is_dir(), f"{line}: no folder {words[1]}"
                continue
            assert words[0] == "netmd", f"the README runs only netmd and cd: {line}"
            os.chdir(self.cwd)
            result = self.runner.invoke(cli, words[1:], prog_name="netmd", catch_exceptions=False)
            out.append(result.output)
            if result.exit_code != 0:  # `&&` runs the next command only after a success
                break
        return "".join(out)


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    home = tmp_path / "home"
    clone = home / "netmd"
    shutil.copytree(COMMITTED_SAMPLE, clone / "sample-vault", ignore=shutil.ignore_patterns(".netmd"))
    (home / "Downloads").mkdir()
    shutil.copy(REPO / "tests" / "fixtures" / "interop" / "Connections.csv", home / "Downloads")
    monkeypatch.setenv("HOME", str(home))
    for name in ("NETMD_VAULT", "NO_COLOR", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(clone)
    return Session(home, clone)


def test_readme_console_blocks_show_what_netmd_prints(session: Session) -> None:
    failures = []
    ran = 0
    for step in steps(README):
        if step.save:
            path, text = step.save
            (session.cwd / path).parent.mkdir(parents=True, exist_ok=True)
            (session.cwd / path).write_text(text, "utf-8")
            continue
        ran += 1
        shown = session.run(step.command).replace(str(session.home), HOME_IN_README)
        actual = [line.rstrip() for line in shown.splitlines()]
        expected = [line.rstrip() for line in step.expected]
        if not matches(expected, actual):
            failures.append(
                f"$ {step.command}\n--- README\n" + "\n".join(expected) + "\n--- netmd\n" + "\n".join(actual)
            )
    assert not failures, "\n\n".join(failures)
    assert ran >= 15  # every console block was found and run


def test_ellipsis_rule() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "b"], ["a", "b"])  # `...` may stand for no line
    assert matches(["a", "..."], ["a"])
    assert not matches(["a"], ["a", "b"])  # without `...` the output ends where the README's does
    assert not matches(["a", "...", "d"], ["a", "b"])
    assert not matches(["...", "x"], ["x", "y"])


def test_every_fenced_block_is_known() -> None:
    """A README block is run (console), written (markdown after "save it as"), or shown as is."""
    langs = {m.group(1) for m in FENCE.finditer(README)}
    assert langs <= {"console", "markdown", "sh", "toml", "yaml", "lua", ""}
    assert any(s.save for s in steps(README))
