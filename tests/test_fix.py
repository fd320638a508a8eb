"""`lint` changes no byte; `lint --fix` changes only the bytes it must (promise 2)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import in_folder, write_vault

BEFORE = (
    "---\r\n"
    "# my own comment stays\r\n"
    "type: contact\r\n"
    "list: B\r\n"
    "organization: [[Initech]]   # where she works\r\n"
    "phone: +4930123\r\n"
    "role: no\r\n"
    "tags:   [ mentor,  'x' ]\r\n"
    "---\r\n"
    "Body text with [[Initech]] and trailing spaces   \r\n"
)
AFTER = (
    "---\r\n"
    "# my own comment stays\r\n"
    "type: contact\r\n"
    "list: B\r\n"
    'organization: "[[Initech]]"   # where she works\r\n'
    'phone: "+4930123"\r\n'
    'role: "no"\r\n'
    "tags:   [ mentor,  'x' ]\r\n"
    "---\r\n"
    "Body text with [[Initech]] and trailing spaces   \r\n"
)
ORG = "---\ntype: organization\n---\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".netmd" not in p.parts
    }


def lint(root: Path, *args: str):
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
        return CliRunner().invoke(cli, ["--vault", str(root), "lint", *args])


def test_lint_without_fix_changes_nothing(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/A.md": BEFORE, "organizations/Initech.md": ORG})
    before = snapshot(root)
    assert lint(root).exit_code == 0
    assert snapshot(root) == before


def test_fix_quotes_the_traps_and_keeps_every_other_byte(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/A.md": BEFORE.encode(), "organizations/Initech.md": ORG})
    result = lint(root, "--fix")
    assert (root / "contacts" / "A.md").read_bytes() == AFTER.encode()
    assert (root / "organizations" / "Initech.md").read_bytes() == ORG.encode()
    assert result.exit_code == 0 and result.stdout == ""


def test_fix_keeps_a_bom_and_reports_what_is_left(tmp_path):
    text = "---\ntype: meeting\ndate: 2026-12-01\ntime: 14:00\nwith: [[Nobody]]\n---\n"
    root = write_vault(tmp_path / "v", {"meetings/m.md": b"\xef\xbb\xbf" + text.encode()})
    result = lint(root, "--fix")
    fixed = (root / "meetings" / "m.md").read_bytes()
    assert fixed == b"\xef\xbb\xbf" + text.replace("14:00", '"14:00"').replace("[[Nobody]]", '"[[Nobody]]"').encode()
    assert result.stdout == 'meetings/m.md:5:8: error NM301 broken-link: no note "Nobody"\n'


def test_fix_is_idempotent(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/A.md": BEFORE, "organizations/Initech.md": ORG})
    lint(root, "--fix")
    once = snapshot(root)
    lint(root, "--fix")
    assert snapshot(root) == once


def test_fix_only_touches_the_given_files(tmp_path):
    root = write_vault(
        tmp_path / "v", {"contacts/A.md": BEFORE, "contacts/B.md": BEFORE, "organizations/Initech.md": ORG}
    )
    lint(root, "--fix", str(root / "contacts" / "A.md"))
    assert (root / "contacts" / "A.md").read_bytes() == AFTER.encode()
    assert (root / "contacts" / "B.md").read_bytes() == BEFORE.encode()
