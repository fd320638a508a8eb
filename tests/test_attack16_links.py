"""Links as Obsidian sees them in a body: not in code (a span, or a fence closed only by its own
kind of fence), and a table's escaped pipe (`[[X\\|label]]`) is not part of the target."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from netmd.parse import parse_text
from tests.conftest import ORG, contact, lint_vault, write_vault


def unresolved(tmp_path: Path, body: str) -> list[tuple[str, int]]:
    files = {"organizations/Initech.md": ORG, "contacts/Ada.md": contact() + body}
    root = write_vault(tmp_path / "v", files)
    return [(d.message.split('"')[1], d.line) for d in lint_vault(root) if d.code in ("NM301", "NM305")]


def test_a_link_in_a_code_span_is_code(tmp_path: Path) -> None:
    body = "Type `[[Nobody]]` or ``[[No `One]]`` for a link, as [[Missing]] is.\n"
    assert unresolved(tmp_path, body) == [("Missing", 5)]


def test_a_lone_backtick_hides_nothing_past_its_paragraph(tmp_path: Path) -> None:
    body = "A lone ` tick then [[One]]\n\nand ` here [[Two]]\n"
    assert unresolved(tmp_path, body) == [("One", 5), ("Two", 7)]


def test_a_fence_closes_only_with_its_own_kind(tmp_path: Path) -> None:
    body = "```\n[[A]]\n~~~\n[[B]]\n``\n[[C]]\n```\n[[After]]\n````md\n[[D]]\n```\n````\n[[Last]]\n"
    assert unresolved(tmp_path, body) == [("After", 12), ("Last", 17)]


def test_a_fence_in_a_callout_is_code(tmp_path: Path) -> None:
    body = "> [!example]\n> ```\n> [[Inside]]\n> ```\n[[Outside]]\n"
    assert unresolved(tmp_path, body) == [("Outside", 9)]


def test_a_table_link_with_an_escaped_pipe_resolves(tmp_path: Path) -> None:
    body = "| who | at |\n| --- | --- |\n| x | [[Initech\\|the firm]] |\n| y | [[Initech#Team\\|team]] |\n"
    assert unresolved(tmp_path, body) == []
    note = parse_text("contacts/Ada.md", contact() + body, {})
    assert [(m.target, m.heading, m.label) for m in note.mentions] == [
        ("Initech", "", "the firm"),
        ("Initech", "Team", "team"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="`[]X \n~>|\\#", max_size=80))
def test_any_body_of_backticks_and_brackets_parses_to_links_where_they_are(body: str) -> None:
    text = contact() + body
    note = parse_text("contacts/Ada.md", text, {})
    for m in note.mentions:
        assert text[m.pos.start : m.pos.end].startswith("[[") and text[m.pos.start : m.pos.end].endswith("]]")
        assert not m.target.endswith("\\")


def test_links_in_obsidian_s_relative_and_absolute_path_formats_resolve(tmp_path: Path) -> None:
    meeting = (
        '---\ntype: meeting\ndate: 2026-11-20\nwith:\n  - "[[../contacts/Ada]]"\nthanked: true\n'
        "offered_help: x\n---\n[[/contacts/Ada]] [[./2026-11-20 Ada]] [[../organizations/Initech|the firm]]"
        " [[../contacts/Nobody]]\n"
    )
    files = {"organizations/Initech.md": ORG, "contacts/Ada.md": contact(), "meetings/2026-11-20 Ada.md": meeting}
    root = write_vault(tmp_path / "v", files)
    assert [(d.code, d.message.split('"')[1]) for d in lint_vault(root) if d.code.startswith("NM3")] == [
        ("NM305", "../contacts/Nobody")
    ]
