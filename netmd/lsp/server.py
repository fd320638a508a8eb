"""`netmd lsp`: the language server over stdio (pygls), glue between the protocol and `Session`.

Each handler finds the vault of the document, asks `VaultState` and turns offsets into the
client's positions. A handler that fails logs the error and answers nothing: bad input or a
vault changing under the server never stops it. Files are changed only through the
protocol's edits (rename, code actions), which the editor applies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from netmd import __version__
from netmd.diagnostics import Diagnostic, Severity
from netmd.edits import Plan
from netmd.errors import NetmdError
from netmd.lsp.session import Session, VaultState
from netmd.lsp.text import Lines

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("netmd.lsp")
SEVERITY = {
    Severity.ERROR: t.DiagnosticSeverity.Error,
    Severity.WARNING: t.DiagnosticSeverity.Warning,
    Severity.INFO: t.DiagnosticSeverity.Information,
}
KIND = {
    "link": t.CompletionItemKind.Reference,
    "key": t.CompletionItemKind.Property,
    "value": t.CompletionItemKind.EnumMember,
}


class NetmdServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("netmd", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.session = Session()

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or "utf-16")

    def lines(self, text: str) -> Lines:
        return Lines(text, self.encoding)

    def position(self, lines: Lines, offset: int) -> t.Position:
        line, character = lines.position(offset)
        return t.Position(line=line, character=character)

    def range(self, lines: Lines, start: int, end: int) -> t.Range:
        return t.Range(start=self.position(lines, start), end=self.position(lines, end))

    def document(self, uri: str) -> tuple[VaultState, str, str] | None:
        """The vault, the note's path in it and the text the editor holds, for a note of a vault."""
        path = _path(uri)
        if path is None:
            return None
        state = self.session.find(path)
        if state is None:
            return None
        rel = state.rel(path)
        if rel is None:
            return None
        return state, rel, self.workspace.get_text_document(uri).source

    def offset(self, uri: str, text: str, position: t.Position) -> int:
        return self.lines(text).offset(position.line, position.character)

    def uri(self, state: VaultState, rel: str) -> str:
        return from_fs_path(str(state.vault.root / rel)) or ""

    def publish(self, uri: str) -> None:
        found = self.document(uri)
        if found is None:
            return
        state, rel, text = found
        lines = self.lines(text)
        out = [self.diagnostic(lines, d) for d in state.diagnostics(rel, text)]
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=out))

    def diagnostic(self, lines: Lines, d: Diagnostic) -> t.Diagnostic:
        start = lines.at(d.line, d.col)
        return t.Diagnostic(
            range=self.range(lines, start, lines.token_end(start)),
            message=d.message,
            severity=SEVERITY.get(d.severity, t.DiagnosticSeverity.Information),
            code=d.code,
            source="netmd",
            data={"name": d.name, "fix": [list(e) for e in d.fix]} if d.fix else {"name": d.name},
        )

    def publish_all(self) -> None:
        for doc in list(self.workspace.text_documents.values()):  # (keyed by the URI unquoted)
            safely(self.publish)(doc.uri)

    def workspace_edit(self, state: VaultState, plan: Plan) -> t.WorkspaceEdit:
        """A plan as the protocol's edit: text edits by file, then the renames and removals."""
        changes: list[Any] = []
        for path in sorted({e.path for e in plan.edits}):
            lines = self.lines(plan.texts[path])
            edits = [
                t.TextEdit(range=self.range(lines, e.start, e.end), new_text=e.new)
                for e in plan.edits
                if e.path == path
            ]
            doc = t.OptionalVersionedTextDocumentIdentifier(uri=self.uri(state, path), version=None)
            changes.append(t.TextDocumentEdit(text_document=doc, edits=edits))
        for old, new in sorted(plan.moves.items()):
            changes.append(t.RenameFile(kind="rename", old_uri=self.uri(state, old), new_uri=self.uri(state, new)))
        for gone in plan.removes:
            changes.append(t.DeleteFile(kind="delete", uri=self.uri(state, gone)))
        return t.WorkspaceEdit(document_changes=changes)


def _path(uri: str) -> str | None:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else None


def safely(f: F) -> F:
    """`f`, logging what it raises instead of raising (the server lives on)."""

    @wraps(f)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except NetmdError as e:
            log.warning("%s", e)
        except Exception:  # a bug of netmd's, or a vault changing under it: logged, answered with nothing
            log.exception("netmd lsp: %s failed", f.__name__)
        return None

    return run  # type: ignore[return-value]
