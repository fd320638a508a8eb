"""A name typed without its accents, as in a terminal (`zoe` for Zoë, `Markovic` for
Marković), finds the one note it can mean; a name typed with them still prefers those."""

from __future__ import annotations

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault


def show(root, name: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "show", name])
    return result.exit_code, result.output


def test_a_name_typed_without_its_accents(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {"contacts/Zoë Laurent.md": contact("Zoë Laurent"), "contacts/Elena Marković.md": contact("Elena Marković")},
    )
    assert show(root, "zoe")[1].startswith("Zoë Laurent")
    assert show(root, "Elena Markovic")[1].startswith("Elena Marković")
    code, said = show(root, "zz")
    assert code == 1 and 'no contact or organization "zz"' in said


def test_accents_typed_are_kept_and_ties_are_said(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {"contacts/Zoë Laurent.md": contact("Zoë Laurent"), "contacts/Zoe Smith.md": contact("Zoe Smith")},
    )
    assert show(root, "Zoë")[1].startswith("Zoë Laurent")  # as typed: one
    assert show(root, "Zoe")[1].startswith("Zoe Smith")  # as typed: one (Zoë is not Zoe then)
    code, said = show(root, "Zo")
    assert code == 1 and "could be 2 contacts" in said
