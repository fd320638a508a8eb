"""The scan behind the index: the parallel scan of large vaults gives exactly what one process gives."""

from __future__ import annotations

import pytest

from netmd.build import fanout
from netmd.build import scan as scan_mod
from netmd.lint import run
from netmd.store.db import DB_NAME, FOLDER
from netmd.vault import Vault
from tests.conftest import DEFECTS, SAMPLE, TODAY


@pytest.mark.parametrize("root", [SAMPLE, DEFECTS], ids=["sample", "defects"])
def test_parallel_scan_equals_serial(root, monkeypatch):
    paths = Vault(root).paths()
    serial = scan_mod.scan(Vault(root), paths)
    monkeypatch.setattr(fanout, "PARALLEL_FROM", 1)
    monkeypatch.setattr(fanout.os, "cpu_count", lambda: 2)
    parallel = [row for batch in scan_mod.scan_stream(Vault(root), paths) for row in batch]
    without_racy = [[*row[:5], *row[6:]] for row in serial]
    assert [[*row[:5], *row[6:]] for row in parallel] == without_racy and len(serial) == len(paths)


def test_only_some_notes_are_checked_but_all_resolve():
    diags, checked = run(Vault(SAMPLE), TODAY, {"meetings/2026-10-22 Hannah Weiss.md"})
    assert (diags, checked) == ([], 1)


def test_note_rules_cannot_reach_the_name_table():
    from netmd.context import Context

    with pytest.raises(RuntimeError):
        _ = Context(Vault(SAMPLE).config, TODAY).names


def test_a_parallel_cold_lint_equals_a_serial_one(tmp_path, monkeypatch):
    """The note pass, the vault pass and the method rules each spread over processes for many notes."""
    import shutil
    import sqlite3

    root = tmp_path / "vault"
    shutil.copytree(DEFECTS, root, ignore=shutil.ignore_patterns(".netmd"))
    shutil.copytree(SAMPLE, root / "sample", ignore=shutil.ignore_patterns(".netmd", "netmd.toml"))
    serial, _ = run(Vault(root), TODAY)
    shutil.rmtree(root / ".netmd")
    monkeypatch.setattr(fanout, "PARALLEL_FROM", 1)
    monkeypatch.setattr(fanout.os, "cpu_count", lambda: 2)
    assert fanout.can_fork()  # else this would compare the serial path with itself
    parallel, _ = run(Vault(root), TODAY)
    assert parallel == serial
    assert {d.code for d in serial} >= {"NM301", "NM402", "NM405"}
    built = sqlite3.connect(root / FOLDER / DB_NAME)  # not an Index: it would make missing ones
    made = {r[0] for r in built.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    built.close()
    assert made >= {"links_key", "links_path", "names_key", "names_path", "derived_pending"}


@pytest.mark.parametrize("n", [0, 1, 5, 2000, 2500, 43001])
@pytest.mark.parametrize("workers", [2, 3, 8])
def test_chunks_cover_every_path_in_order_and_end_small(n, workers):
    paths = [f"n{i}.md" for i in range(n)]
    chunks = fanout.chunks(paths, workers)
    assert [p for c in chunks for p in c] == paths and all(chunks)
    if n >= 2000:
        assert len(chunks[-1]) <= len(chunks[0]) // 4 + 1  # the workers finish together
