"""Small text helpers shared by rules and commands."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "X"?)' when one choice is close to `word`, else ''."""
    folded = {c.casefold(): c for c in choices}
    import difflib  # (here: only a typo needs it)

    match = difflib.get_close_matches(word.casefold(), folded, n=1, cutoff=0.75)
    return f' (did you mean "{folded[match[0]]}"?)' if match else ""


def a(word: str) -> str:
    """The word with its indefinite article: "a contact", "an organization"."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def fold(name: str) -> str:
    """A name reduced to what tells people apart: no case, accents, punctuation or spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum())
