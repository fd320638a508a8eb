"""The index: every note's parsed facts in SQLite in `.netmd/`, kept current incrementally.

A facade over the parts: `store/` (the database and its codec), `build/` (the note and
vault passes, the planner), `search.py` (full-text search). The index is only a cache
(promise 6): nothing read from it is trusted, and a value in it that netmd did not write
there (`Corrupt`) makes it again from the notes, so the answer is the one a run without a
cache gives.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from netmd.build import plan
from netmd.build.refresh import Refresh
from netmd.build.scan import NO_DAY
from netmd.context import Context
from netmd.diagnostics import Diagnostic
from netmd.engine import check, severities
from netmd.errors import NetmdError
from netmd.heap import gc_paused
from netmd.names import NAME, PATH, STEM, Entry, Names
from netmd.note import Note
from netmd.schema import netmd_type
from netmd.store import codec, mdiags
from netmd.store.codec import EMPTY, Corrupt, decoded, seal, stored_facts, unpack_diags, unseal
from netmd.store.db import DB_NAME, FOLDER, Store, busy, is_busy
from netmd.store.names import SqlNames
from netmd.store.notes import unpack
from netmd.vault import Vault

if TYPE_CHECKING:  # the method is imported by the commands that use it: `lint FILE` starts faster
    from netmd.method import Facts, Method

__all__ = ["Index"]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
AGAIN_MOST = 2000  # notes judged again after edits: beyond, every note is (the whole vault in workers)


def _trusting(method: F) -> F:
    """`method`, made again on an index rebuilt from the notes when what it read is not
    netmd's (`Corrupt`, or SQLite says the database is damaged or its tables are not ours).
    Only the outermost call does it: an inner one's caller may hold what it read before."""

    @functools.wraps(method)
    def run(self: Index, *args: Any, **kwargs: Any) -> Any:
        if self._depth:
            return method(self, *args, **kwargs)
        self._depth += 1
        try:
            try:
                return method(self, *args, **kwargs)
            except (Corrupt, sqlite3.DatabaseError) as e:
                self._start_over(e)
            return method(self, *args, **kwargs)
        finally:
            self._depth -= 1

    return cast(F, run)


class Index:
    """The vault's index; use as a context manager."""

    def __init__(
        self,
        vault: Vault,
        *,
        rebuild: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> None:
        self.vault = vault
        self.progress = progress  # told (done, total) while many notes are parsed
        self.cancel = cancel  # asked between batches: True stops the work (KeyboardInterrupt)
        self.touched: set[str] | None = set()  # whose facts the last refresh changed (None: maybe all)
        self._depth = 0  # calls of `_trusting` methods under way
        self._rebuilt = False
        self.store = Store(vault, rebuild)

    @property
    def db(self) -> sqlite3.Connection:
        return self.store.db

    @property
    def persistent(self) -> bool:
        return self.store.persistent

    @property
    def writes(self) -> int:
        """Changes to the notes made through this object (see `generation`)."""
        return self.store.writes

    def _start_over(self, e: Exception) -> None:
        """The index was found `Corrupt` (or damaged): made again from the notes, once a run."""
        if is_busy(e):
            raise busy(self.vault, cast(sqlite3.OperationalError, e)) from None
        if self._rebuilt:  # made by this run, and still not readable: no cache then
            raise NetmdError(f"{self.vault.root / FOLDER / DB_NAME}: the index cannot be read back ({e})") from None
        self._rebuilt = True
        self.store.reopen()
        self.touched = None
        Refresh(self.store, self.progress, self.cancel).run(None)

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- keeping it current ------------------------------------------------------------

    @_trusting
    def refresh(self, only: Iterable[str] | None = None, listed: bool = False) -> None:
        """Bring the index up to date with the files: all of them, or only the paths in `only`
        (no walk over the vault unless a note came or went elsewhere; `listed`: none did)."""
        run = Refresh(self.store, self.progress, self.cancel)
        try:
            run.run(only, listed)
        finally:
            self.touched = run.touched

    def generation(self) -> int:
        """How many times the notes changed in this index, by any process: compared with `writes`,
        a long-running process learns whether another one changed them."""
        return self.store.generation()

    # -- the method --------------------------------------------------------------------

    @_trusting
    def facts(self, today: dt.date) -> Method:
        """The method's facts on `today`, as stored, note by note."""
        return self._method(self._every_fact(), today)

    def _every_fact(self) -> list[Facts]:
        """The stored facts of every netmd note, in path order."""
        cursor = self.db.execute("SELECT facts FROM derived WHERE facts IS NOT ? ORDER BY path", (EMPTY,))
        out: list[Facts] = []
        with gc_paused():
            while rows := cursor.fetchmany(1024):
                out += stored_facts([r[0] for r in rows])
        return out

    @_trusting
    def facts_at(self, paths: Iterable[str]) -> list[Facts]:
        """The stored facts of the netmd notes among `paths`."""
        return list(stored_facts([r[0] for r in self.store.rows("facts", paths, "derived") if r[0] != EMPTY]))

    @_trusting
    def method_diagnostics(
        self, today: dt.date, only: Iterable[str] | None = None, extra: Sequence[Note] = ()
    ) -> list[Diagnostic]:
        """The method rules' diagnostics on `today`, of every note or of those in `only`, plus
        `extra` notes parsed elsewhere (staged bytes), the vault's facts seen through them.

        For the whole vault they are stored: computed again for every note on a new day, and
        after edits for the notes near them (`_judged_again`). For a few notes (the git hook)
        stale stored ones are not recomputed for all: those few are checked now."""
        store = self.store
        stale = store.meta("method-day") != today.isoformat()
        dirty = not stale and self.db.execute("SELECT 1 FROM mdirty LIMIT 1").fetchone() is not None
        if only is not None and (stale or dirty or extra):
            return self._method_check(today, self.facts_at(only), extra)
        if stale or dirty:
            seen, waiting = store.generation(), plan.pending(store)  # (as `answer`)
            again = self._judged_again(today) if dirty else None
            if again is None:
                with gc_paused():  # the facts of every note are alive: a collection would walk them all
                    every = self._method_check(today, None, ())
                again = every, functools.partial(mdiags.keep, store, today, every)
            diags, keep = again
            with store.write():
                if store.generation() == seen and not waiting:  # (else another process changed notes: not kept)
                    keep()
            return diags  # (a few notes and a stale day were answered above)
        return mdiags.read(self.db, today, only)

    def _judged_again(self, today: dt.date) -> tuple[list[Diagnostic], Callable[[], None]] | None:
        """The day's method diagnostics of every note, after edits: the stored ones, and those
        of the notes near the marked ones (`mdirty`) computed again; None when that is most
        of the vault. With them, what stores them (in a write): the rows that held
        diagnostics of the notes judged again, written anew.

        A method rule judging a note reads the facts of notes at most two links away from
        it, either way (a meeting: the people met and their other meetings; a target: its
        people and their meetings). So an edit can change the diagnostics of the notes two
        links from it (in the old links: the marked notes include those the old facts
        pointed at), and judging those reads the facts two links further."""
        seeds = [r[0] for r in self.db.execute("SELECT path FROM mdirty LIMIT ?", (AGAIN_MOST + 1,))]
        if len(seeds) > AGAIN_MOST:
            return None
        rings = self._rings(set(seeds), 4)
        judged = rings[0] | rings[1] | rings[2]
        if len(judged) > AGAIN_MOST:
            return None
        rules = severities(self.vault.config, "method")
        around = self.facts_at(set().union(*rings))
        facts = self._method(around, today)
        mine = [f for f in around if f.path in judged]
        fresh = check(mine, Context(self.vault.config, today, facts.names, facts), rules) if rules else []
        stored = mdiags.rows(self.db, today)
        diags = [d for r in stored for d in r.diags if d.path not in judged] + fresh
        diags.sort(key=_path)  # (stable: a note's own stay in the order its rules gave them)
        gone = [r for r in stored if any(d.path in judged for d in r.diags)]
        return diags, lambda: mdiags.patch(self.store, today, gone, judged, fresh)

    def _rings(self, paths: set[str], steps: int) -> list[set[str]]:
        """`paths`, then the notes one link further from them (either way), and so on `steps` times."""
        rings, seen = [paths], set(paths)
        for _ in range(steps):
            last = rings[-1]
            near: set[str] = set()
            for f in self.facts_at(last):
                near |= f.points_at()
            near |= plan.linked_to(self.store, {(r[0], r[1]) for r in self.store.rows("kind, key", last, "names")})
            rings.append(near - seen)
            seen |= near
        return rings

    def _method_check(self, today: dt.date, judged: list[Facts] | None, extra: Sequence[Note]) -> list[Diagnostic]:
        """The method rules on the notes of the facts `judged` (None: every netmd note) and on
        `extra` notes, whose facts replace what the index holds for their paths."""
        rules = severities(self.vault.config, "method")
        replaced = {n.path for n in extra}  # what the index holds for these is not what is judged
        extra = [n for n in extra if netmd_type(n) is not None]
        if not rules or (judged is not None and not judged and not extra):
            return []
        from netmd.method import facts_of

        names = self.names()
        staged = [f for f in (facts_of(n, names) for n in extra) if f is not None]
        if judged is None:
            judged = self._every_fact()
            facts = self._method(judged, today)
            if replaced:
                facts.drop(replaced)
        else:  # a few notes: the facts they are judged by, not every note's
            facts = self._method_of(self._around({f.path for f in judged}, staged) - replaced, today)
        for f in staged:
            facts.put(f)
        judged = [f for f in judged if f.path not in replaced] + staged
        return check(judged, Context(self.vault.config, today, facts.names, facts), rules)

    def _around(self, paths: set[str], staged: Sequence[Facts]) -> set[str]:
        """The notes whose facts the method rules read to judge the notes at `paths` (and the
        `staged` ones): those two links away from them, either way (`_judged_again`): a target
        organization is judged by its people's meetings, a meeting by its people's others. The
        staged notes' links count from where they point now."""
        seeds = set(paths) | {f.path for f in staged}
        for f in staged:
            seeds |= f.points_at()
        return set().union(*self._rings(seeds, 2))

    @_trusting
    def answer(
        self, key: str, today: dt.date, compute: Callable[[], T], retask: Callable[[T, Method], T] | None = None
    ) -> T:
        """A whole-vault answer for `today` (the agenda, the stats, the referral network):
        computed once, then read back until the day or any note's facts change (kept only if
        no note changed while it was computed, nor waited for its vault pass: its facts are gone).
        After edits that changed some notes' follow-ups alone, `retask(kept, m)` makes it again
        from the kept one and `m`, the method holding those notes' facts alone (a ValueError: the
        kept one is not of netmd's making); without `retask`, it is computed again."""
        with self.store.snapshot():  # (the answer and the notes retasked since, as one moment left them)
            row = self.db.execute(
                "SELECT value FROM answers WHERE key = ? AND day = ?", (key, today.isoformat())
            ).fetchone()
            retasked = [
                r[0] for r in self.db.execute("SELECT path FROM retasked WHERE key = ? LIMIT ?", (key, AGAIN_MOST + 1))
            ]
            seen = self.store.generation(), plan.pending(self.store)  # (what one made now is kept against)
        again = retask if retasked and len(retasked) <= AGAIN_MOST else None
        if row is not None and (not retasked or again is not None):
            try:
                with gc_paused():
                    value = cast(T, unseal(row[0]))
            except Corrupt:  # (not netmd's: computed again, and replaced)
                pass
            else:
                if again is None:
                    return value
                m = self._method_of(set(retasked), today)
                try:
                    made = again(value, m)
                except ValueError:  # (the kept one is not of netmd's shape: computed again)
                    pass
                else:
                    return self._keep(key, today, seen, made)
        return self._keep(key, today, seen, compute())

    def _keep(self, key: str, today: dt.date, seen: tuple[int, set[str]], value: T) -> T:
        """`value`, kept as the day's answer for `key` unless, since it was begun (`seen`: the
        generation, and the notes waiting for their vault pass), a note changed, or one was
        waiting (another process's edit between its passes: its facts were gone)."""
        try:
            blob = seal(value, exact=True)
        except (TypeError, ValueError):  # not plain data that reads back as it is: computed each time
            return value
        try:
            with self.store.write():
                if self.store.generation() == seen[0] and not seen[1]:
                    self.db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)", (key, today.isoformat(), blob))
                    self.db.execute("DELETE FROM retasked WHERE key = ?", (key,))
        except (NetmdError, sqlite3.OperationalError):  # (busy for a minute, the disk full, read-only)
            pass  # the answer stands, not kept
        return value

    def _method_of(self, paths: set[str], today: dt.date) -> Method:
        """The method on `today` holding the facts of the notes at `paths` alone."""
        return self._method(self.facts_at(paths), today)

    def _method(self, facts: Iterable[Facts], today: dt.date) -> Method:
        """The method on `today` holding `facts`."""
        from netmd.method import Method

        method = Method(self.names(), self.vault.config, today)
        for f in facts:
            method.put(f)
        return method

    # -- reading ------------------------------------------------------------------------

    @_trusting
    def diagnostics(self, only: Iterable[str] | None = None) -> tuple[list[Diagnostic], int]:
        """The stored diagnostics of every note, or of `only`; and how many notes that is."""
        if only is None:
            rows = [
                *self.db.execute("SELECT problems FROM notes WHERE problems IS NOT ?", (EMPTY,)),
                *self.db.execute("SELECT vdiags FROM derived WHERE vdiags IS NOT ?", (EMPTY,)),
            ]
            count = self.count()
        else:
            rows = self.store.rows("problems, vdiags", only, "notes LEFT JOIN derived USING (path)")
            count = len(rows)
        return [d for r in rows for blob in r if blob is not None for d in decoded(unpack_diags, blob)], count

    @_trusting
    def check_notes(self, only: Iterable[str], extra: Sequence[Note] = ()) -> tuple[list[Diagnostic], set[str]]:
        """Per-note diagnostics as stored and vault rules run now (against the stored name
        table) for `only`, plus every rule for `extra` notes parsed elsewhere (staged bytes).
        Also returns the paths the links resolved to."""
        rows = self.store.rows("problems, note", only)
        diags = [d for r in rows for d in decoded(unpack_diags, r[0])]
        config = self.vault.config
        diags += check(extra, Context(config, NO_DAY), severities(config, "note"))
        ctx = Context(config, NO_DAY, SqlNames(self.db))
        notes = [*(decoded(unpack, r[1]) for r in rows), *extra]
        diags += check(notes, ctx, severities(config, "vault"))
        return diags, ctx.resolved_paths()

    def names(self) -> Names:
        """The name table, looked up key by key (made again when a value read is not netmd's,
        unless a method of this index is running: it does that then)."""
        return SqlNames(self.db, self._recovered)

    def _recovered(self, e: Exception) -> sqlite3.Connection:
        if self._depth:
            raise e
        self._start_over(e)
        return self.db

    @_trusting
    def notes(self, note_type: str | None = None) -> list[Note]:
        """Every indexed note (of one netmd type), in path order."""
        if note_type is None:
            rows = self.db.execute("SELECT note FROM notes ORDER BY path")
        else:
            rows = self.db.execute("SELECT note FROM notes WHERE type = ? ORDER BY path", (note_type,))
        with gc_paused():
            return [decoded(unpack, r[0]) for r in rows]

    @_trusting
    def notes_saying(self, words: Sequence[str]) -> list[Note]:
        """The netmd notes that may hold every one of `words` (casefolded): only those decoded."""
        rows = self.db.execute("SELECT note FROM notes WHERE type IS NOT NULL ORDER BY path")
        return [decoded(unpack, b) for (b,) in rows if codec.may_hold(b, words)]

    def each_note(self) -> Iterator[Note]:
        """Every indexed note in path order, one at a time (memory stays flat: `export json`)."""
        last = ""
        while True:
            try:
                rows = self.db.execute(
                    "SELECT path, note FROM notes WHERE path > ? ORDER BY path LIMIT 1024", (last,)
                ).fetchall()
                with gc_paused():
                    notes = [decoded(unpack, r[1]) for r in rows]
            except (Corrupt, sqlite3.DatabaseError) as e:  # made again: go on after the last note given
                self._start_over(e)
                continue
            if not rows:
                return
            last = rows[-1][0]
            yield from notes

    @_trusting
    def count(self) -> int:
        return self.store.count()

    @_trusting
    def entries(self) -> list[Entry]:
        from netmd.store.names import entries

        with gc_paused():
            return entries(self.db)

    def exists(self, paths: Iterable[str]) -> bool:
        """Whether these notes are still there (a hook trusts the index otherwise)."""
        return all(self.vault.exists(p) for p in paths)

    def linking_to(self, keys: Iterable[tuple[int, str]]) -> set[str]:
        """The notes with a link that may mean a note found by one of these name keys (`name_rows`)."""
        return plan.linked_to(self.store, {k for k in keys if k[0] in (PATH, STEM, NAME)})

    @_trusting
    def search(self, text: str, limit: int = 20) -> list[tuple[str, int | None, str]]:
        """Notes matching every word of `text`, best first (see `netmd.search`)."""
        from netmd import search

        return search.search(self.store, text, limit)


def _path(d: Diagnostic) -> str:
    return d.path


def document(vault: Vault, path: str) -> tuple[str, str, str]:
    """A note's title, front matter and body for full-text search (`netmd.search.document`)."""
    from netmd import search

    return search.document(vault, path)
