"""Files, links and templates from a vault nobody checked (issue 13): nothing read or written
outside the vault, no hang, no traceback, no byte lost, and every other file still checked."""

from __future__ import annotations

import json
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from netmd.cli import cli
from tests.conftest import contact, write_vault

MEETING = '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Grace]]"]\nduration: 30\n---\n'
GOOD = {"contacts/Grace.md": contact("Grace", organization='"[[Nowhere]]"'), "meetings/2026-11-20 Grace.md": MEETING}


class Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A command that waits on a FIFO fails the test instead of stopping the suite."""

    def hung(signum: int, frame: object) -> None:
        raise Hung("the command hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--vault", str(root), *args])
    assert not isinstance(result.exception, Hung), f"netmd {' '.join(args)} hung"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def lint_json(root: Path, *paths: str) -> dict[str, list[tuple[str, str]]]:
    result = run(root, "lint", "--format", "json", *paths)
    found: dict[str, list[tuple[str, str]]] = {}
    for d in json.loads(result.stdout):
        found.setdefault(d["path"], []).append((d["code"], d["message"]))
    return found


def bad_name(folder: Path, raw: bytes, data: bytes = b"---\ntype: contact\nlist: B\n---\n") -> None:
    """A file whose name is not UTF-8 (as a Latin-1 system or a tar archive leaves one)."""
    fd = os.open(os.fsencode(folder) + b"/" + raw, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, data)
    os.close(fd)


# What every command must survive, beside the good notes: (name, how to make it in the vault).
def _fifo(root: Path) -> None:
    os.mkfifo(root / "contacts" / "Pipe.md")


def _link_to_fifo(root: Path) -> None:
    os.mkfifo(root / "pipe")
    os.symlink("../pipe", root / "contacts" / "Pipe.md")


def _link_to_zero(root: Path) -> None:
    os.symlink("/dev/zero", root / "contacts" / "Zero.md")


def _link_to_link_to_zero(root: Path) -> None:
    os.symlink("/dev/zero", root / "zero")
    os.symlink("../zero", root / "contacts" / "Zero.md")


def _device(root: Path) -> None:
    os.mknod(root / "contacts" / "Zero.md", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero's numbers


def _loop(root: Path) -> None:
    os.symlink("B.md", root / "contacts" / "A.md")
    os.symlink("A.md", root / "contacts" / "B.md")


def _self_loop(root: Path) -> None:
    os.symlink("Self.md", root / "contacts" / "Self.md")


def _folder_loop(root: Path) -> None:
    (root / "contacts" / "sub").mkdir()
    os.symlink("..", root / "contacts" / "sub" / "loop")
    os.symlink("loop", root / "contacts" / "sub" / "loop2.md")


def _latin1_name(root: Path) -> None:
    bad_name(root / "contacts", b"Caf\xe9.md")


def _latin1_folder(root: Path) -> None:
    os.mkdir(os.fsencode(root / "contacts") + b"/Caf\xe9")
    bad_name(root / "contacts", b"Caf\xe9/Inside.md")


HOSTILE = {
    "fifo": (_fifo, {"contacts/Pipe.md": "NM105"}),
    "link to a fifo": (_link_to_fifo, {"contacts/Pipe.md": "NM105"}),
    "link to /dev/zero": (_link_to_zero, {"contacts/Zero.md": "NM105"}),
    "link to a link to /dev/zero": (_link_to_link_to_zero, {"contacts/Zero.md": "NM105"}),
    "device node": (_device, {"contacts/Zero.md": "NM105"}),
    "link loop": (_loop, {"contacts/A.md": "NM105", "contacts/B.md": "NM105"}),
    "link to itself": (_self_loop, {"contacts/Self.md": "NM105"}),
    "folder loop": (_folder_loop, {"contacts/sub/loop2.md": "NM105"}),
    "name not utf-8": (_latin1_name, {"contacts/Caf\\xe9.md": "NM104"}),
    "folder name not utf-8": (_latin1_folder, {"contacts/Caf\\xe9/Inside.md": "NM104"}),
}


@pytest.fixture(params=list(HOSTILE))
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    make, expected = HOSTILE[request.param]
    root = write_vault(tmp_path / "v", GOOD)
    make(root)
    return root, expected


def test_lint_reports_the_hostile_file_and_checks_every_other(hostile):
    root, expected = hostile
    found = lint_json(root)
    for path, code in expected.items():
        assert [c for c, _ in found[path]] == [code], found[path]
    assert "NM301" in {c for c, _ in found["contacts/Grace.md"]}  # the good notes are still checked
    assert "meetings/2026-11-20 Grace.md" in found
    assert lint_json(root) == found  # and so is a second, warm run


def test_lint_of_the_hostile_file_alone(hostile):
    root, expected = hostile
    for path in expected:
        on_disk = os.path.join(root, path.replace("Caf\\xe9", os.fsdecode(b"Caf\xe9")))
        assert [c for c, _ in lint_json(root, on_disk)[path]] == [expected[path]]


@pytest.mark.parametrize(
    "args",
    [["ls", "contact"], ["search", "Grace"], ["dashboard"], ["agenda"], ["export", "json"], ["show", "Grace"]],
)
def test_every_command_goes_on_past_the_hostile_file(hostile, args):
    root, expected = hostile
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    if args[0] == "export":
        assert {"contacts/Grace.md", *expected} <= {n["path"] for n in json.loads(result.stdout)}
    elif args[0] in ("ls", "search", "show"):
        assert "Grace" in result.stdout


def test_messages_say_what_the_file_is(tmp_path):
    root = write_vault(tmp_path / "v", GOOD)
    _fifo(root)
    _loop(root)
    _latin1_name(root)
    found = lint_json(root)
    assert found["contacts/Pipe.md"] == [("NM105", "a named pipe (FIFO), not a file; not read")]
    assert found["contacts/A.md"] == [("NM105", "a link that leads back to itself (a loop); not followed")]
    assert found["contacts/Caf\\xe9.md"] == [
        ("NM104", "the file name is not UTF-8, so netmd cannot name it; rename it")
    ]


def test_a_name_that_is_not_utf8_is_shown_so_it_reads_back_one_way(tmp_path):
    """A backslash in such a name is doubled: `A\\xe9` (valid) and `A<0xe9>` never look alike."""
    from netmd.vault import raw_name, shown_name

    for raw in [b"Caf\xe9.md", b"a\\xe9\xff.md", b"\\\\\x80", b"\xc3\xa9\xe9"]:
        name = os.fsdecode(raw)
        assert os.fsencode(raw_name(shown_name(name))) == raw
    assert shown_name(os.fsdecode(b"a\\b\xe9")) == "a\\\\b\\xe9"
