"""Instructions, not seconds: netmd's commands against a baseline, counted by valgrind.

    python benchmarks/instructions.py --baseline PYTHON [--contacts 2000] [--unique] [--only WORDS]

Wall time on a shared machine swings by half from one minute to the next; the number of
instructions a command runs does not. Every process counts: this one and the workers it
forks, each from its fork on (callgrind zeroes a child's counts when it starts, so what it
inherited is not counted twice). The commands, and what is done before each, are those of
`run.py`; the two netmds run side by side, each on its own copy of the vault. Needs
valgrind; a cold lint of 2,000 contacts takes minutes under it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, linkedin_export  # noqa: E402
from run import first_meeting, run_from, suite  # noqa: E402

ROWS = [
    "netmd lint, cold (no cache)",
    "netmd lint, one meeting's text edited",
    "netmd lint ONE_FILE, just edited",
    "netmd agenda, first after a change",
    "netmd dashboard, a to-do added to a meeting",
]


def start(cmd: list[str], into: Path) -> subprocess.Popen[bytes]:
    """`cmd` under callgrind, one file of counts a process in `into`."""
    return subprocess.Popen(
        [
            "valgrind",
            "--tool=callgrind",
            "--zero-before=PyOS_AfterFork_Child",  # a forked worker counts from its fork on
            f"--callgrind-out-file={into}/cg.%p",
            *cmd,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def counted(into: Path) -> tuple[int, int]:
    """The instructions of every process whose counts are in `into`, and how many processes."""
    total = processes = 0
    for out in into.glob("cg.*"):
        lines = out.read_text(errors="replace").splitlines()
        found = [line for line in lines if line.startswith(("totals:", "summary:"))]
        total += int(found[0].split()[1])
        processes += 1
    return total, processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="PYTHON", required=True, help="the Python of the netmd to compare with")
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--unique", action="store_true", help="a vault of mostly unique text (generate.py --unique)")
    parser.add_argument("--only", metavar="WORDS", help="count only the commands whose name contains WORDS")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py needs valgrind (its callgrind tool)")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # (as `run.py`: compiled modules, as users have them)
    vault = HERE / "vaults" / (f"contacts-{args.contacts}" + ("-unique" if args.unique else ""))
    if not (vault / "netmd.toml").exists():
        print(f"generating {vault} ...", file=sys.stderr)
        generate(vault, args.contacts, unique=args.unique)
    args.baseline = run_from(vault, args.baseline)
    other = vault.with_name(vault.name + "-baseline")
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(vault, other, ignore=shutil.ignore_patterns(".netmd"))
    connections = HERE / "vaults" / f"Connections-{args.contacts}.csv"
    linkedin_export(connections, args.contacts)
    ours = suite(sys.executable, vault, HERE / "vaults" / "import-target", connections)
    theirs = suite(args.baseline, other, HERE / "vaults" / "import-target-baseline", connections)
    originals = {v: first_meeting(v).read_bytes() for v in (vault, other)}
    rows = [r for r in ROWS if args.only is None or args.only in r]
    print(f"vault: {args.contacts} contacts; millions of instructions, all processes")
    print(f"{'command':<46} {'this':>8} {'baseline':>9} {'ratio':>6}")
    try:
        for name in rows:
            counts = []
            with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
                runs = []
                for (cmd, before), into in ((ours[name], Path(a)), (theirs[name], Path(b))):
                    if before:
                        before()
                    runs.append((start(cmd, into), into))
                for proc, into in runs:
                    proc.wait()
                    counts.append(counted(into))
            (mine, n), (base, m) = counts
            print(f"{name:<46} {mine / 1e6:8.0f} {base / 1e6:9.0f} {mine / base:6.2f}  ({n} and {m} processes)")
    finally:
        for folder, text in originals.items():  # leave the vaults as generated
            first_meeting(folder).write_bytes(text)


if __name__ == "__main__":
    main()
