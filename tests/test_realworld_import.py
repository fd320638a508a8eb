"""Import keeps the person: the quirks of real exports (Outlook, iPhone, Lotus Notes, Thunderbird,
Gmail, vCard 4, older LinkedIn, Google's Outlook CSV), each in a fixture written to reproduce it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from netmd.index import Index
from netmd.vault import Vault
from tests.conftest import TODAY, in_folder, lint_vault, write_vault

FIXTURES = Path(__file__).parent / "fixtures" / "interop"


def run(root: Path, *args: str):
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
        return CliRunner().invoke(
            cli, ["--vault", str(root), "--today", TODAY.isoformat(), *args], catch_exceptions=False
        )


def imported(root: Path, kind: str, name: str) -> list[str]:
    result = run(root, "import", kind, str(FIXTURES / name))
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def fields(root: Path) -> dict[str, dict[str, object]]:
    """Every note's fields, by path."""
    with Index(Vault(root)) as index:
        index.refresh()
        return {n.path: {k: f.value.data for k, f in n.fields.items()} for n in index.notes()}


def body(root: Path, rel: str) -> str:
    return (root / rel).read_text("utf-8").split("\n---\n", 1)[1]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.md"))}


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", {})


# -- vCard -------------------------------------------------------------------------------


def test_a_comma_in_org_keeps_the_card_and_the_whole_company_name(empty):
    """Outlook: `ORG:Northwind Traders, Inc.;Engineering` and `ORG:Company, The;Sales` (vobject
    returns a list for these, and the card was skipped)."""
    out = imported(empty, "vcard", "outlook-2003.vcf")
    notes = fields(empty)
    assert notes["contacts/Marcus O'Neill.md"]["organization"] == "[[Northwind Traders, Inc]]"
    assert notes["organizations/Northwind Traders, Inc.md"]["name"] == "Northwind Traders, Inc."
    assert notes["contacts/Tomas Reyes.md"]["organization"] == "[[Company, The]]"
    assert out[-1].startswith("outlook-2003.vcf: 2 people: 2 new contacts, 2 new organizations")
    # vCard 2.1 quoted-printable, soft line break and all, becomes the note's words
    assert "Met at the Seattle meetup – keen on grid work.\nCall after the launch." in body(
        empty, "contacts/Marcus O'Neill.md"
    )


def test_an_iphone_card_keeps_nickname_birthday_address_note_and_every_url(empty):
    out = imported(empty, "vcard", "iphone.vcf")
    maya = fields(empty)["contacts/Maya Okafor.md"]
    assert maya["aliases"] == ["May", "Mo"]
    assert maya["birthday"] == dt.date(1988, 2, 29)
    assert maya["address"] == "Unit 4, 12 Canal Street, London, E8 4QN, United Kingdom"
    assert maya["website"] == "http://www.okafor.example"  # `http\://` as Apple writes it: no backslash
    assert maya["linkedin"] == "https://www.linkedin.com/in/maya-okafor"
    text = body(empty, "contacts/Maya Okafor.md")
    assert "Ceramics, product design.\nLikes early calls." in text
    assert "- <https://portfolio.example/maya?tab=work,recent>" in text  # a third URL: in the body
    # the PHOTO written with CR CR LF neither breaks the card nor passes unsaid
    assert "warning           iphone.vcf: not kept: PHOTO (1 card), X-ABADR (1 card), X-ABUID (1 card)" in out
    assert [d for d in lint_vault(empty) if d.severity.name == "ERROR"] == []


def test_a_company_card_is_an_organization_not_a_contact(empty):
    """Apple's `X-ABShowAs:COMPANY`, vCard 4's `KIND:org`, and a card with only ORG."""
    imported(empty, "vcard", "iphone.vcf")
    out = imported(empty, "vcard", "kinds-v4.vcf")
    paths = set(fields(empty))
    assert "organizations/Kestrel Robotics.md" in paths and "contacts/Kestrel Robotics.md" not in paths
    assert fields(empty)["organizations/Kestrel Robotics.md"]["website"] == "https://kestrel.example"
    assert "organizations/Verdant Grid.md" in paths and "contacts/Verdant Grid.md" not in paths
    assert "skipped           kinds-v4.vcf:8: a group card (KIND:group), not a person" in out
    assert "skipped           kinds-v4.vcf:14: a location card (KIND:location), not a person" in out
    assert "warning           kinds-v4.vcf: not kept: MEMBER (1 card)" in out


def test_lotus_notes_profile_and_a_bad_byte_cost_one_property_not_the_file(empty):
    out = imported(empty, "vcard", "lotus-notes.vcf")
    daniel = fields(empty)["contacts/Daniel Kim.md"]
    assert daniel["website"] == "http://www.ibm.com"
    assert daniel["email"] == "daniel.kim@example.com"
    assert (
        "warning           lotus-notes.vcf:10: NOTE dropped: byte 0xE9 is not UTF-8 "
        "(name the file's encoding with --encoding)" in out
    )
    assert "warning           lotus-notes.vcf: not kept: PROFILE (1 card)" in out


def test_the_file_s_own_encoding_keeps_the_value(empty):
    result = run(empty, "import", "vcard", "--encoding", "latin-1", str(FIXTURES / "lotus-notes.vcf"))
    assert result.exit_code == 0
    assert "Met him at the Café Lumen" in body(empty, "contacts/Daniel Kim.md")


def test_thunderbird_categories_a_truncated_photo_and_an_email_only_card(empty):
    out = imported(empty, "vcard", "thunderbird.vcf")
    notes = fields(empty)
    assert notes["contacts/Grace Liu.md"]["tags"] == ["work", "friends", "book-club"]
    assert any(line.startswith("warning           thunderbird.vcf:8: line 'ofHh0aHB") for line in out)
    assert notes["contacts/lena.fischer@example.de.md"]["email"] == "lena.fischer@example.de"
    assert not [line for line in out if line.startswith("skipped")]


def test_a_suffix_after_a_comma_is_not_the_family_name(empty, tmp_path):
    imported(empty, "vcard", "kinds-v4.vcf")
    result = run(empty, "export", "vcard")
    assert b"\r\nN:Picard;Jean-Luc;;;PhD\r\n" in result.stdout_bytes


@pytest.mark.parametrize("name", ["outlook-2003.vcf", "iphone.vcf", "lotus-notes.vcf", "thunderbird.vcf"])
def test_importing_a_vcard_twice_changes_nothing(empty, name):
    imported(empty, "vcard", name)
    before = snapshot(empty)
    out = imported(empty, "vcard", name)
    assert snapshot(empty) == before
    assert "0 new contacts, 0 new organizations, 0 merged" in out[-1] and "0 conflicts" in out[-1]


def test_a_merge_adds_the_birthday_and_nickname_a_note_lacks(vault):
    root = vault({"contacts/Maya Okafor.md": "---\ntype: contact\nlist: A\nrole: Founder\n---\n# Maya\n"})
    out = imported(root, "vcard", "iphone.vcf")
    assert any(line.startswith("merged            contacts/Maya Okafor.md  + ") for line in out)
    maya = fields(root)["contacts/Maya Okafor.md"]
    assert maya["birthday"] == dt.date(1988, 2, 29) and maya["aliases"] == ["May", "Mo"] and maya["list"] == "A"


# -- LinkedIn ----------------------------------------------------------------------------


def test_an_older_linkedin_export_that_quotes_whole_rows(empty):
    out = imported(empty, "linkedin", "Connections-quoted.csv")
    notes = fields(empty)
    assert notes["contacts/Ada Lovelace.md"]["role"] == "Director, Data"
    assert notes["contacts/Ada Lovelace.md"]["email"] == "ada@example.org"
    assert out[-1] == (
        "Connections-quoted.csv: 4 people: 4 new contacts, 2 new organizations, 0 merged, 0 unchanged, "
        "0 conflicts, 0 skipped"
    )


def test_a_connection_whose_company_is_their_own_name_gets_no_organization(empty):
    imported(empty, "linkedin", "Connections-quoted.csv")
    assert not (empty / "organizations" / "Nadia Petrova.md").exists()
    assert "organization" not in fields(empty)["contacts/Nadia Petrova.md"]


def test_linkedin_first_and_last_name_are_kept_when_the_name_does_not_say_them(empty):
    imported(empty, "linkedin", "Connections-quoted.csv")
    notes = fields(empty)
    ludwig = notes["contacts/Ludwig van Beethoven.md"]
    assert (ludwig["given_name"], ludwig["family_name"]) == ("Ludwig", "van Beethoven")
    assert "given_name" not in notes["contacts/Ada Lovelace.md"]  # `Ada` `Lovelace`: the name says it
    vcf = run(empty, "export", "vcard").stdout_bytes
    assert b"\r\nN:van Beethoven;Ludwig;;;\r\n" in vcf


def test_namesakes_with_other_profiles_are_two_people_and_odd_company_names_reimport_as_they_are(empty):
    imported(empty, "linkedin", "Connections-namesakes.csv")
    notes = fields(empty)
    assert notes["contacts/Wei Zhang.md"]["linkedin"].endswith("wei-zhang-1")
    assert notes["contacts/Wei Zhang 2.md"]["linkedin"].endswith("wei-zhang-88")
    assert notes["organizations/WB Games Avalanche.md"]["name"] == "WB Games / Avalanche"
    assert notes["organizations/R D Labs.md"]["name"] == "R|D Labs"
    assert notes["organizations/Acme Corp.md"]["name"] == "Acme  Corp"  # two spaces, as written
    assert notes["contacts/Jo Park.md"]["role"] == "Head  of Data"
    before = snapshot(empty)
    out = imported(empty, "linkedin", "Connections-namesakes.csv")
    assert snapshot(empty) == before
    assert out == [
        "Connections-namesakes.csv: 5 people: 0 new contacts, 0 new organizations, 0 merged, 5 unchanged, "
        "0 conflicts, 0 skipped"
    ]


# -- Google ------------------------------------------------------------------------------


def test_google_s_outlook_csv_is_read(empty):
    out = imported(empty, "google", "google-outlook.csv")
    rafael = fields(empty)["contacts/Rafael Souza.md"]
    assert rafael["email"] == ["rafael@example.com", "rsouza@example.org"]
    assert rafael["phone"] == "+55 11 5555 0101"
    assert rafael["role"] == "Staff Engineer" and rafael["organization"] == "[[Initech]]"
    assert rafael["website"] == "https://rafael.example"
    assert rafael["aliases"] == ["Rafa"] and rafael["birthday"] == dt.date(1990, 7, 14)
    assert "Met at PyCon." in body(empty, "contacts/Rafael Souza.md")
    assert out[-1].startswith("google-outlook.csv: 2 people: 1 new contact, 2 new organizations")


def test_labels_become_tags_obsidian_accepts(empty):
    imported(empty, "google", "google-outlook.csv")
    assert fields(empty)["contacts/Rafael Souza.md"]["tags"] == ["Friends-Family", "_2024", "Co-workers-old"]
    assert not [d for d in lint_vault(empty) if d.severity.name == "ERROR"]


def test_a_google_row_with_only_a_company_is_an_organization(empty):
    imported(empty, "google", "google-outlook.csv")
    notes = fields(empty)
    assert notes["organizations/Solace Storage.md"]["website"] == "https://solace.example"
    assert "contacts/Solace Storage.md" not in notes


def test_a_column_netmd_does_not_read_is_said_once_with_its_count(empty):
    out = imported(empty, "google", "google-current.csv")
    assert "warning           google-current.csv: not kept: Organization Department (1 row)" in out


def test_an_outlook_address_is_kept_on_one_line(empty, tmp_path):
    rows = (FIXTURES / "google-outlook.csv").read_text("utf-8").splitlines()
    header = rows[0].split(",")
    row = dict.fromkeys(header, "")
    row |= {"First Name": "Omar", "Last Name": "Haddad", "Business Street": "1 Dock Road", "Business City": "Leeds"}
    (tmp_path / "o.csv").write_text(rows[0] + "\n" + ",".join(row[c] for c in header) + "\n", "utf-8")
    result = run(empty, "import", "google", str(tmp_path / "o.csv"))
    assert result.exit_code == 0 and "not kept" not in result.output
    assert fields(empty)["contacts/Omar Haddad.md"]["address"] == "1 Dock Road, Leeds"
