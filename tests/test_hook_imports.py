"""What the git hook's `netmd lint FILE` loads: not the process pool, Jinja or the referral
graph, which only other commands need, nor the method when the file is as indexed (each
costs milliseconds of every commit)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE


def test_lint_file_loads_only_what_it_uses(tmp_path: Path) -> None:
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    netmd = [sys.executable, "-X", "importtime", "-m", "netmd", "--vault", str(root)]
    subprocess.run([*netmd, "lint"], capture_output=True, cwd=tmp_path)  # a warm index, as a hook finds it
    note = root / "meetings" / "2026-11-24 Daniel Kim.md"

    def loaded() -> set[str]:
        run = subprocess.run([*netmd, "lint", str(note)], capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode in (0, 1), run.stderr
        found = {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
        assert "netmd.lint" in found  # (the timing lines are there)
        return found

    never = ("concurrent", "jinja2", "netmd.graph", "netmd.render")
    assert not {m for m in loaded() if m.startswith((*never, "netmd.method"))}
    note.write_text(note.read_text("utf-8") + "\nA line.\n", "utf-8")  # just edited: its method rules run
    assert not {m for m in loaded() if m.startswith(never)}
