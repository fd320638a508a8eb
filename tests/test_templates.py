"""Templates, `netmd new`, the dashboard file: golden output, the sandbox, and the file's promises."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from netmd.render import builtin_folder
from tests.conftest import COMMITTED_SAMPLE, REPO, SAMPLE, write_vault

GOLDEN = Path(__file__).parent / "golden"
DAY = ["--today", "2026-11-25"]


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--vault", str(root), *DAY, *args])


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8")


# -- the dashboard -----------------------------------------------------------------------


def test_dashboard_of_the_sample_vault(sample):
    result = run(sample, "dashboard", "--stdout")
    assert result.exit_code == 0, result.output
    golden("dashboard.txt", result.stdout)


def test_dashboard_file_is_byte_identical_and_written_once(sample):
    path = sample / "dashboards" / "2026-W48.md"
    path.unlink(missing_ok=True)
    shown = os.path.relpath(path)  # printed from the current folder
    assert run(sample, "dashboard").stdout == f"wrote {shown}\n"
    first = path.read_bytes()
    assert run(sample, "dashboard").stdout == f"unchanged {shown}\n"
    assert path.read_bytes() == first
    assert first.decode().startswith("# Week 2026-W48\n\n<!-- netmd:begin -->\n")
    assert (COMMITTED_SAMPLE / "dashboards" / "2026-W48.md").read_bytes() == first  # the committed example is current


def test_text_around_the_markers_survives(sample):
    path = sample / "dashboards" / "2026-W48.md"
    run(sample, "dashboard")
    text = path.read_text()
    mine = "My plan for the week\n\n" + text.replace("## Notes\n", "## Notes\n\nCall Priya on Friday.\n")
    path.write_text(mine.replace("as of 2026-11-25", "as of long ago"))
    run(sample, "dashboard")
    assert path.read_text() == mine


def test_a_file_without_markers_is_refused_untouched(sample):
    path = sample / "dashboards" / "2026-W47.md"
    path.write_text("My own notes for the week.\n")
    result = CliRunner().invoke(cli, ["--vault", str(sample), "--today", "2026-11-18", "dashboard"])
    assert result.exit_code == 1 and "without netmd's markers" in result.stderr
    assert path.read_text() == "My own notes for the week.\n"


def test_week_option(sample):
    result = run(sample, "dashboard", "--week", "2026-W43", "--stdout")
    assert result.stdout.startswith("Week 2026-W43 (2026-10-19 to 2026-10-25), as of 2026-11-25.\n")
    assert run(sample, "dashboard", "--week", "2026-48").exit_code == 2


def test_tables_escape_pipes(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "organizations/Acme.md": "---\ntype: organization\nname: Acme | Labs\ntarget: true\n---\n",
            "opportunities/O.md": '---\ntype: opportunity\norganization: "[[Acme]]"\nrole: "x | y"\n---\n',
        },
    )
    out = run(root, "dashboard", "--stdout").stdout
    assert "| [[O]] | [[Acme\\|Acme \\| Labs]] | x \\| y | lead | unknown |  |" in out


def test_a_long_stale_list_is_cut_short(tmp_path):
    """An imported address book makes hundreds of contacts stale: the dashboard shows the 15 longest."""
    note = "---\ntype: contact\nlist: B\n---\n"
    met = '---\ntype: meeting\ndate: 2020-01-{:02}\nwith: ["[[P{:02}]]"]\nthanked: 2020-01-01\noffered_help: x\n---\n'
    files = {f"contacts/P{i:02}.md": note for i in range(20)}
    files |= {f"meetings/m{i:02}.md": met.format(i + 1, i) for i in range(20)}
    out = run(write_vault(tmp_path / "v", files), "dashboard", "--stdout").stdout
    stale = out.split("## Contacts gone stale\n\n")[1].split("\n\n")[0].splitlines()
    assert len(stale) == 16 and stale[0].startswith("- [[P00]]") and stale[14].startswith("- [[P14]]")
    assert stale[15] == "- and 5 more: `netmd agenda` lists them all"


# -- the sandbox and template errors ----------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    ["{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ cycler.__init__.__globals__.os.system('echo owned') }}"],
)
def test_hostile_vault_template_is_stopped(sample, hostile):
    (sample / "templates").mkdir(exist_ok=True)
    (sample / "templates" / "dashboard.md.j2").write_text("line one\n" + hostile + "\n")
    path = sample / "dashboards" / "2026-W48.md"
    before = path.read_bytes()
    result = run(sample, "dashboard")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "templates/dashboard.md.j2:2: template error:" in result.stderr
    assert "unsafe" in result.stderr or "not safely" in result.stderr
    assert path.read_bytes() == before


def test_template_syntax_error_names_file_and_line(sample):
    (sample / "templates").mkdir(exist_ok=True)
    (sample / "templates" / "dashboard.md.j2").write_text("ok\n{% for x in %}\n")
    result = run(sample, "dashboard")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"netmd: error: {sample / 'templates' / 'dashboard.md.j2'}:2: template error:")


def test_undefined_name_is_an_error_not_an_empty_string(sample):
    (sample / "templates").mkdir(exist_ok=True)
    (sample / "templates" / "dashboard.md.j2").write_text("{{ week }}\n{{ no_such_thing }}\n")
    result = run(sample, "dashboard", "--stdout")
    assert result.exit_code == 1 and "dashboard.md.j2:2: template error: 'no_such_thing' is undefined" in result.stderr


def test_vault_template_extends_the_builtin(sample):
    (sample / "templates").mkdir(exist_ok=True)
    (sample / "templates" / "dashboard.md.j2").write_text('Mine.\n{% include "builtin/dashboard.md.j2" %}')
    out = run(sample, "dashboard", "--stdout").stdout
    assert out.startswith("Mine.\nWeek 2026-W48")


def test_templates_list_and_copy(sample):
    lines = run(sample, "templates").stdout.splitlines()
    assert [line.split()[:2] for line in lines][0] == ["contact", "built-in"]
    assert run(sample, "templates", "copy", "meeting").exit_code == 0
    assert (sample / "templates" / "meeting.md.j2").read_bytes() == (builtin_folder() / "meeting.md.j2").read_bytes()
    assert "meeting       vault" in run(sample, "templates").stdout
    assert run(sample, "templates", "copy", "meeting").exit_code == 1  # never over your copy


# -- netmd new ------------------------------------------------------------------------------


NEW = {
    "new-contact": [
        "new",
        "contact",
        "Grace Hopper",
        "--org",
        "Initech",
        "--role",
        "Rear Admiral",
        "--list",
        "B",
        "--email",
        "grace@example.org",
        "--referred-by",
        "Joanna Park",
    ],
    "new-organization": ["new", "organization", "Navy Labs", "--target", "--industry", "Defense"],
    "new-pitch": ["new", "pitch", "Short pitch"],
    "new-opportunity": ["new", "opportunity", "Initech Staff Engineer", "--org", "Initech", "--via", "Bill Lumbergh"],
    "new-meeting": ["new", "meeting", "Hannah", "Weiss", "--date", "2026-11-26", "--time", "09:30"],
}


@pytest.mark.parametrize("name", NEW)
def test_new_note_matches_golden_and_lints_clean(sample, name):
    result = run(sample, *NEW[name])
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip()).absolute()  # printed from the current folder
    assert path.is_relative_to(sample)
    golden(f"{name}.txt", path.read_text("utf-8"))
    lint = CliRunner().invoke(cli, ["--vault", str(sample), "--today", "2026-11-25", "lint", "--strict", str(path)])
    assert lint.exit_code == 0 and " error " not in lint.stdout and " warning " not in lint.stdout, lint.stdout


def test_new_never_overwrites(sample):
    path = sample / "contacts" / "Hannah Weiss.md"
    before = path.read_bytes()
    result = run(sample, "new", "contact", "Hannah Weiss")
    assert result.exit_code == 1 and "never overwrites" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b", "x|y#z^", "[[Evil]]", "ctrl\x07char"])
def test_names_become_safe_file_names_inside_the_vault(tmp_path, name):
    root = write_vault(tmp_path / "v", {})
    result = run(root, "new", "contact", name)
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip()).absolute()  # printed from the current folder
    assert path.parent == root / "contacts" and path.is_file()
    assert not any(c in path.name for c in "/|#^[]\x07")


def test_new_meeting_for_an_unknown_contact(sample):
    result = run(sample, "new", "meeting", "Hanna", "Weiss")
    assert result.exit_code == 1 and '(did you mean "Hannah Weiss"?)' in result.stderr


def test_new_meeting_prepares_the_conversation(sample):
    text = Path(run(sample, *NEW["new-meeting"]).stdout.strip()).read_text()
    assert "- Product Manager at [[Verdant Grid]]" in text
    assert "- 2026-11-18, information: Met the team; posting goes live next week." in text
    assert "I'm Alex Rivera, a backend engineer" in text  # the current pitch
    assert "not to ask for a job" in text
    assert "- `thanked:` the day you sent the thank-you, by 2026-11-28" in text  # a field, not a task (issue 15)
    assert "- [ ]" not in text


# -- packaging: the built-in templates are found from a wheel and from an editable install ----


def test_templates_found_in_the_editable_install():
    assert builtin_folder() == REPO / "templates"


def test_templates_ship_inside_the_wheel(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(REPO)]
    subprocess.run(pip, check=True, capture_output=True, timeout=600)
    code = "from netmd.render import builtin_folder; print(builtin_folder())"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=tmp_path, capture_output=True, text=True)
    folder = Path(out.stdout.strip())
    assert folder.parts[-2:] == ("netmd", "templates") and "site-packages" in folder.parts
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in (REPO / "templates").iterdir())


def test_a_dashboard_that_cannot_be_written_is_a_message(sample):
    shutil.rmtree(sample / "dashboards")
    (sample / "dashboards").write_text("a file where the folder should be")
    result = run(sample, "dashboard")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("netmd: error: ") and "dashboards" in result.stderr
