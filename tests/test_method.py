"""Referral paths, agenda and stats: small graphs for the edge cases, golden output on sample-vault/."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from tests.conftest import SAMPLE, contact, write_vault

GOLDEN = Path(__file__).parent / "golden"
ORG = "---\ntype: organization\ntarget: true\n---\n"


def meeting(day: str, who: str, referrals: str = "") -> str:
    refs = f'referrals: ["[[{referrals}]]"]\n' if referrals else ""
    return f'---\ntype: meeting\ndate: {day}\nwith: ["[[{who}]]"]\nthanked: {day}\noffered_help: x\n{refs}---\n'


def path(root: Path, target: str, *args: str):
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "path", target, *args])


@pytest.fixture
def network(tmp_path: Path) -> Path:
    """You know Ann (List A) and met Bob; Ann referred you to Cy and Bob to Di, both at Acme; Di decides.
    Eve at Acme is known to nobody. Cy and Bob referred each other (a cycle); Fay refers herself."""
    files = {
        "organizations/Acme.md": ORG,
        "contacts/Ann.md": contact(list="A"),
        "contacts/Bob.md": contact(list="C", referred_by='"[[Cy]]"'),
        "contacts/Cy.md": contact(list="C", organization='"[[Acme]]"', role="Engineer", referred_by='"[[Ann]]"'),
        "contacts/Di.md": contact(list="C", organization='"[[Acme]]"', role="CTO", decision_maker="true"),
        "contacts/Eve.md": contact(list="C", organization='"[[Acme]]"', role="Recruiter"),
        "contacts/Fay.md": contact(list="C", referred_by='"[[Fay]]"', organization='"[[Nowhere]]"'),
        "meetings/m1.md": meeting("2026-11-01", "Bob", referrals="Di"),
    }
    return write_vault(tmp_path / "v", files)


def test_decision_maker_first_with_evidence(network):
    result = path(network, "Acme")
    assert result.exit_code == 0
    assert result.stdout == (
        "Referral chains to Acme\n"
        "1. Di, CTO (decision maker)\n"
        "   you\n"
        "   → Bob (met 2026-11-01)\n"
        "   → Di (referred by Bob on 2026-11-01)\n"
        "2. Cy, Engineer\n"
        "   you\n"
        "   → Ann (List A contact)\n"
        "   → Cy (referred by Ann)\n"
        "People at Acme with no chain yet: ask your List A and B contacts who knows them\n"
        "  Eve, Recruiter\n"
    )


def test_json(network):
    data = json.loads(path(network, "Acme", "--format", "json").stdout)
    assert [c["name"] for c in data["chains"]] == ["Di", "Cy"]
    assert data["chains"][0]["hops"] == [
        {"name": "Bob", "path": "contacts/Bob.md", "evidence": "met 2026-11-01"},
        {"name": "Di", "path": "contacts/Di.md", "evidence": "referred by Bob on 2026-11-01"},
    ]
    assert [p["name"] for p in data["approach"]] == ["Eve"]


def test_a_person_as_target_and_self_reference(network):
    assert path(network, "Fay").stdout == (
        "Referral chains to Fay\n  no path yet\n"
        "People with no chain yet: ask your List A and B contacts who knows them\n  Fay\n"
    )


def test_target_with_nobody(tmp_path):
    root = write_vault(tmp_path / "v", {"organizations/Acme.md": ORG})
    assert "nobody there in your vault yet" in path(root, "Acme").stdout


def test_typo_gets_did_you_mean_and_exit_1(network):
    result = path(network, "Acme Corp")
    assert result.exit_code == 1 and 'no contact or organization "Acme Corp"' in result.stderr
    result = path(network, "Acmee")
    assert result.exit_code == 1 and '(did you mean "Acme"?)' in result.stderr


CASES = {
    "path-verdant": ["path", "Verdant Grid"],
    "path-kestrel": ["path", "Kestrel Robotics"],
    "agenda": ["agenda"],
    "agenda-json": ["agenda", "--format", "json"],
    "stats": ["stats"],
    "stats-json": ["stats", "--format", "json"],
}


@pytest.mark.parametrize("name", CASES)
def test_golden_on_the_sample_vault(name, monkeypatch):
    monkeypatch.chdir(SAMPLE)  # paths print from the current folder, as in the README's tour
    result = CliRunner().invoke(cli, ["--vault", str(SAMPLE), "--today", "2026-11-25", *CASES[name]])
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, "utf-8")
    assert result.exit_code == 0, result.output
    assert result.stdout == golden.read_text("utf-8")


def test_agenda_follows_today(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/A.md": contact() + "- [ ] Call 📅 2026-11-25\n",
            "meetings/m.md": '---\ntype: meeting\ndate: 2026-11-26\ntime: "10:00"\nwith: ["[[A]]"]\n---\n',
        },
    )
    data = json.loads(
        CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "agenda", "--format", "json"]).stdout
    )
    assert [m["date"] for m in data["meetings"]] == ["2026-11-26"]
    assert [(f["text"], f["overdue"]) for f in data["follow_ups"]] == [("Call", False)]
    later = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-28", "agenda", "--format", "json"])
    data = json.loads(later.stdout)
    assert data["meetings"] == [] and data["thank_yous"][0]["overdue"] is False
    assert [(f["text"], f["overdue"]) for f in data["follow_ups"]] == [("Call", True)]


def test_stale_contact_by_cadence(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/A.md": contact(list="C", created="2026-09-01"),
            "contacts/B.md": contact(list="A", created="2026-09-01"),
            "meetings/m1.md": meeting("2026-10-01", "A"),
            "meetings/m2.md": meeting("2026-10-01", "B"),
        },
    )
    data = json.loads(
        CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", "agenda", "--format", "json"]).stdout
    )
    assert [(s["name"], s["days"], s["cadence"]) for s in data["stale"]] == [("A", 55, 30)]


def test_target_that_is_not_a_contact_or_organization(tmp_path):
    root = write_vault(tmp_path / "v", {"notes/Obsidian.md": "# The app\n"})
    result = path(root, "Obsidian")
    assert result.exit_code == 1
    assert (
        result.stderr == 'netmd: error: "Obsidian" is notes/Obsidian.md, which is not a contact or organization note\n'
    )


def test_names_need_no_quotes(network):
    spaced = write_vault(network.parent / "w", {"contacts/Ada Lovelace.md": contact(role="Analyst")})
    result = CliRunner().invoke(cli, ["--vault", str(spaced), "show", "Ada", "Lovelace"])
    assert result.exit_code == 0 and result.stdout.startswith("Ada Lovelace — contact, List B")


def test_facts_pack_to_plain_tuples_and_back_unchanged():
    """The index stores the facts as plain tuples, sealed as JSON: every kind of fact of the sample
    vault comes back equal through the cache's own codec."""
    from netmd.method import facts_of, pack_facts
    from netmd.names import MemoryNames, entry
    from netmd.parse import parse
    from netmd.store.codec import facts as _facts
    from netmd.store.codec import seal, unseal

    notes = [parse(p.relative_to(SAMPLE).as_posix(), p.read_bytes()) for p in sorted(SAMPLE.rglob("*.md"))]
    names = MemoryNames(entry(n) for n in notes)
    facts = [f for f in (facts_of(n, names) for n in notes) if f is not None]
    assert all(any(getattr(f, kind) for f in facts) for kind in ("meeting", "contact", "target", "opportunity"))
    assert any(f.follow_ups for f in facts) and any(f.meeting and f.meeting.referrals for f in facts)
    for f in facts:
        packed = pack_facts(f)
        assert repr(_facts(unseal(seal(packed)))) == repr(f)  # the classes too
