"""Lists are written as block lists, as Obsidian's Properties write them (issue 16): the sample
vault, and every note `netmd new` writes from the shipped templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from netmd.parse import parse_text
from tests.conftest import COMMITTED_SAMPLE, in_folder, write_vault


def flow_lists(path: Path, text: str) -> list[str]:
    """The keys of `text` whose value is a flow list with items (`tags: [a, b]`)."""
    note = parse_text(path.name, text, {})
    return [
        f"{path.name}: {key}"
        for key, f in note.fields.items()
        if f.value.tag == "seq" and f.value.flow and f.value.items
    ]


def test_the_sample_vault_has_no_flow_lists() -> None:
    found = [x for p in sorted(COMMITTED_SAMPLE.rglob("*.md")) for x in flow_lists(p, p.read_text("utf-8"))]
    assert found == []


@pytest.mark.parametrize(
    "args",
    [
        ("new", "contact", "Ada Lovelace", "--org", "Acme", "--referred-by", "Bob", "--email", "a@example.com"),
        ("new", "organization", "Initech"),
        ("new", "meeting", "Bob", "--date", "2026-11-26"),
    ],
)
def test_new_notes_have_no_flow_lists(tmp_path: Path, args: tuple[str, ...]) -> None:
    given = {
        "contacts/Bob.md": "---\ntype: contact\nlist: B\n---\n",
        "organizations/Acme.md": "---\ntype: organization\n---\n",
    }
    root = write_vault(tmp_path / "v", given)
    with in_folder(root):
        result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args], prog_name="netmd")
    assert result.exit_code == 0, result.output
    (written,) = [p for p in root.rglob("*.md") if p.relative_to(root).as_posix() not in given]
    assert flow_lists(written, written.read_text("utf-8")) == []
