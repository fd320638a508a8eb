"""Issue 14, everyday commands: after an edit, `lint` judges again only the notes near it.

The method rules' diagnostics of the day are stored; an edit marks the notes whose facts
changed and those their old facts pointed at (`mdirty`), and the next whole-vault `lint`
computes the diagnostics of the notes two links around them, with the facts two links
further. What it prints must be what a run without a cache prints, whatever the edit.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd import index as index_mod
from netmd.build import scan as scan_mod
from netmd.cli import cli
from netmd.index import Index
from netmd.store import mdiags
from netmd.vault import Vault
from tests.conftest import SAMPLE, TODAY, contact, write_vault

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"


def _generate(root: Path, contacts: int) -> None:
    spec = importlib.util.spec_from_file_location("netmd_bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, contacts)


def lint_json(root: Path) -> str:
    """`lint --format json`, each diagnostic's `file` (where it is from here) left out."""
    result = CliRunner().invoke(cli, ["--vault", str(root), "lint", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return re.sub(r'"file": "[^"]*", ', "", result.output)


def without_cache(root: Path, scratch: Path) -> str:
    """What `lint` prints for the vault as it is now, from a copy with no index."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".netmd"))
    return lint_json(scratch)


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How each whole-vault computation of the method diagnostics went: "all" or "around"."""
    seen: list[str] = []
    real_all, real_again = Index._method_check, Index._judged_again

    def every(self, today, facts, extra):  # type: ignore[no-untyped-def]
        if facts is None:
            seen.append("all")
        return real_all(self, today, facts, extra)

    def around(self, today):  # type: ignore[no-untyped-def]
        found = real_again(self, today)
        if found is not None:
            seen.append("around")
        return found

    monkeypatch.setattr(Index, "_method_check", every)
    monkeypatch.setattr(Index, "_judged_again", around)
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)  # (no file is re-read for being racy: the runs stay alike)
    return seen


def _edit(rng: random.Random, root: Path) -> str:
    """One edit a user makes, chosen by `rng`; says which."""
    meetings = sorted((root / "meetings").iterdir())
    contacts = sorted((root / "contacts").iterdir())
    orgs = sorted((root / "organizations").iterdir())
    kind = rng.randrange(8)
    m, c, o = rng.choice(meetings), rng.choice(contacts), rng.choice(orgs)
    if kind == 0:  # a meeting now with someone else
        text = m.read_text("utf-8")
        other = rng.choice(contacts).stem
        m.write_text(text.replace("with:", f'with: ["[[{other}]]"]\nold_with:', 1), "utf-8")
    elif kind == 1:  # a contact paused: its meetings and referrals stop nagging
        c.write_text(c.read_text("utf-8").replace("---\n", "---\nstatus: paused\n", 1), "utf-8")
    elif kind == 2:  # a note deleted
        rng.choice([m, c, o]).unlink()
    elif kind == 3:  # a new meeting referring someone, held long ago, not thanked
        a, b = rng.choice(contacts).stem, rng.choice(contacts).stem
        (root / "meetings" / f"2025-03-0{rng.randrange(1, 9)} New {rng.randrange(10**6)}.md").write_text(
            f'---\ntype: meeting\ndate: 2025-03-03\nwith: ["[[{a}]]"]\nreferrals: ["[[{b}]]"]\n---\n', "utf-8"
        )
    elif kind == 4:  # an organization made a target
        o.write_text(o.read_text("utf-8").replace("---\n", "---\ntarget: true\n", 1), "utf-8")
    elif kind == 5:  # a contact renamed (its file): links to it break, or resolve by name
        c.rename(c.with_name(f"Renamed {rng.randrange(10**6)}.md"))
    elif kind == 6:  # a meeting thanked and written up
        text = m.read_text("utf-8").replace("---\n", "---\nthanked: 2026-01-01\noutcome: Done\n", 1)
        m.write_text(text, "utf-8")
    else:  # a contact given a name another note links by, and a decision maker
        c.write_text(c.read_text("utf-8").replace("---\n", "---\ndecision_maker: true\n", 1), "utf-8")
    return ("with", "paused", "deleted", "new", "target", "renamed", "thanked", "decides")[kind]


@pytest.mark.parametrize("row", [mdiags.ROW, 7])  # (rows of seven: an edit rewrites a few of many)
def test_lint_after_edits_is_what_a_run_without_a_cache_gives(
    tmp_path: Path, judged: list[str], row: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mdiags, "ROW", row)
    root = tmp_path / "v"
    _generate(root, 60)
    assert lint_json(root) == without_cache(root, tmp_path / "fresh")
    assert judged == ["all", "all"]  # (a cold build: every note, in both)
    rng = random.Random(14)
    for step in range(24):
        del judged[:]
        what = _edit(rng, root)
        assert lint_json(root) == without_cache(root, tmp_path / "fresh"), (step, what)
        assert judged[0] == "around", (step, what)  # only the notes near the edit were judged again


def test_an_edit_far_from_a_note_keeps_its_stored_diagnostics(tmp_path: Path, judged: list[str]) -> None:
    """The sample vault's diagnostics after an edit: the notes near it judged again, the
    rest read back as stored; nothing waits to be judged afterwards."""
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    before = lint_json(root)
    note = root / "contacts" / "Tom Reyes.md"
    note.write_text(note.read_text("utf-8") + "\nMore.\n", "utf-8")
    del judged[:]
    assert lint_json(root) == before == without_cache(root, tmp_path / "fresh")
    assert judged == ["around", "all"]  # (the copy without a cache: every note)
    with Index(Vault(root)) as index:
        assert index.db.execute("SELECT count(*) FROM mdirty").fetchone() == (0,)
    del judged[:]
    assert lint_json(root) == before
    assert judged == []  # read back as stored


def test_many_notes_marked_are_judged_all_again(tmp_path: Path, judged: list[str], monkeypatch) -> None:
    """Past `AGAIN_MOST` notes near the edits, every note is judged again (in workers)."""
    monkeypatch.setattr(index_mod, "AGAIN_MOST", 2)
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    lint_json(root)
    for name in ("Tom Reyes", "Grace Liu", "Nadia Petrova"):
        note = root / "contacts" / f"{name}.md"
        note.write_text(note.read_text("utf-8") + "\nMore.\n", "utf-8")
    del judged[:]
    assert lint_json(root) == without_cache(root, tmp_path / "fresh")
    assert judged == ["all", "all"]


def test_a_new_day_judges_every_note(tmp_path: Path, judged: list[str]) -> None:
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": "---\ntype: contact\n---\n"})
    lint_json(root)
    del judged[:]
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-26", "lint", "--format", "json"])
    assert result.exit_code in (0, 1)
    assert judged == ["all"]


def test_lint_file_after_an_edit_is_what_the_whole_vault_says_of_it(tmp_path: Path, judged: list[str]) -> None:
    """Marked notes waiting: `lint FILE` judges the file now, as the whole-vault run will."""
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    lint_json(root)
    meeting = sorted((root / "meetings").iterdir())[0]
    meeting.write_text(meeting.read_text("utf-8").replace("thanked:", "old_thanked:"), "utf-8")
    one = CliRunner().invoke(cli, ["--vault", str(root), "lint", "--format", "json", str(meeting)])
    whole = json.JSONDecoder().raw_decode(lint_json(root))[0]
    found = [{k: v for k, v in d.items() if k != "file"} for d in json.JSONDecoder().raw_decode(one.output)[0]]
    assert found and found == [d for d in whole if d["path"] == meeting.relative_to(root).as_posix()]


def test_an_edit_rewrites_only_the_rows_that_held_diagnostics_of_the_notes_judged(
    tmp_path: Path, judged: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day's method diagnostics are stored in rows; after an edit only the rows that held
    diagnostics of the notes judged again are written anew, and `lint FILE` reads what a run
    without a cache says of each note."""
    monkeypatch.setattr(mdiags, "ROW", 5)
    root = tmp_path / "v"
    _generate(root, 60)
    lint_json(root)
    with Index(Vault(root)) as index:
        before = dict(index.db.execute("SELECT rowid, diags FROM mdiags"))
    meeting = sorted((root / "meetings").iterdir())[3]
    meeting.write_text(meeting.read_text("utf-8").replace("---\n", "---\nthanked: 2026-01-01\n", 1), "utf-8")
    del judged[:]
    whole = lint_json(root)
    assert whole == without_cache(root, tmp_path / "fresh") and judged[0] == "around"
    with Index(Vault(root)) as index:
        after = dict(index.db.execute("SELECT rowid, diags FROM mdiags"))
    kept = {r: blob for r, blob in after.items() if before.get(r) == blob}
    written = set(after) - set(kept)
    assert len(kept) > len(before) // 2 and written  # most rows as they were; some written anew,
    assert min(written) > max(before)  # as new rows (not the whole table written again)
    rel = meeting.relative_to(root).as_posix()
    result = CliRunner().invoke(cli, ["--vault", str(root), "lint", "--format", "json", str(meeting)])
    assert result.exit_code in (0, 1), result.output
    one = json.loads(re.sub(r'"file": "[^"]*", ', "", result.stdout))
    every = json.loads(CliRunner().invoke(cli, ["--vault", str(root), "lint", "--format", "json"]).stdout)
    assert one == [{k: v for k, v in d.items() if k != "file"} for d in every if d["path"] == rel] != []


def test_two_runs_judging_the_same_edit_store_its_diagnostics_once(
    tmp_path: Path, judged: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two `lint`s at once after an edit: each judges the notes near it; the second to store
    finds them judged already and writes nothing (else every diagnostic would be there twice)."""
    monkeypatch.setattr(mdiags, "ROW", 1)  # (a row each: the rows written again lie among others)
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    before = lint_json(root)
    note = root / "meetings" / "2026-11-16 Omar Haddad.md"  # (its facts change; still no help offered)
    note.write_text(note.read_text("utf-8").replace("duration: 45", "duration: 40", 1), "utf-8")
    with Index(Vault(root)) as first, Index(Vault(root)) as second:
        first.refresh()
        second.refresh()
        one, two = first._judged_again(TODAY), second._judged_again(TODAY)
        assert one is not None and two is not None and one[0] == two[0]
        for index, (_, keep) in ((first, one), (second, two)):
            with index.store.write():
                keep()
    del judged[:]
    after = lint_json(root)
    assert judged == []  # read back as stored
    assert after == without_cache(root, tmp_path / "fresh") == before


MET = "---\ntype: meeting\ndate: 2026-11-20\nwith: ['[[{0}]]']\nthanked: 2026-11-21\n---\nMet [[{0}]].\n"
HINTS = {  # the vault before, then the change; a broken link's did-you-mean depends on every name
    "a note renamed away": ({"contacts/Charles Babbage.md": contact()}, "rename"),
    "a similar note added": ({}, "add"),
    "a first name's note added": ({}, "add first"),
    "an alias removed": ({"contacts/Ada.md": contact(aliases='["Charles Babbage"]')}, "unalias"),
}


@pytest.mark.parametrize("case", sorted(HINTS))
def test_a_broken_links_hint_follows_the_names_of_other_notes(tmp_path: Path, case: str) -> None:
    files, change = HINTS[case]
    target = "Charles" if change == "add first" else "Charles Babage"
    root = write_vault(tmp_path / "v", {**files, "meetings/2026-11-20 CB.md": MET.format(target)})
    lint_json(root)
    (root / "contacts").mkdir(exist_ok=True)
    if change == "rename":
        (root / "contacts" / "Charles Babbage.md").rename(root / "contacts" / "Zed.md")
    elif change == "add":
        (root / "contacts" / "Charles Babbage.md").write_text(contact())
    elif change == "add first":
        (root / "contacts" / "Charles Rahman.md").write_text(contact())
    else:
        (root / "contacts" / "Ada.md").write_text(contact())
    after = lint_json(root)
    assert after == without_cache(root, tmp_path / "fresh")
    assert ("did you mean" in after) == (change != "rename" and change != "unalias"), after


def test_lint_file_with_no_method_diagnostics_stored_is_what_the_whole_vault_says(tmp_path: Path) -> None:
    """Before any whole-vault `lint` (a fresh clone, the hook's first run), `lint FILE` judges
    the file by the facts two links around it: a target by its people's meetings (NM408)."""
    root = tmp_path / "v"
    _generate(root, 30)
    (root / "organizations" / "Kestrel.md").write_text("---\ntype: organization\ntarget: true\n---\n")
    (root / "contacts" / "Ingrid.md").write_text(contact(list="C", organization='"[[Kestrel]]"'))
    (root / "meetings" / "2026-11-20 Ingrid.md").write_text(MET.format("Ingrid"))
    whole = json.JSONDecoder().raw_decode(without_cache(root, tmp_path / "whole"))[0]
    picked = ["organizations/Kestrel.md", "contacts/Ingrid.md", "meetings/2026-11-20 Ingrid.md"]
    for folder in ("organizations", "contacts", "meetings"):
        picked += [p.relative_to(root).as_posix() for p in sorted((root / folder).iterdir())[:3]]
    for rel in picked:
        shutil.rmtree(root / ".netmd", ignore_errors=True)
        one = CliRunner().invoke(
            cli, ["--vault", str(root), "--today", TODAY.isoformat(), "lint", "--format", "json", str(root / rel)]
        )
        found = [{k: v for k, v in d.items() if k != "file"} for d in json.JSONDecoder().raw_decode(one.output)[0]]
        assert found == [d for d in whole if d["path"] == rel], rel
