"""One way to find the note a person means by a name, for every command that takes one (issue 15):
exact name, file name or alias; then a unique prefix; else an error with did-you-mean."""

from __future__ import annotations

from collections.abc import Sequence

from netmd.errors import NetmdError
from netmd.names import Entry, Names, name_key


def lookup(names: Names, entries: Sequence[Entry], name: str, note_type: str = "contact") -> Entry:
    """The one note of `note_type` that `name` means: its name, file name or alias, else the only
    one whose name starts with it; else an error naming the candidates or the nearest names."""
    exact = [e for e in names.resolve(name) if e.type == note_type]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        key = name_key(name)
        exact = [
            e for e in entries if e.type == note_type and any(name_key(n).startswith(key) for n in (e.name, *e.aliases))
        ]
        if len(exact) == 1:
            return exact[0]
    if exact:
        listed = ", ".join(sorted(e.name for e in exact))
        raise NetmdError(f'"{name}" could be {len(exact)} {note_type}s: {listed}; say which')
    raise NetmdError(f'no {note_type} "{name}"{names.suggest(name)}')
