"""Every command's output on a generated 1,000-contact vault, pinned by its sha256.

A change to the core (store, build, index) must not change a byte of any answer: cold and
warm, after an edit, for the whole vault and for one file. When an issue asks for an output
to change, update its digest in the same commit and say which and why."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"

# (name, arguments): run in this order on one vault; a step named "edit" changes one meeting.
STEPS: list[tuple[str, list[str]]] = [
    ("lint cold", ["lint", "--format", "json"]),
    ("lint warm", ["lint"]),
    ("lint github", ["lint", "--format", "github"]),
    ("ls contact", ["ls", "contact", "--format", "json"]),
    ("ls contact csv", ["ls", "contact", "--format", "csv"]),
    ("ls meeting", ["ls", "meeting", "--sort", "date"]),
    ("ls where", ["ls", "contact", "--where", "list=A"]),
    ("agenda", ["agenda", "--format", "json"]),
    ("agenda text", ["agenda"]),
    ("stats", ["stats", "--format", "json"]),
    ("dashboard", ["dashboard", "--stdout"]),
    ("dashboard week", ["dashboard", "--stdout", "--week", "2025-W10"]),
    ("search", ["search", "grid", "energy"]),
    ("search symbols", ["search", "Ada", "--limit", "50"]),
    ("show", ["show", "Ada", "Lovelace", "0"]),
    ("path", ["path", "Ada", "Lovelace", "0", "--format", "json"]),
    ("export json", ["export", "json"]),
    ("export vcard", ["export", "vcard"]),
    ("export ics", ["export", "ics"]),
    ("edit", []),
    ("lint after edit", ["lint", "--format", "json"]),
    ("lint file after edit", ["lint", "FILE"]),
    ("agenda after edit", ["agenda", "--format", "json"]),
    ("dashboard after edit", ["dashboard", "--stdout"]),
    ("search after edit", ["search", "pinned"]),
]

PINNED: dict[str, str] = {
    "lint cold": "e709d14b0ddce0ac8b1713d9af550bc7bc801c942c945c938f5d71f7028fd764",
    "lint warm": "853e32f1763b52e86277aa008d2ab530749a8ec3bb70a5309af550ecc152df42",
    "lint github": "cef90116db74e4db37b589903a7e531c1fb2dfa705cf4f3576db2ed06f58411d",
    "ls contact": "faa460edac1ed9dbfcc104de487cd048f9ce8ec971e0b9b13254363f34bd9eb7",
    "ls contact csv": "39ee140f9238c3cdf71130bc777f248d31d5539c826930ae1fc3ab97afaa9423",
    "ls meeting": "95d096582d21da228728884c6f4d122934d07a6ef562aeaf06694662e44ae147",
    "ls where": "4d01341994ff4ebfc46665f3b608b9dd5ea187228bbc3ccb12beca9e8f97788b",
    "agenda": "711b754fa8a668fac2032842c84bd4d0f069c4b181007faa7c630ec091f56a8f",
    "agenda text": "dc679249a3aab9ec390083328ecab8aaeb3abf54f6321492721c2c79851f0586",
    "stats": "ce1f0a4e32f8b1a6d8e673cab60b873c96207dc299dc3688e5406cfdfbcc52f8",
    "dashboard": "dcd3eda7334c562ecc088d0cdaa17c37ca1f17647c41d469de897fdf64b02d1e",
    "dashboard week": "6e452a9a624a2ae4576324c4623bec28a952ebf45dda383c5c63899cbf73520e",
    "search": "58e1f630b8f30ada28c8f28486aeebdae9a2087554106ff024974ec4e412e3aa",
    "search symbols": "a6588907c91ec23fc5c451470c5e5ec210cdd3f6fa1eb330416b426c1b568af7",
    "show": "6241f11df98c7d288c19adefee0a0edb50910d4b7feda0964ebf79362b771b34",
    "path": "17c1c9e7596e770ac186edfe9207c5f567d2d3cdd07f80a66e5e3853d2771323",
    "export json": "da009012d2d274d8a4a5b880ee3596b7ff2f24f5007a3a3030f24487405b7333",
    "export vcard": "1a08c6e55a84bfec33f58275ddaa430ac00bfa9410b481927ddcfb08c950bc26",
    "export ics": "26dd8e6744cae43d55425af23623574e70027b9fc9b65a51c9742d21a9874f0a",
    "lint after edit": "ef269aeaf4ccad0caefe2e8d53b2677d3a9e46b3e0bbdcd69315216affde100b",
    "lint file after edit": "f8d37dca3b1a7c0abaab31b43af51a399aaa8c650a9a6ba3f868fb8008ff7480",
    "agenda after edit": "266fef4b2889856991714a7419d01ff832e90bebc6483b70ace80d1a6bf71ff4",
    "dashboard after edit": "5f0bb397d12c44a243b331634c91aac3df80d3b147065c1be056444c8a481a7a",
    "search after edit": "9e4f0ecb9da175c80a667ec21aa66262f2915e5bf199a6d175eb4c939aa84af4",
}


def _generate(root: Path) -> None:
    spec = importlib.util.spec_from_file_location("netmd_bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, 1000)


def outputs(root: Path) -> Iterator[tuple[str, str]]:
    """(step, sha256 of exit code, stdout and stderr) for every step, in order."""
    runner = CliRunner()
    meeting = sorted(p.relative_to(root).as_posix() for p in (root / "meetings").iterdir())[7]
    for name, args in STEPS:
        if name == "edit":
            path = root / meeting
            text = re.sub(r"(?m)^date: .*$", "date: 2025-03-13", path.read_text("utf-8"), count=1)
            path.write_text(text.replace("kind: information", "kind: pinned") + "\npinned [[Nobody pinned]]\n", "utf-8")
            continue
        args = [str(root / meeting) if a == "FILE" else a for a in args]
        result = runner.invoke(cli, ["--vault", str(root), "--today", "2025-03-12", *args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        text = f"{result.exit_code}\n{result.stdout}\n{result.stderr}".replace(str(root), "<vault>")
        yield name, hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = tmp_path_factory.mktemp("pinned") / "vault"
    _generate(root)
    yield dict(outputs(root))
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("step", [name for name, args in STEPS if args])
def test_every_output_is_the_pinned_one(generated: dict[str, str], step: str) -> None:
    assert generated[step] == PINNED[step], f"`{step}` gives another output than the pinned one"
