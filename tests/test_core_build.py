"""The core after issue 14's split: the one fan-out helper, the facade's API, the modules' size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netmd.build import fanout
from netmd.index import Index
from netmd.lint import run
from netmd.vault import Vault
from tests.conftest import SAMPLE, TODAY, contact, write_vault

PARENT = os.getpid()


def lengths(_shared: object, chunk: list[str]) -> list[tuple[str, int, int]]:
    """What a chunk gives: each item with its length, and whether a worker did it."""
    return [(item, len(item), int(os.getpid() != PARENT)) for item in chunk]


def dies_in_a_worker(_shared: object, chunk: list[str]) -> list[tuple[str, int, int]]:
    if os.getpid() != PARENT:
        os._exit(3)  # a worker killed (out of memory, say) before it gives anything
    return lengths(_shared, chunk)


@pytest.fixture
def many_workers(monkeypatch):
    monkeypatch.setattr(fanout, "PARALLEL_FROM", 10)
    monkeypatch.setattr(fanout, "EARLY_CHUNK", 7)
    monkeypatch.setattr(fanout.os, "cpu_count", lambda: 2)
    assert fanout.can_fork()


@pytest.mark.parametrize("given", ["list", "generator"])
def test_fan_out_gives_every_result_in_order_from_workers(many_workers, given):
    items = [f"note {i}" * (i % 5) for i in range(300)]
    source = items if given == "list" else (x for x in items)
    batches = list(fanout.fan_out(lengths, None, source))
    assert [r[:2] for batch in batches for r in batch] == [(x, len(x)) for x in items]
    assert all(r[2] for batch in batches for r in batch)  # (all of it in workers)


def test_fan_out_of_few_items_stays_in_this_process(monkeypatch):
    monkeypatch.setattr(fanout, "BATCH", 4)
    batches = list(fanout.fan_out(lengths, None, (f"n{i}" for i in range(10))))
    assert [len(b) for b in batches] == [4, 4, 2] and not any(r[2] for b in batches for r in b)


@pytest.mark.parametrize("given", ["list", "generator"])
def test_when_the_workers_die_this_process_does_what_is_left(many_workers, given):
    items = [f"n{i}" for i in range(100)]
    source = items if given == "list" else (x for x in items)
    done = [r[:2] for batch in fanout.fan_out(dies_in_a_worker, None, source) for r in batch]
    assert done == [(x, len(x)) for x in items]


def test_meanwhile_is_done_once_whether_workers_run_or_not(many_workers, monkeypatch):
    calls: list[int] = []
    list(fanout.fan_out(lengths, None, [f"n{i}" for i in range(50)], meanwhile=lambda: calls.append(1)))
    monkeypatch.setattr(fanout, "PARALLEL_FROM", 1000)
    list(fanout.fan_out(lengths, None, [f"n{i}" for i in range(50)], meanwhile=lambda: calls.append(2)))
    assert calls == [1, 2]


def test_a_cold_lint_whose_workers_die_gives_what_a_serial_one_gives(tmp_path, monkeypatch):
    """Both passes fall back to this process when their workers fail: the same report."""
    files = {f"contacts/P{i}.md": contact() for i in range(30)}
    files["meetings/m.md"] = "---\ntype: meeting\ndate: 2026-11-02\nwith: ['[[Nobody]]']\n---\n"
    root = write_vault(tmp_path / "v", files)
    serial = run(Vault(root), TODAY)
    (root / ".netmd" / "index.sqlite").unlink()
    monkeypatch.setattr(fanout, "PARALLEL_FROM", 5)
    monkeypatch.setattr(fanout.os, "cpu_count", lambda: 2)

    def broken(parent: int, work: object, shared: object) -> None:
        os._exit(3)  # every worker dies as it starts

    monkeypatch.setattr(fanout, "_start", broken)
    assert run(Vault(root), TODAY) == serial and serial[1] == 31


def test_the_facade_keeps_the_api_other_modules_call():
    api = "refresh diagnostics check_notes facts facts_at method_diagnostics answer names notes each_note"
    api += " count entries exists linking_to search generation close __enter__ __exit__"
    assert all(callable(getattr(Index, name)) for name in api.split())
    with Index(Vault(SAMPLE)) as index:
        assert isinstance(index.writes, int) and index.touched == set() and index.persistent in (True, False)


CORE = ["index.py", "search.py", "heap.py", "store", "build"]


@pytest.mark.parametrize("part", CORE)
def test_no_module_of_the_core_is_over_450_lines(part):
    package = Path(__file__).resolve().parent.parent / "netmd"
    files = [package / part] if part.endswith(".py") else sorted((package / part).glob("*.py"))
    assert (
        files
        and {f.name: len(f.read_text().splitlines()) for f in files if len(f.read_text().splitlines()) > 450} == {}
    )


def test_dashboard_and_watch_render_the_week_through_one_pipeline(tmp_path, monkeypatch):
    """`netmd dashboard` and `watch`'s kept facts both go through `render_week`: the same
    week's text, byte for byte."""
    import shutil

    from click.testing import CliRunner

    from netmd import dashboard
    from netmd.cli import cli
    from netmd.watch import Live

    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    rendered: list[tuple[str, str]] = []
    real = dashboard.render_week
    monkeypatch.setattr(dashboard, "render_week", lambda *a, **k: rendered.append(real(*a, **k)) or rendered[-1])
    result = CliRunner().invoke(cli, ["--vault", str(root), "dashboard", "--stdout"])
    assert result.exit_code == 0, result.output
    with Index(Vault(root)) as index:
        path, _ = Live(index).render(TODAY, None)
    assert len(rendered) == 2 and rendered[0] == rendered[1]
    assert rendered[1][1].rstrip() in path.read_text("utf-8")


def _generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "netmd_bench_generate", Path(__file__).parent.parent / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_unique_benchmark_vault_is_the_same_each_time_and_mostly_unique_text(tmp_path):
    generate = _generator().generate
    made = []
    for name in ("a", "b", "usual"):
        root = tmp_path / name
        generate(root, 60, unique=name != "usual")
        made.append({p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.md")})
    assert made[0] == made[1] and made[0].keys() == made[2].keys()  # the same notes, other words
    words = [w for text in made[0].values() for w in text.decode().split() if w.isalpha() and w.islower()]
    assert len(set(words)) > 0.8 * len(words) > 1000
    usual = [w for text in made[2].values() for w in text.decode().split() if w.isalpha() and w.islower()]
    assert len(set(usual)) < 50
