"""Golden files: `netmd lint` over a vault of defects, byte for byte (UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import DEFECTS

HERE = Path(__file__).parent


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_lint_of_a_vault_of_defects(fmt, monkeypatch):
    monkeypatch.chdir(DEFECTS)
    result = CliRunner().invoke(cli, ["--today", "2026-11-25", "lint", "--format", fmt])
    golden = HERE / "golden" / f"defects.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout + "# stderr: " + result.stderr, "utf-8")
    assert result.exit_code == 1
    assert result.stdout + "# stderr: " + result.stderr == golden.read_text("utf-8")


def test_the_defect_vault_is_unchanged_by_lint():
    def notes():
        return {p: p.read_bytes() for p in DEFECTS.rglob("*") if p.is_file() and ".netmd" not in p.parts}

    before = notes()
    CliRunner().invoke(cli, ["--vault", str(DEFECTS), "lint"])
    assert notes() == before
