"""Files, links and templates from a vault nobody checked (issue 13): nothing read or written
outside the vault, no hang, no traceback, no byte lost, and every other file still checked."""

from __future__ import annotations

import json
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from tests.conftest import contact, in_folder, write_vault

MEETING = '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Grace]]"]\nduration: 30\n---\n'
GOOD = {"contacts/Grace.md": contact("Grace", organization='"[[Nowhere]]"'), "meetings/2026-11-20 Grace.md": MEETING}


class Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A command that waits on a FIFO fails the test instead of stopping the suite."""

    def hung(signum: int, frame: object) -> None:
        raise Hung("the command hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def run(root: Path, *args: str) -> Result:
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
        result = CliRunner().invoke(cli, ["--vault", str(root), *args])
    assert not isinstance(result.exception, Hung), f"netmd {' '.join(args)} hung"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def lint_json(root: Path, *paths: str) -> dict[str, list[tuple[str, str]]]:
    result = run(root, "lint", "--format", "json", *paths)
    found: dict[str, list[tuple[str, str]]] = {}
    for d in json.loads(result.stdout):
        found.setdefault(d["path"], []).append((d["code"], d["message"]))
    return found


def bad_name(folder: Path, raw: bytes, data: bytes = b"---\ntype: contact\nlist: B\n---\n") -> None:
    """A file whose name is not UTF-8 (as a Latin-1 system or a tar archive leaves one)."""
    fd = os.open(os.fsencode(folder) + b"/" + raw, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, data)
    os.close(fd)


# What every command must survive, beside the good notes: (name, how to make it in the vault).
def _fifo(root: Path) -> None:
    os.mkfifo(root / "contacts" / "Pipe.md")


def _link_to_fifo(root: Path) -> None:
    os.mkfifo(root / "pipe")
    os.symlink("../pipe", root / "contacts" / "Pipe.md")


def _link_to_zero(root: Path) -> None:
    os.symlink("/dev/zero", root / "contacts" / "Zero.md")


def _link_to_link_to_zero(root: Path) -> None:
    os.symlink("/dev/zero", root / "zero")
    os.symlink("../zero", root / "contacts" / "Zero.md")


def _device(root: Path) -> None:
    os.mknod(root / "contacts" / "Zero.md", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero's numbers


def _loop(root: Path) -> None:
    os.symlink("B.md", root / "contacts" / "A.md")
    os.symlink("A.md", root / "contacts" / "B.md")


def _self_loop(root: Path) -> None:
    os.symlink("Self.md", root / "contacts" / "Self.md")


def _folder_loop(root: Path) -> None:
    (root / "contacts" / "sub").mkdir()
    os.symlink("..", root / "contacts" / "sub" / "loop")
    os.symlink("loop", root / "contacts" / "sub" / "loop2.md")


def _latin1_name(root: Path) -> None:
    bad_name(root / "contacts", b"Caf\xe9.md")


def _latin1_folder(root: Path) -> None:
    os.mkdir(os.fsencode(root / "contacts") + b"/Caf\xe9")
    bad_name(root / "contacts", b"Caf\xe9/Inside.md")


HOSTILE = {
    "fifo": (_fifo, {"contacts/Pipe.md": "NM105"}),
    "link to a fifo": (_link_to_fifo, {"contacts/Pipe.md": "NM105"}),
    "link to /dev/zero": (_link_to_zero, {"contacts/Zero.md": "NM105"}),
    "link to a link to /dev/zero": (_link_to_link_to_zero, {"contacts/Zero.md": "NM105"}),
    "device node": (_device, {"contacts/Zero.md": "NM105"}),
    "link loop": (_loop, {"contacts/A.md": "NM105", "contacts/B.md": "NM105"}),
    "link to itself": (_self_loop, {"contacts/Self.md": "NM105"}),
    "folder loop": (_folder_loop, {"contacts/sub/loop2.md": "NM105"}),
    "name not utf-8": (_latin1_name, {"contacts/Caf\\xe9.md": "NM104"}),
    "folder name not utf-8": (_latin1_folder, {"contacts/Caf\\xe9/Inside.md": "NM104"}),
}


@pytest.fixture(params=list(HOSTILE))
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    make, expected = HOSTILE[request.param]
    root = write_vault(tmp_path / "v", GOOD)
    make(root)
    return root, expected


def test_lint_reports_the_hostile_file_and_checks_every_other(hostile):
    root, expected = hostile
    found = lint_json(root)
    for path, code in expected.items():
        assert [c for c, _ in found[path]] == [code], found[path]
    assert "NM301" in {c for c, _ in found["contacts/Grace.md"]}  # the good notes are still checked
    assert "meetings/2026-11-20 Grace.md" in found
    assert lint_json(root) == found  # and so is a second, warm run


def test_lint_of_the_hostile_file_alone(hostile):
    root, expected = hostile
    for path in expected:
        on_disk = os.path.join(root, path.replace("Caf\\xe9", os.fsdecode(b"Caf\xe9")))
        assert [c for c, _ in lint_json(root, on_disk)[path]] == [expected[path]]


@pytest.mark.parametrize(
    "args",
    [["ls", "contact"], ["search", "Grace"], ["dashboard"], ["agenda"], ["export", "json"], ["show", "Grace"]],
)
def test_every_command_goes_on_past_the_hostile_file(hostile, args):
    root, expected = hostile
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    if args[0] == "export":
        assert {"contacts/Grace.md", *expected} <= {n["path"] for n in json.loads(result.stdout)}
    elif args[0] in ("ls", "search", "show"):
        assert "Grace" in result.stdout


def test_messages_say_what_the_file_is(tmp_path):
    root = write_vault(tmp_path / "v", GOOD)
    _fifo(root)
    _loop(root)
    _latin1_name(root)
    found = lint_json(root)
    assert found["contacts/Pipe.md"] == [("NM105", "a named pipe (FIFO), not a file; not read")]
    assert found["contacts/A.md"] == [("NM105", "a link that leads back to itself (a loop); not followed")]
    assert found["contacts/Caf\\xe9.md"] == [
        ("NM104", "the file name is not UTF-8, so netmd cannot name it; rename it")
    ]


def test_a_name_that_is_not_utf8_is_shown_so_it_reads_back_one_way(tmp_path):
    """A backslash in such a name is doubled: `A\\xe9` (valid) and `A<0xe9>` never look alike."""
    from netmd.vault import raw_name, shown_name

    for raw in [b"Caf\xe9.md", b"a\\xe9\xff.md", b"\\\\\x80", b"\xc3\xa9\xe9"]:
        name = os.fsdecode(raw)
        assert os.fsencode(raw_name(shown_name(name))) == raw
    assert shown_name(os.fsdecode(b"a\\b\xe9")) == "a\\\\b\\xe9"


# -- one rule for every write: nothing goes through a link out of the vault ----------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (links not followed)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() and not p.is_symlink() else b"<not a file>"
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the vault, with a file in it that must not change."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "2026-W48.md").write_text("<!-- netmd:begin -->\nmine\n<!-- netmd:end -->\n")
    return folder


def refused(result: Result, link: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("netmd: error: "), result.stderr
    assert f": {link} is a link to " in lines[0] and "outside the vault" in lines[0]


def test_dashboard_into_a_linked_folder_is_refused(tmp_path, outside):
    root = write_vault(tmp_path / "v", GOOD)
    os.symlink(outside, root / "dashboards")
    before = snapshot(outside)
    refused(run(root, "--today", "2026-11-25", "dashboard"), "dashboards")
    assert snapshot(outside) == before


def test_dashboard_file_that_is_a_link_out_is_refused(tmp_path, outside):
    root = write_vault(tmp_path / "v", GOOD)
    (root / "dashboards").mkdir()
    os.symlink(outside / "2026-W48.md", root / "dashboards" / "2026-W48.md")
    before = snapshot(outside)
    refused(run(root, "--today", "2026-11-25", "dashboard"), "dashboards/2026-W48.md")
    assert snapshot(outside) == before
    assert os.path.islink(root / "dashboards" / "2026-W48.md")  # and the link is left as it was


def test_dashboard_file_that_is_a_fifo_is_refused(tmp_path):
    root = write_vault(tmp_path / "v", GOOD)
    (root / "dashboards").mkdir()
    os.mkfifo(root / "dashboards" / "2026-W48.md")
    result = run(root, "--today", "2026-11-25", "dashboard")
    assert result.exit_code == 1 and "not a regular file" in result.stderr


def test_new_note_into_a_linked_folder_is_refused(tmp_path, outside):
    root = write_vault(tmp_path / "v", GOOD)
    os.symlink(outside, root / "organizations")
    before = snapshot(outside)
    refused(run(root, "new", "organization", "Initech"), "organizations")
    assert snapshot(outside) == before


def test_new_note_into_a_folder_linked_through_a_link_is_refused(tmp_path, outside):
    root = write_vault(tmp_path / "v", GOOD)
    os.symlink(outside, root / "elsewhere")
    os.symlink("elsewhere", root / "pitch")  # a link inside the vault, to a link out
    before = snapshot(outside)
    refused(run(root, "new", "pitch"), "pitch")
    assert snapshot(outside) == before


def test_import_into_a_linked_folder_is_refused(tmp_path, outside):
    root = write_vault(tmp_path / "v", {})
    os.symlink(outside, root / "contacts")
    export = tmp_path / "people.vcf"
    export.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n")
    before = snapshot(outside)
    refused(run(root, "import", "vcard", str(export)), "contacts")
    assert snapshot(outside) == before


def test_new_note_into_a_folder_linked_inside_the_vault_is_written(tmp_path):
    root = write_vault(tmp_path / "v", GOOD)
    (root / "People").mkdir()
    os.symlink("People", root / "organizations")
    result = run(root, "new", "organization", "Initech")
    assert result.exit_code == 0, result.output
    assert (root / "People" / "Initech.md").is_file()


def test_templates_copy_into_a_linked_folder_is_refused(tmp_path, outside):
    root = write_vault(tmp_path / "v", GOOD)
    os.symlink(outside, root / "templates")
    before = snapshot(outside)
    refused(run(root, "templates", "copy", "contact"), "templates")
    assert snapshot(outside) == before


@pytest.mark.parametrize("link", ["contacts", "dashboards", ".gitignore"])
def test_init_refuses_before_writing_anything(tmp_path, outside, link):
    root = tmp_path / "v"
    root.mkdir()
    target = outside / ".gitignore" if link == ".gitignore" else outside
    if link == ".gitignore":
        target.write_text("secret\n")
    os.symlink(target, root / link)
    before = snapshot(outside)
    result = run(root, "init", str(root), "--sample")
    if link == "dashboards":  # it exists (a folder, outside): nothing is written in it, nothing to refuse
        assert result.exit_code == 0, result.output
    else:
        refused(result, link)
        assert sorted(os.listdir(root)) == [link]  # not even netmd.toml: every path is checked first
    assert snapshot(outside) == before


def test_init_keeps_a_gitignore_that_is_not_utf8(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".gitignore").write_bytes(b"caf\xe9/\n")
    assert run(root, "init", str(root)).exit_code == 0
    assert (root / ".gitignore").read_bytes() == b"caf\xe9/\n.netmd/\n"


# -- templates: no file outside the vault comes in through one --------------------------------


def _linked_include(root: Path, outside: Path) -> None:
    (root / "templates" / "contact.md.j2").write_text('---\ntype: contact\n---\n{% include "secret.md.j2" %}\n')
    os.symlink(outside / "secret.md.j2", root / "templates" / "secret.md.j2")


def _linked_template(root: Path, outside: Path) -> None:
    os.symlink(outside / "secret.md.j2", root / "templates" / "contact.md.j2")


def _linked_folder(root: Path, outside: Path) -> None:
    (root / "templates").rmdir()
    (outside / "contact.md.j2").write_text('{% include "secret.md.j2" %}\n')
    os.symlink(outside, root / "templates")


def _linked_include_folder(root: Path, outside: Path) -> None:
    (root / "templates" / "contact.md.j2").write_text('---\ntype: contact\n---\n{% include "x/secret.md.j2" %}\n')
    os.symlink(outside, root / "templates" / "x")


LEAKS = {
    "include of a linked file": (_linked_include, "templates/secret.md.j2"),
    "a linked template": (_linked_template, "templates/contact.md.j2"),
    "a linked templates folder": (_linked_folder, "templates"),
    "include from a linked folder": (_linked_include_folder, "templates/x"),
}


@pytest.mark.parametrize("leak", LEAKS)
def test_a_template_never_brings_in_a_file_from_outside(tmp_path, outside, leak):
    make, link = LEAKS[leak]
    (outside / "secret.md.j2").write_text("SECRET from outside\n")
    root = write_vault(tmp_path / "v", GOOD)
    (root / "templates").mkdir()
    make(root, outside)
    result = run(root, "new", "contact", "Ada")
    refused(result, link)
    assert not (root / "contacts" / "Ada.md").exists()
    assert "SECRET" not in result.output


def test_a_template_linked_inside_the_vault_is_used(tmp_path):
    root = write_vault(tmp_path / "v", {**GOOD, "shared/card.md.j2": "---\ntype: contact\nlist: C\n---\n"})
    (root / "templates").mkdir()
    os.symlink("../shared/card.md.j2", root / "templates" / "contact.md.j2")
    assert run(root, "new", "contact", "Ada").exit_code == 0
    assert "list: C" in (root / "contacts" / "Ada.md").read_text()


# -- template runtime errors: one line with the file and line, nothing written ------------------


BROKEN = {
    "division by zero": ("{{ 1 / 0 }}", "division by zero"),
    "type error": ('{{ 1 + "x" }}', "unsupported operand"),
    "range limit": ("{% for i in range(10**9) %}{% endfor %}", "Range too big"),
    "security": ("{{ ''.__class__ }}", "template error"),
    "recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursion"),
}

COMMANDS = {
    "contact": ("contact.md.j2", ["new", "contact", "Ada"], "contacts/Ada.md"),
    "meeting": ("meeting.md.j2", ["new", "meeting", "Grace", "--date", "2026-11-26"], "meetings/2026-11-26 Grace.md"),
    "dashboard": ("dashboard.md.j2", ["--today", "2026-11-25", "dashboard"], "dashboards/2026-W48.md"),
}


@pytest.mark.parametrize("error", BROKEN)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_template_that_fails_while_it_runs_writes_nothing(tmp_path, error, command):
    body, message = BROKEN[error]
    template, args, written = COMMANDS[command]
    root = write_vault(tmp_path / "v", {**GOOD, f"templates/{template}": f"first line\n\n{body}\n"})
    result = run(root, *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert result.stderr.startswith(f"netmd: error: {root / 'templates' / template}:3: template error: ")
    assert not (root / written).exists()


def test_a_template_that_is_not_utf8_is_an_error(tmp_path):
    root = write_vault(tmp_path / "v", {**GOOD, "templates/contact.md.j2": b"caf\xe9\n"})
    result = run(root, "new", "contact", "Ada")
    assert result.exit_code == 1 and "template error" in result.stderr and result.stderr.count("\n") == 1


# -- the dashboard keeps every byte outside its markers -----------------------------------------


@pytest.mark.parametrize(
    "before, after",
    [
        ("Caf\xe9 au lait\n".encode("latin-1"), "Notes: Zo\xeb\n".encode("latin-1")),
        (b"\xff\xfe\x80 not utf-8 at all\n", b"\n\xc3\x28 broken \xe2\x82\n"),
        ("\ufeffBOM and Unicode: \u2028 \U0001f600\n".encode(), b"\r\n\x00NUL\r\n"),
    ],
)
def test_dashboard_keeps_every_byte_around_the_markers(tmp_path, before, after):
    root = write_vault(tmp_path / "v", GOOD)
    path = root / "dashboards" / "2026-W48.md"
    path.parent.mkdir()
    path.write_bytes(before + b"<!-- netmd:begin -->\nold\n<!-- netmd:end -->" + after)
    result = run(root, "--today", "2026-11-25", "dashboard")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(before + b"<!-- netmd:begin -->\n") and data.endswith(b"<!-- netmd:end -->" + after)
    assert b"old" not in data
    assert run(root, "--today", "2026-11-25", "dashboard").stdout.startswith("unchanged ")
    assert path.read_bytes() == data


@pytest.mark.parametrize("marker", ["<!-- netmd:end -->", "<!-- netmd:begin -->"])
def test_a_name_holding_a_marker_does_not_grow_the_dashboard(tmp_path, marker):
    files = {**GOOD, "contacts/Grace.md": f'---\ntype: contact\nlist: B\nname: "Grace {marker}"\n---\n'}
    root = write_vault(tmp_path / "v", files)
    path = root / "dashboards" / "2026-W48.md"
    run(root, "--today", "2026-11-25", "dashboard")
    data = path.read_bytes()
    assert data.count(b"<!-- netmd:begin -->") == data.count(b"<!-- netmd:end -->") == 1
    assert b"Grace &lt;!-- netmd:" in data
    path.write_bytes(data + b"My notes.\n")
    assert run(root, "--today", "2026-11-25", "dashboard").stdout.startswith("unchanged ")
    assert path.read_bytes() == data + b"My notes.\n"


# -- text output: a file name never forges a line ----------------------------------------------

FORGED = "x.md:1:1: error NM999 forged: this line was made by a file name"


@pytest.mark.parametrize(
    "name",
    [
        f"contacts/Eve\n{FORGED}\n.md",
        f"contacts/Eve\r{FORGED}.md",
        "contacts/Eve\x1b[2K\x1b[1G.md",
        "contacts/Eve\u2028.md",
    ],
)
def test_a_file_name_with_line_breaks_or_controls_stays_on_its_line(tmp_path, name):
    root = write_vault(tmp_path / "v", {**GOOD, name: contact(list="Z")})
    out = run(root, "lint").stdout
    lines = out.splitlines()
    as_json = json.loads(run(root, "lint", "--format", "json").stdout)
    assert len(lines) == len(as_json)  # one line a diagnostic: none forged
    assert all(line.startswith(("contacts/", "meetings/")) for line in lines)
    assert "\x1b" not in out and "\r" not in out and "\u2028" not in out
    eve = [line for line in lines if line.startswith("contacts/Eve")]
    assert len(eve) == 1 and "NM203" in eve[0], out
    search = run(root, "search", "Eve").stdout
    assert search.count("\n") == 1 and search.startswith("contacts/Eve") and "\x1b" not in search
    table = run(root, "ls", "contact").stdout
    assert table.count("\n") == 3 and "\x1b" not in table  # the header, Eve and Grace
    assert name in {d["path"] for d in as_json}  # JSON keeps the name exactly


@pytest.mark.parametrize("where", ["file name", "name:"])
@pytest.mark.parametrize("breaking", ["\n", "\r", "\u2028", "\u202e", "\x1b[2K"])
def test_a_name_never_forges_a_line_of_the_method_s_output(tmp_path, where, breaking):
    """Agenda, show, thank, the dashboard and a new meeting's notes print names: a line break
    or a control character in one is escaped, so it forges no diagnostic, task or row."""
    forged = f"{breaking}x.md:1:1: error NM999 forged\n- [ ] Wire 500 EUR 📅 2026-11-20"
    if where == "file name":  # (the meeting's link then finds no one: the contact is "not met yet")
        files = {f"contacts/Mal{forged}.md": contact(list="B")}
    else:
        quoted = "".join(c if " " <= c < "\u2028" or c > "\u202f" else f"\\u{ord(c):04x}" for c in "Mal" + forged)
        files = {"contacts/Mal.md": f'---\ntype: contact\nlist: B\nname: "{quoted}"\n---\n'}
    root = write_vault(tmp_path / "v", {**GOOD, **files})
    (root / "meetings" / "2026-11-23 Mal.md").write_text(
        "---\ntype: meeting\ndate: 2026-11-23\nwith: ['[[Mal]]']\nkind: information\n---\n"
    )
    commands = [["agenda"], ["dashboard", "--stdout"]]
    if where == "name:":  # (a file name with a line break is not a name anyone types)
        commands += [["show", "Mal"], ["thank", "Mal", "--dry-run"], ["new", "meeting", "Mal", "--date", "2026-11-26"]]
    outputs = [run(root, "--today", "2026-11-25", *args).stdout for args in commands]
    outputs += [p.read_text() for p in (root / "meetings").glob("2026-11-26*.md")]
    assert len(outputs) == len(commands) + (where == "name:")  # (the new meeting's notes too)
    for out in outputs:
        assert not any(line.startswith(("x.md", "- [ ] Wire")) for line in out.splitlines()), out
        assert breaking == "\n" or breaking not in out, out
    agenda = run(root, "--today", "2026-11-25", "agenda").stdout
    assert "Wire 500" not in agenda.split("Follow-ups due")[1].split("\n\n")[0]  # no task was made of it


def test_one_line_escapes_as_python_writes_it():
    from netmd.diagnostics import one_line

    assert one_line("plain Zoë") == "plain Zoë"
    assert one_line("a\nb\tc\x1b\x7f\x85\u2028\u202e") == "a\\nb\\tc\\x1b\\x7f\\x85\\u2028\\u202e"


# -- any file name: a property test ---------------------------------------------------------

_NAMES = st.binary(min_size=1, max_size=24).filter(lambda b: b"/" not in b and b"\0" not in b and b != b"Grace")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_NAMES)
def test_any_file_name_is_one_note_with_one_line(raw):
    """Whatever bytes a note's name holds: no traceback, the note is reported under one name
    (escaped when it is not UTF-8), each diagnostic is one line of text, the others are checked."""
    from netmd.vault import note_path

    with tempfile.TemporaryDirectory() as tmp:
        root = write_vault(Path(tmp) / "v", GOOD)
        bad_name(root / "contacts", raw + b".md", b"---\ntype: contact\nlist: Z\n---\n")
        found = lint_json(root)
        name = "contacts/" + note_path(os.fsdecode(raw + b".md"))
        assert [c for c, _ in found[name]] == (["NM203"] if _utf8(raw) else ["NM104"])
        assert "NM301" in {c for c, _ in found["contacts/Grace.md"]}
        lines = run(root, "lint").stdout.splitlines()
        assert len(lines) == sum(map(len, found.values()))
        assert all(line.startswith(("contacts/", "meetings/")) for line in lines)
        assert "Grace" in run(root, "search", "Grace").stdout


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
