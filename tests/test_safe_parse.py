"""Any front matter is read or reported, never a traceback, and positions are where an editor shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from netmd.parse import parse
from netmd.parse.composed import composed
from netmd.parse.fast import FastPath
from tests.conftest import in_folder, write_vault

CONTACT = "---\ntype: contact\nlist: B\nrole: {}\nname: Ada\n---\nSee [[Bob]].\n"


def lint(root, *args: str):
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
        return CliRunner().invoke(cli, ["--vault", str(root), "lint", *args])


# -- explicit tags: a value, or NM101 at the value -------------------------------------------------

READ = {  # a tag PyYAML constructs, on a value it fits: read as that value
    "!!str 5": "5",
    "!!int 5": 5,
    "!!float 1": 1.0,
    "!!bool yes": True,
    "!!null x": None,
    "!!timestamp 2026-11-20": dt.date(2026, 11, 20),
    "!!merge x": "x",  # `<<` and `=` resolve to these: text, as Obsidian reads them
    "!!value x": "x",
    "<<": "<<",
    "=": "=",
    "0b_": "0b_",  # YAML sees a number it cannot make: text, as Obsidian reads it
    "0x_": "0x_",
    "1" + "0" * 5000: "1" + "0" * 5000,  # more digits than Python makes an int of
    "!!seq [a]": ["a"],
    "!!map {a: 1}": {"a": 1},
}
REPORTED = {  # a tag on a value it does not fit, or one netmd does not read: NM101 at the value
    "!!bool x": "!!bool 'x' is not true or false",
    "!!timestamp x": "!!timestamp 'x' is not a date",
    "!!timestamp 2026-W01-1": "is not a date",
    '!!int ""': "!!int '' is not an integer",
    '!!float ""': "!!float '' is not a number",
    "!!int x": "!!int 'x' is not an integer",
    "!!float x": "is not a number",
    "!!binary aGVsbG8=": "unsupported YAML tag !!binary",
    "!!set {a}": "unsupported YAML tag !!set on a mapping",
    "!!omap [a: 1]": "unsupported YAML tag !!omap on a list",
    "!!pairs [a: 1]": "unsupported YAML tag !!pairs",
    "!!seq x": "unsupported YAML tag !!seq on a single value",
    "!!map [a]": "unsupported YAML tag !!map on a list",
    "!!str [a]": "unsupported YAML tag !!str on a list",
    "!!python/object/apply:os.system [echo hi]": "unsupported YAML tag !!python/object/apply:os.system",
    "!!python/name:os.system ''": "unsupported YAML tag !!python/name:os.system",
    "!foo x": "unsupported YAML tag !foo",
    "!<tag:x.org,2026:y> x": "unsupported YAML tag !<tag:x.org,2026:y>",
    "!<!x> y": "unsupported YAML tag !x",
}


@pytest.mark.parametrize("written", list(READ))
def test_a_tag_pyyaml_constructs_is_read_as_its_value(tmp_path, written):
    n = parse("contacts/A.md", CONTACT.format(written).encode())
    assert n.syntax == () and n.fields["role"].value.data == READ[written]
    root = write_vault(tmp_path / "v", {"contacts/A.md": CONTACT.format(written)})
    result = lint(root)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "NM101" not in result.stdout and "Traceback" not in result.output


@pytest.mark.parametrize("written", list(REPORTED))
def test_a_tag_that_does_not_fit_is_a_syntax_diagnostic_at_the_value(tmp_path, written):
    root = write_vault(tmp_path / "v", {"contacts/A.md": CONTACT.format(written), "contacts/B.md": CONTACT})
    result = lint(root, "--format", "json")
    assert result.exit_code == 1, result.output
    import json

    diags = [d for d in json.loads(result.stdout) if d["path"] == "contacts/A.md"]
    assert [(d["code"], d["line"], d["col"]) for d in diags] == [("NM101", 4, 7)]
    assert REPORTED[written] in diags[0]["message"] and "not a date that exists" not in diags[0]["message"]
    assert not any(d["path"] == "contacts/B.md" and d["code"] == "NM101" for d in json.loads(result.stdout))


def test_tags_in_lists_and_mappings_and_on_keys(tmp_path):
    assert parse("n.md", b"---\na: [1, !!bool x]\n---\n").syntax[0].pos[:2] == (2, 8)
    assert parse("n.md", b"---\na:\n  b: !!int x\n---\n").syntax[0].pos[:2] == (3, 6)
    assert "!foo" in parse("n.md", b"---\n!foo k: 1\n---\n").syntax[0].message
    assert parse("n.md", b"---\n!!str k: 1\n1: 2\n---\n").fields["1"].value.data == 2


def test_a_bad_day_is_still_a_trap_and_not_a_crash(tmp_path):
    n = parse("n.md", b"---\nd: !!timestamp 2026-02-30\ne: 2026-02-30\n---\n")
    assert [f.value.tag for f in n.fields.values()] == ["bad-date", "bad-date"]


@pytest.mark.parametrize("line", ["a: 0b_", "a: 0x_", "a: 1_000", "a: 2026-02-30", "a: 0o7", "a: 1:20"])
def test_both_paths_read_numbers_yaml_cannot_make_alike(line):
    text = f"---\n{line}\n---\n"
    simple = FastPath().read(text, 4, line + "\n", {})
    assert simple is not None and simple == composed(text, 4, line + "\n", {})


# -- line numbers after the characters only YAML breaks lines at -----------------------------------

NOTE = (
    "---\n"
    "type: contact\n"
    'name: "Ada{sep}Lovelace"\n'
    "list: B\n"
    'organization: "[[Initech]]"\n'
    'referred_by: [x, "[[Bob]]"]\n'
    "---\n"
    "Met [[Carol]].\n"
    "- [ ] call [[Dan]] 📅 2026-12-01\n"
)


def _places(n):
    fields = [(k, f.key_line, f.key_col, f.value.line, f.value.col, f.value.start) for k, f in n.fields.items()]
    links = [(x.target, *x.pos) for x in (*n.links, *n.mentions)]
    return fields, links, [t.pos for t in n.tasks], n.body_line


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_positions_after_a_yaml_only_line_break_are_where_an_editor_shows_them(sep, nl):
    odd = parse("n.md", NOTE.format(sep=sep).replace("\n", nl).encode())
    plain = parse("n.md", NOTE.format(sep="x").replace("\n", nl).encode())  # (the fast path, for \n)
    # (YAML folds a quoted U+0085 into a space, as it does a line break, and keeps the others)
    assert odd.syntax == () and odd.fields["name"].value.data in (f"Ada{sep}Lovelace", "Ada Lovelace")
    assert _places(odd) == _places(plain)
    fields, links, tasks, body_line = _places(odd)
    assert [f[1] for f in fields] == [2, 3, 4, 5, 6] and body_line == 8
    assert [(x[0], x[1], x[2]) for x in links] == [("Initech", 5, 16), ("Bob", 6, 19), ("Carol", 8, 5), ("Dan", 9, 12)]
    assert [t.line for t in tasks] == [9]


@pytest.mark.parametrize("sep", ["\u2028", "\x85"])
def test_a_diagnostic_after_a_yaml_only_line_break_names_the_right_line(tmp_path, sep):
    text = f'---\ntype: contact\nname: "A{sep}B"\nlist: b\nrole: yes\norganization: "[[Nobody]]"\n---\n'
    root = write_vault(tmp_path / "v", {"contacts/A.md": text})
    lines = lint(root).stdout.splitlines()
    assert [line.split(": ")[0] for line in lines if line.startswith("contacts")] == [
        "contacts/A.md:4:7",
        "contacts/A.md:5:7",
        "contacts/A.md:6:16",
    ]


def test_a_yaml_error_after_a_yaml_only_line_break_names_the_right_line():
    n = parse("n.md", '---\na: "x\u2028y"\nb: [c\nd: 1\n---\n'.encode())
    assert n.syntax and n.syntax[0].pos.line in (4, 5)  # libyaml reports the error where it notices it
    n = parse("n.md", '---\na: "x\u2028y"\nb: !!int z\n---\n'.encode())
    assert n.syntax[0].pos[:2] == (3, 4)


def test_a_lone_cr_is_a_line_break_everywhere():
    n = parse("n.md", b'---\na: 1\rb: "x\r [[L]]"\n---\n[[C]]\r[[D]]\n')
    assert [(f.key_line, f.value.line) for f in n.fields.values()] == [(2, 2), (3, 3)]
    assert [(x.target, x.pos.line, x.pos.col) for x in (*n.links, *n.mentions)] == [
        ("L", 4, 2),
        ("C", 6, 1),
        ("D", 7, 1),
    ]
    assert n.body_line == 6


# -- no input raises: generated front matter through parse and the CLI ------------------------------

_TAGS = ["", "", "", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!binary ", "!!set "]
_TAGS += [
    "!!omap ",
    "!!pairs ",
    "!!seq ",
    "!!map ",
    "!!merge ",
    "!!value ",
    "!!python/object:os.system ",
    "!x ",
    "!<t> ",
]
_WORDS = ["yes", "no", "14:00", "+4930123", "2026-02-30", "2026-11-20", "0b_", "1e3", ".nan", "~", "", "x y", "é✓😀"]
_WORDS += ["[[Ada]]", "#c", "a: b", "<<", "=", "*a", "&a", "'", '"', "\\", "\u2028", "\x85", "\t", "\ufeff"]


def _scalar():
    text = st.one_of(st.sampled_from(_WORDS), st.text(max_size=8))
    quote = st.sampled_from(["plain", "single", "double"])

    def render(tag, word, how):
        if how == "single":
            return tag + "'" + word.replace("'", "''") + "'"
        if how == "double":
            return tag + '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return tag + word

    return st.builds(render, st.sampled_from(_TAGS), text, quote)


def _value():
    scalar = _scalar()
    flow = st.lists(scalar, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
    nested = st.lists(flow | scalar, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
    block = st.lists(scalar, min_size=1, max_size=3).map(lambda xs: "\n" + "".join(f"  - {x}\n" for x in xs)[:-1])
    anchored = st.builds(lambda a, v: f"&{a} {v}", st.sampled_from("ab"), scalar | flow)
    alias = st.sampled_from(["*a", "*b", "[*a, *a]"])
    return st.one_of(scalar, flow, nested, block, anchored, alias)


def _front_matter():
    key = st.one_of(
        st.sampled_from(["type", "list", "role", "with", "tags", "name", "x"]), st.text(min_size=1, max_size=6)
    )
    line = st.builds(lambda k, v: f"{k}: {v}", key, _value())
    header = st.sampled_from(["type: contact\nlist: A\n", "type: meeting\ndate: 2026-11-20\nwith: [[Ada]]\n", ""])
    return st.builds(lambda h, ls: h + "\n".join(ls), header, st.lists(line, max_size=6))


def _within(n, text: str) -> None:
    lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for f in (*n.fields.values(), *n.duplicate_keys):
        v = f.value
        assert 1 <= f.key_line <= lines and 1 <= v.line <= lines and v.col >= 1 and 0 <= v.start <= v.end <= len(text)
    for x in (*n.links, *n.mentions):
        assert 1 <= x.pos.line <= lines and 0 <= x.pos.start <= x.pos.end <= len(text)
    for p in (*n.syntax, *n.encoding):
        assert 1 <= p.pos.line <= lines and p.pos.col >= 1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_front_matter(), st.sampled_from(["\n", "\r\n"]))
def test_generated_front_matter_is_read_or_reported(front, nl):
    text = f"---\n{front}\n---\nSee [[Ada]].\n- [ ] call\n".replace("\n", nl)
    _within(parse("contacts/A.md", text.encode()), text)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(front=_front_matter())
def test_generated_front_matter_through_the_cli(tmp_path_factory, front):
    root = write_vault(tmp_path_factory.mktemp("v"), {"contacts/A.md": f"---\n{front}\n---\nSee [[Ada]].\n"})
    for args in (["lint"], ["lint", "--format", "json"], ["lint", "--fix"]):
        result = CliRunner().invoke(cli, ["--vault", str(root), *args])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output


# -- odd input of every other kind ---------------------------------------------------------------

ODD = {
    "deep flow list": "a: " + "[" * 5000 + "]" * 5000,
    "deep flow mapping": "a: " + "{a: " * 3000 + "}" * 3000,
    "deep block mapping": "".join(" " * i + "k:\n" for i in range(1200)),
    "alias bomb": "a: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")),
    "self alias": "a: &a [*a]",
    "undefined alias": "a: *b",
    "long line": "a: " + "x" * 500_000,
    "long quoted line": 'a: "' + "x\\n" * 100_000 + '"',
    "many keys": "".join(f"k{i}: {i}\n" for i in range(6000)),
    "huge number": "a: " + "9" * 50_000,
    "huge sexagesimal": "a: 1" + ":59" * 5000,
    "BOM inside": "a: \ufeffx",
    "directive": "%YAML 1.1\n---\na: 1",
    "complex key": "? [a]\n: 1",
}


@pytest.mark.parametrize("name", list(ODD))
def test_odd_front_matter_is_a_diagnostic_or_a_value(tmp_path, name):
    text = f"---\n{ODD[name]}\n---\nSee [[Ada]].\n"
    _within(parse("contacts/A.md", text.encode()), text)
    root = write_vault(tmp_path / "v", {"contacts/A.md": text, "contacts/Ada.md": "---\ntype: contact\nlist: A\n---\n"})
    result = lint(root)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["---\n", "\ufeff", "\x00", "\r", "\n", "\u2028", "\x85", "[", "]", "{", "&a ", "*a", "!!int "])
        | st.text(max_size=5),
        max_size=40,
    ).map("".join),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"---\n"]),
)
def test_text_with_fences_boms_and_nuls_never_raises(text, head):
    data = head + text.encode("utf-8", "surrogatepass")
    n = parse("n.md", data)
    decoded = data.decode("utf-8-sig", "replace")
    if not n.encoding:
        _within(n, decoded)
