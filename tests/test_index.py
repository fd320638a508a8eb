"""The cache in .netmd/: incremental, exact, and only ever a cache (promise 6)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netmd import index as index_mod
from netmd.build import check as check_mod
from netmd.build import fanout, refresh
from netmd.build import plan as plan_mod
from netmd.build import scan as scan_mod
from netmd.lint import run
from netmd.store import codec, tables
from netmd.store import db as db_mod
from netmd.store import mdiags as mdiags_mod
from netmd.vault import Vault
from tests.conftest import DEFECTS, SAMPLE, TODAY, contact, write_vault

MEETING = '---\ntype: meeting\ndate: 2026-12-01\nwith: ["[[{}]]"]\n---\n'


def lint(root, only=None):
    diags, _ = run(Vault(root), TODAY, only)
    return [(d.path, d.line, d.col, d.code) for d in diags]


@pytest.fixture
def parsed(monkeypatch):
    """The paths the index parses, in order."""
    seen: list[str] = []
    real = scan_mod.parse

    def spy(path, data, fields):
        seen.append(path)
        return real(path, data, fields)

    monkeypatch.setattr(scan_mod, "parse", spy)
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)  # files written in a test are all "racy" otherwise
    return seen


def test_only_changed_notes_are_parsed_again(tmp_path, parsed):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    assert lint(root) == [] and sorted(parsed) == ["contacts/Ada.md", "meetings/m.md"]
    parsed.clear()
    assert lint(root) == [] and parsed == []
    (root / "meetings" / "m.md").write_text(MEETING.format("Bob"))  # edit
    assert lint(root) == [("meetings/m.md", 4, 9, "NM301")] and parsed == ["meetings/m.md"]
    parsed.clear()
    (root / "contacts" / "Bob.md").write_text(contact())  # add: the meeting's link now resolves
    assert lint(root) == [] and parsed == ["contacts/Bob.md"]
    parsed.clear()
    (root / "contacts" / "Bob.md").rename(root / "contacts" / "Robert.md")  # rename
    assert lint(root) == [("meetings/m.md", 4, 9, "NM301")] and parsed == ["contacts/Robert.md"]
    (root / "contacts" / "Robert.md").unlink()  # delete
    assert lint(root) == [("meetings/m.md", 4, 9, "NM301")]


def test_edit_with_restored_size_and_mtime_is_seen(tmp_path):
    # as a user would: the change time (which nobody can set back) or the racy re-check catches it
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(list="A")})
    path = root / "contacts" / "Ada.md"
    before = path.stat()
    assert lint(root) == []
    path.write_text(contact(list="Z"))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert lint(root) == [("contacts/Ada.md", 3, 7, "NM203")]


def test_racy_files_are_compared_again(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(list="A")})
    assert lint(root) == []
    (root / "contacts" / "Ada.md").write_text(contact(list="Z"))  # within the racy window: still seen
    assert lint(root) == [("contacts/Ada.md", 3, 7, "NM203")]


def test_corrupt_cache_is_rebuilt_with_the_same_results(tmp_path):
    root = shutil.copytree(DEFECTS, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd"))
    first = lint(root)
    db = root / ".netmd" / "index.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (root / ".netmd" / f"index.sqlite{suffix}").unlink(missing_ok=True)
    assert lint(root) == first
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == tables.SCHEMA_VERSION


def test_cache_from_another_schema_version_is_rebuilt(tmp_path):
    root = shutil.copytree(DEFECTS, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd"))
    first = lint(root)
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    db.execute("UPDATE notes SET problems = ?", (codec.EMPTY,))  # an old cache that knows nothing
    db.execute("UPDATE derived SET vdiags = ?", (codec.EMPTY,))
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    assert lint(root) == first


def test_an_earlier_index_of_smaller_pages_is_made_again_with_the_pages_of_now(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(list="Z")})
    path = root / ".netmd" / "index.sqlite"
    path.parent.mkdir()
    old = sqlite3.connect(path)
    old.execute("PRAGMA page_size = 4096")
    old.execute("CREATE TABLE notes(path TEXT PRIMARY KEY)")  # what an earlier netmd left
    old.execute("PRAGMA user_version = 15")
    old.commit()
    old.close()
    assert lint(root) == [("contacts/Ada.md", 3, 7, "NM203")]
    made = sqlite3.connect(path)
    assert made.execute("PRAGMA page_size").fetchone()[0] == db_mod.PAGE_BYTES
    assert made.execute("PRAGMA user_version").fetchone()[0] == tables.SCHEMA_VERSION


def test_config_change_invalidates_the_cache(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(role="x", hobby="chess")})
    assert lint(root) == [("contacts/Ada.md", 5, 1, "NM204")]
    (root / "netmd.toml").write_text('[lint]\nunknown-field = "off"\n')
    assert lint(root) == []


def test_deleting_the_cache_loses_nothing(tmp_path):
    root = shutil.copytree(SAMPLE, tmp_path / "v")
    first = lint(root)
    shutil.rmtree(root / ".netmd", ignore_errors=True)
    assert lint(root) == first


def test_unwritable_cache_folder_means_no_cache(tmp_path):
    root = write_vault(tmp_path / "v", {"meetings/m.md": MEETING.format("Nobody")})
    (root / ".netmd").write_text("a file where the folder should be")
    assert lint(root) == [("meetings/m.md", 4, 9, "NM301")]
    assert (root / ".netmd").read_text() == "a file where the folder should be"


def test_read_only_vault_is_linted_without_writing(tmp_path):
    """A folder without write bits is not written to, even by root (who could)."""
    root = write_vault(tmp_path / "v", {"meetings/m.md": MEETING.format("Nobody")})
    root.chmod(0o555)
    try:
        assert lint(root) == [("meetings/m.md", 4, 9, "NM301")]
        assert sorted(p.name for p in root.iterdir()) == ["meetings", "netmd.toml"]
    finally:
        root.chmod(0o755)


def test_one_file_does_not_walk_the_vault(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    lint(root)
    walks = []
    real = Vault.paths
    monkeypatch.setattr(Vault, "paths", lambda self: walks.append(1) or real(self))
    assert lint(root, {"meetings/m.md"}) == [] and walks == []


def test_one_file_walks_when_a_link_is_new(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    lint(root)
    (root / "contacts" / "Bob.md").write_text(contact())  # not indexed yet
    (root / "meetings" / "m.md").write_text(MEETING.format("Bob"))
    assert lint(root, {"meetings/m.md"}) == []
    (root / "contacts" / "Bob.md").unlink()  # the index still knows Bob: the hook must not trust it
    assert lint(root, {"meetings/m.md"}) == [("meetings/m.md", 4, 9, "NM301")]


def test_names_changed_by_one_file_reach_the_next_full_run(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    assert lint(root) == []
    (root / "contacts" / "Ada.md").unlink()
    (root / "contacts" / "Ada2.md").write_text(contact(email="x@y.z"))
    assert lint(root, {"contacts/Ada2.md"}) == []
    assert lint(root) == [("meetings/m.md", 4, 9, "NM301")]


def test_four_processes_on_a_cold_cache_agree(tmp_path):
    root = shutil.copytree(DEFECTS, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd"))
    cmd = [sys.executable, "-m", "netmd", "--vault", str(root), "--today", "2026-11-25", "lint", "--format", "json"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [1, 1, 1, 1]
    assert all("locked" not in err and "Traceback" not in err for _, err in outputs)
    assert len({out for out, _ in outputs}) == 1
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.stdout == outputs[0][0]


def test_progress_is_reported_while_many_notes_are_parsed(tmp_path, monkeypatch):
    from netmd.index import Index

    root = write_vault(tmp_path / "v", {f"contacts/C{i}.md": contact() for i in range(30)})
    monkeypatch.setattr(refresh, "PROGRESS_FROM", 10)
    monkeypatch.setattr(fanout, "BATCH", 8)
    seen: list[tuple[int, int]] = []
    with Index(Vault(root), progress=lambda done, total: seen.append((done, total))) as index:
        index.refresh()
    assert seen == [(8, 30), (16, 30), (24, 30), (30, 30)]


def test_a_vault_without_write_bits_is_not_written_even_by_root(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Nobody")})
    os.chmod(root, 0o555)
    try:
        assert lint(root) == [("meetings/m.md", 4, 9, "NM301")]
        assert sorted(p.name for p in root.iterdir()) == ["contacts", "meetings", "netmd.toml"]
    finally:
        os.chmod(root, 0o755)


def test_an_edit_that_keeps_the_names_does_not_redo_every_link(tmp_path, monkeypatch):
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)  # every edit here changes the size: no racy re-reads
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    lint(root)
    (root / "contacts" / "Ada.md").write_text(contact(role="Engineer"))  # same name, email, aliases
    assert lint(root, {"contacts/Ada.md"}) == []
    calls = []
    real = refresh.Refresh.vault_rules
    monkeypatch.setattr(refresh.Refresh, "vault_rules", lambda self, paths: calls.append(paths) or real(self, paths))
    (root / "meetings" / "m.md").write_text(MEETING.format("Ada") + "Notes.\n")
    assert lint(root) == []
    assert calls == [["meetings/m.md"]]  # only the changed note, not every note


def test_a_new_name_reaches_only_the_notes_that_link_to_it(tmp_path, monkeypatch):
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)
    files = {f"meetings/m{i}.md": MEETING.format("Ada") for i in range(5)}
    files |= {"meetings/other.md": MEETING.format("Bob"), "contacts/Bob.md": contact()}
    root = write_vault(tmp_path / "v", files)
    assert {d[3] for d in lint(root)} == {"NM301"}
    calls = []
    real = refresh.Refresh.vault_rules
    monkeypatch.setattr(refresh.Refresh, "vault_rules", lambda self, paths: calls.append(paths) or real(self, paths))
    (root / "contacts" / "Ada.md").write_text(contact())
    assert lint(root) == []
    assert calls == [["contacts/Ada.md", *(f"meetings/m{i}.md" for i in range(5))]]  # not other.md, not Bob


def _random_vault_step(rng, root):
    """One edit a user could make: add, edit, rename or delete a contact or meeting, or change
    what a contact is called (a name, an alias, an email, its type)."""
    people = sorted(p.stem for p in (root / "contacts").glob("*.md"))
    names = ["Ada", "Bob", "Cy", "Dee", "Eve"]
    action = rng.randrange(6)
    if action == 0 or not people:
        extra = rng.choice(["", "email: a@x.org\n", "email: a@x.org\n", "aliases: [Eve]\n", "name: Cy\n", "type: org"])
        text = "---\ntype: organization\n---\n" if extra.startswith("type") else "---\n" + extra + contact()[4:]
        (root / "contacts" / f"{rng.choice(names)}.md").write_text(text)
    elif action == 1:
        (root / "contacts" / f"{rng.choice(people)}.md").unlink()
    elif action == 2:
        old = rng.choice(people)
        (root / "contacts" / f"{old}.md").rename(root / "contacts" / f"{rng.choice(names)}.md")
    else:
        body = "".join(f"See [[{rng.choice(names)}]].\n" for _ in range(rng.randrange(3)))
        meeting = MEETING.replace("2026-12-01", rng.choice(["2026-11-20", "2026-12-01"]))
        if rng.random() < 0.3:  # a bare name in a link field is a link too
            meeting = meeting.replace('["[[{}]]"]', "{}")
        (root / "meetings" / f"m{rng.randrange(4)}.md").write_text(meeting.format(rng.choice(names)) + body)


def test_incremental_updates_always_agree_with_a_rebuild(tmp_path, monkeypatch):
    """Whatever a user does between two runs, the kept index answers as a fresh one would:
    diagnostics (vault rules included) and the method's facts."""
    import random

    from netmd.index import Index

    monkeypatch.setattr(scan_mod, "RACY_NS", 0)
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m0.md": MEETING.format("Ada")})
    rng = random.Random(7)

    def answers(r):
        with Index(Vault(r)) as index:
            index.refresh()
            diags = sorted(index.diagnostics()[0])
            method = index.facts(TODAY)
            facts = (sorted(method.contacts.items()), method.meetings, method.follow_ups, sorted(method.targets))
        return diags, repr(facts)  # meetings compare by identity: compare what they hold

    for step in range(150):
        _random_vault_step(rng, root)
        fresh = tmp_path / f"fresh{step}"
        shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".netmd"))
        kept, rebuilt = answers(root), answers(fresh)
        assert kept[0] == rebuilt[0], f"step {step}"
        assert kept[1] == rebuilt[1], f"step {step}"
        shutil.rmtree(fresh)


def test_a_cancelled_build_stops_between_batches_and_the_next_run_finishes_it(tmp_path, monkeypatch):
    from netmd.index import Index

    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Bob")})
    monkeypatch.setattr(fanout, "BATCH", 1)
    asked = []
    with Index(Vault(root), cancel=lambda: bool(asked.append(1)) or len(asked) > 1) as index:
        with pytest.raises(KeyboardInterrupt):
            index.refresh()
    made_late = {"names_key", "names_path", "links_key", "links_path"}

    def indexes() -> set[str]:
        with sqlite3.connect(root / ".netmd" / "index.sqlite") as db:
            return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}

    def table(sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(root / ".netmd" / "index.sqlite") as db:
            return db.execute(sql).fetchall()

    assert table("SELECT path FROM notes") == [("contacts/Ada.md",)]  # one batch written
    assert table("SELECT * FROM derived") == []  # its vault pass had not begun
    assert table("SELECT value FROM meta WHERE key = 'building'") == [("1",)]
    assert not made_late & indexes()  # a cold build makes them at the end
    assert lint(root) == [("meetings/m.md", 4, 9, "NM301")]
    assert made_late <= indexes()
    # the note of the first batch waited too: its facts are there (the meeting resolves Ada)
    assert table("SELECT path, done, facts IS NOT NULL FROM derived") == [
        ("contacts/Ada.md", 1, 1),
        ("meetings/m.md", 1, 1),
    ]
    assert table("SELECT value FROM meta WHERE key = 'building'") == []


def test_a_cold_build_is_over_only_when_no_note_waits(tmp_path):
    from netmd.index import Index

    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    assert lint(root) == []
    with Index(Vault(root)) as index:
        # another cold build is writing: Ada's note is in, her vault pass not yet
        index.db.execute("INSERT INTO meta VALUES ('building', '1')")
        index.db.execute("DELETE FROM derived WHERE path = 'contacts/Ada.md'")
        plan_mod.built(index.store)
        assert index.store.meta("building") == "1"
        assert plan_mod.pending(index.store) == {"contacts/Ada.md"}
        index.refresh()  # nothing changed on disk, but Ada waits: done now
        assert plan_mod.pending(index.store) == set()
        assert index.store.meta("building") is None
        assert index.db.execute("SELECT done FROM derived WHERE path = 'contacts/Ada.md'").fetchone() == (1,)


def test_an_index_held_by_another_writer_too_long_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from netmd.cli import cli

    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact()})
    assert lint(root) == []
    (root / "contacts" / "Bob.md").write_text(contact())
    monkeypatch.setattr(db_mod, "BUSY_MS", 200)
    other = sqlite3.connect(root / ".netmd" / "index.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
    try:
        result = CliRunner().invoke(cli, ["--vault", str(root), "lint"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1
    assert "another netmd process has been writing the index for 0.2 s; try again" in result.output
    assert "Traceback" not in result.output
    assert lint(root) == []  # the cache was not thrown away


def test_with_other_threads_running_the_workers_are_spawned_not_forked(tmp_path):
    """A forked child of a threaded process (`watch`) could inherit a lock held forever."""
    import threading

    from netmd.index import Index

    files = {f"contacts/P{i}.md": contact() for i in range(fanout.PARALLEL_FROM + 10)}
    root = write_vault(tmp_path / "v", {**files, "meetings/m.md": MEETING.format("Nobody")})
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()
    try:
        assert not fanout.can_fork()
        with Index(Vault(root)) as index:
            index.refresh()
            diags, count = index.diagnostics()
    finally:
        done.set()
        other.join()
    assert count == len(files) + 1
    assert [(d.path, d.code) for d in diags] == [("meetings/m.md", "NM301")]


def test_a_vault_folder_with_a_hash_and_spaces_in_its_name(tmp_path):
    """The workers open the index by URI: `#` and spaces in the vault's path are escaped."""
    files = {f"contacts/P{i}.md": contact() for i in range(fanout.PARALLEL_FROM + 10)}
    root = write_vault(tmp_path / "My Vault #1 ?x=y", {**files, "meetings/m.md": MEETING.format("Nobody")})
    assert fanout.can_fork()
    assert lint(root) == [("meetings/m.md", 4, 9, "NM301")]


def test_a_note_read_again_with_the_same_bytes_is_no_edit(tmp_path):
    """A touched file, or one re-read for being racy, keeps the day's answers and diagnostics."""
    from netmd.index import Index

    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    assert lint(root) == []
    with Index(Vault(root)) as index:
        day, generation = index.store.meta("method-day"), index.generation()
    os.utime(root / "meetings" / "m.md", ns=(1, 1))  # touched: same bytes, another signature
    assert lint(root, {"meetings/m.md"}) == []
    with Index(Vault(root)) as index:
        assert (index.store.meta("method-day"), index.generation()) == (day, generation)
        index.refresh()
        assert index.touched == set()


def test_linting_a_few_files_gives_what_the_whole_vault_gives_for_them(tmp_path, monkeypatch):
    """`lint FILE` on a new day or after an edit checks the method rules for that file only:
    the same diagnostics as a whole-vault run, without recomputing every note's."""
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    referral = "---\ntype: meeting\ndate: {}\nwith: {}\nreferrals: {}\nthanked: {}\noffered_help: Notes\n---\n"
    for name, fields in {  # Nadia is met after her referral (a meeting that only names her), Vera never
        "2026-10-01 Grace Liu": ("2026-10-01", "Grace Liu", '["[[Nadia Petrova]]", "[[Vera Quinn]]"]', "2026-10-01"),
        "2026-10-20 Nadia Petrova": ("2026-10-20", "Nadia Petrova", "[]", "2026-10-20"),
    }.items():
        (root / "meetings" / f"{name}.md").write_text(referral.format(*fields))
    (root / "contacts" / "Vera Quinn.md").write_text(contact())
    monkeypatch.setattr(mdiags_mod, "ROW", 2)  # rows of two: a note's may lie across two rows
    whole = lint(root)
    assert {d[3] for d in whole} == {"NM402", "NM403", "NM405", "NM406", "NM408", "NM409"}  # every method rule speaks
    waiting = [(d[0], d[1]) for d in whole if d[3] == "NM406"]
    assert waiting == [("meetings/2026-10-01 Grace Liu.md", 5)]  # Vera's referral only
    (root / "contacts" / "Tom Reyes.md").write_text((root / "contacts" / "Tom Reyes.md").read_text() + "\nMore.\n")
    paths = Vault(root).paths()
    one_by_one = {path: lint(root, {path}) for path in paths}  # the stored ones are stale: checked now
    after = lint(root)
    assert one_by_one == {path: [d for d in after if d[0] == path] for path in paths}
    stored = {path: lint(root, {path}) for path in paths}  # the day's, as stored by the whole run
    assert stored == one_by_one
    meetings = {p for p in paths if p.startswith("meetings/")}
    assert lint(root, meetings) == [d for d in after if d[0] in meetings]
    with index_mod.Index(Vault(root)) as index:
        assert index.store.meta("method-day") == TODAY.isoformat()
        method = [d for d in after if d[3] in {"NM402", "NM403", "NM405", "NM406", "NM408", "NM409"}]
        rows = mdiags_mod.rows(index.db, TODAY)
        assert len(method) > 4 and len(rows) > 2 and all(len(r.diags) <= 2 for r in rows)
        assert sorted((d[0], d[1], d[2], d[3]) for r in rows for d in r.diags) == sorted(method)


def test_the_facts_kept_are_those_the_notes_give(tmp_path):
    """The index computes a note's facts from the links its rules resolved: they must be what
    the note itself gives, with where its `type` is and the rules it silences (what the
    method rules read of a note)."""
    from netmd.context import Context
    from netmd.engine import severities
    from netmd.method import facts_of
    from netmd.parse import parse

    root = tmp_path / "vault"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".netmd"))
    (root / "meetings" / "Odd.md").write_text(
        '---\ntype: meeting\ndate: 2026-11-02\nwith: ["[[Nobody]]", Ada Lovelace, "[[Ada Lovelace|Ada]]"]\n'
        "referrals: []\nnetmd-disable: [no-help-offered]\n---\n",
        "utf-8",
    )
    vault = Vault(root)
    with index_mod.Index(vault) as index:
        index.refresh()
        names = index.names()
        ctx = Context(vault.config, TODAY, names)
        checked = 0
        for n in index.notes():
            fresh = parse(n.path, (root / n.path).read_bytes(), vault.config.fields)
            stored = index.facts_at([n.path])
            expected = facts_of(fresh, names)
            assert stored == ([expected] if expected else [])
            assert facts_of(n, names, ctx.links(n)) == expected
            if stored:
                assert stored[0].type_pos == fresh.fields["type"].key_pos
                checked += 1
        (odd,) = index.facts_at(["meetings/Odd.md"])
        assert odd.disabled == ("no-help-offered",) and odd.type_pos.line == 2
    assert checked > 40
    assert severities(vault.config, "method")


def test_a_note_deleted_while_its_vault_rules_ran_leaves_no_facts_behind(tmp_path, monkeypatch):
    """Another process deletes a note between this one reading it for the vault rules and
    writing what they found: nothing of it may stay (its facts would haunt the agenda)."""
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact(), "meetings/m.md": MEETING.format("Ada")})
    real = check_mod.vault_check

    done = []

    def meanwhile(config, names, rows):
        out = real(config, names, rows)
        if not done:  # the user deletes the meeting, and another netmd process sees it gone
            done.append(True)
            (root / "meetings" / "m.md").unlink()
            with index_mod.Index(Vault(root)) as other:
                other.refresh()
                assert other.db.execute("SELECT path FROM notes").fetchall() == [("contacts/Ada.md",)]
        return out

    monkeypatch.setattr(check_mod, "vault_check", meanwhile)
    with index_mod.Index(Vault(root)) as index:
        index.refresh()
        assert index.db.execute("SELECT path FROM derived").fetchall() == [("contacts/Ada.md",)]
        assert [f.path for f in index.facts_at(["contacts/Ada.md", "meetings/m.md"])] == ["contacts/Ada.md"]


def test_a_bare_name_in_a_link_field_is_checked_again_when_its_note_is_renamed(tmp_path, monkeypatch):
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)
    root = write_vault(
        tmp_path / "v",
        {"contacts/Ada.md": contact(), "meetings/m.md": "---\ntype: meeting\ndate: 2026-12-01\nwith: Ada\n---\n"},
    )
    assert lint(root) == []
    (root / "contacts" / "Ada.md").rename(root / "contacts" / "Bob.md")
    assert lint(root) == [("meetings/m.md", 4, 7, "NM301")]


def test_the_diagnostics_after_a_cold_build_are_those_a_warm_run_reads(tmp_path):
    """The diagnostics a cold build reports are those it stored: a later run reads the same."""
    root = Path(shutil.copytree(DEFECTS, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    with index_mod.Index(Vault(root)) as index:
        index.refresh()
        kept, count = index.diagnostics()
    with index_mod.Index(Vault(root)) as index:
        stored, again = index.diagnostics()
    assert sorted(kept) == sorted(stored) and count == again
    assert {d.code for d in kept} >= {"NM101", "NM102", "NM301", "NM303"}  # per-note and vault rules both
