"""Parsing with positions: the units under every rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netmd.parse import decode, parse, parse_text, split
from netmd.parse.body import TASK, task_lines
from netmd.parse.composed import composed
from netmd.parse.fast import FastPath
from netmd.store import notes as notes_codec
from tests.conftest import SAMPLE, realworld


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


# -- the simple forms, read without PyYAML: the same answer as the composed path, or none ---------

_KEYS = ["type", "with", "tags", "a", "b-c", "x_1", "yes", "Company", "organization", "a b", "-a", "?a", "a:"]
_VALUES = [
    *["contact", "Ada Lovelace", "O'Brien", "(x) y.z", "x@y.org", "a,b", "a, b", "https://x.org/a:b", "a:b", "a: b"],
    *["2025-01-06", "2025-02-30", "2025-1-6", "2025-01-06 10:00:00", "14:00", "1:2:3", "30", "030", "0x1F", "1_000"],
    *["1.5", "1e3", ".5", "+1", "-1", "no", "No", "off", "y", "true", "null", "Null", "~", "", " ", "a:", "a #c", "#c"],
    *['"[[Ada]]"', '"[[Ada|A]] and [[Bob#x]]"', "'x'", "'it''s'", '"a\\"b"', '"tab\there"', '"é ✓ 😀"', "'a' b", '""'],
    *["[a, b]", "[]", "[ ]", '["[[A]]", b]', "[a,]", "[a", "[a, [b]]", "[a: b]", "[ a ,b ]", "[x] y", "{a: 1}"],
    *["&a x", "*a", "!!str 1", "|", ">", "@x", "`x`", "%x", "é", "a\tb", "x  ", "\t"],
]
_SIMPLE_VALUES = [  # each of the forms the fast path reads
    *["contact", "Ada Lovelace", "O'Brien", "(x) y.z", "x@y.org", "a,b", "a, b", "https://x.org/a:b", "2025-01-06"],
    *["2025-02-30", "2025-1-6", "14:00", "1:2:3", "030", "0x1F", "1_000", "1.5", "no", "y", "null", "x  "],
    *['"[[Ada]]"', '"[[Ada|A]] and [[Bob#x]]"', "'x'", '"é ✓ 😀"', "[a, b]", "[]", "[ ]", '["[[A]]", b]', "[ a ,b ]"],
]
_ITEMS = ["  - ", "- ", "    - ", "  -  ", "  -", " - ", "\t- "]


def _lines():
    keys, values = st.sampled_from(_KEYS), st.sampled_from(_VALUES)
    key_line = st.builds(lambda k, sep, v: k + sep + v, keys, st.sampled_from([":", ": ", ":   "]), values)
    open_key = st.builds(lambda k: k + ":", keys)  # a block list, or null, follows
    item = st.builds(str.__add__, st.sampled_from(_ITEMS), values)
    other = st.sampled_from(["", "  ", "# comment", "  nested: 1", "...", "---x", "a:\r"])
    mixed = st.lists(st.one_of(key_line, open_key, item, item, other), min_size=1, max_size=8)
    # mostly lines of the simple forms, so that many examples take the fast path
    keys, values = st.sampled_from(_KEYS[:9]), st.sampled_from(_SIMPLE_VALUES)
    key_line = st.builds(lambda k, v: f"{k}: {v}", keys, values)
    open_key = st.builds(lambda k: k + ":", keys)
    item = st.builds(str.__add__, st.sampled_from(_ITEMS[:2]), st.sampled_from(_SIMPLE_VALUES[:-5]))
    return mixed | st.lists(st.one_of(key_line, open_key, item, item), min_size=1, max_size=8)


def _both(yaml_text: str, fast: FastPath | None = None):
    """The front matter `yaml_text` read by the fast path and composed by PyYAML."""
    text = f"---\n{yaml_text}---\nbody\n"
    simple = (fast or FastPath()).read(text, 4, yaml_text, {"Company": "organization"})
    try:
        whole = composed(text, 4, yaml_text, {"Company": "organization"})
    except Exception as e:  # YAML errors, and what `parse_text` turns into problems
        whole = e
    return simple, whole


@settings(max_examples=3000, deadline=None)
@given(_lines())
def test_the_simple_forms_read_as_yaml_composes_them(lines):
    simple, whole = _both("\n".join(lines) + "\n")
    assert simple is None or simple == whole


def test_the_simple_forms_are_read_without_yaml():
    """The forms of nearly every note take the fast path, with their positions."""
    yaml_text = (
        'type: meeting\nwith:\n  - "[[Ada]]"\n  - Bob\nlist:\n- a\ntags: [x, "y"]\n'
        "empty:\nwhen: 2025-01-06\nurl: https://x.org\n"
    )
    simple, whole = _both(yaml_text)
    assert simple is not None and simple == whole
    fields = simple[0]
    assert fields["with"].value.data == ["[[Ada]]", "Bob"] and fields["empty"].value.data is None
    assert [x.target for x in simple[2]] == ["Ada"]


@pytest.mark.parametrize("where", ["sample", "realworld"])
def test_every_note_of_the_sample_vault_and_a_vault_in_the_wild_reads_the_same_both_ways(where):
    root = SAMPLE if where == "sample" else realworld()
    fast = 0
    for _ in (root,):
        for path in sorted(root.rglob("*.md")):
            text, _ = decode(path.read_bytes())
            where = split(text) if text else None
            if not isinstance(where, tuple) or not text[where[0] : where[1]].strip():
                continue
            simple, whole = _both(text[where[0] : where[1]])
            assert simple is None or simple == whole, path
            fast += simple is not None
    assert fast > 40


@pytest.mark.parametrize(
    ("front", "kind"), [("type: contact\nlist: A", "contact"), ("type: 5", None), ("list: A", None), ("", None)]
)
def test_a_note_has_the_same_type_parsed_or_read_back_from_the_index(front, kind):
    """`type` is the text of the `type` field or None, whichever way the note was made."""
    parsed = note(f"---\n{front}\n---\nbody [[x]]\n- [ ] task\n")
    back = notes_codec.unpack(notes_codec.pack(parsed))
    assert parsed.type == back.type == kind
    assert (back.path, back.links, back.mentions, back.tasks) == (
        parsed.path,
        parsed.links,
        parsed.mentions,
        parsed.tasks,
    )


DATED = """---
date: 2026-11-25
thanked: 2026-11-26 09:30:00
zoned: 2026-11-26T09:30:00+01:00
quoted: "2026-11-25"
days: [2026-01-02, 2026-01-03]
nested: {on: 2026-01-04}
bad: 2026-02-30
---
- [ ] call Ada 📅 2026-12-01 ⏳ 2026-11-30
- [x] sent ✅ 2026-11-20
"""


@pytest.mark.parametrize("where", ["sample", "realworld"])
def test_a_note_comes_back_from_the_index_as_it_was_parsed(where):
    """`pack`, stored as the index stores it (sealed JSON), then `unpack`: the same fields,
    values, links, mentions and tasks; dates, datetimes, dates in lists and maps included,
    and maps whose keys look like the codec's own."""
    from netmd.store.codec import seal, unseal

    root = SAMPLE if where == "sample" else realworld()
    paths = sorted(root.rglob("*.md"))
    odd = note('---\nodd: {"\\0date": 5, x: [2026-01-01, {"\\0pairs": []}]}\nodder: {"\\0datetime": 1}\n---\n')
    parsed = [parse(p.name, p.read_bytes()) for p in paths] + [note(DATED), odd]
    assert len(parsed) > 40
    for n in parsed:
        blob = seal(notes_codec.pack(n))
        back = notes_codec.unpack(unseal(blob))
        assert (back.path, back.links, back.mentions, back.tasks) == (n.path, n.links, n.mentions, n.tasks)
        assert back.all_data() == n.all_data()
        assert {k: back.get(k) for k in n.fields} == {k: n.get(k) for k in n.fields}
        assert dict(back.fields) == dict(n.fields)  # every Field and Value, position included
        assert repr(dict(back.fields)) == repr(dict(n.fields))  # tuples as tuples, dates as dates
    dated = parsed[-2]
    assert dated.get("date") == dt.date(2026, 11, 25) and dated.tasks[0].due == dt.date(2026, 12, 1)
    assert isinstance(dated.get("thanked"), dt.datetime) and dated.get("zoned").tzinfo is not None
    assert odd.get("odd") == {"\0date": 5, "x": [dt.date(2026, 1, 1), {"\0pairs": []}]}


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["- [ ] a", "- [x] b ✅ 2026-01-02", "  * [-] c", "1. [ ] d", "x [ ] e", "[[L]]", "", "-[ ] f"])
    )
)
def test_task_lines_finds_what_the_pattern_finds_everywhere(lines):
    text = "---\na: 1\n---\n" + "\n".join(lines)
    spans = [m.span() for m in TASK.finditer(text, 13)]
    assert [m.span() for m in task_lines(text, 13)] == spans


def test_a_line_read_before_is_placed_where_it_is_now():
    """Lines repeat across notes (`type: contact`, `tags: [a, b]`): read once, then only moved."""
    first = "type: contact\ntags: [a, b]\nrole: Engineer\n"
    again = "name: A much longer first line\nrole: Engineer\ntype: contact\nx: 1\ntags: [a, b]\n"
    fast = FastPath()
    for yaml_text in (first, again, again):
        simple, whole = _both(yaml_text, fast)
        assert simple == whole and simple is not None
    assert "role: Engineer" in fast.lines
    tags = simple[0]["tags"].value
    assert (tags.line, tags.items[1].line, tags.items[1].start) == (6, 6, 4 + again.index("b]"))


def test_long_values_are_not_remembered():
    """What parsing remembers is bounded in size too: a pasted blob is read, then forgotten."""
    blob = "a" * 5000
    fast = FastPath()
    n = parse_text("n.md", f"---\ntype: contact\nphoto: {blob}\nnote: 'b{blob}'\n---\n", {}, fast)
    assert n.get("photo") == blob and n.get("note") == "b" + blob
    remembered = [*fast.lines, *fast.values]
    assert remembered and all(len(x) <= fast.lines.chars for x in remembered)


def test_what_parsing_remembers_is_bounded_in_number():
    """A vault of unique lines never grows the memory past its bound: it starts again."""
    fast = FastPath(memo_entries=10)
    for i in range(100):
        n = parse_text("n.md", f"---\ntype: contact\nrole: Role {i}\nlist: B\n---\n", {}, fast)
        assert n.get("role") == f"Role {i}" and n.fields["list"].value.pos.line == 4
        assert len(fast.lines) <= 10 and len(fast.values) <= 10


@pytest.mark.parametrize("line", ["a: 1", 'a: "x"', "a: [1, 2]"])
def test_too_many_values_are_too_many_on_the_fast_path_too(line):
    """Repeated keys count: 6,000 of them are a front matter too large, not 5,999 duplicates."""
    yaml_text = f"{line}\n" * 6000
    simple, whole = _both(yaml_text)
    assert simple is None and isinstance(whole, Exception)
    n = note(f"---\n{yaml_text}---\n")
    assert not n.duplicate_keys and "too large" in n.syntax[0].message
