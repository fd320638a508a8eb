"""The lint engine: the parallel scan of large vaults gives exactly what one process gives."""

from __future__ import annotations

import pytest

from netmd import lint as engine
from netmd.vault import Vault
from tests.conftest import SAMPLE, TODAY

DEFECTS = SAMPLE.parent / "tests" / "fixtures" / "defects"


@pytest.mark.parametrize("root", [SAMPLE, DEFECTS], ids=["sample", "defects"])
def test_parallel_scan_equals_serial(root, monkeypatch):
    serial = engine.lint(Vault(root), TODAY)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    parallel = engine.lint(Vault(root), TODAY)
    assert parallel == serial and serial[1] > 0


def test_only_some_notes_are_checked_but_all_resolve(monkeypatch):
    vault = Vault(SAMPLE)
    only = {"meetings/2026-10-22 Hannah Weiss.md"}
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    diags, checked = engine.lint(vault, TODAY, only)
    assert (diags, checked) == ([], 1)


def test_note_rules_cannot_reach_the_name_table():
    from netmd.context import Context

    with pytest.raises(RuntimeError):
        _ = Context(Vault(SAMPLE).config, TODAY).names
