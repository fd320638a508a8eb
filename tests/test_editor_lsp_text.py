"""Positions as the protocol counts them (UTF-16 by default), and what the cursor is completing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from netmd.lsp.text import Lines, context, link_at


def test_positions_count_utf16_units_and_every_line_break():
    text = "a😀b\r\nc\rdé[[x]]"
    lines = Lines(text)
    assert lines.position(text.index("b")) == (0, 3)  # the emoji is two UTF-16 units
    assert lines.position(text.index("c")) == (1, 0)
    assert lines.position(text.index("[")) == (2, 2)
    assert Lines(text, "utf-32").position(text.index("b")) == (0, 2)
    assert Lines(text, "utf-8").position(text.index("b")) == (0, 5)
    assert lines.offset(0, 3) == text.index("b")
    assert lines.offset(9, 9) == len(text) and lines.offset(0, 99) == text.index("\r")


@given(st.text(st.sampled_from(list("ab\n\r😀é ")), max_size=30), st.data())
def test_offset_and_position_round_trip(text, data):
    offset = data.draw(st.integers(0, len(text)))
    for encoding in ("utf-16", "utf-8", "utf-32"):
        lines = Lines(text, encoding)
        back = lines.offset(*lines.position(offset))
        # (an offset between \r and \n, or inside a line break, lands at the line's end)
        assert back == offset or text[back:offset] in ("\r", "\n", "\r\n", "")


def test_what_the_cursor_completes():
    text = '---\ntype: contact\nlist: \norganization: "[[In\ntags: [a, \nro\n---\nSee [[Ad'
    assert context(text, text.index("list: ") + 6)[:4] == ("value", "", text.index("list: ") + 6, "list")
    link = context(text, text.index("[[In") + 4)
    assert (link.what, link.typed, link.in_front_matter, link.quoted) == ("link", "In", True, True)
    assert context(text, text.index("ro\n") + 2).what == "key"
    assert context(text, text.index("tags: [a, ") + 10)[3] == "tags"
    body = context(text, len(text))
    assert (body.what, body.typed, body.in_front_matter) == ("link", "Ad", False)


def test_link_at_finds_the_link_around_the_cursor():
    text = "x [[Ada|A]] y [[Bo#h]]"
    assert link_at(text, 4).target == "Ada"
    assert link_at(text, text.index("Bo")).target == "Bo"
    assert link_at(text, 0) is None
