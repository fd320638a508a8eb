"""kepano's public vault, adopted as it is (issue 16): its people marked as contacts with a netmd
type key of their own, beside the vault's `type: ["[[Authors]]"]` and `org: ["[[Obsidian]]"]`.
Read from shared/realworld and copied into tmp_path (the shared copy is never written)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import lint_vault, realworld

CONFIG = '[fields]\nkind = "type"\norg = "organization"\n'


def adopted(tmp_path: Path) -> Path:
    """A copy of the vault whose people (`categories: ["[[People]]"]`) are netmd contacts."""
    root = tmp_path / "kepano"
    shutil.copytree(realworld(), root, ignore=shutil.ignore_patterns(".git"))
    (root / "netmd.toml").write_text(CONFIG, "utf-8")
    for path in sorted(root.rglob("*.md")):
        text = path.read_text("utf-8")
        if "Templates" not in path.relative_to(root).parts and text.startswith("---\n"):
            if '"[[People]]"' in text.split("---\n")[1]:
                path.write_text("---\nkind: contact\nlist: B\n" + text[4:], "utf-8")
    return root


def test_kepanos_people_as_contacts_lint_clean(tmp_path: Path) -> None:
    root = adopted(tmp_path)
    found = lint_vault(root)
    contacts = {d.path for d in found}
    assert contacts, "the vault has people in it"
    assert [d for d in found if d.code != "NM204"] == []
    # only the vault's own keys are pointed out, never `type`, `created` or Obsidian's
    assert {d.message.split('"')[1] for d in found} <= {"categories", "twitter", "url"}
