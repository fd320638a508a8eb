"""One way to find the note a person means by a name, for every command that takes one (issue 15):
exact name, file name or alias; then a unique prefix (accents aside when none has them as
typed); else an error with did-you-mean."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from netmd.errors import NetmdError, UsageError
from netmd.fsutil import inside
from netmd.names import Entry, Names, name_key

Entries = Sequence[Entry] | Callable[[], Sequence[Entry]]  # (a callable: read only for a prefix)


class NotFound(NetmdError):
    """No note of the types asked for has that name (exit 1, with a did-you-mean)."""


def lookup(
    names: Names,
    entries: Entries,
    name: str,
    note_types: tuple[str, ...] = ("contact",),
    type_key: str = "type",
    root: Path | None = None,
) -> Entry:
    """The one note of `note_types` that `name` means: its name, file name or alias, else the only
    one whose name starts with it; else an error naming the candidates or the nearest names.
    `type_key` is the key the vault writes the type under (`[fields]`), for the message; `root`,
    the vault's folder, tells a note that is a link out of the vault (never read) in it.
    A blank name is a usage error (as a prefix it would name everyone)."""
    if not name.strip():
        raise UsageError("the name is empty: say whom")
    named = names.find(name)
    exact = [e for e in named if e.type in note_types]
    if named and not exact:  # (an adopted vault's own note, say: `new contact` would refuse its name)
        raise NetmdError(_not_of_type(name, named, note_types, type_key, root))
    if len(exact) == 1:
        return exact[0]
    if not exact:
        key = name_key(name.strip())
        listed = [e for e in (entries() if callable(entries) else entries) if e.type in note_types]
        exact = [e for e in listed if any(name_key(n).startswith(key) for n in (e.name, *e.aliases))]
        if not exact:  # typed without its accents (`zoe` for Zoë, `Markovic` for Marković)
            key = _unmarked(key)
            exact = [e for e in listed if any(_unmarked(name_key(n)).startswith(key) for n in (e.name, *e.aliases))]
        if len(exact) == 1:
            return exact[0]
    if exact:
        types = {e.type for e in exact}
        counted = f"{types.pop()}s" if len(types) == 1 else "notes"
        shown = [e.name for e in exact]
        if len(set(shown)) < len(shown):  # the same name twice: only the paths tell them apart
            shown = [e.path for e in exact]
        raise NetmdError(f'"{name}" could be {len(exact)} {counted}: {", ".join(sorted(shown))}; say which')
    raise NotFound(f'no {" or ".join(note_types)} "{name}"{names.suggest(name)}')


def _unmarked(text: str) -> str:
    """`text` without its accents and other combining marks (ë → e, ć → c)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _not_of_type(name: str, named: list[Entry], note_types: tuple[str, ...], type_key: str, root: Path | None) -> str:
    out = [e.path for e in named if root is not None and not inside(root, os.path.join(root, e.path))]
    if out:  # (adding a type to it would not help: netmd never reads through such a link)
        return f'"{name}" is {", ".join(out)}, a link to a file outside the vault; netmd does not read it'
    where = ", ".join(e.path for e in named)
    said = f'"{name}" is {where}, which is not a {" or ".join(note_types)} note'
    if len(note_types) == 1:
        said += f'; to count it as one, add "{type_key}: {note_types[0]}" to it'
    return said


def find_people(
    names: Names, entries: Entries, words: str | tuple[str, ...], type_key: str = "type", root: Path | None = None
) -> list[Entry]:
    """The contacts several words name: all the words as one name (`Raj Patel` unquoted), else
    each word a name of its own (`"Raj Patel" "Emma Johansson"`); each looked up as `lookup` does."""
    parts = (words,) if isinstance(words, str) else words
    try:
        return [lookup(names, entries, " ".join(parts), type_key=type_key, root=root)]
    except NotFound as whole:
        if len(parts) < 2:
            raise NotFound(f"{whole}; create it with `netmd new contact`") from None
        try:
            found = [lookup(names, entries, p, type_key=type_key, root=root) for p in parts]
        except NotFound:
            raise NotFound(f"{whole}; create it with `netmd new contact`") from None
    return list({e.path: e for e in found}.values())
