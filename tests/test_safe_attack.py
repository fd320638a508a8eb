"""The merged issue-13 work attacked at its seams, as a hostile user and a new user meet it:
each test is a defect found that way, through the real CLI on a vault in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault
from tests.test_safe_hook import commit, commits, git, make_repo

BAD_NAME = os.fsdecode(b"contacts/bad\xff.md")


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--vault", str(root), *args])
    return result.exit_code, result.output


@pytest.mark.skipif(os.name != "posix", reason="a file name that is not UTF-8 needs a POSIX file system")
def test_hook_stops_a_commit_of_a_name_that_is_not_utf8_as_lint_does(tmp_path: Path) -> None:
    # the hook gave the index the raw name (an internal error) where lint reports NM104
    repo, root = make_repo(tmp_path, {"contacts/Ada.md": contact("Ada")})
    (root / BAD_NAME).write_text(contact("Bad"), "utf-8")
    git(repo, "add", "-A")
    done = commit(repo)
    assert done.returncode == 1 and commits(repo) == 1
    assert "internal error" not in done.stdout
    assert "contacts/bad\\xff.md:1:1: error NM104" in done.stdout
    code, out = run(root, "lint")
    assert code == 1 and "contacts/bad\\xff.md:1:1: error NM104" in out
