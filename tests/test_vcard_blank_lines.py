"""An empty line inside a card ends the line before it: what is folded after it does not
continue that property (found by the property test of tests/test_roundtrip.py)."""

from __future__ import annotations

from netmd.vcard import read_vcard


def test_a_folded_line_after_an_empty_line_does_not_continue_the_name():
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n\r\n 0\r\nEND:VCARD\r\n"
    (person,), problems = read_vcard(card, "x.vcf")
    assert person.name == "Ada Lovelace"
    assert [p.where for p in problems] == ["x.vcf:5"]  # the stray line is said, with its place


def test_a_card_with_no_end_is_read_as_far_as_its_last_line_with_text():
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n Lovelace\r\n\r\nEMAIL:ada@example.org\r\n\r\n\r\n"
    (person,), problems = read_vcard(card, "x.vcf")
    assert (person.name, person.emails) == ("AdaLovelace", ["ada@example.org"])  # (unfolding drops one blank)
    assert [p.message for p in problems] == ["no END:VCARD; the card is read as far as line 6"]
