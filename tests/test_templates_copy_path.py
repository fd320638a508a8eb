"""`netmd templates copy` says where the copy is, from the current folder, as every command
prints a note's path."""

from __future__ import annotations

from tests.conftest import contact, write_vault
from tests.test_links_kept_on_rewrite import run


def test_templates_copy_says_where_from_the_current_folder(tmp_path, monkeypatch):
    root = write_vault(tmp_path / "v", {"contacts/Ada Lovelace.md": contact()})
    monkeypatch.chdir(tmp_path)
    assert run(root, "templates", "copy", "meeting") == "copied v/templates/meeting.md.j2\n"
    assert (root / "templates" / "meeting.md.j2").is_file()
