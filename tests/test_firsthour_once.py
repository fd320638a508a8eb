"""Each fact said once: no "follow_up: 2026-11-20 was due 2026-11-20", no "List B; List B
contact" (issue 18, "Output people like to read")."""

from __future__ import annotations

from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import write_vault

ACME = "---\ntype: organization\ntarget: true\n---\n"
ADA = '---\ntype: contact\nlist: B\norganization: "[[Acme]]"\nfollow_up: 2026-11-20\nrole: Engineer\n---\n'


def run(*args: str) -> str:
    return CliRunner().invoke(cli, ["--today", "2026-11-25", *args]).output


def test_an_overdue_follow_up_field_says_its_date_once(tmp_path, monkeypatch):
    monkeypatch.chdir(write_vault(tmp_path / "v", {"organizations/Acme.md": ACME, "contacts/Ada.md": ADA}))
    assert run("lint").splitlines()[0] == (
        "contacts/Ada.md:5:12: warning NM405 follow-up-overdue: follow_up was due 2026-11-20 (5 days ago)"
    )


def test_the_list_is_said_once_in_show_and_path(tmp_path, monkeypatch):
    monkeypatch.chdir(write_vault(tmp_path / "v", {"organizations/Acme.md": ACME, "contacts/Ada.md": ADA}))
    for out in (run("show", "Ada"), run("path", "Acme"), run("dashboard", "--stdout")):
        assert out.count("List B") <= 1, out
        assert "List B;" not in out
