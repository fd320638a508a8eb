"""The command line as a user meets it: CliRunner, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from netmd import __version__
from netmd.cli import cli
from tests.conftest import SAMPLE, contact

BROKEN = {"contacts/A.md": contact(organization='"[[Nowhere]]"')}


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_version():
    result = run("--version")
    assert (result.exit_code, result.output) == (0, f"netmd {__version__}\n")


def test_python_dash_m():
    done = subprocess.run([sys.executable, "-m", "netmd", "--version"], capture_output=True, text=True)
    assert done.stdout == f"netmd {__version__}\n"


def test_the_real_entry_point_exits_with_the_commands_code_and_all_its_output(tmp_path):
    """`main` leaves with os._exit: the exit codes and the buffered output must survive it."""
    import shutil

    netmd = [sys.executable, "-m", "netmd"]
    vault = shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd"))
    (vault / "contacts" / "Broken.md").write_text(contact(organization='"[[Nowhere]]"'), "utf-8")
    (vault / "contacts" / "Long.md").write_text(contact(role="x" * 300_000), "utf-8")  # outgrows a pipe's buffer
    cases = {
        ("--vault", str(vault), "lint", "--format", "json"): 1,
        ("--vault", str(vault), "--today", "2026-11-25", "search", "Long"): 0,
        ("--vault", str(vault), "export", "json"): 0,
        ("--vault", str(vault), "lint", "--strict", "--nope"): 2,
    }
    for args, code in cases.items():
        done = subprocess.run([*netmd, *args], capture_output=True, text=True)
        assert done.returncode == code, (args, done.stderr)
        assert "Traceback" not in done.stderr
    lines = subprocess.run([*netmd, "--vault", str(vault), "lint", "--format", "json"], capture_output=True, text=True)
    assert [d["path"] for d in json.loads(lines.stdout)].count("contacts/Broken.md") == 1
    exported = subprocess.run([*netmd, "--vault", str(vault), "export", "json"], capture_output=True, text=True)
    assert "x" * 300_000 in exported.stdout and json.loads(exported.stdout)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["init"],
        ["lint"],
        ["rules"],
        ["hook"],
        ["hook", "install"],
        ["hook", "run"],
        ["import"],
        ["import", "linkedin"],
        ["import", "vcard"],
        ["import", "google"],
        ["export"],
        ["export", "vcard"],
        ["export", "ics"],
        ["export", "json"],
    ],
)
def test_help_on_every_command(args):
    result = run(*args, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_clean_vault_exits_0(vault):
    root = vault({"contacts/A.md": contact()})
    result = run("--vault", str(root), "lint")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "0 errors, 0 warnings, 0 info in 1 note\n")


def test_errors_exit_1_with_lines_on_stdout(vault, monkeypatch):
    monkeypatch.chdir(vault(BROKEN))
    result = run("lint")
    assert result.exit_code == 1
    assert result.stdout == 'contacts/A.md:4:16: error NM301 broken-link: no note "Nowhere"\n'
    assert result.stderr == "1 error, 0 warnings, 0 info in 1 note\n"


def test_json_format(vault):
    result = run("--vault", str(vault(BROKEN)), "lint", "--format", "json")
    assert json.loads(result.stdout) == [
        {
            "path": "contacts/A.md",
            "file": "vault/contacts/A.md",
            "line": 4,
            "col": 16,
            "severity": "error",
            "code": "NM301",
            "name": "broken-link",
            "message": 'no note "Nowhere"',
            "fixable": False,
        }
    ]


def test_github_format(vault, monkeypatch):
    root = vault({"contacts/A.md": contact(role="no", organization='"[[No, where: 100%]]"')})
    monkeypatch.chdir(root.parent)
    result = run("--vault", "vault", "lint", "--format", "github")
    assert result.stdout.splitlines() == [
        '::warning file=vault/contacts/A.md,line=4,col=7,title=NM103 yaml-trap::no is read as false; quote it: "no"',
        '::error file=vault/contacts/A.md,line=5,col=16,title=NM301 broken-link::no note "No, where: 100%25"',
    ]


def test_strict_fails_on_warnings(vault):
    root = vault({"contacts/A.md": contact(role="no")})
    assert run("--vault", str(root), "lint").exit_code == 0
    assert run("--vault", str(root), "lint", "--strict").exit_code == 1


def test_options_before_or_after_the_command(vault):
    root = str(vault(BROKEN))
    before = run("--vault", root, "--today", "2026-11-25", "lint")
    after = run("lint", "--vault", root, "--today", "2026-11-25")
    assert before.exit_code == after.exit_code == 1 and before.stdout == after.stdout


def test_environment_variables(vault, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("lint", env={"NETMD_VAULT": str(vault(BROKEN)), "NETMD_TODAY": "2026-11-25"})
    assert result.exit_code == 1 and "NM301" in result.stdout


def test_command_option_beats_environment(vault, tmp_path):
    clean = vault({"contacts/A.md": contact()})
    result = run("--vault", str(clean), "lint", env={"NETMD_VAULT": str(tmp_path / "missing")})
    assert result.exit_code == 0


def test_vault_found_from_a_subfolder(vault, monkeypatch):
    root = vault(BROKEN)
    monkeypatch.chdir(root / "contacts")
    assert run("lint").exit_code == 1


def test_vault_found_from_the_paths(vault, monkeypatch):
    root = vault(BROKEN)
    monkeypatch.chdir(root.parent)
    result = run("lint", "vault/contacts/A.md")
    assert result.exit_code == 1 and result.stdout.startswith("vault/contacts/A.md:4:16")  # from here


def test_not_a_vault_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("lint")
    assert result.exit_code == 2 and "not inside a netmd vault" in result.stderr


@pytest.mark.parametrize(
    "day", ["2026-13-40", "20261125", "2026-W48-3", "2026-11-25T10:00", " 2026-11-25", "２０２６-11-25"]
)
def test_bad_today_exits_2(vault, day):
    """Only YYYY-MM-DD, on every Python: 3.11's `fromisoformat` also reads 20261125 and
    2026-W48-3 (and 3.10's does not)."""
    result = run("--vault", str(vault({})), "--today", day, "lint")
    assert result.exit_code == 2 and "is not a date like 2026-11-25" in result.stderr


def test_bad_netmd_today_exits_2(vault):
    result = run("--vault", str(vault({})), "lint", env={"NETMD_TODAY": "20261125"})
    assert result.exit_code == 2 and "20261125" in result.stderr and "Traceback" not in result.output


def test_a_recorded_date_is_written_as_a_day(vault):
    root = vault({"contacts/Ada.md": contact()})
    result = run("--vault", str(root), "log", "Ada", "--date", "20261120")
    assert result.exit_code == 2 and "expected a date like 2026-11-20" in result.stderr
    assert "2026-11-20" not in (root / "contacts" / "Ada.md").read_text()


def test_unknown_format_exits_2(vault):
    assert run("--vault", str(vault({})), "lint", "--format", "xml").exit_code == 2


def test_lint_only_the_given_files(vault, monkeypatch):
    root = vault({**BROKEN, "contacts/B.md": contact(organization='"[[A]]"')})
    monkeypatch.chdir(root)
    result = run("lint", "contacts/B.md")
    assert result.stdout == 'contacts/B.md:4:16: error NM303 wrong-link-type: "A" is a contact, not an organization\n'
    assert "in 1 note" in result.stderr


def test_lint_a_folder(vault, monkeypatch):
    root = vault({**BROKEN, "meetings/m.md": "---\ntype: meeting\n---\n"})
    monkeypatch.chdir(root)
    assert {line.split(":")[0] for line in run("lint", "contacts").stdout.splitlines()} == {"contacts/A.md"}


def test_missing_path_exits_2(vault, monkeypatch):
    monkeypatch.chdir(vault({}))
    result = run("lint", "contacts/Nobody.md")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_files_outside_the_vault_are_skipped(vault, tmp_path, monkeypatch):
    root = vault(BROKEN)
    (tmp_path / "README.md").write_text("[[x]]\n")
    monkeypatch.chdir(root)
    result = run("lint", str(tmp_path / "README.md"))
    assert (result.exit_code, result.stdout) == (0, "")


def test_config_error_exits_2_with_file_line_and_key(vault):
    root = vault({}, '[vault]\nname = "x"\n\n[lint]\nbroken-links = "error"\n')
    result = run("--vault", str(root), "lint")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"netmd: error: {root / 'netmd.toml'}:5: lint.broken-links: unknown rule; `netmd rules` lists them\n"
    )


def test_rules_lists_the_catalogue():
    lines = run("rules").stdout.splitlines()
    assert lines[0].split()[:3] == ["NM101", "yaml-syntax", "error"]
    assert any(line.split()[:3] == ["NM305", "unresolved-mention", "info"] for line in lines)


def test_init_creates_a_vault_that_lints_clean(tmp_path):
    result = run("--today", "2026-11-20", "init", str(tmp_path / "v"), "--sample")
    assert result.exit_code == 0
    root = tmp_path / "v"
    assert (root / "netmd.toml").is_file() and (root / "contacts").is_dir()
    assert (root / ".gitignore").read_text() == ".netmd/\n"
    assert (root / "meetings" / "2026-11-20 Ada Lovelace.md").is_file()
    assert run("--vault", str(root), "--today", "2026-11-20", "lint", "--strict").exit_code == 0


def test_init_twice_changes_nothing(tmp_path):
    root = tmp_path / "v"
    run("init", str(root))
    (root / "netmd.toml").write_text("# mine\n")
    (root / ".gitignore").write_text("*.pdf")
    result = run("init", str(root))
    assert (root / "netmd.toml").read_text() == "# mine\n"
    assert (root / ".gitignore").read_text() == "*.pdf\n.netmd/\n"
    assert result.exit_code == 0


def test_sample_vault_lints_without_errors():
    result = run("--vault", str(SAMPLE), "lint")
    assert result.exit_code == 0, result.stdout
    assert " 0 errors" in " " + result.stderr


def test_an_internal_error_is_one_line_and_exit_2(vault, monkeypatch):
    """A bug that escapes every other handler still gives no traceback (SPEC §3: exit 2)."""
    import netmd.lint

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division\nby zero")

    monkeypatch.setattr(netmd.lint, "run", broken)
    result = run("--vault", str(vault(BROKEN)), "lint")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "netmd: internal error: ZeroDivisionError: division by zero (please report it)\n"
    monkeypatch.setenv("NETMD_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run("--vault", str(vault(BROKEN)), "lint")
