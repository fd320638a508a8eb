"""The git hook with real git: any file name is read as staged, and a commit that takes a
name away (a note removed or renamed, an alias dropped) is checked for the links it breaks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import REPO, contact, write_vault

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
BROKEN = contact(organization='"[[Nowhere]]"')
MEETING = (
    '---\ntype: meeting\ndate: 2026-11-20\nwith:\n  - "[[{}]]"\nthanked: 2026-11-21\noffered_help: "a reference"\n---\n'
)


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check)


def make_repo(tmp_path: Path, files: dict[str, str], subfolder: str = "") -> tuple[Path, Path]:
    """A repository holding a vault with `files`, committed, with netmd's hook installed."""
    repo = tmp_path / "repo"
    root = write_vault(repo / subfolder if subfolder else repo, files)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    result = CliRunner().invoke(cli, ["--vault", str(root), "hook", "install"])
    assert result.exit_code == 0, result.output
    return repo, root


def commit(repo: Path) -> subprocess.CompletedProcess[str]:
    """`git commit`; what the hook prints comes on stderr (git sends hooks' stdout there), in `.stdout` here."""
    done = git(repo, "commit", "-m", "change", check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout + done.stderr, done.stderr)


def commits(repo: Path) -> int:
    return len(git(repo, "log", "--oneline").stdout.splitlines())


LINKED = {
    "contacts/Ada.md": contact("Ada", aliases="[Countess]"),
    "meetings/Met Ada.md": MEETING.format("Ada"),
    "meetings/Met the Countess.md": MEETING.format("Countess"),
}


@pytest.mark.parametrize(
    "name",
    [
        "contacts/Bad\nName.md",
        "contacts/0:Ada.md",  # `:0:contacts/0:Ada.md` would be stage 0 of… nothing; `:0:Ada.md` a good note
        "0:Ada.md",
        "contacts/with space.md",
        "contacts/Zoë Łukasz 名前.md",
        "contacts/tab\there.md",
        "contacts/-dash.md",
        "contacts/back\\slash.md",
    ],
)
def test_a_bad_note_under_any_name_stops_the_commit(tmp_path: Path, name: str) -> None:
    repo, root = make_repo(tmp_path, {"contacts/Ada.md": contact(), "Ada.md": contact()})
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(BROKEN)
    git(repo, "add", "-A")
    done = commit(repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert 'error NM301 broken-link: no note "Nowhere"' in done.stdout
    assert commits(repo) == 1
    (root / name).write_text(contact())
    git(repo, "add", "-A")
    assert commit(repo).returncode == 0


def test_a_colon_name_is_read_as_itself_not_as_a_stage(tmp_path: Path) -> None:
    """`git cat-file` reads `:0:Other.md` as stage 0 of Other.md: the good note, not the bad one."""
    repo, root = make_repo(tmp_path, {"Other.md": contact()})
    (root / "0:Other.md").write_text(BROKEN)
    git(repo, "add", "0:Other.md")
    done = commit(repo)
    assert done.returncode == 1
    assert '0:Other.md:4:16: error NM301 broken-link: no note "Nowhere"' in done.stdout


def test_removing_a_linked_note_stops_the_commit(tmp_path: Path) -> None:
    repo, root = make_repo(tmp_path, LINKED)
    git(repo, "rm", "-q", "contacts/Ada.md")
    done = commit(repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert 'meetings/Met Ada.md:5:6: error NM301 broken-link: no note "Ada"' in done.stdout
    assert 'meetings/Met the Countess.md:5:6: error NM301 broken-link: no note "Countess"' in done.stdout
    assert commits(repo) == 1


def test_renaming_a_linked_note_stops_the_commit(tmp_path: Path) -> None:
    repo, root = make_repo(tmp_path, LINKED)
    git(repo, "mv", "contacts/Ada.md", "contacts/Ada Lovelace.md")
    done = commit(repo)
    assert done.returncode == 1
    assert 'meetings/Met Ada.md:5:6: error NM301 broken-link: no note "Ada"' in done.stdout
    assert 'no note "Countess"' not in done.stdout  # the alias went along
    # keep the old name as an alias: every link still resolves
    (root / "contacts" / "Ada Lovelace.md").write_text(contact("Ada", aliases="[Countess, Ada]"))
    git(repo, "add", "-A")
    assert commit(repo).returncode == 0


def test_dropping_an_alias_stops_the_commit(tmp_path: Path) -> None:
    repo, root = make_repo(tmp_path, LINKED)
    (root / "contacts" / "Ada.md").write_text(contact("Ada"))
    git(repo, "add", "-A")
    done = commit(repo)
    assert done.returncode == 1
    assert 'meetings/Met the Countess.md:5:6: error NM301 broken-link: no note "Countess"' in done.stdout
    assert "Met Ada.md" not in done.stdout


def test_the_linking_notes_are_read_as_staged(tmp_path: Path) -> None:
    repo, root = make_repo(tmp_path, {"contacts/Ada.md": contact(), "meetings/Met.md": MEETING.format("Ada")})
    git(repo, "mv", "contacts/Ada.md", "contacts/Ada Lovelace.md")
    (root / "meetings" / "Met.md").write_text(MEETING.format("Ada Lovelace"))  # fixed, but not staged
    done = commit(repo)
    assert done.returncode == 1
    assert 'meetings/Met.md:5:6: error NM301 broken-link: no note "Ada"' in done.stdout
    git(repo, "add", "meetings/Met.md")
    assert commit(repo).returncode == 0
    # and the other way round: the working tree's broken link is not what is committed
    git(repo, "mv", "contacts/Ada Lovelace.md", "contacts/Ada.md")
    git(repo, "add", "-A")
    assert commit(repo).returncode == 1  # Met.md links to "Ada Lovelace"
    (root / "meetings" / "Met.md").write_text(MEETING.format("Ada"))
    git(repo, "add", "meetings/Met.md")
    (root / "meetings" / "Met.md").write_text(MEETING.format("Nobody"))
    assert commit(repo).returncode == 0


def test_an_untracked_or_other_notes_problem_does_not_stop_the_commit(tmp_path: Path) -> None:
    repo, root = make_repo(tmp_path, {"contacts/Ada.md": contact(), "contacts/Bob.md": contact()})
    (root / "meetings").mkdir()
    (root / "meetings" / "Draft.md").write_text(MEETING.format("Bob"))  # never added
    git(repo, "rm", "-q", "contacts/Bob.md")
    assert commit(repo).returncode == 0


def test_removing_a_note_in_a_subfolder_vault(tmp_path: Path) -> None:
    repo, root = make_repo(tmp_path, LINKED, subfolder="notes")
    (repo / "README.md").write_text("[[Ada]]\n")
    git(repo, "add", "README.md")
    git(repo, "rm", "-q", "notes/contacts/Ada.md")
    done = commit(repo)
    assert done.returncode == 1
    assert 'meetings/Met Ada.md:5:6: error NM301 broken-link: no note "Ada"' in done.stdout
    assert "README" not in done.stdout


def test_a_removal_with_a_cold_cache(tmp_path: Path) -> None:
    repo, root = make_repo(tmp_path, LINKED)
    (root / ".netmd").mkdir(exist_ok=True)
    for cached in (root / ".netmd").iterdir():
        cached.unlink() if cached.is_file() else None
    git(repo, "rm", "-q", "contacts/Ada.md")
    assert commit(repo).returncode == 1


def test_the_pre_commit_framework_stops_a_removal(tmp_path: Path) -> None:
    """The `netmd-staged` manifest hook sees what the commit removes; `netmd-lint` gets only file names."""
    repo, root = make_repo(tmp_path, LINKED)  # (a vault in a subfolder needs `args: [--vault, <folder>]`)
    (repo / ".git" / "hooks" / "pre-commit").unlink()
    git(repo, "rm", "-q", "contacts/Ada.md")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "netmd-staged", "--verbose"]
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert 'meetings/Met Ada.md:5:6: error NM301 broken-link: no note "Ada"' in done.stdout
