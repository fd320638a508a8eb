"""The first hour with the CLI: the same options everywhere, honest messages, steady exit codes and types."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from netmd.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="netmd")


def test_init_updates_a_gitignore_that_is_there(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\n", "utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"updated {tmp_path}/.gitignore" in result.output.splitlines()
    assert f"created {tmp_path}/netmd.toml" in result.output.splitlines()
    assert (tmp_path / ".gitignore").read_text("utf-8") == "*.pyc\n.netmd/\n"


def test_init_creates_a_gitignore_that_is_not_there(tmp_path: Path) -> None:
    result = run("init", str(tmp_path))
    assert f"created {tmp_path}/.gitignore" in result.output.splitlines()


def test_the_config_header_points_at_documentation_of_the_settings(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    header = (tmp_path / "netmd.toml").read_text("utf-8").splitlines()[:2]
    assert "--help" not in " ".join(header) and "Configuration" in " ".join(header)


# -- global options after any command and subcommand ----------------------------------------


def vault(tmp_path: Path) -> Path:
    root = tmp_path / "v"
    assert run("init", str(root)).exit_code == 0
    return root


def test_vault_option_after_a_group_and_after_its_subcommand(tmp_path: Path, monkeypatch) -> None:
    root = vault(tmp_path)
    monkeypatch.chdir(tmp_path)  # not inside the vault: only --vault finds it
    assert run("new", "--vault", str(root), "contact", "Ada One").exit_code == 0
    assert run("new", "contact", "--vault", str(root), "Ada Two").exit_code == 0
    assert (root / "contacts" / "Ada One.md").is_file() and (root / "contacts" / "Ada Two.md").is_file()
    exported = run("export", "--vault", str(root), "vcard")
    assert exported.exit_code == 0 and "FN:Ada One" in exported.output
    copied = run("templates", "--vault", str(root), "copy", "contact")
    assert copied.exit_code == 0 and (root / "templates" / "contact.md.j2").is_file()


def test_today_option_after_a_group(tmp_path: Path, monkeypatch) -> None:
    root = vault(tmp_path)
    run("new", "contact", "--vault", str(root), "Ada")
    result = run("new", "--today", "2026-01-05", "--vault", str(root), "meeting", "Ada")
    assert result.exit_code == 0, result.output
    assert (root / "meetings" / "2026-01-05 Ada.md").is_file()


def test_import_with_vault_after_the_group(tmp_path: Path, monkeypatch) -> None:
    root = vault(tmp_path)
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,,,,,\n")
    monkeypatch.chdir(tmp_path)
    result = run("import", "--vault", str(root), "linkedin", str(csv))
    assert result.exit_code == 0, result.output
    assert (root / "contacts" / "Ada Lovelace.md").is_file()


def test_hook_install_with_vault_after_the_group(tmp_path: Path, monkeypatch) -> None:
    import subprocess

    root = vault(tmp_path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    monkeypatch.chdir(tmp_path)
    result = run("hook", "--vault", str(root), "install")
    assert result.exit_code == 0, result.output
    assert (root / ".git" / "hooks" / "pre-commit").is_file()


# -- exit codes ------------------------------------------------------------------------------


def test_an_unknown_name_is_a_finding_with_a_suggestion(tmp_path: Path) -> None:
    root = vault(tmp_path)
    run("--vault", str(root), "new", "contact", "Hannah Weiss")
    for args in (["show", "Hanah", "Weiss"], ["path", "Hanah Weiss"], ["new", "meeting", "Hanah Weiss"]):
        result = run("--vault", str(root), *args)
        assert result.exit_code == 1, (args, result.output)
        assert 'did you mean "Hannah Weiss"?' in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    root = vault(tmp_path)
    for args in (["ls", "contactz"], ["ls", "contact", "--where", "lst=C"], ["show"], ["templates", "copy", "x"]):
        assert run("--vault", str(root), *args).exit_code == 2, args


# -- ls --format json: one JSON type per field ------------------------------------------------


def test_ls_json_list_fields_are_lists_in_every_note(tmp_path: Path) -> None:
    import json

    from tests.conftest import write_vault

    root = write_vault(
        tmp_path / "j",
        {
            "contacts/Ada.md": '---\ntype: contact\nlist: A\nemail: ada@example.org\nreferred_by: "[[Bob]]"\n---\n',
            "contacts/Bob.md": "---\ntype: contact\nlist: B\nemail: [b@example.org, c@example.org]\n---\n",
            "meetings/m1.md": '---\ntype: meeting\ndate: 2026-11-01\nwith: "[[Ada]]"\nreferrals: "[[Bob]]"\n---\n',
            "meetings/m2.md": '---\ntype: meeting\ndate: 2026-11-02\nwith: ["[[Ada]]", "[[Bob]]"]\nreferrals:\n---\n',
        },
    )
    meetings = json.loads(run("--vault", str(root), "ls", "meeting", "--format", "json").output)
    assert [m["with"] for m in meetings] == [["Ada"], ["Ada", "Bob"]]
    assert [m["referrals"] for m in meetings] == [["Bob"], []]
    contacts = json.loads(run("--vault", str(root), "ls", "contact", "--format", "json").output)
    assert [c["email"] for c in contacts] == [["ada@example.org"], ["b@example.org", "c@example.org"]]
    assert contacts[0]["referred_by"] == ["Bob"]


# -- the hook says how to go on ------------------------------------------------------------------


def test_a_stopped_commit_ends_with_how_to_fix_or_bypass(tmp_path: Path) -> None:
    from tests.test_hook import BROKEN, commit, install, repo_with_vault

    repo, root = repo_with_vault(tmp_path)
    install(root)
    done = commit(repo, "contacts/Bob.md", BROKEN)
    assert done.returncode == 1
    last = (done.stdout + done.stderr).strip().splitlines()[-1]
    assert last.startswith("netmd: commit stopped:") and "git commit --no-verify" in last
