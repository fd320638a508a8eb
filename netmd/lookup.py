"""One way to find the note a person means by a name, for every command that takes one (issue 15):
exact name, file name or alias; then a unique prefix; else an error with did-you-mean."""

from __future__ import annotations

from collections.abc import Sequence

from netmd.errors import NetmdError
from netmd.names import Entry, Names, name_key


def lookup(names: Names, entries: Sequence[Entry], name: str, note_types: tuple[str, ...] = ("contact",)) -> Entry:
    """The one note of `note_types` that `name` means: its name, file name or alias, else the only
    one whose name starts with it; else an error naming the candidates or the nearest names."""
    exact = [e for e in names.named(name) if e.type in note_types]
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
        counted = f"{note_types[0]}s" if len(note_types) == 1 else "notes"
        shown = [e.name for e in exact]
        if len(set(shown)) < len(shown):  # the same name twice: only the paths tell them apart
            shown = [e.path for e in exact]
        raise NetmdError(f'"{name}" could be {len(exact)} {counted}: {", ".join(sorted(shown))}; say which')
    raise NetmdError(f'no {" or ".join(note_types)} "{name}"{names.suggest(name)}')


def find_people(names: Names, entries: Sequence[Entry], words: str | tuple[str, ...]) -> list[Entry]:
    """The contacts several words name: all the words as one name (`Raj Patel` unquoted), else
    each word a name of its own (`"Raj Patel" "Emma Johansson"`); each looked up as `lookup` does."""
    parts = (words,) if isinstance(words, str) else words
    try:
        return [lookup(names, entries, " ".join(parts))]
    except NetmdError as whole:
        if len(parts) < 2:
            raise NetmdError(f"{whole}; create it with `netmd new contact`") from None
        try:
            found = [lookup(names, entries, p) for p in parts]
        except NetmdError:
            raise NetmdError(f"{whole}; create it with `netmd new contact`") from None
    return list({e.path: e for e in found}.values())
