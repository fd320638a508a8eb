"""Hostile pass on the day's answers kept across edits that change no fact: each answer read
back must be the one a run without a cache gives."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from netmd.build import plan
from netmd.build.refresh import Refresh
from netmd.index import Index
from netmd.method import agenda
from netmd.store import db as db_mod
from netmd.vault import Vault
from netmd.views import method_of
from tests.conftest import TODAY
from tests.test_answers_kept import (
    EVERYDAY,
    MEETING,
    everyday,
    fresh_answers,
    kept,
    killed_before_the_vault_pass,
    netmd,
    sample,
)
from tests.test_attack_kept_killed import lint


def test_an_edit_after_a_killed_run_still_drops_the_answers_of_the_facts_it_lost(tmp_path, monkeypatch):
    """A run killed after its note pass left the note waiting, its old facts gone; the next
    edit must not compare its new facts with that empty row (a meeting no more, still on the
    agenda: a stale answer for the rest of the day)."""
    root = sample(tmp_path, monkeypatch)
    everyday(root)
    assert kept(root) == EVERYDAY
    note = root / MEETING
    note.write_text(note.read_text().replace("type: meeting", "type: journal"))  # no facts any more
    killed_before_the_vault_pass(root, monkeypatch)
    note.write_text(note.read_text() + "\nA second thought.\n")  # edited again before any run
    netmd(root, "index")
    assert everyday(root) == fresh_answers(root, tmp_path / "fresh")


def test_broken_front_matter_after_a_killed_run(tmp_path, monkeypatch):
    """The same with YAML that stops parsing (no type: no facts), then a fix of a typo elsewhere."""
    root = sample(tmp_path, monkeypatch)
    everyday(root)
    note = root / MEETING
    good = note.read_text()
    note.write_text(good.replace("---\n", "---\nbroken: [\n", 1))
    killed_before_the_vault_pass(root, monkeypatch)
    note.write_text(good.replace("---\n", "---\nbroken: [ \n", 1))
    assert everyday(root) == fresh_answers(root, tmp_path / "fresh")


def test_an_answer_computed_while_another_process_waits_between_its_passes_is_not_kept(tmp_path, monkeypatch):
    """Another process has written its note pass of a text-only edit (the note waits, its facts
    empty) and not yet its vault pass: an answer computed then lacks that note, and its vault
    pass, finding the facts unchanged, would leave that answer for the rest of the day."""
    root = sample(tmp_path, monkeypatch)
    netmd(root, "index")
    note = root / MEETING
    with Index(Vault(root)) as index, Index(Vault(root)) as other:
        index.refresh()  # this process is up to date, then the other one starts
        note.write_text(note.read_text() + "\nWe also talked about the weather.\n")
        run = Refresh(other.store, None, None)
        held: list[list[str]] = []
        run.vault_rules = lambda paths, *a, **k: held.append(paths)  # type: ignore[method-assign]
        run.run(None)  # its note pass: the meeting waits
        assert held == [[MEETING]]
        index.answer("agenda", TODAY, lambda: agenda(method_of(index, TODAY)))
        run.marking = True
        Refresh.vault_rules(run, held[0])  # its vault pass: the facts did not change
    assert everyday(root) == fresh_answers(root, tmp_path / "fresh")


def test_edits_that_change_only_names_seen_from_other_notes(tmp_path, monkeypatch):
    """Held: an alias that makes a link ambiguous, a contact's type changed, a note of the
    same name in another folder, a contact's `name:` changed, a note re-created with the
    same bytes: each changes some note's facts, or none, and the answers follow."""
    root = sample(tmp_path, monkeypatch)
    everyday(root)
    edits = [
        lambda: (root / "Journal" / "Daniel.md").write_text("---\naliases: [Daniel Kim]\n---\n"),
        lambda: (root / "misc").mkdir() or (root / "misc" / "Daniel Kim.md").write_text("# another\n"),
        lambda: _replace(root / "contacts" / "Tom Reyes.md", "type: contact", "type: person"),
        lambda: _replace(root / "contacts" / "Grace Liu.md", "type: contact", "type: contact\nname: Gracie"),
        lambda: _recreate(root / "contacts" / "Aisha Rahman.md"),
        lambda: shutil.move(root / "misc" / "Daniel Kim.md", root / "misc" / "daniel kim.md"),
        lambda: (root / "netmd.toml").write_text((root / "netmd.toml").read_text() + "\n"),
    ]
    for i, edit in enumerate(edits):
        edit()
        assert everyday(root) == fresh_answers(root, tmp_path / "fresh"), f"edit {i}"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _recreate(path: Path) -> None:
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)


def test_method_diagnostics_judged_while_another_process_waits_between_its_passes(tmp_path, monkeypatch):
    """The same race for the day's method diagnostics: judged without the waiting note's facts,
    and the other process's vault pass done before they are kept, they must not be kept."""
    root = sample(tmp_path, monkeypatch)
    netmd(root, "index")
    note = root / MEETING
    with Index(Vault(root)) as index, Index(Vault(root)) as other:
        index.refresh()
        note.write_text(note.read_text() + "\nWe also talked about the weather.\n")
        run = Refresh(other.store, None, None)
        held: list[list[str]] = []
        run.vault_rules = lambda paths, *a, **k: held.append(paths)  # type: ignore[method-assign]
        run.run(None)
        judge = Index._method_check

        def judged_then_other_goes_on(self, *args, **kwargs):
            diags = judge(self, *args, **kwargs)
            run.marking = True
            Refresh.vault_rules(run, held[0])  # its vault pass, before these are kept
            return diags

        monkeypatch.setattr(Index, "_method_check", judged_then_other_goes_on)
        index.method_diagnostics(TODAY)
        monkeypatch.undo()
    fresh = Path(shutil.copytree(root, tmp_path / "fresh", ignore=shutil.ignore_patterns(".netmd")))
    assert lint(root) == lint(fresh)


@pytest.mark.parametrize("other_finishes", [False, True], ids=["other-killed", "other-finishes"])
def test_a_vault_pass_overlapped_by_another_process_leaves_its_notes_waiting(tmp_path, monkeypatch, other_finishes):
    """This process's vault pass has judged a note (a to-do added) when another process indexes
    a second edit of it (a field too), and is killed before its vault pass or finishes it;
    then this one writes what it made of the first edit. Its rows wait to be checked again:
    they are not left as done over the newer edit, and once quiet every answer is a fresh run's."""
    root = sample(tmp_path, monkeypatch)
    everyday(root)
    note = root / MEETING
    text = note.read_text()
    task = "\n- [ ] Send Daniel the deck 📅 2026-11-25\n"
    note.write_text(text + task)
    asked = []

    def cancel() -> bool:  # asked before each batch: the note pass's, then the vault pass's
        asked.append(1)
        if len(asked) == 2:
            note.write_text(text.replace("---\n", "---\nthanked: 2026-11-24\n", 1) + task)
            with monkeypatch.context() as m, Index(Vault(root)) as other:
                if not other_finishes:
                    m.setattr(Refresh, "vault_rules", _killed)
                try:
                    other.refresh()
                except KeyboardInterrupt:
                    pass
        return False

    with Index(Vault(root), cancel=cancel) as index:
        index.refresh()
        assert len(asked) >= 2
        assert MEETING in plan.pending(index.store)
    assert everyday(root) == fresh_answers(root, tmp_path / "fresh")


def _killed(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_an_answer_stands_when_another_process_holds_the_index_for_long(tmp_path, monkeypatch):
    """The answer is given, not kept, when the index stays locked past the wait (no error)."""
    monkeypatch.setattr(db_mod, "BUSY_MS", 50)
    root = sample(tmp_path, monkeypatch)
    netmd(root, "index")
    with Index(Vault(root)) as index:
        index.refresh()
        other = sqlite3.connect(root / ".netmd" / "index.sqlite", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            assert index.answer("agenda", TODAY, lambda: {"answered": True}) == {"answered": True}
        finally:
            other.rollback()
            other.close()
    assert "agenda" not in kept(root)


def test_only_the_follow_ups_of_any_answer_read_the_follow_ups(tmp_path, monkeypatch):
    """What lets a to-do keep the day's answers (`Index.answer`'s `retask`): with every note's
    follow-ups gone, the agenda and the dashboard's data differ in their follow-ups alone, and
    the stats and the network not at all."""
    from netmd.dashboard import data
    from netmd.graph import network
    from netmd.method import Method, stats

    with Index(Vault(sample(tmp_path, monkeypatch))) as index:
        index.refresh()
        facts = index.facts(TODAY)
        bare = Method(facts.names, facts.config, TODAY)
        for path in sorted(facts.titles):
            for f in index.facts_at([path]):
                bare.put(f._replace(follow_ups=()))
    assert any(agenda(facts)["follow_ups"]) and not any(agenda(bare)["follow_ups"])
    monday = dt.date(2026, 11, 23)
    for answer in (agenda, lambda m: data(m, network(m), monday)):
        full, without = answer(facts), answer(bare)
        assert {**full, "follow_ups": []} == {**without, "follow_ups": []}
    assert stats(facts) == stats(bare)
    assert network(facts) == network(bare)


def test_an_answer_stands_when_the_disk_is_full(tmp_path, monkeypatch):
    """Keeping it fails (the disk full): the answer is given, and the index is not made again."""
    root = sample(tmp_path, monkeypatch)
    netmd(root, "index")
    made = (root / ".netmd" / "index.sqlite").stat().st_ino
    with Index(Vault(root)) as index:
        index.refresh()
        pages = index.db.execute("PRAGMA page_count").fetchone()[0]
        index.db.execute(f"PRAGMA max_page_count = {pages}")  # (this connection: no page more)
        value = {"answered": "x" * 200_000}
        assert index.answer("agenda", TODAY, lambda: value) == value
    assert (root / ".netmd" / "index.sqlite").stat().st_ino == made
    assert "agenda" not in kept(root)


def test_a_kept_answer_that_is_not_netmds_is_computed_again_and_replaced(tmp_path, monkeypatch):
    root = sample(tmp_path, monkeypatch)
    before = everyday(root)
    with sqlite3.connect(root / ".netmd" / "index.sqlite") as db:
        db.execute("UPDATE answers SET value = ? WHERE key = 'agenda'", (b"\x00\x00\x00\x00 not sealed",))
    db.close()
    assert everyday(root) == before
    with sqlite3.connect(root / ".netmd" / "index.sqlite") as db:
        (value,) = db.execute("SELECT value FROM answers WHERE key = 'agenda'").fetchone()
    db.close()
    assert b"not sealed" not in value  # replaced by the answer computed again
