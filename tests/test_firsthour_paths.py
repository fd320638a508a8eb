"""Paths in every output as other linters print them: from the current folder; GitHub
annotations from the repository root (issue 18, "One CLI")."""

from __future__ import annotations

import json
import os
import subprocess

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import contact, write_vault

BROKEN = {"contacts/A.md": contact(organization='"[[Nowhere]]"')}
LINE = 'A.md:4:16: error NM301 broken-link: no note "Nowhere"\n'


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_lint_from_a_subfolder_of_the_vault_prints_paths_from_there(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {**BROKEN, "meetings/.keep": ""})
    monkeypatch.chdir(root / "contacts")
    assert run("lint").stdout == LINE
    monkeypatch.chdir(root / "meetings")
    assert run("lint").stdout == "../contacts/" + LINE


def test_lint_from_outside_the_vault_prints_paths_that_open_from_here(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "work" / "network", BROKEN)
    monkeypatch.chdir(tmp_path / "work")
    assert run("--vault", "network", "lint").stdout == "network/contacts/" + LINE
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    out = run("--vault", str(root), "lint").stdout
    assert out == "../work/network/contacts/" + LINE
    assert os.path.isfile(out.split(":")[0])


def test_json_keeps_the_vault_path_and_adds_the_file_as_printed(tmp_path, monkeypatch):
    write_vault(tmp_path / "v", BROKEN)
    monkeypatch.chdir(tmp_path)
    [d] = json.loads(run("--vault", "v", "lint", "--format", "json").stdout)
    assert (d["path"], d["file"]) == ("contacts/A.md", "v/contacts/A.md")


def test_github_annotations_name_the_file_from_the_repository_root(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "repo" / "notes" / "network", BROKEN)
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    for here in (tmp_path / "repo", root, root / "contacts"):
        monkeypatch.chdir(here)
        out = run("--vault", str(root), "lint", "--format", "github").stdout
        assert out.startswith("::error file=notes/network/contacts/A.md,line=4,col=16,"), (here, out)


def test_github_without_a_repository_prints_paths_from_here(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", BROKEN)
    monkeypatch.chdir(root)
    assert run("lint", "--format", "github").stdout.startswith("::error file=contacts/A.md,")


def test_search_agenda_new_and_dashboard_print_paths_from_here(tmp_path, monkeypatch):
    root = write_vault(
        tmp_path / "v",
        {"contacts/A.md": contact() + "Loves quokkas.\n- [ ] call A 📅 2026-11-20\n"},
    )
    monkeypatch.chdir(tmp_path)
    assert run("--vault", "v", "search", "quokkas").stdout.startswith("v/contacts/A.md:")
    assert "v/contacts/A.md:" in run("--vault", "v", "agenda").stdout
    assert run("--vault", "v", "new", "contact", "Bo").stdout == "v/contacts/Bo.md\n"
    assert run("--vault", "v", "dashboard").stdout.startswith("wrote v/dashboards/")
    assert "(v/contacts/A.md:6)" in run("--vault", "v", "show", "A").stdout
    monkeypatch.chdir(root / "contacts")
    assert run("search", "quokkas").stdout.startswith("A.md:")


def test_paths_from_here_are_the_paths_relpath_gives_wherever_here_is():
    """One prefix serves every path unless `here` is inside the vault; whichever way a
    path is made, it is the one `os.path.relpath` gives (absolute when only `/` is shared)."""
    from netmd.shown import from_here

    top = "/srv/work/network"
    for here in (
        "/srv/work/network",
        "/srv/work",
        "/srv",
        "/srv/other/place",
        "/srv/work/network/contacts",
        "/srv/work/network/contacts/deep",
        "/home/someone",
        "/",
    ):
        shown = from_here(top, here)
        for rel in ("contacts/Ada Lovelace.md", "meetings/2026-11-02 Ada.md", "Home.md"):
            full = os.path.join(top, rel)
            want = full if os.path.commonpath([here, top]) == "/" else os.path.relpath(full, here)
            assert shown(rel) == want, (here, rel)
        assert shown("") == (top if os.path.commonpath([here, top]) == "/" else os.path.relpath(top, here))
