"""`netmd lsp`: a language server for the vault (diagnostics as you type, completion, hover,
definition, references, code actions, rename), answering from the index.

Modules: `text` (positions and what the cursor is on), `session` (one vault's answers),
`server` (the pygls server and its conversions), `features` (the handlers, and `serve`).
"""

from __future__ import annotations
