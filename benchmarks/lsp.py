"""How fast `netmd lsp` answers once the vault is indexed: diagnostics of a note being typed
and `[[` completion, on a generated vault (default 10,000 contacts, about 43,000 notes).

    python benchmarks/lsp.py [--contacts 10000] [--runs 50] [--keep DIR]

Prints the median and the 95th percentile of each answer, in milliseconds, as the server
computes them (`VaultState`, what each request handler calls; the protocol adds JSON over a
pipe on top).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, person  # noqa: E402

from netmd.diagnostics import Diagnostic  # noqa: E402
from netmd.lsp.session import Session  # noqa: E402


def timed(runs: int, f: Callable[[int], object]) -> tuple[float, float]:
    took = []
    for i in range(runs):
        start = time.perf_counter()
        f(i)
        took.append((time.perf_counter() - start) * 1000)
    took.sort()
    return statistics.median(took), took[min(len(took) - 1, int(len(took) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="generate the vault here (and reuse it when it is there)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="netmd-lsp-bench-")) / "vault"
    if not (root / "netmd.toml").exists():
        print(f"generating {root}: {generate(root, args.contacts)} notes", flush=True)
    start = time.perf_counter()
    state = Session().find(str(root / "contacts" / "x.md"))
    assert state is not None
    print(f"indexed (once, when the first note is opened): {time.perf_counter() - start:.1f} s", flush=True)

    rel = next(p.relative_to(root).as_posix() for p in sorted((root / "meetings").iterdir()))
    text = (root / rel).read_text("utf-8")
    state.diagnostics(rel, text)  # (the first answer warms SQLite's page cache)

    def diagnostics(i: int) -> list[Diagnostic]:
        return state.diagnostics(rel, text + f"\nTyped {i} [[{person(i)}]] and [[Nobody {i}]].\n")

    assert any(d.code == "NM305" and "Nobody 0" in d.message for d in diagnostics(0))  # (it did check)
    med, p95 = timed(args.runs, diagnostics)
    print(f"diagnostics of a meeting being typed: median {med:.1f} ms, p95 {p95:.1f} ms")

    body = text + "\nMet [["
    state.complete(rel, body, len(body))  # (the first completion reads the name table: once a refresh)

    def complete(i: int) -> object:
        typed = body + person(i)[: 2 + i % 6]
        return state.complete(rel, typed, len(typed))

    med, p95 = timed(args.runs, complete)
    print(f"[[ completion (2-7 letters typed): median {med:.1f} ms, p95 {p95:.1f} ms")
    fm = "---\ntype: contact\nlist: \n---\n"
    med, p95 = timed(args.runs, lambda i: state.complete("contacts/x.md", fm, fm.index("list: ") + 6))
    print(f"value completion (list:): median {med:.2f} ms, p95 {p95:.2f} ms")
    link = text.index("[[") + 3
    med, p95 = timed(max(5, args.runs // 5), lambda i: state.hover(text, link))
    print(f"hover card: median {med:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
