"""Vaults for tests: a dict of path → text written into tmp_path (STYLE.md example 12)."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netmd import lint as engine
from netmd.build import plan
from netmd.build import scan as scan_mod
from netmd.diagnostics import Diagnostic
from netmd.vault import Vault

TODAY = dt.date(2026, 11, 25)
REPO = Path(__file__).resolve().parent.parent
REALWORLD = REPO.parent / "shared" / "realworld" / "kepano-obsidian"
"""A public Obsidian vault that CI lays beside the checkout; a bare clone has none (see `realworld`)."""
COMMITTED_SAMPLE = REPO / "sample-vault"


def _session_copy(source: Path) -> Path:
    """A copy of a committed vault for the tests to run netmd in: netmd keeps its cache in
    the vault (.netmd/), and the checkout must stay as committed."""
    root = Path(tempfile.mkdtemp(prefix="netmd-tests-")) / source.name
    shutil.copytree(source, root, symlinks=True, ignore=shutil.ignore_patterns(".netmd"))
    atexit.register(shutil.rmtree, root.parent, True)
    return root


SAMPLE = _session_copy(COMMITTED_SAMPLE)
DEFECTS = _session_copy(REPO / "tests" / "fixtures" / "defects")


@pytest.fixture(autouse=True)
def _one_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the wall clock: every command run in a test answers for TODAY unless the
    test passes its own --today (the suite must pass on any day, SPEC §3)."""
    monkeypatch.setenv("NETMD_TODAY", TODAY.isoformat())


@pytest.fixture(autouse=True)
def _run_from_the_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command runs from the test's scratch folder, where `write_vault(tmp_path, …)` puts
    the vault: paths print relative to the current folder (SPEC §4), as a user in the vault sees
    them. A test of another folder changes to it itself."""
    monkeypatch.chdir(tmp_path)


def realworld() -> Path:
    """The vault from the wild, or a skip that says why it is missing."""
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent: CI lays shared/ beside the checkout, a bare clone has none")
    return REALWORLD


@contextlib.contextmanager
def in_folder(folder: Path) -> Iterator[None]:
    """Run from `folder`, then back (`contextlib.chdir`, which Python 3.10 lacks)."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def write_vault(root: Path, files: dict[str, str | bytes], config: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "netmd.toml").write_text(config, "utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8", newline="")
    return root


def lint_vault(root: Path) -> list[Diagnostic]:
    return engine.run(Vault(root), TODAY)[0]


@pytest.fixture
def vault(tmp_path: Path) -> Callable[..., Path]:
    """`vault(files, config="")` writes a vault and returns its root."""

    def make(files: dict[str, str | bytes], config: str = "") -> Path:
        return write_vault(tmp_path / "vault", files, config)

    return make


@pytest.fixture
def check(tmp_path: Path) -> Callable[..., list[tuple[object, ...]]]:
    """`check(rule_code, files)`: where that rule fires, as (line, col) for one file or (path, line, col)."""
    counter = iter(range(10_000))

    def run(code: str, files: dict[str, str | bytes], config: str = "") -> list[tuple[object, ...]]:
        root = write_vault(tmp_path / f"v{next(counter)}", files, config)
        found = [d for d in lint_vault(root) if d.code == code]
        if len(files) == 1:
            return [(d.line, d.col) for d in found]
        return [(d.path, d.line, d.col) for d in found]

    return run


def contact(name: str = "", **fields: str) -> str:
    """A contact note's text: `contact(list="B", organization='"[[Initech]]"')`."""
    fields = {"type": "contact", "list": "B", **fields}
    lines = [f"{k.replace('__', '-')}: {v}" for k, v in fields.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + (f"# {name}\n" if name else "")


ORG = "---\ntype: organization\n---\n"


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The walks over the vault's folders, one entry each; folders and files not racy."""
    seen: list[int] = []
    real = Vault.paths
    monkeypatch.setattr(Vault, "paths", lambda self, read=None: seen.append(1) or real(self, read))
    monkeypatch.setattr(plan, "FOLDER_RACY_NS", 0)
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)
    return seen


def settled(root: Path) -> None:
    """Every folder's modification time set an hour back from its own, as a vault edited long
    ago has them: a change since sets it to the file system's now (and timestamps as coarse
    as a clock tick cannot hide it). No clock is read."""
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir() and ".netmd" not in p.parts)]:
        past = folder.stat().st_mtime_ns - 3600 * 10**9
        os.utime(folder, ns=(past, past))
