"""The day's whole-vault answers (agenda, stats, network, dashboard) read only the notes'
facts: an edit that changes no fact keeps them, any edit that does computes them again."""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from netmd.build import scan as scan_mod
from netmd.cli import cli
from tests.conftest import SAMPLE, TODAY

MEETING = "meetings/2026-11-24 Daniel Kim.md"
EVERYDAY = {"agenda", "stats", "dashboard 2026-W48"}  # the answers `everyday` keeps


def netmd(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args])
    assert result.exit_code in (0, 1), result.output
    return result.output


def kept(root: Path) -> set[str]:
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    try:
        return {key for (key,) in db.execute("SELECT key FROM answers")}
    finally:
        db.close()


def fresh_answers(root: Path, scratch: Path) -> list[str]:
    """What a run with no cache answers for the vault as it is now."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".netmd"))
    return everyday(scratch)


def everyday(root: Path) -> list[str]:
    out = [netmd(root, *cmd) for cmd in (["agenda", "--format", "json"], ["stats", "--format", "json"])]
    netmd(root, "dashboard")
    return [*out, (root / "dashboards" / "2026-W48.md").read_text("utf-8")]


def retasked(root: Path) -> set[tuple[str, str]]:
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    try:
        return set(db.execute("SELECT key, path FROM retasked"))
    finally:
        db.close()


def sample(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(scan_mod, "RACY_NS", 0)  # (every edit below is seen by its signature)
    return Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))


def killed_before_the_vault_pass(root: Path, monkeypatch) -> None:
    """A refresh stopped by Ctrl-C once its note pass is written, as a killed run leaves it."""
    from netmd.build.refresh import Refresh
    from netmd.index import Index
    from netmd.vault import Vault

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m, Index(Vault(root)) as index:
        m.setattr(Refresh, "vault_rules", killed)
        try:
            index.refresh()
        except KeyboardInterrupt:
            return
    raise AssertionError("the refresh was not interrupted")


def test_an_edit_to_a_notes_text_keeps_the_days_answers(tmp_path, monkeypatch):
    root = sample(tmp_path, monkeypatch)
    before = everyday(root)
    assert kept(root) == EVERYDAY
    note = root / MEETING
    note.write_text(note.read_text() + "\nWe also talked about the weather.\n")
    netmd(root, "index")
    assert kept(root) == EVERYDAY  # to be read back, not computed again
    assert everyday(root) == before
    assert before == fresh_answers(root, tmp_path / "fresh")


def test_an_edit_only_the_method_rules_read_keeps_the_days_answers(tmp_path, monkeypatch):
    """A `netmd-disable` added changes the rules the note silences: the method rules read
    it, the answers do not."""
    root = sample(tmp_path, monkeypatch)
    before = everyday(root)
    note = root / MEETING
    note.write_text(note.read_text().replace("\n---\n", "\nnetmd-disable: [no-help-offered]\n---\n", 1))
    lint = netmd(root, "lint")
    assert kept(root) == EVERYDAY
    assert everyday(root) == before == fresh_answers(root, tmp_path / "fresh")
    assert "NM403" not in "".join(line for line in lint.splitlines() if MEETING in line)


def test_an_edit_to_a_fact_computes_them_again(tmp_path, monkeypatch):
    root = sample(tmp_path, monkeypatch)
    before = everyday(root)
    note = root / MEETING
    text = note.read_text()
    assert "thanked:" not in text
    note.write_text(text.replace("---\n", "---\nthanked: 2026-11-24\n", 1))
    netmd(root, "index")
    assert kept(root) == set()  # the facts changed: every answer goes
    after = everyday(root)
    assert after != before
    assert after == fresh_answers(root, tmp_path / "fresh")


def test_a_to_do_keeps_the_days_answers_and_adds_it_to_them(tmp_path, monkeypatch):
    """Its follow-ups alone changed: the answers kept are not computed again, their
    follow-ups are made again from the note's, and they are those of a run without cache."""
    from netmd import dashboard as board
    from netmd import method as methods

    root = sample(tmp_path, monkeypatch)
    everyday(root)
    note = root / MEETING
    note.write_text(note.read_text() + "\n- [ ] Send Daniel the deck 📅 2026-11-25\n")
    netmd(root, "index")
    assert kept(root) == EVERYDAY
    assert retasked(root) == {(k, MEETING) for k in kept(root)}

    def computed(*args):
        raise AssertionError("computed again")

    with monkeypatch.context() as m:
        m.setattr(methods, "agenda", computed)
        m.setattr(methods, "stats", computed)
        m.setattr(board, "data", computed)
        after = everyday(root)
    assert retasked(root) == set()  # made again once, and kept
    assert "Send Daniel the deck" in after[0] and "Send Daniel the deck" in after[2]
    assert after == fresh_answers(root, tmp_path / "fresh")
    note.write_text(note.read_text().replace("- [ ] Send Daniel", "- [x] Send Daniel"))  # done
    after = everyday(root)
    assert "Send Daniel the deck" not in after[0] + after[2]
    assert after == fresh_answers(root, tmp_path / "fresh")


def test_kept_answers_not_of_netmds_shape_are_computed_again(tmp_path, monkeypatch):
    """A kept answer whose follow-ups are not netmd's (written by someone else) is not made
    again from them: it is computed anew, with no traceback."""
    from netmd.store.codec import seal
    from netmd.store.tables import set_counts

    root = sample(tmp_path, monkeypatch)
    before = everyday(root)
    note = root / MEETING
    note.write_text(note.read_text() + "\n- [ ] Send Daniel the deck 📅 2026-11-25\n")
    netmd(root, "index")
    shapes = {"agenda": {"follow_ups": "none"}, "dashboard 2026-W48": {"follow_ups": [{"due": 1, "line": 2}]}}
    with sqlite3.connect(root / ".netmd" / "index.sqlite") as db:
        for key, shape in shapes.items():
            db.execute("UPDATE answers SET value = ? WHERE key = ?", (seal(shape), key))
        set_counts(db)
    db.close()
    after = everyday(root)
    assert after != before
    assert after == fresh_answers(root, tmp_path / "fresh")


def test_a_run_killed_before_the_vault_pass_does_not_keep_stale_answers(tmp_path, monkeypatch):
    """A note left waiting by a killed run has lost its old facts: its new ones count as a change."""
    root = sample(tmp_path, monkeypatch)
    everyday(root)
    note = root / MEETING
    note.write_text(note.read_text().replace("type: meeting", "type: journal"))  # no facts any more
    killed_before_the_vault_pass(root, monkeypatch)
    assert everyday(root) == fresh_answers(root, tmp_path / "fresh")


def test_kept_answers_always_agree_with_a_run_without_cache(tmp_path, monkeypatch):
    """Random edits of text, facts, names and files: the answers read back or computed again
    are those of a fresh run."""
    root = sample(tmp_path, monkeypatch)
    rng = random.Random(11)
    notes = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md") if ".netmd" not in p.parts)
    notes = [p for p in notes if p.startswith(("meetings/", "contacts/"))]
    for step in range(24):
        path = root / rng.choice(notes)
        if not path.exists():
            continue
        text = path.read_text()
        action = rng.randrange(7)
        if action == 0:  # the text only
            path.write_text(text + f"\nA thought {step}.\n")
        elif action == 1:  # a task in the body: a fact, its follow-ups alone
            path.write_text(text + f"\n- [ ] call back 📅 2026-11-{10 + step}\n")
        elif action == 3:  # a task ticked, or none to tick
            path.write_text(text.replace("- [ ]", "- [x]", 1))
        elif action == 4:  # a task's day moved
            path.write_text(re.sub(r"📅 \d{4}-\d\d-\d\d", f"📅 2026-11-{12 + step}", text, count=1))
        elif action == 5:  # a contact's own follow-up day, or a field no meeting knows
            path.write_text(text.replace("---\n", f"---\nfollow_up: 2026-11-{10 + step}\n", 1))
        elif action == 2:  # a field
            path.write_text(text.replace("---\n", f"---\nthanked: 2026-11-{10 + step}\n", 1))
        else:
            path.unlink()
        assert everyday(root) == fresh_answers(root, tmp_path / "fresh"), f"step {step}: {action} {path.name}"


def test_an_answer_computed_while_another_process_changed_a_fact_is_not_kept(tmp_path, monkeypatch):
    from netmd.index import Index
    from netmd.vault import Vault

    root = sample(tmp_path, monkeypatch)
    netmd(root, "index")
    note = root / MEETING

    def meanwhile() -> str:  # another netmd indexes an edit while this one computes
        note.write_text(note.read_text().replace("---\n", "---\nthanked: 2026-11-24\n", 1))
        with Index(Vault(root)) as other:
            other.refresh()
        return "the answer of the facts before"

    with Index(Vault(root)) as index:
        index.refresh()
        assert index.answer("agenda", TODAY, meanwhile) == "the answer of the facts before"
    assert kept(root) == set()
    assert everyday(root) == fresh_answers(root, tmp_path / "fresh")
