"""The incremental planner: which notes changed since the index was made, which came or went,
and which others must be checked again because of them.

A note is parsed again only when its file changed: size, modification time, change time
(which no one can set back) and inode make its signature, and a file modified within the
last seconds before it was indexed is "racy" (git's term) and compared by content next
time. Vault-wide diagnostics and the method's facts depend on what a note's links resolve
to: when a note comes, goes or changes its names, they are recomputed for the notes that
link to one of those names (the `links` table files each link under its target's last path
segment), and for the notes with a broken link whose did-you-mean those names may change."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from netmd.names import NAME, PATH, STEM, TWINS
from netmd.store.codec import EMPTY, Corrupt, stored_facts
from netmd.store.db import Store
from netmd.vault import Listed, leaves, listing

T = TypeVar("T")


def changed(root: str, known: Iterable[tuple[Any, ...]]) -> list[str]:
    """The indexed notes whose file differs from what the index knows of it (a hot loop: one
    stat a note). `known` holds rows of (path, size, mtime, ctime, ino, racy), as `notes` does."""
    stat = os.stat
    out = []
    for path, size, mtime, ctime, ino, racy in known:
        if leaves(path):  # (the walk gives no such path: the index is not netmd's)
            raise Corrupt(f"a note at {path!r}, outside the vault")
        if racy:  # parse again (cheap, and exact)
            out.append(path)
            continue
        try:
            st = stat(root + path)
        except OSError:
            out.append(path)
            continue
        if st.st_size != size or st.st_mtime_ns != mtime or st.st_ctime_ns != ctime or st.st_ino != ino:
            out.append(path)
    return out


def pending(store: Store) -> set[str]:
    """Notes indexed without their vault diagnostics yet (another process is building, or stopped)."""
    if store.meta("building") or store.count("notes") != store.count("derived"):
        sql = "SELECT path FROM notes LEFT JOIN derived USING (path) WHERE done IS NOT 1"
    else:
        sql = "SELECT path FROM derived WHERE done = 0"
    return {r[0] for r in store.db.execute(sql)}


def built(store: Store) -> None:
    """A cold build is over (this one, or one that stopped and was finished since) when no
    note waits: `building` goes, unless another cold build is still writing."""
    if store.meta("building"):  # (a derived row has its note: a row for each, none waiting)
        with store.write():
            store.db.execute(
                "DELETE FROM meta WHERE key = 'building' AND NOT EXISTS (SELECT 1 FROM derived WHERE done = 0)"
                " AND (SELECT count(*) FROM notes) = (SELECT count(*) FROM derived)"
            )


def mark_dirty(store: Store, paths: Iterable[str]) -> None:
    """Inside a write, before the facts of the notes at `paths` change or go: those notes, and
    the notes their facts pointed at, may be judged otherwise by the method rules now (the
    day's method diagnostics are computed again around them: `Index.method_diagnostics`)."""
    marked = set(paths)
    for f in stored_facts([r[0] for r in store.rows("facts", marked, "derived") if r[0] != EMPTY]):
        marked |= f.points_at()
    store.db.executemany("INSERT OR IGNORE INTO mdirty VALUES (?)", [(p,) for p in marked])


def linked_to(store: Store, keys: set[tuple[int, str]]) -> set[str]:
    """The notes whose vault diagnostics or facts can change when notes with these name keys
    come, go or change: those that link to such a name, and those that share an email,
    LinkedIn URL or near-identical name with one (NM304)."""
    tails = sorted({key.rsplit("/", 1)[-1] for kind, key in keys if kind in (PATH, STEM, NAME)})
    out: set[str] = set()
    for i in range(0, len(tails), 500):
        batch = tails[i : i + 500]
        marks = ",".join("?" * len(batch))
        out.update(r[0] for r in store.db.execute(f"SELECT DISTINCT path FROM links WHERE key IN ({marks})", batch))
    for kind, key in keys:
        if kind in TWINS:
            rows = store.db.execute("SELECT path FROM names WHERE kind = ? AND key = ?", (kind, key))
            out.update(r[0] for r in rows)
    return out


def hinted(store: Store, keys: set[tuple[int, str]]) -> set[str]:
    """The notes with a broken link whose did-you-mean may change when notes with these name
    keys come, go or change (NM301, NM305): a hint is drawn from the stem and alias keys
    that begin as the link's target does (`Names.suggest`)."""
    firsts = {key[:1] for kind, key in keys if kind in (STEM, NAME)}
    if not firsts:
        return set()
    # the notes that link to a name beginning so, and hold one of the two codes (ASCII: in
    # MessagePack and JSON alike these very bytes)
    sql = (
        "SELECT DISTINCT path FROM links JOIN derived USING (path) WHERE key >= ? AND key < ?"
        " AND (instr(vdiags, CAST('NM301' AS BLOB)) OR instr(vdiags, CAST('NM305' AS BLOB)))"
    )
    return {r[0] for first in sorted(firsts) for r in store.db.execute(sql, (first, first + "\U0010ffff"))}


# A folder changed this close to being read may change again with the same times (they are
# as coarse as the kernel's clock tick): its listing is compared the next time. (Its own
# constant: a test that makes files not racy, `scan.RACY_NS`, leaves its folders racy.)
FOLDER_RACY_NS = 2_000_000_000


def folders_changed(store: Store) -> bool:
    """Whether a note may have come, gone or been renamed since the last pass over the whole
    vault: a folder it read lists other notes or folders (another file coming and going, an
    editor's atomic save, is no change); True when that is not known."""
    return unmoved_folders(store) is None


def unmoved_folders(store: Store) -> list[Listed] | None:
    """The folders the last pass over the whole vault read, as they are now, if none of them
    lists other notes or folders since (`folders_changed`): the notes are then those it
    found. None if one does, or if that is not known."""
    try:
        unmoved = []
        for kept in json.loads(store.meta("folders") or ""):
            now = _unmoved(store.vault.root, kept)
            if now is None:
                return None
            unmoved.append(now)
        return unmoved or None
    except (ValueError, TypeError, IndexError, KeyError, RecursionError):
        return None


def keep_folders(store: Store, read: Iterable[Listed], since: int) -> None:
    """The state of the folders `read` (by a walk, or `unmoved_folders`), for `folders_changed`:
    their times unless they changed less than `FOLDER_RACY_NS` before `since` (taken before
    any was read), and their listing as it was read: a note made since is seen next time."""
    state = []
    for folder, st, listed in sorted(read, key=itemgetter(0)):
        racy = since - max(st.st_mtime_ns, st.st_ctime_ns) < FOLDER_RACY_NS
        state.append([folder, 0 if racy else st.st_mtime_ns, st.st_ctime_ns, st.st_ino, listed])
    text = json.dumps(state)
    if text != store.meta("folders"):
        with store.write():
            store.set_meta("folders", text)


def _unmoved(root: Path, kept: list[Any]) -> Listed | None:
    """The folder `kept` describes as it is now, if it lists the same notes and folders."""
    if len(kept) != 5 or not isinstance(kept[0], str):
        return None
    path = os.path.join(root, kept[0])
    try:
        st = os.stat(path)  # (first: a change made after its listing is read shows in its times)
    except OSError:
        return None
    if kept[1] and [kept[0], st.st_mtime_ns, st.st_ctime_ns, st.st_ino] == kept[:4]:
        return Listed(kept[0], st, kept[4])
    try:
        with os.scandir(path) as entries:
            now = listing(entries)
    except OSError:  # (as `Vault.walk` keeps one it cannot read: listing nothing)
        now = listing(())
    return Listed(kept[0], st, now) if now == kept[4] else None


def grouped(batches: Iterable[list[T]], size: int) -> Iterator[list[T]]:
    """`batches` put together until each holds `size` items or more (the last, what is left):
    each is written in one transaction, and every transaction costs the same few milliseconds."""
    kept: list[T] = []
    for batch in batches:
        kept += batch
        if len(kept) >= size:
            yield kept
            kept = []
    if kept:
        yield kept


def recorded(items: Iterable[T], into: list[T]) -> Iterator[T]:
    """`items`, each put `into` the list as it passes."""
    for x in items:
        into.append(x)
        yield x
