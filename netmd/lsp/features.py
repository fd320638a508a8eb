"""The protocol's requests and notifications `netmd lsp` answers, each a few lines over `VaultState`,
and `serve`, the command's entry point."""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types as t

from netmd.errors import NetmdError
from netmd.lsp.server import KIND, NetmdServer, log, safely
from netmd.lsp.session import VaultState, today

WATCH_ID = "netmd-watch"


def register(server: NetmdServer) -> None:  # noqa: C901 (one handler a feature)
    @server.feature(t.INITIALIZED)
    @safely
    def initialized(ls: NetmdServer, params: t.InitializedParams) -> None:
        watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watch and watch.dynamic_registration:  # a git checkout or a sync changes files under us
            options = t.DidChangeWatchedFilesRegistrationOptions(
                watchers=[
                    t.FileSystemWatcher(glob_pattern="**/*.md"),
                    t.FileSystemWatcher(glob_pattern="**/netmd.toml"),
                ]
            )
            registration = t.Registration(
                id=WATCH_ID, method=t.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
            )
            ls.client_register_capability(t.RegistrationParams(registrations=[registration]))

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @safely
    def did_open(ls: NetmdServer, params: t.DidOpenTextDocumentParams) -> None:
        found = ls.document(params.text_document.uri)
        if found is not None:
            found[0].refresh(soon=True)  # (an editor without file watching: opening a note catches up)
            ls.publish(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @safely
    def did_change(ls: NetmdServer, params: t.DidChangeTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    @safely
    def did_save(ls: NetmdServer, params: t.DidSaveTextDocumentParams) -> None:
        found = ls.document(params.text_document.uri)
        if found is not None:
            found[0].refresh([found[1]])
            ls.publish_all()  # (a saved note changes what others' links resolve to)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @safely
    def did_close(ls: NetmdServer, params: t.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @safely
    def changed(ls: NetmdServer, params: t.DidChangeWatchedFilesParams) -> None:
        for state in list(ls.session.vaults.values()):  # (a changed netmd.toml too: `VaultState.refresh`)
            state.refresh()
        ls.publish_all()

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=["[", ":", " "]))
    @safely
    def completion(ls: NetmdServer, params: t.CompletionParams) -> t.CompletionList | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        state, rel, text = found
        lines = ls.lines(text)
        items, more = state.complete(rel, text, lines.offset(params.position.line, params.position.character))
        out = [
            t.CompletionItem(
                label=i.label,
                kind=KIND[i.kind],
                detail=i.detail or None,
                filter_text=i.filter or None,
                sort_text=f"{n:04d}",
                text_edit=t.TextEdit(range=ls.range(lines, i.start, i.end), new_text=i.new),
            )
            for n, i in enumerate(items)
        ]
        return t.CompletionList(is_incomplete=more, items=out)

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @safely
    def hover(ls: NetmdServer, params: t.HoverParams) -> t.Hover | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        state, _, text = found
        card = state.hover(text, ls.offset(params.text_document.uri, text, params.position))
        if card is None:
            return None
        return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=card))

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @safely
    def definition(ls: NetmdServer, params: t.DefinitionParams) -> t.Location | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        state, _, text = found
        hit = state.target(text, ls.offset(params.text_document.uri, text, params.position))
        if hit is None:
            return None
        start = t.Position(line=0, character=0)
        return t.Location(uri=ls.uri(state, hit[1].path), range=t.Range(start=start, end=start))

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    @safely
    def references(ls: NetmdServer, params: t.ReferenceParams) -> list[t.Location] | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        state, rel, text = found
        offset = ls.offset(params.text_document.uri, text, params.position)
        return [
            t.Location(uri=ls.uri(state, r.path), range=ls.range(ls.lines(r.text), r.start, r.end))
            for r in state.references(rel, text, offset)
        ]

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION)
    @safely
    def code_action(ls: NetmdServer, params: t.CodeActionParams) -> list[t.CodeAction] | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        state, rel, text = found
        lines = ls.lines(text)
        first = lines.offset(params.range.start.line, params.range.start.character)
        last = lines.offset(params.range.end.line, params.range.end.character)
        uri = params.text_document.uri
        actions = []
        for d in state.diagnostics(rel, text):
            start = lines.at(d.line, d.col)
            if d.fix and start <= last and lines.token_end(start) >= first:
                edits = [t.TextEdit(range=ls.range(lines, a, b), new_text=new) for a, b, new in d.fix]
                actions.append(_action(f"netmd: fix {d.code} ({d.message})", {uri: edits}, ls.diagnostic(lines, d)))
        created = _create_note(ls, state, text, first)
        if created is not None:
            actions.append(created)
        return actions

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    @safely
    def prepare_rename(ls: NetmdServer, params: t.PrepareRenameParams) -> Any:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        state, rel, text = found
        hit = state.target(text, ls.offset(params.text_document.uri, text, params.position))
        if hit is not None:
            link = hit[0]
            return t.PrepareRenamePlaceholder(
                range=ls.range(ls.lines(text), link.target_start, link.target_end), placeholder=hit[1].stem
            )
        return t.PrepareRenameDefaultBehavior(default_behavior=True)

    @server.feature(t.TEXT_DOCUMENT_RENAME)
    def rename(ls: NetmdServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
        found = ls.document(params.text_document.uri)
        if found is None:
            return None
        state, rel, text = found
        offset = ls.offset(params.text_document.uri, text, params.position)
        unsaved = [
            doc.uri
            for doc in ls.workspace.text_documents.values()
            if (d := ls.document(doc.uri)) is not None and d[0] is state and state.text_of(d[1]) != doc.source
        ]
        if unsaved:  # the plan's offsets are of the files on disk
            raise NetmdError(f"save {', '.join(sorted(unsaved))} first: netmd renames from the files on disk")
        return ls.workspace_edit(state, state.rename(rel, text, offset, params.new_name))


def _action(title: str, changes: dict[str, list[t.TextEdit]], diagnostic: t.Diagnostic | None) -> t.CodeAction:
    return t.CodeAction(
        title=title,
        kind=t.CodeActionKind.QuickFix,
        diagnostics=[diagnostic] if diagnostic else None,
        edit=t.WorkspaceEdit(changes=changes),
    )


def _create_note(ls: NetmdServer, state: VaultState, text: str, offset: int) -> t.CodeAction | None:
    """ "Create this note" on a broken link: a new file from its template, through the client."""
    missing = state.missing(text, offset)
    if missing is None:
        return None
    name, note_type = missing
    from netmd.config import TYPE_FOLDERS
    from netmd.newnote import BARE, safe_name, yaml_text
    from netmd.render import render

    title = safe_name(name)
    folder = str(state.vault.config.folders[TYPE_FOLDERS[note_type]]).strip("/")
    rel = f"{folder}/{title}.md" if folder else f"{title}.md"
    data = {**BARE.get(note_type, {}), "title": title, "q": yaml_text, "today": today()}
    try:
        body = render(state.vault, note_type, data)
    except Exception as e:  # a broken template: no action, said in the log
        log.warning("netmd lsp: the %s template: %s", note_type, e)
        return None
    uri = ls.uri(state, rel)
    start = t.Position(line=0, character=0)
    edit = t.WorkspaceEdit(
        document_changes=[
            t.CreateFile(kind="create", uri=uri, options=t.CreateFileOptions(ignore_if_exists=True)),
            t.TextDocumentEdit(
                text_document=t.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[t.TextEdit(range=t.Range(start=start, end=start), new_text=body)],
            ),
        ]
    )
    return t.CodeAction(title=f"netmd: create {note_type} {rel}", kind=t.CodeActionKind.QuickFix, edit=edit)


def make() -> NetmdServer:
    server = NetmdServer()
    register(server)
    return server


def serve() -> None:
    """Run the server on stdin and stdout until the editor says exit; the process ends with the
    protocol's exit code (0 after a shutdown request, else 1)."""
    import os

    from netmd.heap import long_process

    long_process()  # (cli.main pauses the collector for a command; a server runs for hours)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    server = make()
    code: Any = 0
    try:
        server.start_io()
    except SystemExit as e:  # the exit notification
        code = e.code
    finally:
        server.session.close()
    os._exit(code if isinstance(code, int) else 1)  # (stdout is closed: nothing is left to flush)
