"""The merged issue-13 work attacked at its seams, as a hostile user and a new user meet it:
each test is a defect found that way, through the real CLI on a vault in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import SAMPLE, contact, write_vault
from tests.test_safe_hook import GIT_ENV, commit, commits, git, make_repo
from tests.test_watch import Watcher, wait_for

BAD_NAME = os.fsdecode(b"contacts/bad\xff.md")


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--vault", str(root), *args])
    return result.exit_code, result.output


@pytest.mark.skipif(os.name != "posix", reason="a file name that is not UTF-8 needs a POSIX file system")
def test_hook_stops_a_commit_of_a_name_that_is_not_utf8_as_lint_does(tmp_path: Path) -> None:
    # the hook gave the index the raw name (an internal error) where lint reports NM104
    repo, root = make_repo(tmp_path, {"contacts/Ada.md": contact("Ada")})
    (root / BAD_NAME).write_text(contact("Bad"), "utf-8")
    git(repo, "add", "-A")
    done = commit(repo)
    assert done.returncode == 1 and commits(repo) == 1
    assert "internal error" not in done.stdout
    assert "contacts/bad\\xff.md:1:1: error NM104" in done.stdout
    code, out = run(root, "lint")
    assert code == 1 and "contacts/bad\\xff.md:1:1: error NM104" in out


def test_fix_writes_a_note_whose_name_is_near_the_longest_a_file_system_allows(tmp_path: Path) -> None:
    # the temporary file beside it was named after it: `.<name>.<random>.tmp` is over 255 bytes
    name = "contacts/" + "N" * 252 + ".md"
    root = write_vault(tmp_path / "v", {name: contact(role="yes")})
    code, out = run(root, "lint", "--fix")
    assert code == 0, out
    assert 'role: "yes"' in (root / name).read_text("utf-8")
    assert not [p for p in (root / "contacts").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("title", ["😀" * 100, "é" * 130, "x" * 300], ids=["4-byte", "2-byte", "ascii"])
def test_new_gives_a_long_title_a_file_name_the_file_system_takes(tmp_path: Path, title: str) -> None:
    # 120 characters of four bytes each is 480 bytes: over NAME_MAX, "File name too long"
    root = write_vault(tmp_path / "v", {})
    code, out = run(root, "new", "contact", title)
    assert code == 0, out
    (made,) = (root / "contacts").iterdir()
    assert len(os.fsencode(made.name)) <= 255 and title.startswith(made.stem)
    assert run(root, "lint")[0] == 0


def test_import_writes_a_person_with_a_long_name(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {})
    vcf = tmp_path / "in.vcf"
    vcf.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{'€' * 200}\r\nORG:{'ü' * 200}\r\nEND:VCARD\r\n", "utf-8")
    code, out = run(root, "import", "vcard", str(vcf))
    assert code == 0 and "error" not in out, out
    assert len(list((root / "contacts").iterdir())) == 1 and len(list((root / "organizations").iterdir())) == 1
    assert "1 unchanged" in run(root, "import", "vcard", str(vcf))[1]


CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


@pytest.mark.parametrize("fmt", ["ics", "vcard"])
def test_export_writes_no_control_character_a_calendar_or_address_book_refuses(tmp_path: Path, fmt: str) -> None:
    # a NUL or an escape from a quoted YAML value went into the file as it was: RFC 5545 and
    # RFC 6350 text holds none, and a reader in C ends the value at the NUL
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada.md": contact("Ada", role='"Chief\\0Engineer\\e[31m"', email='"ada\\x01@example.org"'),
            "meetings/m.md": '---\ntype: meeting\ndate: 2026-11-20\ntime: "10:00"\nwith: ["[[Ada]]"]\n'
            'location: "Room\\0 1\\x1b"\noutcome: "ok\\x07"\n---\n',
        },
    )
    result = CliRunner().invoke(cli, ["--vault", str(root), "export", fmt])
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert b"Ada" in data and not set(data) & set(CONTROL_BYTES)
    if fmt == "ics":
        import icalendar

        (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
        assert str(event["location"]) == "Room 1"
    else:
        import vobject

        card = vobject.readOne(data.decode())
        assert card.title.value == "ChiefEngineer[31m" and card.email.value == "ada@example.org"


def test_a_broken_dashboard_template_does_not_hide_a_changed_notes_errors(tmp_path):
    # the template's error ended the round before the changed notes' diagnostics were said
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd", "dashboards")))
    folder = root / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "dashboard.md.j2").write_text("{{ 1/0 }}\n", "utf-8")
    w = Watcher(root)
    w.thread.start()
    try:
        assert wait_for(lambda: any("template error: division by zero" in s for s in w.said)), w.said
        (root / "contacts" / "Broken.md").write_text("---\ntype: contact\nlist: [B\n---\n")
        assert wait_for(lambda: any("contacts/Broken.md:4:1: error NM101" in s for s in w.said)), w.said
    finally:
        w.stop.set()
        w.thread.join(10)


NFC, NFD = "Jos\u00e9", "Jose\u0301"  # the same name to a person; a Mac may write either


@pytest.mark.parametrize(("file", "typed"), [(NFD, NFC), (NFC, NFD)], ids=["file-nfd", "file-nfc"])
def test_a_name_in_either_unicode_form_is_the_same_name(tmp_path: Path, file: str, typed: str) -> None:
    # `[[José]]` was a broken link to `José.md` written decomposed, and `new contact José`
    # made a second note beside it
    meeting = (
        f'---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[{typed}]]"]\nthanked: 2026-11-21\noffered_help: x\n---\n'
    )
    root = write_vault(tmp_path / "v", {f"contacts/{file}.md": contact(), "meetings/m.md": meeting})
    code, out = run(root, "lint")
    assert code == 0 and "NM301" not in out, out
    code, out = run(root, "new", "contact", typed)
    assert code == 1 and "already" in out, out
    vcf = tmp_path / "in.vcf"
    vcf.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{typed}\r\nEMAIL:jose@example.org\r\nEND:VCARD\r\n", "utf-8")
    code, out = run(root, "import", "vcard", str(vcf))
    assert code == 0 and "1 merged" in out, out
    assert len(list((root / "contacts").iterdir())) == 1


HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def test_import_skips_a_csv_row_with_a_huge_field_and_keeps_the_others(tmp_path: Path) -> None:
    # one cell over the csv module's limit ended the whole import ("not CSV", and a line too far)
    root = write_vault(tmp_path / "v", {})
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_text(
        HEADER + "Ada,Lovelace,,,,,\r\n" + "Big," + "B" * 200_000 + ",,,,,\r\nGrace,Hopper,,,,,\r\n", "utf-8"
    )
    code, out = run(root, "import", "linkedin", str(csv_file))
    assert code == 0, out
    assert "Connections.csv:3: a field of 200,000 characters" in out and "1 skipped" in out
    assert sorted(p.name for p in (root / "contacts").iterdir()) == ["Ada Lovelace.md", "Grace Hopper.md"]


def test_import_skips_a_whole_quoted_row_that_is_not_csv_inside_by_its_line(tmp_path: Path) -> None:
    # an older LinkedIn export quotes whole rows; one whose inside was not CSV ended the file,
    # named by the line after it
    root = write_vault(tmp_path / "v", {})
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_text(HEADER + '"a,b\r\nx,"y\r\nGrace,Hopper,,,,,\r\n', "utf-8")
    code, out = run(root, "import", "linkedin", str(csv_file))
    assert code == 0, out
    assert "Connections.csv:2: 1 fields where the header has 7" in out
    assert [p.name for p in (root / "contacts").iterdir()] == ["Grace Hopper.md"]


def test_import_writes_no_note_larger_than_netmd_reads(tmp_path: Path) -> None:
    # a 1.5 MB NOTE became a note lint refuses (NM104), and each import wrote another copy
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact("Ada")})
    vcf = tmp_path / "in.vcf"
    long_note = "word " * 300_000
    cards = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long Note\r\nNOTE:{long_note}\r\nEND:VCARD\r\n"
    vcf.write_text(cards + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n", "utf-8")
    code, out = run(root, "import", "vcard", str(vcf))
    assert code == 1 and "contacts/Long Note.md: 1,500,1" in out and "not written" in out, out
    assert sorted(p.name for p in (root / "contacts").iterdir()) == ["Ada.md", "Grace Hopper.md"]
    assert run(root, "lint")[0] == 0


def test_github_format_escapes_control_characters_in_a_file_name_and_a_value(tmp_path: Path, monkeypatch) -> None:
    # only %, CR and LF were encoded: an escape sequence or a bidi override went to the log raw
    name = "contacts/e\x1b[2Jred\u202e.md"
    root = write_vault(tmp_path / "v", {name: contact(list='"\\e]0;pwned\\a"')})
    monkeypatch.chdir(root)  # (the summary on stderr may be in colour on a terminal; the annotations never)
    result = CliRunner().invoke(cli, ["--vault", str(root), "lint", "--format", "github"], color=True)
    assert result.exit_code == 1
    assert "::error file=contacts/e\\x1b[2Jred\\u202e.md,line=3" in result.stdout
    assert not set(result.stdout) & {"\x1b", "\x07", "\u202e"}


@pytest.mark.parametrize("week", ["٢٠٢٦-W05", "2026-W٠٥", "２０２６-W05"])
def test_dashboard_week_takes_only_ascii_digits(tmp_path: Path, week: str) -> None:
    # `\d` matched any script's digits: the week was taken, as 2026-W05
    root = write_vault(tmp_path / "v", {})
    code, out = run(root, "dashboard", "--week", week)
    assert code == 2 and "expected an ISO week like 2026-W48" in out
    assert not (root / "dashboards").exists()


def _two_gib() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.parametrize("kind", ["link-to-dev-zero", "fifo", "link-outside"])
def test_hook_compares_staged_bytes_with_the_working_tree_by_the_vaults_rules(tmp_path: Path, kind: str) -> None:
    # to see whether a staged note differs from the working tree, the hook read the file through
    # any link and whatever it was: a link to /dev/zero ran out of memory, a FIFO hung
    repo, root = make_repo(tmp_path, {"contacts/Ada.md": contact("Ada")})
    note = root / "contacts" / "Zed.md"
    note.write_text(contact("Zed", list="Z"), "utf-8")
    git(repo, "add", "-A")
    note.unlink()
    if kind == "fifo":
        os.mkfifo(note)
    elif kind == "link-to-dev-zero":
        note.symlink_to("/dev/zero")
    else:
        (tmp_path / "outside.md").write_text(contact("Out"), "utf-8")
        note.symlink_to(tmp_path / "outside.md")
    done = subprocess.run(
        [sys.executable, "-m", "netmd", "--vault", str(root), "hook", "run"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **GIT_ENV},
        preexec_fn=_two_gib,  # (should it read /dev/zero again: a MemoryError, not the machine's memory)
    )
    assert done.returncode == 1, done.stderr
    assert "contacts/Zed.md:3:7: error NM203" in done.stdout and "internal error" not in done.stderr


def _special(path: Path, kind: str, outside: Path) -> None:
    """`path` made a FIFO, a link to /dev/zero, or a link to a file outside the vault."""
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        outside.write_text("[vault]\n" if path.suffix == ".toml" else '{"folder": "contacts"}', "utf-8")
        path.symlink_to(outside)


def _netmd(*args: str) -> subprocess.CompletedProcess[str]:
    """netmd in its own process, with 2 GiB of memory and 30 seconds at most."""
    return subprocess.run(
        [sys.executable, "-m", "netmd", *args], capture_output=True, text=True, timeout=30, preexec_fn=_two_gib
    )


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "outside"])
def test_a_netmd_toml_that_is_not_a_file_in_the_vault_is_a_config_error(tmp_path: Path, kind: str) -> None:
    # the config (and the cache's stamp of it) was read through anything: /dev/zero ran out of
    # memory, a FIFO hung, a link out of the vault was read
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact("Ada")})
    _special(root / "netmd.toml", kind, tmp_path / "outside.toml")
    done = _netmd("--vault", str(root), "lint")
    assert done.returncode == 2 and "internal error" not in done.stderr, done.stderr
    assert f"{root / 'netmd.toml'}: " in done.stderr and "not read" in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "outside"])
def test_an_obsidian_templates_setting_that_is_not_a_file_in_the_vault_is_left_alone(tmp_path: Path, kind: str) -> None:
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact("Ada", list="Z")})
    (root / ".obsidian").mkdir()
    _special(root / ".obsidian" / "templates.json", kind, tmp_path / "outside.json")
    done = _netmd("--vault", str(root), "lint")
    assert done.returncode == 1, done.stderr
    assert "contacts/Ada.md:3:7: error NM203" in done.stdout  # (the outside file's folder is not taken)
