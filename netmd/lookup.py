"""One way to find the note a person means by a name, for every command that takes one (issue 15):
exact name, file name or alias; then a unique prefix; else an error with did-you-mean."""

from __future__ import annotations

from collections.abc import Sequence

from netmd.errors import NetmdError
from netmd.names import Entry, Names, name_key


class NotFound(NetmdError):
    """No note of the types asked for has that name (exit 1, with a did-you-mean)."""


def lookup(
    names: Names,
    entries: Sequence[Entry],
    name: str,
    note_types: tuple[str, ...] = ("contact",),
    type_key: str = "type",
) -> Entry:
    """The one note of `note_types` that `name` means: its name, file name or alias, else the only
    one whose name starts with it; else an error naming the candidates or the nearest names.
    `type_key` is the key the vault writes the type under (`[fields]`), for the message."""
    named = names.find(name)
    exact = [e for e in named if e.type in note_types]
    if named and not exact:  # (an adopted vault's own note, say: `new contact` would refuse its name)
        where = ", ".join(e.path for e in named)
        said = f'"{name}" is {where}, which is not a {" or ".join(note_types)} note'
        if len(note_types) == 1:
            said += f'; to count it as one, add "{type_key}: {note_types[0]}" to it'
        raise NetmdError(said)
    if len(exact) == 1:
        return exact[0]
    if not exact:
        key = name_key(name)
        exact = [
            e
            for e in entries
            if e.type in note_types and any(name_key(n).startswith(key) for n in (e.name, *e.aliases))
        ]
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


def find_people(
    names: Names, entries: Sequence[Entry], words: str | tuple[str, ...], type_key: str = "type"
) -> list[Entry]:
    """The contacts several words name: all the words as one name (`Raj Patel` unquoted), else
    each word a name of its own (`"Raj Patel" "Emma Johansson"`); each looked up as `lookup` does."""
    parts = (words,) if isinstance(words, str) else words
    try:
        return [lookup(names, entries, " ".join(parts), type_key=type_key)]
    except NotFound as whole:
        if len(parts) < 2:
            raise NotFound(f"{whole}; create it with `netmd new contact`") from None
        try:
            found = [lookup(names, entries, p, type_key=type_key) for p in parts]
        except NotFound:
            raise NotFound(f"{whole}; create it with `netmd new contact`") from None
    return list({e.path: e for e in found}.values())
