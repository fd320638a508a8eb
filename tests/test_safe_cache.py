"""The cache is untrusted input: it runs no code, a damaged one answers as no cache would,
it is never written through a link out of the vault, and its workers die with their parent."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from netmd.store import codec, tables
from tests.conftest import SAMPLE, contact, in_folder, write_vault

DAY = ["--today", "2026-11-25"]
COMMANDS = [
    ["lint", "--format", "json"],
    ["lint", "{root}/meetings/2026-10-05 Maya Okafor.md"],
    ["search", "Maya"],
    ["agenda"],
    ["ls", "contact", "--format", "json"],
    ["export", "json"],
    ["path", "Initech"],
    ["show", "Maya", "Okafor"],
]


def run(root: Path, args: list[str]) -> tuple[int, str]:
    args = [a.replace("{root}", str(root)) for a in args]
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
        result = CliRunner().invoke(cli, ["--vault", str(root), *DAY, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def answers(root: Path) -> list[tuple[int, str]]:
    found = [run(root, [*args]) for args in COMMANDS]
    assert [code for code, _ in found] == [1, 0, 0, 0, 0, 0, 0, 0]  # (the vault has problems to find)
    return found


def sample(tmp_path: Path) -> Path:
    root = shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd"))
    broken = "---\ntype: meeting\ndate: 2026-11-03\nwith: ['[[Nobody]]', '[[Maya Okafor]]']\nrole: [\n---\n"
    (root / "meetings" / "2026-11-03 Broken.md").write_text(broken)
    (root / "contacts" / "Bad.md").write_text(contact(list="Z", status="odd") + "- [ ] call 📅 2026-11-01\n")
    assert Path(COMMANDS[1][1].replace("{root}", str(root))).is_file()
    return root


class Planted:
    """What a crafted pickle would run: it makes a folder."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.where),)


def test_a_cache_that_runs_code_when_unpickled_runs_nothing(tmp_path):
    root = sample(tmp_path)
    clean = answers(root)
    mark = tmp_path / "pwned"
    bomb = pickle.dumps(Planted(mark))
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    for table, column in [
        ("notes", "note"),
        ("notes", "entry"),
        ("notes", "problems"),
        ("derived", "facts"),
        ("derived", "vdiags"),
        ("mdiags", "diags"),
        ("answers", "value"),
    ]:
        db.execute(f"UPDATE {table} SET {column} = ?", (bomb,))
    db.commit()
    db.close()
    assert answers(root) == clean
    assert not mark.exists()


def test_the_cache_holds_no_pickle(tmp_path):
    root = sample(tmp_path)
    answers(root)
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    for table, column in [
        ("notes", "note"),
        ("notes", "entry"),
        ("derived", "facts"),
        ("mdiags", "diags"),
        ("answers", "value"),
    ]:
        for (blob,) in db.execute(f"SELECT {column} FROM {table}"):
            assert blob[4:5] in (b"\x01", b"\x02"), (table, column)  # MessagePack or JSON after the checksum
            codec.unseal(blob)


# -- tampering: each way of damaging a real cache, then the answers of a clean run ---------

TABLES = ["notes", "derived", "names", "links", "mdiags", "answers", "meta", "fts_state", "fts"]
JUNK: list[object] = [
    None,
    b"\x80\x04junk",
    os.urandom(64),
    7,
    -1,
    2**63 - 1,
    1.5,
    "",
    "junk",
    "x" * 1_000_000,
    b"",
    codec.seal(["a", "b"]),
    codec.EMPTY,
]
# Columns whose values are sealed, or that say when a note is read again (a value of the
# right type in a lookup column, `names.key` say, is not noticed: see the report).
COLUMNS = {
    "notes": ["size", "mtime", "ctime", "ino", "racy", "hash", "entry", "problems", "note"],
    "derived": ["vdiags", "facts", "done"],
    "mdiags": ["diags"],
    "answers": ["value", "day"],
    "meta": ["value"],
    "fts_state": ["hash"],
}


def tamper(db: sqlite3.Connection, rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        table = rng.choice(TABLES)
        db.execute(
            f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} ORDER BY random() LIMIT ?)",
            (rng.choice([1, 3, 1000]),),
        )
        return f"rows deleted from {table}"
    if kind == 1:
        table = rng.choice(TABLES)
        db.execute(f"DROP TABLE {table}")
        return f"{table} dropped"
    if kind == 2:
        table = rng.choice(list(COLUMNS))
        column = rng.choice(COLUMNS[table])
        value = rng.choice(JUNK)
        db.execute(
            f"UPDATE {table} SET {column} = ? WHERE rowid IN (SELECT rowid FROM {table} ORDER BY random() LIMIT ?)",
            (value, rng.choice([1, 5, 1000])),
        )
        return f"{table}.{column} = {str(value)[:20]!r}"
    if kind == 3:
        key = rng.choice(["stamp", "file", "rows", "generation", "method-day", "building", "folders"])
        if rng.random() < 0.5:
            db.execute("DELETE FROM meta WHERE key = ?", (key,))
            return f"meta {key} deleted"
        value = rng.choice(["", "0", "junk", "2026-11-25", "999999999999999999999", "1,2,3"])
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        return f"meta {key} = {value!r}"
    if kind == 4:
        db.execute(
            rng.choice(
                [
                    "CREATE TRIGGER t AFTER INSERT ON notes BEGIN DELETE FROM names; END",
                    "CREATE VIEW v AS SELECT 1",
                    "DROP INDEX names_key",
                    "CREATE TABLE extra(x)",
                    "INSERT INTO names VALUES (1, 'maya okafor', 'contacts/Nobody.md')",
                    "INSERT INTO derived VALUES ('contacts/Nobody.md', x'00', x'00', 1)",
                ]
            )
        )
        return "schema or rows added"
    db.execute(f"PRAGMA user_version = {rng.choice([0, 1, 19, 99])}")
    return "user_version changed"


def test_a_tampered_cache_gives_the_answers_of_a_clean_run(tmp_path):
    """Many caches, each damaged in a few random ways (rows deleted, tables dropped, columns
    filled with junk of every type, meta keys changed, triggers and views added): every
    command answers exactly as a clean run does, and nothing is printed as a traceback."""
    root = sample(tmp_path)
    clean = answers(root)
    folder = root / ".netmd"
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    rng = random.Random(13)
    for round in range(30):
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)  # (a copy has another inode: made again unless told so)
        db = sqlite3.connect(folder / "index.sqlite")
        db.execute("UPDATE meta SET value = ? WHERE key = 'file'", (str(os.stat(folder / "index.sqlite").st_ino),))
        db.commit()
        done = []
        for _ in range(rng.randrange(1, 4)):
            try:
                done.append(tamper(db, rng))
                db.commit()
            except sqlite3.Error as e:  # refused by SQLite (a STRICT table, a table already dropped)
                db.rollback()
                done.append(f"refused: {e}")
        db.close()
        for args, expected in zip(COMMANDS, clean):
            assert run(root, args) == expected, (round, done, args)


@pytest.mark.parametrize("where", ["../secret.md", "contacts/../../secret.md", "{outside}/secret.md"])
def test_a_note_the_cache_places_outside_the_vault_is_never_read(tmp_path, where):
    """A crafted row naming a note outside the vault (a `..` path, an absolute one) is no note:
    the index is made again, and nothing of the file is read, searched or listed."""
    root = sample(tmp_path)
    clean = answers(root)
    (tmp_path / "secret.md").write_text("---\ntype: contact\nlist: A\n---\nTOPSECRET\n")
    path = where.replace("{outside}", str(tmp_path))
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    db.execute(
        "INSERT INTO notes SELECT ?, size, mtime, ctime, ino, 1, hash, type, entry, problems, note FROM notes "
        "WHERE path = 'contacts/Maya Okafor.md'",
        (path,),
    )
    db.execute(
        "INSERT INTO derived SELECT ?, vdiags, facts, done FROM derived WHERE path = 'contacts/Maya Okafor.md'",
        (path,),
    )
    db.execute("INSERT OR REPLACE INTO meta VALUES ('rows', ?)", (tables.counts(db),))  # (no secret: as netmd counts)
    db.commit()
    db.close()
    assert answers(root) == clean
    assert run(root, ["search", "TOPSECRET"]) == (1, "no match\n")


def _tampered(root: Path, pristine: Path, table: str, column: str, change: Callable[[Any], Any], rows: int) -> None:
    """The cache as `pristine` holds it, with `change` made to the sealed values in `rows` rows
    of `table.column` (sealed again: the checksum is no secret), in place (its inode kept)."""
    folder = root / ".netmd"
    shutil.rmtree(folder)
    shutil.copytree(pristine, folder)
    db = sqlite3.connect(folder / "index.sqlite")
    db.execute("UPDATE meta SET value = ? WHERE key = 'file'", (str(os.stat(folder / "index.sqlite").st_ino),))
    for rowid, blob in db.execute(f"SELECT rowid, {column} FROM {table} ORDER BY rowid LIMIT ?", (rows,)).fetchall():
        db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (codec.seal(change(codec.unseal(blob))), rowid))
    db.commit()
    db.close()


def _thank_with(v: Any) -> Any:
    if "thank_yous" in v:  # (the agenda's)
        v["thank_yous"][0]["with"] = -1  # (was a list of paths)
    return v


def _first_path(v: Any) -> Any:
    v[1][0][0] = 3.0  # a diagnostic's path (was text)
    return v


def _note_day(v: Any) -> Any:
    for field in v[1]:
        if field[0] == "date":
            field[2][0] = 3.0  # a day number (was an integer)
    return v


@pytest.mark.parametrize(
    "table, column, change, args",
    [
        ("answers", "value", _thank_with, ["agenda"]),
        ("mdiags", "diags", _first_path, ["lint", "--format", "json"]),
        ("notes", "note", _note_day, ["ls", "meeting", "--format", "json"]),
    ],
)
def test_a_value_of_the_wrong_type_behind_a_good_checksum_gives_the_answer_of_a_clean_run(
    tmp_path, table, column, change, args
):
    """A value no check read caught (a crafted one) fails the command: it runs once more on a
    cache made anew from the notes, and answers as a clean run does."""
    root = sample(tmp_path)
    expected = run(root, args)
    answers(root)
    shutil.copytree(root / ".netmd", tmp_path / "pristine")
    _tampered(root, tmp_path / "pristine", table, column, change, 1000)
    assert run(root, args) == expected


SEALED = {
    "notes": ["entry", "problems", "note"],
    "derived": ["vdiags", "facts"],
    "mdiags": ["diags"],
    "answers": ["value"],
}
WRONG: list[object] = [3.0, -1, 2**40, "x", "", [], {}, [[]], None, True, float("nan")]


def _reshaped(value: Any, rng: random.Random) -> Any:
    """`value` with one leaf or branch of it, chosen by `rng`, in another shape."""
    if isinstance(value, (list, dict)) and value and rng.random() < 0.8:
        key = rng.choice(range(len(value)) if isinstance(value, list) else sorted(value))
        value[key] = _reshaped(value[key], rng)
        return value
    return rng.choice(WRONG)


def test_values_of_other_shapes_behind_a_good_checksum_never_give_an_internal_error(tmp_path):
    """Values reshaped at random and sealed as netmd seals: no traceback, no internal error,
    and every command ends as a clean run does. (A well-formed value in the wrong place may
    change an answer: the threat model says so.)"""
    root = sample(tmp_path)
    clean = [code for code, _ in answers(root)]
    shutil.copytree(root / ".netmd", tmp_path / "pristine")
    rng = random.Random(5)
    for round in range(12):
        table = rng.choice(sorted(SEALED))
        column = rng.choice(SEALED[table])
        _tampered(root, tmp_path / "pristine", table, column, lambda v: _reshaped(v, rng), 3)
        for args, code in zip(COMMANDS, clean):
            found, out = run(root, args)
            assert found == code and "internal error" not in out, (round, table, column, args, out)


def test_a_copied_or_cloned_cache_is_not_trusted(tmp_path):
    root = sample(tmp_path)
    clean = answers(root)
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    db.execute("UPDATE notes SET problems = ?", (codec.EMPTY,))  # well-formed, but not what the notes give
    db.execute("UPDATE derived SET vdiags = ?", (codec.EMPTY,))
    db.commit()
    db.close()
    moved = tmp_path / "copy"
    shutil.copy(root / ".netmd" / "index.sqlite", moved)
    os.replace(moved, root / ".netmd" / "index.sqlite")  # the same bytes, another file
    assert answers(root) == clean


def test_a_truncated_or_overwritten_cache_is_made_again(tmp_path):
    root = sample(tmp_path)
    clean = answers(root)
    path = root / ".netmd" / "index.sqlite"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert answers(root) == clean
    path.write_bytes(data[:100] + os.urandom(len(data) - 100))
    assert answers(root) == clean


def test_a_deleted_vault_rules_row_does_not_hide_a_broken_link(tmp_path):
    root = write_vault(
        tmp_path / "v", {"meetings/m.md": "---\ntype: meeting\ndate: 2026-11-01\nwith: ['[[Nobody]]']\n---\n"}
    )
    first = run(root, ["lint"])
    assert "NM301" in first[1]
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    db.execute("DELETE FROM derived")
    db.commit()
    db.close()
    assert run(root, ["lint"]) == first


def test_a_dropped_table_is_no_error(tmp_path):
    root = sample(tmp_path)
    clean = answers(root)
    for table in TABLES:
        db = sqlite3.connect(root / ".netmd" / "index.sqlite")
        db.execute(f"DROP TABLE IF EXISTS {table}")
        db.commit()
        db.close()
        assert answers(root) == clean, table


# -- lint FILE and a new note of the same name ---------------------------------------------


@pytest.mark.parametrize("first", ["lint", "lint FILE"])
@pytest.mark.parametrize("new", ["contacts/other/Ada.md", "people/Ada Again.md"])
def test_lint_file_and_lint_agree_after_a_new_note_takes_a_name(tmp_path, first, new):
    meeting = "---\ntype: meeting\ndate: 2026-11-01\nwith: ['[[Ada]]']\n---\n"
    old = (
        {"contacts/Ada.md": contact()} if "Again" not in new else {"contacts/Ada Lovelace.md": contact(aliases="[Ada]")}
    )
    root = write_vault(tmp_path / "v", {**old, "meetings/m.md": meeting})
    assert run(root, ["lint"])[0] == 0
    assert run(root, ["lint", "{root}/meetings/m.md"])[0] == 0
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    (root / new).write_text(contact(aliases="[Ada]") if "Again" in new else contact())
    order = [["lint"], ["lint", "{root}/meetings/m.md"]]
    if first == "lint FILE":
        order.reverse()
    outputs = [run(root, args) for args in order]
    whole = next(o for a, o in zip(order, outputs) if a == ["lint"])
    one = next(o for a, o in zip(order, outputs) if a != ["lint"])
    mine = [line for line in whole[1].splitlines() if line.startswith("meetings/m.md")]
    assert any("NM302" in line for line in mine)
    assert [line for line in one[1].splitlines() if line.startswith("meetings/")] == mine


# -- search reads only the vault, and not too much of it -----------------------------------


def test_search_reads_nothing_through_a_link_out_of_the_vault(tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text("zanzibar-secret\n")
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(name="Ada") + "zanzibar-inside\n"})
    os.symlink(secret, root / "contacts" / "x.md")
    os.symlink("/dev/zero", root / "contacts" / "zero.md")
    code, out = run(root, ["search", "zanzibar-secret"])
    assert code == 1 and "zanzibar" not in out
    code, out = run(root, ["search", "zanzibar-inside"])
    assert code == 0 and out.startswith("contacts/Ada.md:")


def test_search_does_not_index_a_file_larger_than_a_note_may_be(tmp_path):
    from netmd.parse.source import MAX_BYTES

    root = write_vault(tmp_path / "v", {"big.md": "needle\n" + "x" * MAX_BYTES, "small.md": "needle\n"})
    code, out = run(root, ["search", "needle"])
    assert code == 0 and out.splitlines() == ["small.md:1: needle"]


def test_the_first_search_after_a_cold_lint_finds_every_note(tmp_path):
    files = {f"contacts/P{i:04}.md": contact() + f"word{i % 7} common\n" for i in range(3000)}
    root = write_vault(tmp_path / "v", files)
    assert run(root, ["lint"])[0] == 0
    code, out = run(root, ["search", "--limit", "5000", "word3"])
    found = {line.split(":")[0] for line in out.splitlines()}
    assert found == {f"contacts/P{i:04}.md" for i in range(3000) if i % 7 == 3}
    (root / "contacts" / "P0003.md").write_text(contact() + "changed\n")
    (root / "contacts" / "P0010.md").unlink()
    code, out = run(root, ["search", "--limit", "5000", "word3"])
    assert {line.split(":")[0] for line in out.splitlines()} == found - {"contacts/P0003.md", "contacts/P0010.md"}
    assert run(root, ["search", "changed"])[1].startswith("contacts/P0003.md:")
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    assert db.execute("SELECT count(*) FROM fts").fetchone()[0] == 2999


# -- .netmd is the vault's own -------------------------------------------------------------


def _outside_untouched(outside: Path, before: dict[str, bytes]) -> None:
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


@pytest.mark.parametrize("link", [".netmd", ".netmd/.gitignore", ".netmd/index.sqlite", ".netmd/index.sqlite-wal"])
def test_the_cache_is_not_written_through_a_link_out_of_the_vault(tmp_path, link):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "target").write_bytes(b"")  # (SQLite makes an empty file a database)
    root = sample(tmp_path)
    clean = answers(root)
    shutil.rmtree(root / ".netmd")
    if link == ".netmd":
        os.symlink(outside, root / ".netmd")
    else:
        (root / ".netmd").mkdir()
        os.symlink(outside / ("missing" if link.endswith(".gitignore") else "target"), root / link)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    assert answers(root) == clean
    _outside_untouched(outside, before)


def test_the_cache_is_not_written_through_a_hard_link(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = sample(tmp_path)
    clean = answers(root)
    shutil.rmtree(root / ".netmd")
    (root / ".netmd").mkdir()
    (outside / "target").write_bytes(b"")
    os.link(outside / "target", root / ".netmd" / "index.sqlite")
    assert answers(root) == clean
    assert (outside / "target").read_bytes() == b""


# -- workers die with their parent ---------------------------------------------------------


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2, reason="Linux /proc, 2 cores")
def test_killing_a_cold_lint_leaves_no_worker_behind(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate

    root = tmp_path / "v"
    generate(root, 1000)  # about 4,300 notes: parsed by workers
    proc = subprocess.Popen(
        [sys.executable, "-m", "netmd", "--vault", str(root), "lint"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.01)
    assert workers, "the cold lint started no worker"
    time.sleep(0.2)
    workers |= _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, "workers outlived their parent"


def test_lint_file_does_not_walk_the_vault_for_a_file_that_is_not_a_note(tmp_path, monkeypatch):
    """An editor's swap file or atomic save changes the folder, not the notes: no walk."""
    from netmd.vault import Vault

    meeting = "---\ntype: meeting\ndate: 2026-11-01\nwith: ['[[Ada]]']\n---\n"
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": meeting})
    assert run(root, ["lint"])[0] == 0
    (root / "meetings" / ".m.md.swp").write_bytes(b"x")
    (root / "meetings" / "m.md.tmp").write_text(meeting)
    os.replace(root / "meetings" / "m.md.tmp", root / "meetings" / "m.md")
    walks = []
    real = Vault.paths
    monkeypatch.setattr(Vault, "paths", lambda self, read=None: walks.append(1) or real(self, read))
    assert run(root, ["lint", "{root}/meetings/m.md"])[0] == 0 and walks == []
    (root / "meetings" / "Ada.md").write_text(contact())  # a note: the vault is walked
    assert "NM302" in run(root, ["lint", "{root}/meetings/m.md"])[1] and walks


def test_a_process_on_an_old_config_writes_nothing_into_an_index_made_for_a_new_one(tmp_path):
    """A long-running netmd (an editor's server) opened the index; netmd.toml changed and another
    netmd made the index again for it. The first one, refreshing an edit under its old config,
    writes nothing there (an error says why) and learns that the config changed."""
    from netmd.errors import NetmdError
    from netmd.index import Index
    from netmd.vault import Vault

    root = write_vault(tmp_path / "v", {"contacts/A.md": contact() + "Ask [[Nobody]].\n"})
    with Index(Vault(root)) as old:
        old.refresh()
        assert not old.store.config_changed()
        (root / "netmd.toml").write_text('[lint]\nunresolved-mention = "off"\n', "utf-8")
        assert old.store.config_changed()
        assert "Nobody" not in run(root, ["lint"])[1]  # (made again for the new config)
        (root / "contacts" / "A.md").write_text(contact() + "Ask [[Nobody]] again.\n", "utf-8")
        with pytest.raises(NetmdError, match="netmd.toml: changed while this netmd ran"):
            old.refresh()
    assert "Nobody" not in run(root, ["lint"])[1]
