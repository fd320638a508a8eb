"""The git hook with real git, and the pre-commit framework with the real `pre-commit`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from netmd.store.codec import seal, unseal
from tests.conftest import REPO, contact, write_vault

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
BROKEN = contact(organization='"[[Nowhere]]"')


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check)


def repo_with_vault(tmp_path: Path, subfolder: str = "") -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    root = write_vault(repo / subfolder if subfolder else repo, {"contacts/Ada.md": contact()})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    return repo, root


def install(root: Path) -> str:
    result = CliRunner().invoke(cli, ["--vault", str(root), "hook", "install"])
    assert result.exit_code == 0, result.output
    return result.stdout


def commit(repo: Path, path: str, text: str) -> subprocess.CompletedProcess[str]:
    (repo / path).write_text(text)
    git(repo, "add", path)
    return git(repo, "commit", "-m", f"add {path}", check=False)


def test_broken_link_stops_the_commit(tmp_path):
    repo, root = repo_with_vault(tmp_path)
    install(root)
    done = commit(repo, "contacts/Bob.md", BROKEN)
    assert done.returncode != 0
    assert 'contacts/Bob.md:4:16: error NM301 broken-link: no note "Nowhere"' in done.stdout + done.stderr
    assert git(repo, "log", "--oneline").stdout.count("\n") == 1


def test_clean_note_commits(tmp_path):
    repo, root = repo_with_vault(tmp_path)
    install(root)
    assert commit(repo, "contacts/Bob.md", contact(referred_by='"[[Ada]]"')).returncode == 0


def test_vault_in_a_subfolder_and_other_files_ignored(tmp_path):
    repo, root = repo_with_vault(tmp_path, "notes")
    install(root)
    assert commit(repo, "README.md", "[[not a vault link]]\n").returncode == 0
    assert commit(repo, "notes/contacts/Bob.md", BROKEN).returncode != 0


def test_the_staged_version_is_checked(tmp_path):
    repo, root = repo_with_vault(tmp_path)
    install(root)
    (repo / "contacts" / "Bob.md").write_text(BROKEN)
    git(repo, "add", "contacts/Bob.md")
    (repo / "contacts" / "Bob.md").write_text(contact())  # fixed, but not staged
    assert git(repo, "commit", "-m", "x", check=False).returncode != 0


def test_the_method_rules_see_the_staged_version(tmp_path):
    repo, root = repo_with_vault(tmp_path)
    thanked = '---\ntype: meeting\ndate: 2026-11-10\nwith: ["[[Ada]]"]\nthanked: 2026-11-11\noffered_help: yes\n---\n'
    not_thanked = thanked.replace("thanked: 2026-11-11\n", "")

    def hook_run() -> str:
        args = ["--vault", str(root), "--today", "2026-11-25", "hook", "run"]
        return CliRunner().invoke(cli, args, catch_exceptions=False).output

    (repo / "meetings").mkdir()
    (repo / "meetings" / "m.md").write_text(not_thanked)
    git(repo, "add", "meetings/m.md")
    (repo / "meetings" / "m.md").write_text(thanked)  # thanked in the working tree, not in what is committed
    assert "meetings/m.md:3:7: warning NM402 thank-you-missing" in hook_run()
    git(repo, "add", "meetings/m.md")
    assert "NM402" not in hook_run()
    (repo / "meetings" / "m.md").write_text(not_thanked)  # and the other way round
    assert "NM402" not in hook_run()


def test_foreign_hook_is_kept_and_still_runs(tmp_path):
    repo, root = repo_with_vault(tmp_path)
    hooks = repo / ".git" / "hooks"
    (hooks / "pre-commit").write_text(
        '#!/bin/sh\necho foreign-hook-ran >> "$(git rev-parse --show-toplevel)/ran.txt"\n'
    )
    (hooks / "pre-commit").chmod(0o755)
    said = install(root)
    assert "pre-commit.legacy" in said
    assert "foreign-hook-ran" in (hooks / "pre-commit.legacy").read_text()
    assert commit(repo, "contacts/Bob.md", BROKEN).returncode != 0
    assert (repo / "ran.txt").read_text() == "foreign-hook-ran\n"
    install(root)  # a second install keeps the legacy hook and does not move its own aside
    assert "foreign-hook-ran" in (hooks / "pre-commit.legacy").read_text()


def test_failing_foreign_hook_still_stops_the_commit(tmp_path):
    repo, root = repo_with_vault(tmp_path)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 3\n")
    hook.chmod(0o755)
    install(root)
    assert commit(repo, "contacts/Bob.md", contact()).returncode != 0


def test_install_outside_git_is_a_clear_error(tmp_path):
    root = write_vault(tmp_path / "v", {})
    result = CliRunner().invoke(cli, ["--vault", str(root), "hook", "install"])
    assert result.exit_code == 1 and "not a git repository" in result.stderr.lower()


def test_pre_commit_framework_runs_the_manifest(tmp_path):
    """`pre-commit try-repo` installs this repository's hook and runs it on a vault."""
    repo, root = repo_with_vault(tmp_path, "vault")
    (root / "contacts" / "Bob.md").write_text(BROKEN)
    git(repo, "add", "-A")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "netmd-lint", "--all-files"]
    done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert 'contacts/Bob.md:4:16: error NM301 broken-link: no note "Nowhere"' in done.stdout


@pytest.mark.parametrize("where", ["type", "date", "disabled", "disabled items"])
def test_stored_facts_of_a_crafted_shape_give_the_hook_a_clean_answer(tmp_path, where):
    """A cache whose facts hold a position of the wrong length, or a `netmd-disable` that is
    not a list, is not netmd's: the hook makes the index again (it runs once, with no retry
    after an internal error) and answers as a run with no cache."""

    repo, root = repo_with_vault(tmp_path)
    held = '---\ntype: meeting\nstatus: held\nwith: ["[[Ada]]"]\n---\n'  # no date: NM403 points at `type`
    (repo / "meetings").mkdir()
    (repo / "meetings" / "m.md").write_text(held)
    git(repo, "add", "meetings/m.md")

    def hook_run(day: str) -> str:
        result = CliRunner().invoke(cli, ["--vault", str(root), "--today", day, "hook", "run"])
        assert result.exit_code == 1, result.output  # (no date: NM202 stops the commit; 2 would be an internal error)
        return result.output

    assert "meetings/m.md:2:1: info NM403" in hook_run("2026-11-25")
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    facts = list(unseal(db.execute("SELECT facts FROM derived WHERE path = 'meetings/m.md'").fetchone()[0]))
    if where == "type":
        facts[9] = [5]
    elif where == "date":
        facts[2][1] = [5, 1]
    elif where == "disabled":
        facts[10] = "NM403"
    else:
        facts[10] = [{"a": 1}, "NM403"]
    db.execute("UPDATE derived SET facts = ? WHERE path = 'meetings/m.md'", (seal(facts),))
    db.commit()
    db.close()
    assert "meetings/m.md:2:1: info NM403" in hook_run("2026-11-26")  # (a new day: judged again from the facts)
