"""Which files are notes: ignores, the templates folder, hidden folders (SPEC §2)."""

from __future__ import annotations

from netmd.note import Note
from netmd.vault import Vault, glob_regex
from tests.conftest import write_vault


def test_hidden_and_configured_folders_are_skipped(tmp_path):
    files = {
        "contacts/A.md": "",
        ".obsidian/x.md": "",
        ".trash/B.md": "",
        ".git/C.md": "",
        ".netmd/D.md": "",
        "Archive/2019/E.md": "",
        "templates/Meeting.md": "{{date}}",
        "dashboards/2026-W48.md": "generated",
        "notes/readme.txt": "",
        "notes/F.md": "",
    }
    root = write_vault(tmp_path / "v", files, '[vault]\nignore = ["Archive/**"]\n')
    assert Vault(root).paths() == ["contacts/A.md", "notes/F.md"]


def test_obsidian_templates_folder_replaces_the_default(tmp_path):
    files = {
        ".obsidian/templates.json": '{"folder": "Meta/Templates"}',
        "Meta/Templates/T.md": "",
        "templates/U.md": "",
    }
    root = write_vault(tmp_path / "v", files)
    assert Vault(root).paths() == ["templates/U.md"]


def test_broken_templates_json_falls_back(tmp_path):
    root = write_vault(tmp_path / "v", {".obsidian/templates.json": "{oops", "templates/T.md": "", "n.md": ""})
    assert Vault(root).paths() == ["n.md"]


def test_glob_patterns():
    assert glob_regex("Archive/**").match("Archive/a/b.md")
    assert not glob_regex("Archive/**").match("Archived/a.md")
    assert glob_regex("**/drafts").match("x/y/drafts/z.md")
    assert glob_regex("*.tmp.md").match("a.tmp.md") and not glob_regex("*.tmp.md").match("d/a.tmp.md")


def test_load_reads_whole_files_and_at_most_one_byte_over_the_limit(tmp_path):
    from netmd.parse import MAX_BYTES

    write_vault(tmp_path, {})
    sizes = {"empty.md": 0, "small.md": 10, "at-limit.md": MAX_BYTES, "over.md": MAX_BYTES + 5000}
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
    vault = Vault(tmp_path)
    for name, size in sizes.items():
        data, st = vault.load(name)
        assert st.st_size == size
        assert data == b"x" * min(size, MAX_BYTES + 1)


def test_the_walk_gives_the_notes_in_sorted_order(tmp_path_factory):
    """The cold index feeds the walk to its workers as it goes: the paths must come in the
    order sorting them gives, whatever the names (a folder `a` sorts as "a/")."""
    import os

    from hypothesis import given, settings
    from hypothesis import strategies as st

    names = st.sampled_from(["a", "a-b", "a b", "a.b", "a0", "A", "ä", "b", "a.md", "_", "z~"])
    trees = st.lists(st.lists(names, min_size=1, max_size=3), min_size=1, max_size=12)

    @settings(max_examples=200, deadline=None)
    @given(trees)
    def check(tree):
        root = write_vault(tmp_path_factory.mktemp("v"), {})
        for parts in tree:
            folder = root.joinpath(*parts[:-1])
            if any(p.is_file() for p in [folder, *folder.parents] if p != root and root in p.parents):
                continue  # a file already stands where a folder would
            folder.mkdir(parents=True, exist_ok=True)
            note = folder / f"{parts[-1]}.md"
            if not note.exists():
                note.write_text("")
        walked = list(Vault(root).walk())
        expected = sorted(
            os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/")
            for d, _, files in os.walk(root)
            for f in files
            if f.endswith(".md")
        )
        assert walked == expected

    check()


def test_a_note_path_that_leaves_the_vault_is_not_read(tmp_path):
    root = write_vault(tmp_path / "v", {"contacts/A.md": "---\ntype: contact\n---\n"})
    (tmp_path / "secret.md").write_text("TOPSECRET")
    vault = Vault(root)
    for rel in ("../secret.md", "contacts/../../secret.md", str(tmp_path / "secret.md")):
        found = vault.load(rel)
        assert not isinstance(found, tuple), rel
        assert [p.message for p in found.unreadable] == ["a path that leaves the vault; not read"]
        assert vault.read(rel) == b""
    assert isinstance(vault.load("contacts/A.md"), tuple)
    assert isinstance(vault.load("contacts/../contacts/A.md"), Note)  # (the walk never gives a `..`)
