"""`netmd import`: LinkedIn, vCard and Google Contacts files into a vault, merged, never duplicated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmd.cli import cli
from netmd.importer import Planner, apply
from netmd.index import Index
from netmd.readers import read
from netmd.vault import Vault
from tests.conftest import TODAY, in_folder, lint_vault, write_vault

FIXTURES = Path(__file__).parent / "fixtures" / "interop"


def run(root: Path, *args: str):
    with in_folder(root):  # as a user runs it, from the vault (paths print from here)
        return CliRunner().invoke(
            cli, ["--vault", str(root), "--today", TODAY.isoformat(), *args], catch_exceptions=False
        )


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def front(root: Path, rel: str) -> str:
    return (root / rel).read_text("utf-8").split("---\n")[1]


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault", {})


def test_linkedin_into_an_empty_vault(empty):
    result = run(empty, "import", "linkedin", str(FIXTURES / "Connections.csv"))
    assert result.exit_code == 0, result.output
    assert sorted(snapshot(empty)) == [
        "contacts/Dana Whitfield.md",
        "contacts/Li Wei.md",
        "contacts/Marcus O'Neill.md",
        "contacts/Priya Natarajan.md",
        "contacts/Søren Kierkegaard-Hansen.md",
        "organizations/Helios Analytics.md",
        "organizations/Kestrel Energy.md",
        "organizations/Northwind Traders, Inc.md",
    ]
    assert front(empty, "contacts/Marcus O'Neill.md") == (
        "type: contact\nlist: B\n"
        'organization: "[[Northwind Traders, Inc]]"\n'
        'role: "Engineering Manager"\nstatus: active\ncreated: 2026-11-25\n'
        'email: "marcus.oneill@example.net"\n'
        'linkedin: "https://www.linkedin.com/in/marcusoneill"\n'
        "connected: 2022-06-21\n"  # `Connected On` is not a contact (issue 15)
    )
    assert "created: 2026-11-25" in front(empty, "contacts/Dana Whitfield.md")  # no date: the day of the import
    lines = result.output.splitlines()
    assert "skipped           Connections.csv:10: 8 fields where the header has 7" in lines
    assert "skipped           Connections.csv:11: no name" in lines
    assert any(line.startswith("warning           Connections.csv:9: 'Connected On'") for line in lines)
    assert lines[-1] == (
        "Connections.csv: 6 people: 5 new contacts, 3 new organizations, 0 merged, 1 unchanged, 0 conflicts, 2 skipped"
    )
    assert 'name: "Northwind Traders, Inc."' in front(empty, "organizations/Northwind Traders, Inc.md")
    assert [d for d in lint_vault(empty) if d.severity.name == "ERROR"] == []


def test_an_older_linkedin_export_without_urls(empty):
    assert run(empty, "import", "linkedin", str(FIXTURES / "Connections-2019.csv")).exit_code == 0
    assert 'email: "ada@example.org"' in front(empty, "contacts/Ada Lovelace.md")
    assert "connected: 2018-12-26" in front(empty, "contacts/Charles Babbage.md")


def test_importing_twice_changes_no_byte(empty):
    assert run(empty, "import", "linkedin", str(FIXTURES / "Connections.csv")).exit_code == 0
    before = snapshot(empty)
    again = run(empty, "import", "linkedin", str(FIXTURES / "Connections.csv"))
    assert snapshot(empty) == before
    assert again.output.splitlines()[-1].startswith("Connections.csv: 6 people: 0 new contacts, 0 new organizations")
    assert "6 unchanged" in again.output


def test_dry_run_writes_nothing_and_shows_the_plan(empty):
    before = snapshot(empty)
    dry = run(empty, "import", "linkedin", "--dry-run", str(FIXTURES / "Connections.csv"))
    assert dry.exit_code == 0 and snapshot(empty) == before
    assert not (empty / ".netmd").exists() or snapshot(empty) == before
    real = run(empty, "import", "linkedin", str(FIXTURES / "Connections.csv"))
    assert dry.output.splitlines()[0].startswith("dry run: ")
    assert dry.output.splitlines()[1:] == real.output.splitlines()


def test_vcard_3_and_4_with_apple_groups_and_non_ascii_names(empty):
    result = run(empty, "import", "vcard", str(FIXTURES / "contacts-v3.vcf"))
    assert result.exit_code == 0, result.output
    priya = front(empty, "contacts/Priya Natarajan.md")
    assert 'email:\n  - "priya@helios.example"\n  - "priya.n@example.com"\n' in priya
    assert 'phone: "+1 (415) 555-0134"' in priya
    assert 'linkedin: "https://www.linkedin.com/in/priya-natarajan-4b2a1c"' in priya
    assert 'organization: "[[Helios Analytics]]"' in priya
    maya = front(empty, "contacts/Maya Okafor.md")
    assert 'phone:\n  - "+44 20 7946 0958"\n  - "+44 20 7946 0000"\n' in maya
    assert 'tags:\n  - "friends"\n  - "family"\n' in maya
    assert "new organization  organizations/Acme Plumbing.md" in result.output  # a card with only ORG
    assert "warning           contacts-v3.vcf:29: a company: phone not kept" in result.output
    assert "warning           contacts-v3.vcf:38: line 'this line is not a property' dropped" in result.output
    assert (empty / "contacts" / "Broken Card.md").exists()  # the person is kept without the line

    assert run(empty, "import", "vcard", str(FIXTURES / "contacts-v4.vcf")).exit_code == 0
    zoe = front(empty, "contacts/Zoë Saldaña-Núñez.md")
    assert 'phone: "+1-555-555-0100"' in zoe and 'website: "https://zoe.example.com/"' in zoe
    assert 'email:\n  - "jm@example.de"\n  - "juergen@example.de"\n' in front(empty, "contacts/Jürgen Müller.md")


@pytest.mark.parametrize("name", ["google-current.csv", "google-legacy.csv"])
def test_google_contacts_both_header_styles(empty, name):
    result = run(empty, "import", "google", str(FIXTURES / name))
    assert result.exit_code == 0, result.output
    people = {p.name for p in (empty / "contacts").iterdir()}
    if name == "google-current.csv":
        assert people == {"Hannah Weiss.md", "Tom Reyes.md"}
        tom = front(empty, "contacts/Tom Reyes.md")
        assert 'email:\n  - "tom@example.com"\n  - "tom.reyes@example.org"\n  - "tom@work.example"\n' in tom
        assert 'tags:\n  - "Friends"\n' in tom  # Google's own `* myContacts` is not a tag
        hannah = front(empty, "contacts/Hannah Weiss.md")
        assert 'role: "VP Engineering"' in hannah and 'linkedin: "https://www.linkedin.com/in/hannah-weiss"' in hannah
        assert "google-current.csv:4: no name" in result.output
    else:
        assert people == {"Joanna Park.md", "Rafael Souza.md"}
        assert 'organization: "[[Initech]]"' in front(empty, "contacts/Joanna Park.md")
        assert 'email:\n  - "rafael@example.com"\n  - "rsouza@example.org"\n' in front(
            empty, "contacts/Rafael Souza.md"
        )


# -- merging -----------------------------------------------------------------------------

MINE = (
    "---\r\n"
    "type: contact   # from the conference\r\n"
    "list: A\r\n"
    "role: Head of Data   # her words\r\n"
    'organization: "[[Helios Analytics]]"\r\n'
    "---\r\n"
    "# Priya\r\n"
    "\r\n"
    "Met at the meetup; she loves  double  spaces and **bold** notes.\r\n"
    "- [ ] Send the article 📅 2026-12-01\r\n"
)


def test_merge_adds_only_what_is_missing_byte_for_byte(vault):
    root = vault(
        {
            "contacts/Priya Natarajan.md": MINE,
            "organizations/Helios Analytics.md": "---\ntype: organization\n---\n",
        }
    )
    result = run(root, "import", "vcard", str(FIXTURES / "contacts-v3.vcf"))
    assert result.exit_code == 0, result.output
    after = (root / "contacts/Priya Natarajan.md").read_bytes().decode()
    added = (
        'email:\r\n  - "priya@helios.example"\r\n  - "priya.n@example.com"\r\n'
        'phone: "+1 (415) 555-0134"\r\n'
        'linkedin: "https://www.linkedin.com/in/priya-natarajan-4b2a1c"\r\n'
    )
    at = MINE.index("---\r\n# Priya")
    assert after == MINE[:at] + added + MINE[at:]
    assert (
        "merged            contacts/Priya Natarajan.md  + email, phone, linkedin  (contacts-v3.vcf:1)" in result.output
    )
    assert (
        'conflict          contacts/Priya Natarajan.md: role is "Head of Data" in the vault, '
        '"Director of Data Science" in contacts-v3.vcf:1 (yours kept)' in result.output
    )
    assert "list: A" in after  # --list applies to new contacts only


def test_an_empty_property_is_filled_in_place(vault):
    text = "---\ntype: contact\nlist: B\nemail:   # which one?\nphone: ~\n---\nbody\n"
    root = vault({"contacts/Li Wei.md": text})
    assert run(root, "import", "linkedin", str(FIXTURES / "Connections.csv")).exit_code == 0
    after = (root / "contacts/Li Wei.md").read_text("utf-8")
    assert after.startswith('---\ntype: contact\nlist: B\nemail: "li.wei@example.org" # which one?\nphone: ~\n')
    assert after.endswith("---\nbody\n")


def test_matching_by_linkedin_url_then_email_then_name(vault):
    root = vault(
        {
            "contacts/P. Natarajan.md": "---\ntype: contact\nlist: B\nlinkedin: linkedin.com/in/priya-natarajan-4b2a1c\n---\n",  # noqa: E501
            "contacts/Marcus.md": "---\ntype: contact\nlist: B\nemail: Marcus.ONeill@example.net\n---\n",
            "contacts/Soren.md": "---\ntype: contact\nlist: B\naliases: [Søren Kierkegaard-Hansen]\n---\n",
        }
    )
    result = run(root, "import", "linkedin", str(FIXTURES / "Connections.csv"))
    assert result.exit_code == 0, result.output
    contacts = sorted(p.name for p in (root / "contacts").iterdir())
    assert contacts == ["Dana Whitfield.md", "Li Wei.md", "Marcus.md", "P. Natarajan.md", "Soren.md"]
    assert 'linkedin: "https://www.linkedin.com/in/marcusoneill"' in front(root, "contacts/Marcus.md")
    assert 'role: "Grid Analyst"' in front(root, "contacts/Soren.md")


def test_the_same_name_with_another_linkedin_profile_is_another_person(vault):
    root = vault(
        {"contacts/Li Wei.md": "---\ntype: contact\nlist: A\nlinkedin: https://linkedin.com/in/other-li\n---\n"}
    )
    assert run(root, "import", "linkedin", str(FIXTURES / "Connections.csv")).exit_code == 0
    assert "list: A" in front(root, "contacts/Li Wei.md")
    assert 'linkedin: "https://www.linkedin.com/in/li-wei-88"' in front(root, "contacts/Li Wei 2.md")
    assert 'name: "Li Wei"' in front(root, "contacts/Li Wei 2.md")


def test_a_name_shared_by_two_contacts_is_not_guessed(vault):
    twin = "---\ntype: contact\nlist: B\nname: Dana Whitfield\n---\n"
    root = vault({"contacts/Dana W.md": twin, "contacts/D. Whitfield.md": twin})
    before = snapshot(root)
    result = run(root, "import", "linkedin", str(FIXTURES / "Connections.csv"))
    assert {k: v for k, v in snapshot(root).items() if k in before} == before
    assert "could be any of contacts/D. Whitfield.md, contacts/Dana W.md; not merged" in result.output
    assert not (root / "contacts/Dana Whitfield.md").exists()


def test_list_and_tags_for_new_contacts(empty):
    result = run(
        empty,
        "import",
        "linkedin",
        "--list",
        "C",
        "--tag",
        "job-search",
        "--tag",
        "2026",
        str(FIXTURES / "Connections-2019.csv"),
    )
    assert result.exit_code == 0
    assert "list: C\n" in front(empty, "contacts/Ada Lovelace.md")
    assert 'tags:\n  - "job-search"\n  - "2026"\n' in front(empty, "contacts/Ada Lovelace.md")


def test_a_user_template_shapes_new_contacts_and_nothing_is_lost(vault):
    template = "---\ntype: contact\nlist: {{ list }}\ncreated: {{ today }}\n---\n# {{ title }}\n\nMy own layout.\n"
    root = vault({"templates/contact.md.j2": template})
    assert run(root, "import", "linkedin", str(FIXTURES / "Connections-2019.csv")).exit_code == 0
    text = (root / "contacts/Ada Lovelace.md").read_text("utf-8")
    assert text.endswith("---\n# Ada Lovelace\n\nMy own layout.\n")
    assert 'organization: "[[Analytical Engines]]"' in text and 'role: "Chief Programmer"' in text


def test_a_note_changed_after_planning_is_not_merged(vault):
    root = vault({"contacts/Li Wei.md": "---\ntype: contact\nlist: B\n---\n"})
    v = Vault(root)
    people, problems = read("linkedin", FIXTURES / "Connections.csv")
    with Index(v) as index:
        index.refresh()
        plan = Planner(v, index.entries(), index.notes("contact"), TODAY).plan(
            "Connections.csv", people, problems, None, []
        )
    (root / "contacts/Li Wei.md").write_text("---\ntype: contact\nlist: A\n---\nedited\n", "utf-8")
    errors = apply(v, plan, TODAY)
    assert errors == ["contacts/Li Wei.md changed while importing; not merged (run the import again)"]
    assert (root / "contacts/Li Wei.md").read_text("utf-8") == "---\ntype: contact\nlist: A\n---\nedited\n"
    assert (root / "contacts/Dana Whitfield.md").exists()  # the rest of the plan was written


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("linkedin", "contacts-v3.vcf", "contacts-v3.vcf: no header line with 'First Name' and 'Last Name'"),
        ("vcard", "Connections.csv", "Connections.csv: no BEGIN:VCARD line: is this a vCard file?"),
        ("google", "Connections.csv", "Connections.csv: no Google Contacts header line"),
    ],
)
def test_a_file_that_is_not_what_it_claims_writes_nothing(empty, kind, name, message):
    result = CliRunner().invoke(cli, ["--vault", str(empty), "import", kind, str(FIXTURES / name)])
    assert result.exit_code == 1
    assert result.output.startswith(f"netmd: error: {message}")
    assert snapshot(empty) == {}


def test_a_file_in_another_encoding_is_named_with_line_and_column(empty, tmp_path):
    latin = tmp_path / "Connections.csv"
    latin.write_bytes("First Name,Last Name,Company\nJosé,Núñez,Café\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["--vault", str(empty), "import", "linkedin", str(latin)])
    assert result.exit_code == 1
    assert "netmd: error: Connections.csv:2:4: not UTF-8 text (byte 0xE9); re-save it as UTF-8" in result.output
    assert snapshot(empty) == {}
    fixed = run(empty, "import", "linkedin", "--encoding", "latin-1", str(latin))
    assert fixed.exit_code == 0 and (empty / "contacts/José Núñez.md").exists()
    bad = CliRunner().invoke(cli, ["--vault", str(empty), "import", "linkedin", "--encoding", "klingon", str(latin)])
    assert (bad.exit_code, bad.output) == (1, "netmd: error: unknown encoding 'klingon'\n")


def test_a_file_with_no_good_row_writes_nothing(empty, tmp_path):
    bad = tmp_path / "Connections.csv"
    bad.write_text("First Name,Last Name,Company\nA,B\n,,Initech\n", "utf-8")
    result = CliRunner().invoke(cli, ["--vault", str(empty), "import", "linkedin", str(bad)])
    assert result.exit_code == 1
    assert result.output == (
        "netmd: error: Connections.csv: no people found; nothing written\n"
        "  Connections.csv:2: skipped: 2 fields where the header has 3\n"
        "  Connections.csv:3: skipped: no name\n"
    )
    assert snapshot(empty) == {}


def test_a_missing_file_is_a_usage_error(empty):
    result = CliRunner().invoke(cli, ["--vault", str(empty), "import", "vcard", "nowhere.vcf"])
    assert result.exit_code == 2 and "nowhere.vcf" in result.output


def test_the_sample_vault_is_not_touched_by_a_dry_run(tmp_path):
    from tests.conftest import SAMPLE

    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    before = snapshot(root)
    result = run(root, "import", "vcard", "--dry-run", str(FIXTURES / "contacts-v3.vcf"))
    assert result.exit_code == 0 and snapshot(root) == before
    assert "merged            contacts/Priya Natarajan.md" in result.output


def test_a_batch_of_new_notes_never_replaces_a_file_and_leaves_no_temporary_file(tmp_path):
    from netmd.fsutil import write_new_many

    (tmp_path / "b.md").write_bytes(b"mine")
    errors = write_new_many({tmp_path / "a.md": b"A", tmp_path / "b.md": b"B", tmp_path / "sub" / "c.md": b"C"})
    assert list(errors) == [tmp_path / "b.md"] and isinstance(errors[tmp_path / "b.md"], FileExistsError)
    assert (tmp_path / "b.md").read_bytes() == b"mine"
    assert (tmp_path / "a.md").read_bytes() == b"A" and (tmp_path / "sub" / "c.md").read_bytes() == b"C"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.md", "b.md", "c.md", "sub"]


def test_a_conflicting_organization_creates_no_organization_note(vault):
    root = vault(
        {
            "contacts/Søren Kierkegaard-Hansen.md": '---\ntype: contact\nlist: B\norganization: "[[Acme]]"\n---\n',
            "organizations/Acme.md": "---\ntype: organization\n---\n",
        }
    )
    result = run(root, "import", "linkedin", str(FIXTURES / "Connections.csv"))
    assert 'organization is "Acme" in the vault, "Kestrel Energy" in Connections.csv:7 (yours kept)' in result.output
    assert not (root / "organizations" / "Kestrel Energy.md").exists()
    assert 'role: "Grid Analyst"' in front(root, "contacts/Søren Kierkegaard-Hansen.md")


def test_a_vault_with_its_own_keys_gets_them(vault, tmp_path):
    """`[fields]` maps `Company` to organization: a merge writes `Company`, not a second key."""
    files = {
        "contacts/Li Wei.md": "---\ntype: contact\nlist: B\n---\n",
        "organizations/Acme.md": "---\ntype: organization\n---\n",
    }
    root = vault(files, config='[fields]\nCompany = "organization"\nPosition = "role"\n')
    people = tmp_path / "Connections.csv"
    people.write_text("First Name,Last Name,Company,Position\nLi,Wei,Acme,Freelance\n", "utf-8")
    assert run(root, "import", "linkedin", str(people)).exit_code == 0
    assert front(root, "contacts/Li Wei.md") == 'type: contact\nlist: B\nCompany: "[[Acme]]"\nPosition: "Freelance"\n'
    assert "0 merged, 1 unchanged" in run(root, "import", "linkedin", str(people)).output


def test_a_csv_saved_with_windows_line_endings_and_odd_characters(empty, tmp_path):
    crlf = tmp_path / "Connections.csv"
    rows = ["Notes:", "", "First Name,Last Name,Company", "Ada,Love\u2028lace,Acme", "Bad,Row", "Grace,Hopper,Navy"]
    crlf.write_bytes("\r\n".join(rows).encode() + b"\r\n")
    result = run(empty, "import", "linkedin", str(crlf))
    assert result.exit_code == 0, result.output
    assert "skipped           Connections.csv:5: 2 fields where the header has 3" in result.output
    assert (empty / "contacts" / "Grace Hopper.md").exists()
    assert (empty / "contacts" / "Ada Love\u2028lace.md").exists() is False  # a line separator is no file name
    assert len(list((empty / "contacts").iterdir())) == 2


@pytest.mark.parametrize("text", ["a\u2028b", "x\x85y", "p\u2029q", 'say "hi"', "Zoë: ~ # not a comment", "[[Ada]]"])
def test_written_text_reads_back_exactly(text):
    import yaml

    from netmd.properties import yaml_lines

    assert yaml.safe_load(yaml_lines("role", text, "\n")) == {"role": text}


def test_writing_many_notes_reports_progress(tmp_path):
    from netmd.fsutil import write_new_many

    seen: list[tuple[int, int]] = []
    files = {tmp_path / f"n{i}.md": b"x" for i in range(1200)}
    assert write_new_many(files, lambda done, total: seen.append((done, total))) == {}
    assert seen == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_a_name_that_makes_no_file_name_skips_that_row_only(empty, tmp_path):
    bad = tmp_path / "Connections.csv"
    bad.write_text("First Name,Last Name,Company\n///,..,Acme\nAda,Lovelace,///\n", "utf-8")
    result = run(empty, "import", "linkedin", str(bad))
    assert result.exit_code == 0, result.output
    assert "skipped           Connections.csv:2: '/// ..' leaves no name for a file" in result.output
    assert "Connections.csv:3: organization '///' leaves no name for a file; left out" in result.output
    assert sorted(p.name for p in empty.rglob("*.md")) == ["Ada Lovelace.md"]
    assert "organization" not in front(empty, "contacts/Ada Lovelace.md")
