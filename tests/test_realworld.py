"""A vault from the wild lints without false errors (shared/realworld: read, never copied)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import REALWORLD, realworld


@pytest.fixture(autouse=True)
def _realworld() -> None:
    realworld()  # skips, saying why, in a checkout without shared/


def test_kepano_vault_has_no_diagnostics():
    result = CliRunner().invoke(cli, ["--vault", str(REALWORLD), "--today", "2026-11-25", "lint", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("0 errors, 0 warnings, 0 info in ")


def test_its_templates_folder_is_not_linted():
    from netmd.vault import Vault

    vault = Vault(REALWORLD)
    assert vault.templates_folder == "Templates"
    assert not any(p.startswith("Templates/") for p in vault.paths())
    assert any(p.startswith("References/") for p in vault.paths())


def test_foreign_keys_can_be_mapped_without_rewriting_notes(tmp_path, monkeypatch):
    """`[fields] org = "organization"` reads the vault's own `org:` key as netmd's field."""
    import shutil

    vault = tmp_path / "v"
    shutil.copytree(REALWORLD, vault)
    monkeypatch.chdir(vault)  # paths print from the current folder: here, as inside the vault
    (vault / "contacts").mkdir()
    (vault / "contacts" / "Steph.md").write_text('---\ntype: contact\nlist: B\norg: "[[Obsidian]]"\n---\n')
    before = {p: p.read_bytes() for p in vault.rglob("*.md")}
    unmapped = CliRunner().invoke(cli, ["--vault", str(vault), "lint"])
    assert 'NM204 unknown-field: "org" is not a contact field' in unmapped.stdout
    (vault / "netmd.toml").write_text('[fields]\norg = "organization"\n')
    mapped = CliRunner().invoke(cli, ["--vault", str(vault), "lint", "--strict"])
    assert (mapped.exit_code, mapped.stdout) == (0, "")
    (vault / "contacts" / "Steph.md").write_text('---\ntype: contact\nlist: B\norg: "[[Obsidain]]"\n---\n')
    broken = CliRunner().invoke(cli, ["--vault", str(vault), "lint"])
    assert (
        broken.stdout
        == 'contacts/Steph.md:4:7: error NM301 broken-link: no note "Obsidain" (did you mean "Obsidian"?)\n'
    )
    before[vault / "contacts" / "Steph.md"] = (vault / "contacts" / "Steph.md").read_bytes()
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == before
