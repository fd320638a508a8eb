"""`netmd mv` and `netmd merge` as a user meets them: every link rewritten, only its bytes,
the old name kept in `aliases`, `--dry-run`, and all or nothing when something fails."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from tests.conftest import COMMITTED_SAMPLE, REPO, contact, lint_vault, write_vault

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate, person  # noqa: E402


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--vault", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".netmd" not in p.parts
    }


def codes(root: Path) -> list[str]:
    return sorted(d.code for d in lint_vault(root))


ADA = contact("Ada Lovelace", role="Engineer")
LINKS = (
    "---\ntype: meeting\ndate: 2026-11-10\nwith:\n  - \"[[Ada Lovelace]]\"\nreferrals: ['[[Ada Lovelace|Ada]]']\n---\n"
    "# Meeting with [[Ada Lovelace]]\n\nSee [[Ada Lovelace#Notes]], [[Ada Lovelace|the countess]],"
    " [[contacts/Ada Lovelace]],"
    " [[Ada Lovelace.md]], [[ada lovelace]] and [[Countess]].\n\n```\n[[Ada Lovelace]] in code stays\n```\n"
)


def test_mv_rewrites_every_link_and_only_its_bytes(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada Lovelace.md": contact("Ada Lovelace", aliases="[Countess]"),
            "meetings/m.md": LINKS,
            "contacts/Other.md": contact("Other", referred_by='"[[Ada Lovelace]]"'),
        },
    )
    code, out, err = run(root, "mv", "Ada Lovelace", "Ada King")
    assert code == 0, err
    assert not (root / "contacts/Ada Lovelace.md").exists()
    moved = (root / "contacts/Ada King.md").read_text("utf-8")
    assert moved == contact("Ada Lovelace", aliases='[Countess, "Ada Lovelace"]')
    assert (root / "meetings/m.md").read_text("utf-8") == (
        "---\ntype: meeting\ndate: 2026-11-10\nwith:\n  - \"[[Ada King]]\"\nreferrals: ['[[Ada King|Ada]]']\n---\n"
        "# Meeting with [[Ada King]]\n\nSee [[Ada King#Notes]], [[Ada King|the countess]], [[contacts/Ada King]],"
        " [[Ada King.md]], [[Ada King]] and [[Countess]].\n\n```\n[[Ada Lovelace]] in code stays\n```\n"
    )
    assert 'referred_by: "[[Ada King]]"' in (root / "contacts/Other.md").read_text("utf-8")
    assert "v/contacts/Ada Lovelace.md: renamed to v/contacts/Ada King.md" in out
    assert "v/meetings/m.md:5:8: [[Ada Lovelace]] -> [[Ada King]]" in out
    assert not [d for d in lint_vault(root) if d.code in ("NM301", "NM302")]


def test_mv_changes_the_name_field_and_requotes_a_value_the_new_name_cannot_sit_in(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/sam.md": "---\ntype: contact\nlist: B\nname: Sam Connor\n---\n",
            "a.md": "---\nnote: '[[sam]] and [[contacts/sam]]'\nalso: \"[[sam]]\"\n---\nHi [[sam]]\n",
        },
    )
    code, _, err = run(root, "mv", "Sam Connor", "Sam O'Connor")
    assert code == 0, err
    moved = (root / "contacts/Sam O'Connor.md").read_text("utf-8")
    assert moved == '---\ntype: contact\nlist: B\nname: Sam O\'Connor\naliases: ["Sam Connor"]\n---\n'
    assert (root / "a.md").read_text("utf-8") == (
        "---\nnote: \"[[Sam O'Connor]] and [[contacts/Sam O'Connor]]\"\n"
        "also: \"[[Sam O'Connor]]\"\n---\nHi [[Sam O'Connor]]\n"
    )
    assert not [d for d in lint_vault(root) if d.code in ("NM101", "NM301", "NM302")]


def test_a_name_no_quotes_can_hold_is_refused_with_where(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {"contacts/sam.md": contact("sam"), "a.md": "---\nnote: 'met [[sam]]'\n---\n"},
    )
    before = snapshot(root)
    code, _, err = run(root, "mv", "sam", 'Sam "O\'Connor"')
    assert code == 1
    assert "a.md:2:12:" in err and "cannot be written inside these quotes; nothing changed" in err
    assert snapshot(root) == before


def test_mv_dry_run_lists_every_edit_and_writes_nothing(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada Lovelace.md": ADA, "meetings/m.md": LINKS})
    before = snapshot(root)
    code, out, err = run(root, "mv", "--dry-run", "Ada Lovelace", "Ada King")
    assert code == 0, err
    assert snapshot(root) == before
    assert "dry run: nothing written" in err
    lines = out.splitlines()
    assert lines[0] == "v/contacts/Ada Lovelace.md: renamed to v/contacts/Ada King.md"
    assert sum("-> [[Ada King" in line or "-> [[contacts/Ada King" in line for line in lines) == 8
    assert any('aliases: + "Ada Lovelace"' in line for line in lines)


def test_mv_on_the_sample_vault_leaves_lint_as_it_was(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(COMMITTED_SAMPLE, root, ignore=shutil.ignore_patterns(".netmd"))
    before = codes(root)
    code, out, err = run(root, "mv", "Priya Natarajan", "Priya Raman")
    assert code == 0, err
    assert (root / "contacts/Priya Raman.md").exists()
    assert len(out.splitlines()) >= 7
    assert codes(root) == before
    code, out, _ = run(root, "show", "Priya Raman")
    assert code == 0 and "VP Engineering" in out


def test_mv_on_a_generated_vault(tmp_path):
    root = tmp_path / "gen"
    generate(root, 60)
    before = codes(root)
    who = person(3)
    code, out, err = run(root, "mv", who, "Renamed Person")
    assert code == 0, err
    assert not (root / f"contacts/{who}.md").exists()
    assert codes(root) == before  # every link found its way: no new broken link
    leftovers = [p for p in root.rglob("*.md") if f"[[{who}]]" in p.read_text("utf-8")]
    assert leftovers == []


def test_a_rename_done_in_obsidian_leaves_nothing_to_report(tmp_path):
    """Obsidian renames the file and rewrites the links itself; netmd must find nothing wrong."""
    root = write_vault(tmp_path / "v", {"contacts/Ada Lovelace.md": ADA, "meetings/m.md": LINKS})
    before = codes(root)
    os.rename(root / "contacts/Ada Lovelace.md", root / "contacts/Ada King.md")
    meeting = root / "meetings/m.md"
    text = meeting.read_text("utf-8").replace("```\n[[Ada Lovelace]]", "```\n[[KEEP]]")
    text = text.replace("[[Ada Lovelace", "[[Ada King").replace("[[contacts/Ada Lovelace", "[[contacts/Ada King")
    text = text.replace("[[ada lovelace]]", "[[Ada King]]").replace("[[KEEP]]", "[[Ada Lovelace]]")
    meeting.write_text(text, "utf-8")
    assert codes(root) == before


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("Nobody", "X"), 1, 'no contact or organization "Nobody"'),
        (("Ada Lovelace", "Grace Hopper"), 1, '"Grace Hopper" already names contacts/Grace Hopper.md'),
        (("Ada Lovelace", "Ada|King"), 2, "cannot be in a note's name"),
        (("Ada Lovelace", "../evil"), 2, "cannot be in a note's name"),
        (("Ada Lovelace", "  "), 2, "cannot be in a note's name"),
    ],
)
def test_mv_refuses_with_a_clear_message_and_changes_nothing(tmp_path, args, status, message):
    root = write_vault(
        tmp_path / "v",
        {"contacts/Ada Lovelace.md": ADA, "contacts/Grace Hopper.md": contact("Grace Hopper"), "meetings/m.md": LINKS},
    )
    before = snapshot(root)
    code, _, err = run(root, "mv", *args)
    assert code == status
    assert message in err and "Traceback" not in err
    assert snapshot(root) == before


def test_mv_is_all_or_nothing_when_a_folder_cannot_be_written(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {"contacts/Ada Lovelace.md": ADA, "meetings/m.md": LINKS, "locked/n.md": "Met [[Ada Lovelace]]\n"},
    )
    before = snapshot(root)
    os.chmod(root / "locked", 0o555)
    try:
        code, _, err = run(root, "mv", "Ada Lovelace", "Ada King")
    finally:
        os.chmod(root / "locked", 0o755)
    assert code == 1
    assert "read-only" in err and "nothing changed" in err
    assert snapshot(root) == before


def test_a_write_failing_half_way_is_undone(tmp_path, monkeypatch):
    from netmd import edits

    root = write_vault(
        tmp_path / "v", {"contacts/Ada Lovelace.md": ADA, "meetings/m.md": LINKS, "z/n.md": "Met [[Ada Lovelace]]\n"}
    )
    before = snapshot(root)
    real = edits.write_back

    def failing(path, data):
        if path.name == "n.md" and data != before["z/n.md"]:
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(edits, "write_back", failing)
    code, _, err = run(root, "mv", "Ada Lovelace", "Ada King")
    assert code == 1 and "No space left on device; nothing changed" in err
    assert snapshot(root) == before


def test_mv_of_a_note_without_front_matter_aliases_field(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "orgs/Initech.md": "---\ntype: organization\naliases:\n  - Initrode\n---\n",
            "c.md": contact("C", organization='"[[Initech]]"'),
        },
    )
    code, _, err = run(root, "mv", "Initech", "Initech Global")
    assert code == 0, err
    assert (root / "orgs/Initech Global.md").read_text("utf-8") == (
        '---\ntype: organization\naliases:\n  - Initrode\n  - "Initech"\n---\n'
    )
    assert 'organization: "[[Initech Global]]"' in (root / "c.md").read_text("utf-8")


# -- merge ----------------------------------------------------------------------------------

A = "---\ntype: contact\nlist: B\nrole: Engineer\nemail: ada@example.org\n---\n# Ada\n\nFirst note.\n"
B = (
    '---\ntype: contact\nlist: A\nphone: "+44 20"\nemail: ada@example.org\naliases: [Countess]\ntags:\n  - math\n---\n'
    "# Ada L\n\nMet at [[Babbage]]; see [[Ada L]].\n"
)


def merge_vault(tmp_path: Path) -> Path:
    return write_vault(
        tmp_path / "v",
        {
            "contacts/Ada.md": A,
            "contacts/Ada L.md": B,
            "contacts/Babbage.md": contact("Babbage", referred_by='"[[Ada L]]"'),
            "meetings/m.md": '---\ntype: meeting\ndate: 2026-11-10\nwith: ["[[Ada L|Ada]]"]\n---\n',
        },
    )


def test_merge_adds_missing_fields_appends_the_body_and_moves_every_link(tmp_path):
    root = merge_vault(tmp_path)
    assert any(d.code == "NM304" for d in lint_vault(root))
    code, out, err = run(root, "merge", "Ada", "Ada L")
    assert code == 0, err
    assert not (root / "contacts/Ada L.md").exists()
    assert (root / "contacts/Ada.md").read_text("utf-8") == (
        '---\ntype: contact\nlist: B\nrole: Engineer\nemail: ada@example.org\naliases: ["Ada L", "Countess"]\n'
        'phone: "+44 20"\ntags:\n  - math\n---\n# Ada\n\nFirst note.\n\n# Ada L\n\nMet at [[Babbage]]; see [[Ada]].\n'
    )
    assert 'referred_by: "[[Ada]]"' in (root / "contacts/Babbage.md").read_text("utf-8")
    assert '["[[Ada|Ada]]"]' in (root / "meetings/m.md").read_text("utf-8")
    assert "contacts/Ada L.md:3:1: list: kept B (from contacts/Ada.md), not A" in out
    assert "v/contacts/Ada L.md: removed" in out
    assert not [d for d in lint_vault(root) if d.code in ("NM301", "NM304", "NM101")]


def test_merge_dry_run_writes_nothing(tmp_path):
    root = merge_vault(tmp_path)
    before = snapshot(root)
    code, out, err = run(root, "merge", "--dry-run", "Ada", "Ada L")
    assert code == 0, err
    assert snapshot(root) == before
    assert "+ phone (from contacts/Ada L.md)" in out and "removed" in out


def test_merge_refuses_notes_of_two_types_and_the_same_note(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": A, "orgs/Acme.md": "---\ntype: organization\n---\n"})
    before = snapshot(root)
    code, _, err = run(root, "merge", "Ada", "Acme")
    assert code == 2 and "only notes of one type merge" in err
    code, _, err = run(root, "merge", "Ada", "contacts/Ada")
    assert code == 2 and "are the same note" in err
    assert snapshot(root) == before


def test_a_note_with_a_yaml_error_is_not_renamed(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": "---\ntype: contact\nlist: [B\n---\n"})
    before = snapshot(root)
    code, _, err = run(root, "mv", "Ada", "Ada King")
    assert code == 1 and "contacts/Ada.md:" in err and "fix it first" in err
    assert snapshot(root) == before


# -- properties -----------------------------------------------------------------------------

NAME_CHARS = st.sampled_from(list("abcXYZ '\"é-&,!()ü.") + ["ß", "ö"])


EXAMPLES = int(os.environ.get("NETMD_EXAMPLES", "25"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(new=st.text(NAME_CHARS, min_size=1, max_size=12).filter(lambda s: s.strip() and not s.startswith(".")))
def test_any_new_name_leaves_every_link_resolving(tmp_path_factory, new):
    root = write_vault(
        tmp_path_factory.mktemp("v"),
        {
            "contacts/Ada.md": "---\ntype: contact\nlist: B\nname: Ada\n---\n",
            "m.md": "---\ntype: meeting\ndate: 2026-11-10\nwith:\n  - \"[[Ada]]\"\nx: '[[Ada]]'\n---\n[[Ada|A]]\n",
        },
    )
    code, _, err = run(root, "mv", "--", "Ada", new)
    if code != 0:  # refused: then nothing changed
        assert "nothing changed" in err or "cannot be in" in err or "already names" in err
        return
    found = [d for d in lint_vault(root) if d.code in ("NM101", "NM301", "NM302")]
    assert found == [], (new, found)


def test_the_example_in_docs_editor_md_is_what_mv_prints(tmp_path, monkeypatch):
    doc = (REPO / "docs" / "editor.md").read_text("utf-8")
    block = doc.split("```console\n", 1)[1].split("```", 1)[0].splitlines()
    command, expected = block[0], block[1:]
    assert command == '$ netmd mv --dry-run "Priya Natarajan" "Priya Raman"'
    root = tmp_path / "sample"
    shutil.copytree(COMMITTED_SAMPLE, root, ignore=shutil.ignore_patterns(".netmd"))
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["mv", "--dry-run", "Priya Natarajan", "Priya Raman"])
    assert result.exit_code == 0 and result.stdout.splitlines() == expected


def test_merge_on_a_generated_vault_and_on_the_sample_vault(tmp_path):
    gen = tmp_path / "gen"
    generate(gen, 60)
    who = person(5)
    twin = (gen / f"contacts/{who}.md").read_text("utf-8").replace("type: contact", "type: contact\nphone: '+1 555'")
    (gen / "contacts/Twin.md").write_text(twin.split("---\n# ")[0] + "---\nMet again [[Twin]].\n", "utf-8")
    (gen / "Daily/x.md").write_text("Saw [[Twin]] today.\n", "utf-8")
    sample = tmp_path / "sample"
    shutil.copytree(COMMITTED_SAMPLE, sample, ignore=shutil.ignore_patterns(".netmd"))
    priya = (sample / "contacts/Priya Natarajan.md").read_text("utf-8")
    (sample / "contacts/P Natarajan.md").write_text(priya.split("---\n# ")[0] + "---\n", "utf-8")
    for root, keep, gone in ((gen, who, "Twin"), (sample, "Priya Natarajan", "P Natarajan")):
        before = codes(root)
        assert "NM304" in before
        code, _, err = run(root, "merge", keep, gone)
        assert code == 0, err
        after = codes(root)
        assert "NM304" not in after and after.count("NM301") == before.count("NM301")
    assert "[[Twin]]" not in (gen / "Daily/x.md").read_text("utf-8")
    assert "phone: '+1 555'" in (gen / f"contacts/{who}.md").read_text("utf-8")
