"""`netmd lsp` driven end to end over stdio by a real client (pytest-lsp): open, change,
diagnostics, completion, hover, definition, references, code actions, rename, and a vault
changing under a running server."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from netmd.lsp.text import Lines
from tests.conftest import TODAY, contact, lint_vault, write_vault

pytestmark = pytest.mark.asyncio(loop_scope="function")

SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "netmd", "lsp"],
    server_env={**os.environ, "NETMD_TODAY": TODAY.isoformat()},
)

MEETING = (
    "---\ntype: meeting\ndate: 2026-11-10\nthanked: 2026-11-11\noffered_help: notes\nwith:\n"
    '  - "[[Ada Lovelace]]"\nkind: information\n---\n# Meeting with [[Ada Lovelace]]\n\nAsk [[Nobody Here]].\n'
)
FILES = {
    "contacts/Ada Lovelace.md": contact("Ada Lovelace", role="Countess of Computing", organization='"[[Initech]]"'),
    "organizations/Initech.md": "---\ntype: organization\nstage: networking\n---\n",
    "meetings/2026-11-10 Ada.md": MEETING,
}


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    @lsp_client.feature(t.CLIENT_REGISTER_CAPABILITY)
    def registered(params: t.RegistrationParams) -> None:
        return None

    await lsp_client.initialize_session(t.InitializeParams(capabilities=client_capabilities("neovim")))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "v", FILES)


def uri(path: Path) -> str:
    return path.resolve().as_uri()


async def open_note(client: LanguageClient, path: Path, text: str | None = None) -> str:
    text = path.read_text("utf-8") if text is None else text
    u = uri(path)
    client.diagnostics.pop(u, None)
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=u, language_id="markdown", version=1, text=text)
        )
    )
    await published(client, u)
    return u


async def published(client: LanguageClient, u: str) -> None:
    """Until the server has published diagnostics for `u` (10 s at most)."""
    for _ in range(100):
        if u in client.diagnostics:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"no diagnostics published for {u}")


def at(text: str, needle: str, shift: int = 0) -> t.Position:
    line, character = Lines(text).position(text.index(needle) + shift)
    return t.Position(line=line, character=character)


def doc(u: str) -> t.TextDocumentIdentifier:
    return t.TextDocumentIdentifier(uri=u)


async def complete(client: LanguageClient, u: str, where: t.Position) -> t.CompletionList:
    return await client.text_document_completion_async(t.CompletionParams(text_document=doc(u), position=where))


async def actions_at(client: LanguageClient, u: str, where: t.Position) -> list[t.CodeAction]:
    here = t.Range(start=where, end=where)
    context = t.CodeActionContext(diagnostics=[])
    return await client.text_document_code_action_async(
        t.CodeActionParams(text_document=doc(u), range=here, context=context)
    )


async def test_diagnostics_on_open_are_those_of_lint(client, vault):
    path = vault / "meetings/2026-11-10 Ada.md"
    u = await open_note(client, path)
    got = [(d.code, d.range.start.line + 1, d.range.start.character + 1, d.message) for d in client.diagnostics[u]]
    want = [(d.code, d.line, d.col, d.message) for d in lint_vault(vault) if d.path == "meetings/2026-11-10 Ada.md"]
    assert got == want
    assert ("NM305", 12, 5, 'no note "Nobody Here"') in got  # a mention of no note


async def test_diagnostics_follow_the_unsaved_text_and_nothing_is_written(client, vault):
    path = vault / "contacts/Ada Lovelace.md"
    before = path.read_bytes()
    u = await open_note(client, path)
    assert list(client.diagnostics[u]) == []
    text = path.read_text("utf-8").replace("list: B", "list: Z\nmet: yes")
    client.diagnostics.pop(u)
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=u, version=2),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await published(client, u)
    got = [(d.code, d.range.start.line + 1, d.range.start.character + 1, d.message) for d in client.diagnostics[u]]
    assert path.read_bytes() == before
    saved = write_vault(vault.parent / "saved", {**FILES, "contacts/Ada Lovelace.md": text})
    want = [(d.code, d.line, d.col, d.message) for d in lint_vault(saved) if d.path == "contacts/Ada Lovelace.md"]
    assert got == want and {"NM203", "NM204"} <= {g[0] for g in got}


async def test_completion_of_links_keys_and_values(client, vault):
    path = vault / "contacts/New.md"
    text = "---\ntype: contact\nlist: \norganization: [[Ini\nro\n---\nMet [[ada\n"
    path.write_text(text, "utf-8")
    u = await open_note(client, path)

    body = await client.text_document_completion_async(
        t.CompletionParams(text_document=doc(u), position=at(text, "[[ada", 5))
    )
    ada = next(i for i in body.items if i.label == "Ada Lovelace")
    assert ada.text_edit.new_text == "[[Ada Lovelace]]"

    fm = await client.text_document_completion_async(
        t.CompletionParams(text_document=doc(u), position=at(text, "[[Ini", 5))
    )
    assert [i.text_edit.new_text for i in fm.items] == ['"[[Initech]]"']  # a link in front matter is quoted

    values = await client.text_document_completion_async(
        t.CompletionParams(text_document=doc(u), position=at(text, "list: ", 6))
    )
    assert [i.label for i in values.items] == ["A", "B", "C"]

    keys = await client.text_document_completion_async(
        t.CompletionParams(text_document=doc(u), position=at(text, "ro\n", 2))
    )
    assert [i.label for i in keys.items] == ["role"]


async def test_hover_shows_the_card_and_definition_and_references_find_the_notes(client, vault):
    path = vault / "meetings/2026-11-10 Ada.md"
    text = path.read_text("utf-8")
    u = await open_note(client, path)
    where = at(text, "[[Ada Lovelace]]", 4)

    hover = await client.text_document_hover_async(t.HoverParams(text_document=doc(u), position=where))
    assert "Countess of Computing" in hover.contents.value and "Initech" in hover.contents.value

    found = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(u), position=where))
    assert found.uri == uri(vault / "contacts/Ada Lovelace.md")

    refs = await client.text_document_references_async(
        t.ReferenceParams(text_document=doc(u), position=where, context=t.ReferenceContext(include_declaration=False))
    )
    assert sorted((r.uri, r.range.start.line) for r in refs) == [(u, 6), (u, 9)]


async def test_code_actions_fix_a_trap_and_create_a_missing_note(client, vault):
    path = vault / "meetings/2026-11-10 Ada.md"
    text = MEETING.replace("kind: information", "kind: information\ntime: 9:30")
    path.write_text(text, "utf-8")
    u = await open_note(client, path)
    trap = at(text, "9:30")
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=doc(u), range=t.Range(start=trap, end=trap), context=t.CodeActionContext(diagnostics=[])
        )
    )
    fix = next(a for a in actions if "NM" in a.title)
    assert [e.new_text for e in fix.edit.changes[u]] == ['"9:30"']

    broken = at(text, "[[Nobody Here]]", 3)
    actions = await actions_at(client, u, broken)
    create = next(a for a in actions if a.title.startswith("netmd: create"))
    assert create.title == "netmd: create contact contacts/Nobody Here.md"
    made, filled = create.edit.document_changes
    assert made.uri == uri(vault / "contacts/Nobody Here.md")
    assert "type: contact" in filled.edits[0].new_text
    assert not (vault / "contacts/Nobody Here.md").exists()  # the editor applies it, not the server


async def test_rename_from_a_link_is_netmd_mv_as_a_workspace_edit(client, vault):
    path = vault / "meetings/2026-11-10 Ada.md"
    text = path.read_text("utf-8")
    u = await open_note(client, path)
    where = at(text, "[[Ada Lovelace]]", 4)
    ready = await client.text_document_prepare_rename_async(t.PrepareRenameParams(text_document=doc(u), position=where))
    assert ready.placeholder == "Ada Lovelace"
    edit = await client.text_document_rename_async(
        t.RenameParams(text_document=doc(u), position=where, new_name="Ada King")
    )
    texts = [c for c in edit.document_changes if isinstance(c, t.TextDocumentEdit)]
    moves = [c for c in edit.document_changes if isinstance(c, t.RenameFile)]
    assert [(m.old_uri, m.new_uri) for m in moves] == [
        (uri(vault / "contacts/Ada Lovelace.md"), uri(vault / "contacts/Ada King.md"))
    ]
    in_meeting = next(c for c in texts if c.text_document.uri == u)
    assert [e.new_text for e in in_meeting.edits] == ["Ada King", "Ada King"]
    assert (vault / "contacts/Ada Lovelace.md").exists()  # nothing written by the server


async def test_it_survives_bad_input_and_a_vault_changing_under_it(client, vault, tmp_path):
    outside = tmp_path / "loose.md"
    outside.write_text("[[x]]\n", "utf-8")
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri(outside), language_id="markdown", version=1, text="[[x]]")
        )
    )
    bad = vault / "contacts/Bad.md"
    bad.write_text("---\ntype: contact\nlist: [B\n---\n\x00\ufffe[[\n", "utf-8")
    u = await open_note(client, bad)
    assert any(d.code == "NM101" for d in client.diagnostics[u])
    far = t.Position(line=999, character=999)
    assert await client.text_document_hover_async(t.HoverParams(text_document=doc(u), position=far)) is None
    await client.text_document_completion_async(t.CompletionParams(text_document=doc(u), position=far))

    meeting = vault / "meetings/2026-11-10 Ada.md"
    m = await open_note(client, meeting)
    assert not any('no note "Ada Lovelace"' in d.message for d in client.diagnostics[m])
    (vault / "contacts/Ada Lovelace.md").unlink()  # a git checkout removes the note
    client.workspace_did_change_watched_files(
        t.DidChangeWatchedFilesParams(
            changes=[t.FileEvent(uri=uri(vault / "contacts/Ada Lovelace.md"), type=t.FileChangeType.Deleted)]
        )
    )
    for _ in range(50):
        if any('no note "Ada Lovelace"' in d.message for d in client.diagnostics[m]):
            break
        await asyncio.sleep(0.1)
    assert any('no note "Ada Lovelace"' in d.message for d in client.diagnostics[m])
    hover = await client.text_document_hover_async(
        t.HoverParams(text_document=doc(m), position=at(meeting.read_text("utf-8"), "[[Ada", 3))
    )
    assert hover is None


async def test_a_saved_note_resolves_links_in_other_open_notes(client, vault):
    meeting = vault / "meetings/2026-11-10 Ada.md"
    m = await open_note(client, meeting)
    assert any('"Nobody Here"' in d.message for d in client.diagnostics[m])
    new = vault / "contacts/Nobody Here.md"
    new.write_text(contact("Nobody Here"), "utf-8")
    n = await open_note(client, new)
    client.diagnostics.pop(m)
    client.text_document_did_save(t.DidSaveTextDocumentParams(text_document=doc(n)))
    await published(client, m)
    assert not any('"Nobody Here"' in d.message for d in client.diagnostics[m])


async def test_rename_with_unsaved_changes_is_refused_and_the_server_goes_on(client, vault):
    path = vault / "meetings/2026-11-10 Ada.md"
    text = path.read_text("utf-8")
    u = await open_note(client, path, text + "edited\n")
    where = at(text, "[[Ada Lovelace]]", 4)
    with pytest.raises(Exception, match="first: netmd renames from the files on disk"):
        await client.text_document_rename_async(t.RenameParams(text_document=doc(u), position=where, new_name="X"))
    hover = await client.text_document_hover_async(t.HoverParams(text_document=doc(u), position=where))
    assert "Countess of Computing" in hover.contents.value


async def test_a_changed_config_is_read_again(client, vault):
    """`netmd.toml` edited while the server runs (the editor tells it): the vault's notes are
    judged by the new config; a broken one is logged and the last good one kept."""
    meeting = vault / "meetings/2026-11-10 Ada.md"
    m = await open_note(client, meeting)
    assert any('"Nobody Here"' in d.message for d in client.diagnostics[m])
    config = vault / "netmd.toml"

    async def told(text: str) -> None:
        config.write_text(text, "utf-8")
        client.diagnostics.pop(m, None)
        client.workspace_did_change_watched_files(
            t.DidChangeWatchedFilesParams(changes=[t.FileEvent(uri=uri(config), type=t.FileChangeType.Changed)])
        )
        await published(client, m)

    await told('[lint]\nunresolved-mention = "off"\n')
    assert not any('"Nobody Here"' in d.message for d in client.diagnostics[m])
    await told("[lint\nunresolved-mention = \n")  # broken: the last good config stays
    assert not any('"Nobody Here"' in d.message for d in client.diagnostics[m])
    await told("")
    assert any('"Nobody Here"' in d.message for d in client.diagnostics[m])


async def test_a_linked_config_is_read_again(client, vault):
    """`netmd.toml` as a link to a file in the vault: a change is read whether the editor names
    the link or the file it leads to (the vault found by its folder, not by the link's target)."""
    meeting = vault / "meetings/2026-11-10 Ada.md"
    m = await open_note(client, meeting)
    config = vault / "netmd.toml"
    (vault / "settings").mkdir()
    target = vault / "settings" / "netmd.toml"
    config.unlink()
    config.symlink_to(Path("settings") / "netmd.toml")

    async def told(path: Path, kind: t.FileChangeType) -> None:
        client.diagnostics.pop(m, None)
        client.workspace_did_change_watched_files(
            t.DidChangeWatchedFilesParams(changes=[t.FileEvent(uri=path.absolute().as_uri(), type=kind)])
        )
        await published(client, m)

    target.write_text('[lint]\nunresolved-mention = "off"\n', "utf-8")
    await told(target, t.FileChangeType.Changed)  # (a watcher names the file written)
    assert not any('"Nobody Here"' in d.message for d in client.diagnostics[m])
    target.write_text("", "utf-8")
    await told(config, t.FileChangeType.Changed)  # (or the link)
    assert any('"Nobody Here"' in d.message for d in client.diagnostics[m])


async def test_a_changed_config_is_read_again_at_a_save_without_file_watching(client, vault):
    """An editor that watches no file: saving a note is when the server looks, and a changed
    `netmd.toml` is read then."""
    meeting = vault / "meetings/2026-11-10 Ada.md"
    m = await open_note(client, meeting)
    assert any('"Nobody Here"' in d.message for d in client.diagnostics[m])
    (vault / "netmd.toml").write_text('[lint]\nunresolved-mention = "off"\n', "utf-8")
    client.diagnostics.pop(m, None)
    client.text_document_did_save(t.DidSaveTextDocumentParams(text_document=doc(m)))
    await published(client, m)
    assert not any('"Nobody Here"' in d.message for d in client.diagnostics[m])
