"""Speed and memory of netmd against baselines measured side by side in the same run.

    python benchmarks/run.py --contacts 10000 [--rounds 3]

Each figure is the best of `--rounds` runs of a fresh process; rounds interleave the
commands, so a noisy neighbour hurts all of them alike. Peak memory is the child's
maximum resident set size. Ratios, not seconds, are what to compare across machines.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

FLOOR = r"""
import os, sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if not d.startswith(".")]
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(folder, name), "rb") as f:
                text = f.read().decode("utf-8")
            if text.startswith("---\n"):
                end = text.find("\n---", 3)
                try:
                    yaml.load(text[4:end], Loader=loader)
                except Exception:
                    pass
            n += 1
print(n)
"""


def _tree_rss(pid: int) -> int:
    """Resident kB of `pid` and all its descendants now (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total = 0
    for p in rss:
        q = p
        while q and q != pid:
            q = parents.get(q, 0)
        if q == pid:
            total += rss[p]
    return total


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the process's own peak RSS in MB of one run of `cmd`, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def peak_memory(cmd: list[str]) -> float:
    """The largest sum of RSS in MB over `cmd` and its worker processes, sampled every 10 ms."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.01)
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    vault = HERE / "vaults" / f"contacts-{args.contacts}"
    if not (vault / "netmd.toml").exists():
        print(f"generating {vault} ...", file=sys.stderr)
        generate(vault, args.contacts)
    notes = sum(1 for _ in vault.rglob("*.md"))
    one = next((vault / "meetings").iterdir())
    py = sys.executable
    netmd = [py, "-m", "netmd", "--vault", str(vault)]
    commands = {
        "floor: read + yaml C loader": [py, "-c", FLOOR, str(vault)],
        "netmd lint (cold)": [*netmd, "lint", "--format", "json"],
        "netmd lint ONE_FILE": [*netmd, "lint", str(one)],
        'python -c "import click"': [py, "-c", "import click"],
        'python -c "import click, yaml"': [py, "-c", "import click, yaml"],
        "netmd --version": [py, "-m", "netmd", "--version"],
    }
    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.rounds):
        for name, cmd in commands.items():
            secs, mb = measure(cmd)
            old = best.get(name, (float("inf"), 0.0))
            best[name] = (min(old[0], secs), max(old[1], mb))
    print(f"vault: {args.contacts} contacts, {notes} notes; best of {args.rounds} rounds")
    print(f"{'command':<34} {'seconds':>8} {'peak MB':>8}")
    for name, (secs, mb) in best.items():
        print(f"{name:<34} {secs:8.3f} {mb:8.1f}")
    tree = peak_memory(commands["netmd lint (cold)"])
    print(f"{'netmd lint (cold), all processes':<34} {'':>8} {tree:8.1f}")
    floor = best["floor: read + yaml C loader"][0]
    click_only = best['python -c "import click"'][0]
    click_yaml = best['python -c "import click, yaml"'][0]
    print("ratios (target):")
    print(f"  cold lint / floor                       {best['netmd lint (cold)'][0] / floor:5.2f}  (< 2.0)")
    print(f"  netmd --version / import click          {best['netmd --version'][0] / click_only:5.2f}  (< 1.5)")
    print(
        f"  lint ONE_FILE / import click, yaml      {best['netmd lint ONE_FILE'][0] / click_yaml:5.2f}"
        "  (< 2.5 with a warm cache)"
    )
    print(f"  peak memory of cold lint, MB            {max(tree, best['netmd lint (cold)'][1]):5.0f}  (< 300)")


if __name__ == "__main__":
    main()
