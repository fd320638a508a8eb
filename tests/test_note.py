"""Parsing with positions: the units under every rule."""

from __future__ import annotations

import datetime as dt

import pytest

from netmd.note import parse


def note(text: str | bytes):
    return parse("contacts/Ada Lovelace.md", text.encode() if isinstance(text, str) else text)


def test_fields_know_their_position():
    n = note('---\ntype: contact\nrole: "Head of Research"\n---\n')
    assert (n.fields["role"].key_pos.line, n.fields["role"].key_pos.col) == (3, 1)
    assert (n.fields["role"].value.pos.line, n.fields["role"].value.pos.col) == (3, 7)
    assert n.get("role") == "Head of Research" and n.type == "contact" and n.stem == "Ada Lovelace"


def test_values_are_typed_like_obsidian_properties():
    n = note("---\nd: 2026-11-20\nn: 3\nb: true\nl: [a, b]\ns: '14:00'\n---\n")
    assert n.get("d") == dt.date(2026, 11, 20) and n.get("n") == 3 and n.get("b") is True
    assert n.get("l") == ["a", "b"] and n.get("s") == "14:00"


def test_bom_and_crlf_keep_offsets_in_the_decoded_text():
    text = "---\r\ntype: contact\r\nrole: Zoë\r\n---\r\n"
    n = note(b"\xef\xbb\xbf" + text.encode())
    v = n.fields["role"].value
    assert text[v.pos.start : v.pos.end] == "Zoë" and (v.pos.line, v.pos.col) == (3, 7)


def test_links_in_front_matter_and_body():
    n = note('---\nwith:\n  - "[[Ada|A]]"\n  - "[[b/Bob#Intro]]"\n---\nSee [[Carol]].\n')
    assert [(x.target, x.label, x.heading, x.pos.line, x.pos.col, x.field) for x in n.links] == [
        ("Ada", "A", "", 3, 6, "with"),
        ("b/Bob", "", "Intro", 4, 6, "with"),
    ]
    assert [(x.target, x.pos.line, x.pos.col, x.field) for x in n.mentions] == [("Carol", 6, 5, None)]


def test_tasks_in_obsidian_tasks_format():
    n = note(
        "# Ada\n- [ ] Send thanks 📅 2026-11-21\n- [x] Call ✅ 2026-11-20\n"
        "  * [-] Dropped ❌ 2026-11-19\n- [ ] Later ⏳ 2026-12-01\n- not a task [ ]\n"
    )
    assert [(t.text, t.done, t.cancelled, t.due, t.scheduled, t.done_on, t.pos.line) for t in n.tasks] == [
        ("Send thanks", False, False, dt.date(2026, 11, 21), None, None, 2),
        ("Call", True, False, None, None, dt.date(2026, 11, 20), 3),
        ("Dropped", False, True, None, None, None, 4),
        ("Later", False, False, None, dt.date(2026, 12, 1), None, 5),
    ]


def test_duplicate_keys_are_kept_visible():
    n = note("---\na: 1\na: 2\n---\n")
    assert n.get("a") == 2 and [f.value.data for f in n.duplicate_keys] == [1]


def test_field_map_renames_foreign_keys():
    n = parse("x.md", b'---\nCompany: "[[Initech]]"\n---\n', {"Company": "organization"})
    assert n.fields["organization"].raw_key == "Company" and n.links[0].field == "organization"


def test_no_front_matter():
    n = note("# Just a note\n")
    assert n.fields == {} and not n.syntax


@pytest.mark.parametrize(
    "written",
    ["2026-11-20", "2024-02-29", "2026-02-30", "2026-13-01", "2026-11-20T10:00:00", "2001-12-14t21:59:43.10-05:00"],
)
def test_dates_are_what_pyyaml_makes_of_them(written):
    import yaml

    value = parse("n.md", f"---\nd: {written}\n---\n".encode()).fields["d"].value
    try:
        expected = yaml.safe_load(f"d: {written}")["d"]
    except ValueError:  # a day that does not exist
        assert (value.tag, value.data) == ("bad-date", written)
    else:
        assert (value.tag, value.data) == ("timestamp", expected)
