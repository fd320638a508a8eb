"""`netmd export`: vCard, iCalendar and JSON, read back with vobject, icalendar and json."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import CliRunner

from netmd.cli import cli
from netmd.index import Index
from netmd.vault import Vault
from tests.conftest import SAMPLE, TODAY, write_vault


def export(root: Path, *args: str, today: dt.date = TODAY) -> bytes:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", today.isoformat(), "export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _machine_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's time zone, for vaults that name none: the same on every machine."""
    monkeypatch.setenv("TZ", "Europe/Berlin")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".netmd"))
    return root


def contacts_of(root: Path) -> dict[str, dict[str, object]]:
    """Each contact's name and the fields a vCard carries, with organizations by title."""
    with Index(Vault(root)) as index:
        index.refresh()
        names = index.names()
        titles = {e.path: e.name for e in index.entries()}
        out = {}
        for n in index.notes("contact"):
            org = n.get("organization")
            target = org[2:-2] if isinstance(org, str) else None
            found = names.resolve(target) if target else []
            out[titles[n.path]] = {
                "list": n.get("list"),
                "organization": titles[found[0].path] if found else None,
                **{k: n.get(k) for k in ("role", "email", "phone", "linkedin", "website", "tags")},
            }
    return out


def test_vcard_export_reads_back_with_vobject(sample):
    cards = list(vobject.readComponents(export(sample, "vcard").decode()))
    by_name = {c.fn.value: c for c in cards}
    assert len(cards) == len(list((sample / "contacts").glob("*.md")))
    assert all(c.version.value == "3.0" and c.fn.value for c in cards)
    aisha = by_name["Aisha Rahman"]
    assert aisha.org.value == ["Northwind Traders"]
    assert aisha.title.value == "Staff Engineer"
    assert aisha.email.value == "aisha.rahman@example.com"
    assert aisha.n.value.family == "Rahman" and aisha.n.value.given == "Aisha"
    assert aisha.contents["x-netmd-list"][0].value == "B"
    assert aisha.note.value == "# Aisha Rahman\n\nFormer colleague; now leads the platform guild."
    assert len({c.uid.value for c in cards}) == len(cards)


def test_vcard_round_trip_into_an_empty_vault(sample, tmp_path):
    vcf = tmp_path / "contacts.vcf"
    vcf.write_bytes(export(sample, "vcard"))
    empty = write_vault(tmp_path / "empty", {})
    result = CliRunner().invoke(cli, ["--vault", str(empty), "--today", "2026-11-25", "import", "vcard", str(vcf)])
    assert result.exit_code == 0, result.output
    assert contacts_of(empty) == contacts_of(sample)
    again = CliRunner().invoke(cli, ["--vault", str(empty), "import", "vcard", str(vcf)])
    assert "0 new contacts, 0 new organizations, 0 merged" in again.output


def test_ics_export_reads_back_with_icalendar(sample):
    data = export(sample, "ics")
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    meetings = [e for e in events if "meeting with" in str(e["summary"])]
    assert len(meetings) == len(list((sample / "meetings").glob("*.md")))
    first = next(e for e in meetings if str(e["summary"]) == "Social meeting with Maya Okafor")
    assert first.decoded("dtstart") == dt.datetime(2026, 10, 5, 18, 30, tzinfo=BERLIN)
    assert first.decoded("duration") == dt.timedelta(minutes=30)
    assert str(first["location"]) == "Her kitchen"
    follow_ups = [e for e in events if e not in meetings]
    assert follow_ups and all(type(e.decoded("dtstart")) is dt.date for e in follow_ups)
    assert all(e.decoded("dtend") - e.decoded("dtstart") == dt.timedelta(days=1) for e in follow_ups)
    assert b"DTSTART;VALUE=DATE:" in data
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert export(sample, "ics") == data  # same vault and --today: the same bytes
    later = icalendar.Calendar.from_ical(export(sample, "ics", today=TODAY + dt.timedelta(days=3)))
    assert {str(e["uid"]) for e in later.walk("VEVENT")} == set(uids)  # stable: a re-import updates


def test_ics_todos(sample):
    cal = icalendar.Calendar.from_ical(export(sample, "ics", "--todos"))
    todos = cal.walk("VTODO")
    assert todos and all(type(t.decoded("due")) is dt.date for t in todos)
    assert not [e for e in cal.walk("VEVENT") if "meeting with" not in str(e["summary"])]


def test_a_meeting_without_time_is_an_all_day_event(vault):
    root = vault(
        {
            "contacts/Ada.md": "---\ntype: contact\nlist: B\n---\n",
            "meetings/m.md": '---\ntype: meeting\ndate: 2026-11-20\nwith: ["[[Ada]]"]\nduration: 45\n---\n',
            "meetings/n.md": (
                '---\ntype: meeting\ndate: 2026-11-21\ntime: "09:15"\nwith: ["[[Ada]]"]\nduration: 45\n---\n'
            ),
        }
    )
    events = {
        str(e["description"]).split("netmd: ")[1]: e
        for e in icalendar.Calendar.from_ical(export(root, "ics")).walk("VEVENT")
    }
    assert events["meetings/m.md"].decoded("dtstart") == dt.date(2026, 11, 20)
    assert events["meetings/n.md"].decoded("dtstart") == dt.datetime(2026, 11, 21, 9, 15, tzinfo=BERLIN)
    assert events["meetings/n.md"].decoded("duration") == dt.timedelta(minutes=45)


def test_json_export_has_every_note_with_links_and_tasks(sample):
    notes = json.loads(export(sample, "json"))
    paths = sorted(str(p.relative_to(sample)) for p in sample.rglob("*.md") if ".obsidian" not in p.parts)
    assert sorted(n["path"] for n in notes) == [p for p in paths if not p.startswith(("dashboards/", "Templates/"))]
    aisha = next(n for n in notes if n["path"] == "contacts/Aisha Rahman.md")
    assert aisha["type"] == "contact" and aisha["fields"]["created"] == "2026-10-01"
    assert {
        "target": "Northwind Traders",
        "field": "organization",
        "line": 4,
        "resolves_to": "organizations/Northwind Traders.md",
    } in aisha["links"]
    journal = next(n for n in notes if n["path"] == "Journal/2026-11-20.md")
    assert journal["type"] is None and journal["tasks"][0]["due"] == "2026-11-30"


@pytest.mark.parametrize("with_", ["Ada", '[Ada, "[[Ada]]"]'])  # bare alone; beside a [[link]], the link
def test_json_export_counts_a_bare_name_in_a_link_field_as_a_link(vault, with_):
    meeting = f"---\ntype: meeting\ndate: 2026-11-20\nwith: {with_}\n---\n"
    root = vault({"contacts/Ada.md": "---\ntype: contact\nlist: B\n---\n", "meetings/m.md": meeting})
    exported = next(n for n in json.loads(export(root, "json")) if n["path"] == "meetings/m.md")
    assert exported["links"] == [{"target": "Ada", "field": "with", "line": 4, "resolves_to": "contacts/Ada.md"}]


def test_output_file(sample, tmp_path):
    out = tmp_path / "out" / "contacts.vcf"
    out.parent.mkdir()
    result = CliRunner().invoke(cli, ["--vault", str(sample), "export", "vcard", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_bytes().startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert [p.name for p in out.parent.iterdir()] == ["contacts.vcf"]  # no temporary file left
