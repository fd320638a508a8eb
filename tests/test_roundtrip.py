"""Export keeps what the vault says: export → import → export over the sample vault and a
generated 1,000-contact vault changes nothing, and two independent parsers read every export."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import CliRunner

from netmd.cli import cli
from netmd.index import Index
from netmd.vault import Vault
from tests.conftest import REPO, SAMPLE, TODAY, write_vault

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate  # noqa: E402

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def _machine_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def netmd(root: Path, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def contacts(root: Path) -> dict[str, tuple[dict[str, object], str]]:
    """Each contact's front matter (as read) and body, by path."""
    with Index(Vault(root)) as index:
        index.refresh()
        out = {}
        for n in index.notes("contact"):
            text = (root / n.path).read_text("utf-8").replace("\r\n", "\n")
            out[n.path] = ({k: _plain(f.value.data) for k, f in n.fields.items()}, text.split("\n---\n", 1)[1])
    return out


def _plain(value: object) -> object:
    """A value as the vault means it: a list of one is that one (Obsidian reads both alike)."""
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def round_trip(source: Path, tmp_path: Path) -> tuple[Path, Path, bytes]:
    """Export `source`, import into an empty vault A, export A, import that into an empty vault B."""
    first = tmp_path / "first.vcf"
    first.write_bytes(netmd(source, "export", "vcard"))
    a, b = write_vault(tmp_path / "a", {}), write_vault(tmp_path / "b", {})
    netmd(a, "import", "vcard", str(first))
    second = netmd(a, "export", "vcard")
    (tmp_path / "second.vcf").write_bytes(second)
    netmd(b, "import", "vcard", str(tmp_path / "second.vcf"))
    assert second == first.read_bytes()
    assert snapshot(b) == snapshot(a)
    before = snapshot(a)
    again = netmd(a, "import", "vcard", str(first)).decode()
    assert snapshot(a) == before and "0 new contacts, 0 new organizations, 0 merged" in again
    return a, b, second


def test_the_sample_vault_round_trips_through_vcard(tmp_path):
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample, ignore=shutil.ignore_patterns(".netmd"))
    a, _, _ = round_trip(sample, tmp_path)
    assert contacts(a) == contacts(sample)


def test_a_generated_vault_of_a_thousand_contacts_round_trips(tmp_path):
    source = tmp_path / "generated"
    generate(source, 1000)
    a, _, _ = round_trip(source, tmp_path)
    ours, theirs = contacts(a), contacts(source)
    assert ours.keys() == theirs.keys()
    # The generator plants defects (a duplicate key, `time: 14:00`, `list: [B`…) in about 3% of
    # its notes: a note whose front matter does not read is not what this test is about.
    planted = ("role: x\nrole: y", "time: 14:00", "list: [B", "phone: +4930123", "[[Unknown ")
    readable = [p for p in theirs if not any(d in (source / p).read_text("utf-8") for d in planted)]
    assert len(readable) > 950
    assert {p: ours[p] for p in readable} == {p: theirs[p] for p in readable}


# -- two parsers for each export ---------------------------------------------------------


def test_the_vcard_export_reads_back_with_vobject_and_icalendar(tmp_path):
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample, ignore=shutil.ignore_patterns(".netmd"))
    (sample / "contacts" / "Jean-Luc Picard.md").write_text(
        '---\ntype: contact\nlist: A\nname: "Jean-Luc Picard, PhD"\naliases: [JL, "Number One, Sir"]\n'
        'website: "https://example.com/a,b;c?x=1&y=2"\nbirthday: 2305-07-13\n---\n'
        "Line one; two, three.\\n not a break\n",
        "utf-8",
    )
    data = netmd(sample, "export", "vcard")
    by_vobject = {c.fn.value: c for c in vobject.readComponents(data.decode())}
    by_icalendar = {
        str(c["FN"]).replace("\\,", ","): c  # (FN is a property icalendar leaves as written)
        for c in icalendar.Component.from_ical(data, multiple=True)
        if c.name == "VCARD"
    }
    assert by_vobject.keys() == by_icalendar.keys() and len(by_vobject) == 21
    jl_v, jl_i = by_vobject["Jean-Luc Picard, PhD"], by_icalendar["Jean-Luc Picard, PhD"]
    assert (jl_v.n.value.family, jl_v.n.value.given, jl_v.n.value.suffix) == ("Picard", "Jean-Luc", "PhD")
    assert jl_i["N"].fields.family == "Picard" and jl_i["N"].fields.given == "Jean-Luc"
    # A URI, not escaped text (RFC 2426 §5.8.4; Thunderbird keeps a backslash). vobject splits an
    # unescaped comma as if the value were a list, so it gets the part before it.
    assert str(jl_i["URL"]) == "https://example.com/a,b;c?x=1&y=2"
    assert jl_v.url.value == "https://example.com/a"
    assert jl_v.note.value == "Line one; two, three.\\n not a break"
    assert jl_v.bday.value == "2305-07-13"
    assert [c.value for c in jl_v.contents["nickname"]] == ["JL"] or "Number One" in data.decode()
    assert b"NICKNAME:JL,Number One\\, Sir\r\n" in data
    bill_v, bill_i = by_vobject["Bill Lumbergh"], by_icalendar["Bill Lumbergh"]
    assert bill_v.contents["x-netmd-referred-by"][0].value == "[[Joanna Park]]"
    assert str(bill_i["X-NETMD-DECISION-MAKER"]) == "true"
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded as RFC 2426 says


def test_the_ics_export_reads_back_with_icalendar_and_vobject(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada.md": (
                "---\ntype: contact\nlist: B\n---\n"
                "- [x] Send the paper 📅 2026-11-20 ✅ 2026-11-19\n"
                "- [-] Call about the grant 📅 2026-11-22 ❌ 2026-11-21\n"
                "- [ ] Book lunch 📅 2026-11-30\n"
            ),
            "meetings/a.md": '---\ntype: meeting\ndate: 2026-11-20\ntime: 9:30\nwith: ["[[Ada]]"]\n---\n',
            "meetings/b.md": '---\ntype: meeting\ndate: 2026-11-21\ntime: "09:30"\nwith: ["[[Ada]]"]\n---\n',
            "meetings/c.md": '---\ntype: meeting\ndate: 2026-11-22\nduration: 45\nwith: ["[[Ada]]"]\n---\n',
        },
        '[vault]\ntimezone = "America/New_York"\n',
    )
    data = netmd(root, "export", "ics", "--todos")
    new_york = zoneinfo.ZoneInfo("America/New_York")
    by_icalendar = icalendar.Calendar.from_ical(data)
    by_vobject = vobject.readOne(data.decode())
    assert [str(t["TZID"]) for t in by_icalendar.walk("VTIMEZONE")] == ["America/New_York"]
    events = {str(e["description"]).rsplit("netmd: ", 1)[1]: e for e in by_icalendar.walk("VEVENT")}
    assert events["meetings/a.md"].decoded("dtstart") == dt.datetime(2026, 11, 20, 9, 30, tzinfo=new_york)
    assert events["meetings/b.md"].decoded("dtstart") == dt.datetime(2026, 11, 21, 9, 30, tzinfo=new_york)
    assert events["meetings/c.md"].decoded("dtstart") == dt.date(2026, 11, 22)
    assert str(events["meetings/c.md"]["transp"]) == "TRANSPARENT"  # the day is not blocked whole
    assert "45 minutes" in str(events["meetings/c.md"]["description"])
    vevents = {e.description.value.rsplit("netmd: ", 1)[1]: e for e in by_vobject.vevent_list}
    start = vevents["meetings/a.md"].dtstart.value
    assert (start.hour, start.minute, start.utcoffset()) == (9, 30, dt.timedelta(hours=-5))
    todos = {str(t["summary"]): t for t in by_icalendar.walk("VTODO")}
    assert str(todos["Send the paper"]["status"]) == "COMPLETED"
    assert todos["Send the paper"].decoded("completed") == dt.datetime(2026, 11, 19, 5, tzinfo=dt.timezone.utc)
    assert str(todos["Call about the grant"]["status"]) == "CANCELLED"
    assert "status" not in todos["Book lunch"]
    assert sorted(t.summary.value for t in by_vobject.vtodo_list) == sorted(todos)
    open_uid = str(todos["Send the paper"]["uid"])
    (root / "contacts/Ada.md").write_text(
        "---\ntype: contact\nlist: B\n---\n- [ ] Send the paper 📅 2026-11-20\n", "utf-8"
    )
    earlier = icalendar.Calendar.from_ical(netmd(root, "export", "ics", "--todos"))
    assert [str(t["uid"]) for t in earlier.walk("VTODO")] == [open_uid]  # ticking it updates the same item


def test_events_say_a_ticked_follow_up_is_done(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {"contacts/Ada.md": "---\ntype: contact\nlist: B\n---\n- [x] Send the paper 📅 2026-11-20 ✅ 2026-11-19\n"},
    )
    events = icalendar.Calendar.from_ical(netmd(root, "export", "ics")).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Done: Send the paper"]


def test_an_unknown_time_zone_is_a_config_error(tmp_path):
    root = write_vault(tmp_path / "v", {}, '[vault]\ntimezone = "Mars/Olympus"\n')
    result = CliRunner().invoke(cli, ["--vault", str(root), "export", "ics"])
    assert result.exit_code != 0 and "timezone" in result.output and "Traceback" not in result.output


def test_json_export_is_strict_json(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada.md": (
                "---\ntype: contact\nlist: B\ncadence: .nan\nmore:\n  2026-01-01: x\n  1.5: y\n  ~: z\n"
                "when: 2026-01-01 10:00:00\nscores: [.inf, -.inf]\n---\n"
            )
        },
    )

    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    notes = json.loads(netmd(root, "export", "json"), parse_constant=refuse)
    ada = notes[0]["fields"]
    assert ada["more"] == {"2026-01-01": "x", "1.5": "y", "~": "z"}  # keys as written
    assert (ada["cadence"], ada["scores"], ada["when"]) == (".nan", [".inf", "-.inf"], "2026-01-01T10:00:00")


# -- any text survives the trip ----------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from netmd.vcard import _parts, escape, read_vcard  # noqa: E402

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=40)
_WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)  # what a note can hold


@given(values=st.lists(_TEXT, min_size=1, max_size=4))
def test_escaped_values_split_and_read_back_exactly(values):
    assert _parts(";".join(escape(v) for v in values), ";") == values


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.text(max_size=60), max_size=8))
def test_any_lines_inside_a_card_never_lose_the_person(lines):
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n" + "\r\n".join(lines) + "\r\nEND:VCARD\r\n"
    people, _ = read_vcard(card, "x.vcf")
    folded = bool(lines) and lines[0][:1] in (" ", "\t")  # a line that starts with a blank continues FN
    name = people[0].name if people else ""
    named = name == "Ada Lovelace" or (folded and name.startswith("Ada Lovelace"))
    assert people and (named or people[0].is_organization or "FN" in "".join(lines).upper())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(role=_WORDS.map(str.strip).filter(bool), looking=_WORDS.map(str.strip).filter(bool), note=_WORDS)
def test_any_text_in_a_contact_comes_back(tmp_path_factory, role, looking, note):
    from netmd.newnote import yaml_text

    root = tmp_path_factory.mktemp("v")
    source = write_vault(
        root / "s",
        {
            "contacts/Ada.md": (
                f"---\ntype: contact\nlist: B\nrole: {yaml_text(role)}\nlooking_for: {yaml_text(looking)}\n"
                "created: 2026-01-01\n---\n"
                f"{note}\n"
            )
        },
    )
    (root / "a.vcf").write_bytes(netmd(source, "export", "vcard"))
    target = write_vault(root / "t", {})
    netmd(target, "import", "vcard", str(root / "a.vcf"))
    (ours, our_body), (theirs, their_body) = contacts(target)["contacts/Ada.md"], contacts(source)["contacts/Ada.md"]
    assert ours == theirs and our_body.rstrip() == their_body.rstrip()


@pytest.mark.parametrize(
    ("tz", "written"),
    [("Asia/Tokyo", b"DTSTART;TZID=Asia/Tokyo:20261120T093000"), ("UTC", b"DTSTART:20261120T093000Z")],
)
def test_a_vault_without_a_time_zone_uses_the_machine_s(tmp_path, monkeypatch, tz, written):
    monkeypatch.setenv("TZ", tz)
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada.md": "---\ntype: contact\nlist: B\n---\n",
            "meetings/a.md": '---\ntype: meeting\ndate: 2026-11-20\ntime: "09:30"\nwith: ["[[Ada]]"]\n---\n',
        },
    )
    data = netmd(root, "export", "ics")
    assert written in data
    assert (b"BEGIN:VTIMEZONE" in data) == (tz != "UTC")
