"""Every command's output on a generated 1,000-contact vault, pinned by its sha256.

A change to the core (store, build, index) must not change a byte of any answer: cold and
warm, after an edit, for the whole vault and for one file. When an issue asks for an output
to change, update its digest in the same commit and say which and why."""

from __future__ import annotations

import hashlib
import importlib.util
import os
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
    "lint cold": "17bb2a9099b72b07839cb83e2c2621b7bac83839ee3e5a82a2b3ae3b5e60995f",
    "lint warm": "c9ff0f95d88ed70289c13c243bfaa1b8095eae2fae63d9c1811595c8ce90d834",
    "lint github": "2bad0f7834c968a50f640a0f23eb89d79ef953aa2df0e067327b30711731d5a1",
    "ls contact": "faa460edac1ed9dbfcc104de487cd048f9ce8ec971e0b9b13254363f34bd9eb7",
    "ls contact csv": "39ee140f9238c3cdf71130bc777f248d31d5539c826930ae1fc3ab97afaa9423",
    "ls meeting": "95d096582d21da228728884c6f4d122934d07a6ef562aeaf06694662e44ae147",
    "ls where": "4d01341994ff4ebfc46665f3b608b9dd5ea187228bbc3ccb12beca9e8f97788b",
    "agenda": "d15109eccd61e7ec16fb02dd2f5557dc64f9bea8fa7002357f1e54fa2f268f0d",
    "agenda text": "406700b4ebe2683b4ad301c733eec3b21fde4e5aa9c020a856e4d34a7d4b802f",
    "stats": "ba9160cb58fe62ffb2b2f6b99e1c2fe2b4627b6dd88fbe333696538cb61d0abe",
    "dashboard": "8ed0154447a8f132014f956d63616eb592b9d18b9f08c503c1a63d61681ac10d",
    "dashboard week": "cc9334cfb4fbba9c1ccfb8a90a84357e0216ef2ae58cfc6d93ad28d9160e47bb",
    "search": "e1de9e721089d9e1991e487ba9ca959ff4facfae0ac064c9a202ea188757da8f",
    "search symbols": "ea5820164f7aad496f20923ad7929165067df24e164af9472b4dcbe42c00b76e",
    "show": "411d667d12ed004237662ef5870bec824358e55b55c0f7c35b09a7e379880be1",
    "path": "17c1c9e7596e770ac186edfe9207c5f567d2d3cdd07f80a66e5e3853d2771323",
    "export json": "da009012d2d274d8a4a5b880ee3596b7ff2f24f5007a3a3030f24487405b7333",
    "export vcard": "1a08c6e55a84bfec33f58275ddaa430ac00bfa9410b481927ddcfb08c950bc26",
    "export ics": "26dd8e6744cae43d55425af23623574e70027b9fc9b65a51c9742d21a9874f0a",
    "lint after edit": "699054a63584c064f4cdbc46ea46e584c2d2b0e1cbed47274a79355d688299d5",
    "lint file after edit": "2318febce3e50ce8be111927247043280d7651df56631f14db86de4f7fcdd862",
    "agenda after edit": "b8c8865d3e3cd4fddfef7cffbd806ad12c7769cd9147a96687f02387f1bef4ff",
    "dashboard after edit": "27cb4ba77e9f942894985571aaf99ed19493cfc31b0ec5b9272264059b908d47",
    "search after edit": "6a887acca1d4193890518b0e62015c376f74e45657e19bf126f9732511b9bb9d",
}


def _generate(root: Path) -> None:
    spec = importlib.util.spec_from_file_location("netmd_bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, 1000)


def outputs(root: Path) -> Iterator[tuple[str, str]]:
    """(step, sha256 of exit code, stdout and stderr) for every step, in order, run from the
    vault's root: paths are printed from the current folder, which must not be pytest's."""
    here = os.getcwd()
    os.chdir(root)
    try:
        yield from _outputs(root)
    finally:
        os.chdir(here)


def _outputs(root: Path) -> Iterator[tuple[str, str]]:
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
