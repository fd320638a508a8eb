"""Full-text search: an FTS5 table of every note's title, front matter and body, brought up to
date by the first search after notes change; the words as written decide what matches."""

from __future__ import annotations

import re
from collections.abc import Iterable

from netmd.parse.source import MAX_BYTES
from netmd.store.db import Store
from netmd.vault import Vault


def search(store: Store, text: str, limit: int = 20) -> list[tuple[str, int | None, str]]:
    """Notes matching every word of `text`, best first: (path, line, the line's text), or
    (path, None, the note's name) when only the file name matches. FTS5 sees the letters
    and digits of a word only (`C++` is the token `c`), so it proposes and the words as
    written, symbols included, decide; a word of symbols alone (`++`) is looked for in
    every note."""
    update(store)
    words = [Word(w) for w in text.split()]
    if not words:
        return []
    query = " ".join('"' + w.text.replace('"', '""') + '"' for w in words if w.tokens)
    if query:
        rows: Iterable[tuple[str]] = store.db.execute(
            "SELECT s.path FROM fts JOIN fts_state s ON s.id = fts.rowid WHERE fts MATCH ? "
            "ORDER BY bm25(fts, 10.0, 3.0, 1.0), s.path",
            (query,),
        )
    else:
        rows = store.db.execute("SELECT path FROM fts_state ORDER BY path")
    found: list[tuple[str, int | None, str]] = []
    for (path,) in rows:
        if all(w.plain for w in words):  # FTS5 matched exactly these words: no need to check
            found.append((path, *_matching_line(store.vault, path, words)))
        else:
            title, body = path.rsplit("/", 1)[-1][:-3], _text(store.vault, path)
            if all(w.found(title) or w.found(body) for w in words):
                found.append((path, *_matching_line(store.vault, path, words)))
        if len(found) >= limit:
            break
    return found


def update(store: Store) -> None:
    """Index the notes whose bytes changed since the last search, and forget those gone.
    A note's text is read as lint reads it (`Vault.load`: no link out of the vault, no more
    than `MAX_BYTES`); its `fts` row is found by rowid, not by a search of the table."""
    stale = store.db.execute(
        "SELECT n.path, n.hash, s.id FROM notes n LEFT JOIN fts_state s ON s.path = n.path "
        "WHERE s.hash IS NULL OR s.hash != n.hash"
    ).fetchall()
    gone = store.db.execute(
        "SELECT id FROM fts_state WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.path = fts_state.path)"
    ).fetchall()
    if not stale and not gone:
        return
    with store.write():
        # FTS5 merges its segments as it goes; at most 16 a level (not 4) while many notes are
        # added: the same index and answers, and a first search at 10,000 contacts of unique
        # text fills it in 1.6 s, not 2.2 s (the merges left are done by later writes)
        store.db.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', ?)", (16 if len(stale) > 1000 else 4,))
        dropped = [(i,) for (i,) in gone] + [(i,) for _, _, i in stale if i is not None]
        store.db.executemany("DELETE FROM fts WHERE rowid = ?", dropped)
        store.db.executemany("DELETE FROM fts_state WHERE id = ?", dropped)
        for p, digest, _ in stale:
            i = store.db.execute("INSERT INTO fts_state (path, hash) VALUES (?, ?)", (p, digest)).lastrowid
            store.db.execute(
                "INSERT INTO fts (rowid, title, fields, body) VALUES (?, ?, ?, ?)", (i, *document(store.vault, p))
            )


def _text(vault: Vault, path: str) -> str:
    """A note's text as lint reads it: nothing through a link out of the vault, nothing of a
    file larger than `MAX_BYTES` (neither is a note, and lint says so)."""
    data = vault.read(path)
    return "" if len(data) > MAX_BYTES else data.decode("utf-8-sig", "replace")


def document(vault: Vault, path: str) -> tuple[str, str, str]:
    """A note's title, front matter and body for full-text search."""
    text = _text(vault, path)
    from netmd.note import Problem
    from netmd.parse import split

    where = split(text)
    title = path.rsplit("/", 1)[-1][:-3]
    if where is None or isinstance(where, Problem):
        return title, "", text
    return title, text[where[0] : where[1]], text[where[2] :]


class Word:
    """A search word as written, compared with text as FTS5 compares (case and accents aside)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _TOKEN.findall(text)
        self.plain = len(self.tokens) == 1 and self.tokens[0] == text  # what FTS5 matches exactly
        folded = re.escape(_fold(text))
        before = "(?<![^\\W_])" if _TOKEN.match(text) else ""
        after = "(?![^\\W_])" if _TOKEN.fullmatch(text[-1]) else ""
        self._pattern = re.compile(before + folded + after)

    def found(self, text: str) -> bool:
        return self._pattern.search(_fold(text)) is not None


_TOKEN = re.compile(r"[^\W_]+")  # a token of FTS5's unicode61: letters and digits


def _fold(text: str) -> str:
    """`text` without case or accents, as FTS5's `remove_diacritics` reads it."""
    import unicodedata

    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _matching_line(vault: Vault, path: str, words: list[Word]) -> tuple[int | None, str]:
    """The line with the most of `words`, or (None, the note's name) when no line has one."""
    lines = _text(vault, path).splitlines()
    best, count = -1, 0
    for i, line in enumerate(lines):
        n = sum(w.found(line) for w in words)
        if n > count:
            best, count = i, n
    if best < 0:
        return None, path.rsplit("/", 1)[-1][:-3]
    return best + 1, lines[best].strip()
