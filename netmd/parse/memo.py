"""What parsing remembers of text it has read: vaults repeat the same lines and values
(`type: contact`, `list: B`, dates) in thousands of notes, so each is worked out once."""

from __future__ import annotations

from typing import Any, TypeVar

V = TypeVar("V")

ENTRIES = 20_000
CHARS = 200


class Memo(dict[Any, V]):
    """A dictionary bounded both ways: at most `entries` of them (it starts again when full),
    and nothing about a text longer than `chars`, so long values unique to one note (a
    pasted blob) never pile up. Reading is `dict.get`, in C: it is asked once a line."""

    def __init__(self, entries: int = ENTRIES, chars: int = CHARS) -> None:
        super().__init__()
        self.entries, self.chars = entries, chars

    def remember(self, key: Any, text: str | None, value: V) -> None:
        """`value` for `key`, unless `text` (what the key was read from) is too long to keep."""
        if text is not None and len(text) > self.chars:
            return
        if len(self) >= self.entries:
            self.clear()
        self[key] = value
