"""`netmd log` in a vault that names netmd's fields its own way (`[fields]`) writes the
vault's keys, as `new` and `import` do, and the note it writes reads back as logged."""

from __future__ import annotations

import json

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault


def run(root, *args: str):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args])


def test_log_writes_the_vaults_own_keys(tmp_path):
    config = '[fields]\nCategory = "type"\npeople = "with"\n'
    raj = contact(list="C").replace("type: contact", "Category: contact")  # (the vault's key for the type)
    root = write_vault(tmp_path / "v", {"contacts/Raj Patel.md": raj}, config)
    result = run(root, "log", "Raj Patel", "--kind", "call")
    assert result.exit_code == 0, result.output
    text = (root / "meetings/2026-11-25 call Raj Patel.md").read_text("utf-8")
    assert text.startswith('---\nCategory: meeting\ndate: 2026-11-25\npeople:\n  - "[[Raj Patel]]"\n'), text
    assert "\ntype:" not in text and "\nwith:" not in text
    assert run(root, "lint").exit_code == 0
    stale = json.loads(run(root, "agenda", "--format", "json").output)["stale"]
    assert "Raj Patel" not in [s["name"] for s in stale]  # the call counts as an interaction
