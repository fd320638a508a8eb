"""Every command's output on generated vaults of 1,000 and 10,000 contacts, pinned by its sha256.

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

PINNED_1000: dict[str, str] = {
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


PINNED_10000: dict[str, str] = {
    "lint cold": "c7a227e3a475264be65fa0bf44c2df50393b73e73028fa8ef6cc7d5786e2d64c",
    "lint warm": "f4e71781dd05abdfc0fdaf540ffabe9be89d57b71282235534086e8dc527d77e",
    "lint github": "6665e860720cdffa83c543026fdc2908a50dc2477a4b8334462ef9c767118e5d",
    "ls contact": "3886aa03c7ecc782444dedb551b6c66fe724c37061aca1616fecfd7492e631b0",
    "ls contact csv": "409d61cd93eb6ef800cdb69914b541282e69d41de98cd405745df25f9617ef86",
    "ls meeting": "1bb8d6e678552ceb0947796fda5b2b09fc1c30760e990899f853dc6e35af87a1",
    "ls where": "a89f5873a7b8c2f2ed572782ac322e41d58b7690c479a45306cee47e6dced19f",
    "agenda": "9194710bc62643eb7ed3830bd0d7a55ffebd51e618cba50afb6896f93bb4c0af",
    "agenda text": "46321fe5e184aefcff505fdccf2567a5d940f67315714612b484e00238679771",
    "stats": "94787df03383172727ec68c46981de4ee0e37935102fa44ae9e510215aad104f",
    "dashboard": "dfa192561b8f2472ebf175c09302ad0d2bb73cde487c8d8826a4efb55f3782a7",
    "dashboard week": "791e12ec48b7b81004f47146cd7b2d9a733e103bf609003ee5461f62aa991e17",
    "search": "67e0d6c182e10a7f331f0949f7c1cb6188430278e3f7d334d58cf068d47c039f",
    "search symbols": "b565e26bc63c238280f7c33b1d209ce431721fb1e8b86e7523e28f4bc6bc4625",
    "show": "91c6d4ca82246e5b88e6b6243dd4df391be327d4b14098394de68746bb09f941",
    "path": "920c86aec12c2ffc227e976c6e41d6c949b8196094a6ea576e3c61b83b8f466f",
    "export json": "ae3987544dc8b8b562cfea398189212cb72a94c2fe11d9c981833b8cb7a34f51",
    "export vcard": "3b691c09031c6624a1977aaa6ad7c8393b2ef9547d212db7bb587f08a1a3acf7",
    "export ics": "69f02e28b9abacdd41d81d7e388838a210ba2259993424176b415ddb59d3d4c2",
    "lint after edit": "ab3c4ac93237afcf764c7a974a7d6841a1129fd56aaa559a139c9ec87af2b300",
    "lint file after edit": "1428a0a1a0905e29a6f16163ec6055beed1a1959f7482e19976bd878882c07c5",
    "agenda after edit": "2d9204ffea6a13b78b20b58c5c723d73f7ae56a694fc9235f3c474a4f041f5b2",
    "dashboard after edit": "39ad2442c7f07f204d42bc8bb7f994d6e3e2bb9d8b015610da26b379023fe6d7",
    "search after edit": "ae02d99a6aa9eb834f28c3bd82e45db4658d551963e66ad3b270c17bb901db9e",
}


PINNED = {1000: PINNED_1000, 10000: PINNED_10000}


def _generate(root: Path, contacts: int) -> None:
    spec = importlib.util.spec_from_file_location("netmd_bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, contacts)


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


@pytest.fixture(scope="module", params=sorted(PINNED))
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, dict[str, str]]]:
    root = tmp_path_factory.mktemp("pinned") / "vault"
    _generate(root, request.param)
    yield request.param, dict(outputs(root))
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("step", [name for name, args in STEPS if args])
def test_every_output_is_the_pinned_one(generated: tuple[int, dict[str, str]], step: str) -> None:
    contacts, digests = generated
    assert digests[step] == PINNED[contacts][step], (
        f"`{step}` at {contacts} contacts gives another output than the pinned one"
    )
