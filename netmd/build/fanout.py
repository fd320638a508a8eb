"""The one way netmd spreads work over processes: in order, chunk by chunk, with a serial fallback."""

from __future__ import annotations

import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # (concurrent.futures loads logging and traceback: 3 ms of every lint FILE)
    from concurrent.futures import Future

S = TypeVar("S")
R = TypeVar("R")
Item = TypeVar("Item")  # a path, say

PARALLEL_FROM = 2000  # items; below this, starting workers costs more than it saves
BATCH = 8192  # items done at a time in this process: memory stays flat as the vault grows
EARLY_CHUNK = 500  # items a worker is given at a time while the items are still coming

# (set in a worker process only, by its pool's initializer: what each of its chunks is given to)
_work: tuple[Callable[[Any, list[Any]], list[Any]], Any] | None = None


def _nothing() -> None:
    pass


def fan_out(
    work: Callable[[S, list[Item]], list[R]],
    shared: S,
    items: Iterable[Item],
    *,
    fork_only: bool = False,
    meanwhile: Callable[[], None] = _nothing,
) -> Iterator[list[R]]:
    """`work(shared, chunk)` over `items`, its results batch by batch in the order of `items`.

    For many items, in worker processes (forked: they inherit `shared` without copying it;
    spawned only if `fork_only` is not set, and `shared` is then pickled once a worker), so
    the caller writes one batch while the workers do the next; this process does `meanwhile`
    (once) while they start. `items` may still be coming (a cold build walks the vault as it
    goes): the workers start on the first ones in small chunks. If the workers fail, this
    process does what is left."""
    workers = min(os.cpu_count() or 1, 8)
    known = isinstance(items, Sequence)
    rest = iter(items)
    taken = list(items) if known else list(islice(rest, PARALLEL_FROM))  # (every item taken, in order)
    done = 0  # items whose results were given
    if workers >= 2 and len(taken) >= PARALLEL_FROM and (can_fork() or not fork_only):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        context = multiprocessing.get_context("fork" if can_fork() else "spawn")
        try:
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=_start, initargs=(os.getpid(), work, shared)
            ) as pool:
                # a few chunks in flight, not all: results must not pile up faster than they are used
                pending: deque[tuple[Future[list[R]], int]] = deque()
                early: list[Item] = []
                if known:
                    early = taken
                else:  # small chunks while the items come: where they end is not known
                    for item in chain(list(taken), _recorded(rest, taken)):
                        early.append(item)
                        if len(early) == EARLY_CHUNK and len(pending) <= 2 * workers:
                            pending.append((pool.submit(_run, early), len(early)))
                            early = []
                meanwhile()
                meanwhile = _nothing  # done
                for chunk in chunks(early, workers):  # the rest, once all are known
                    pending.append((pool.submit(_run, chunk), len(chunk)))
                    while len(pending) > 2 * workers:
                        future, n = pending.popleft()
                        yield future.result()
                        done += n
                while pending:
                    future, n = pending.popleft()
                    yield future.result()
                    done += n
            return
        except (BrokenProcessPool, sqlite3.Error, OSError):  # (this process does what is left)
            pass
    meanwhile()
    if not known:
        taken += rest
    for i in range(done, len(taken), BATCH):
        yield work(shared, taken[i : i + BATCH])


def _recorded(items: Iterator[Item], into: list[Item]) -> Iterator[Item]:
    """`items`, each put `into` the list as it passes."""
    for x in items:
        into.append(x)
        yield x


def chunks(items: list[Item], workers: int) -> list[list[Item]]:
    """`items` in chunks for `workers`: of up to 1,000, and smaller towards the end, so the
    workers finish together (the next pass waits for the last chunk)."""
    size = max(1, min(1000, -(-len(items) // (workers * 4))))
    tail = min(len(items), 4 * workers * size) // 2  # the last chunks: a quarter the size
    head = len(items) - tail
    small = max(1, size // 4)
    return [items[i : min(i + size, head)] for i in range(0, head, size)] + [
        items[i : i + small] for i in range(head, len(items), small)
    ]


def can_fork() -> bool:
    """Whether workers may be forked: not on macOS, and not from a process with other threads
    (`watch`), whose locks a forked child could inherit held forever."""
    import multiprocessing
    import sys
    import threading

    fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    return fork and threading.active_count() == 1


def _start(parent: int, work: Callable[[Any, list[Any]], list[Any]], shared: Any) -> None:
    global _work
    _work = (work, shared)
    _orphan_guard(parent)


def _run(chunk: list[Any]) -> list[Any]:
    assert _work is not None
    work, shared = _work
    return work(shared, chunk)


def _orphan_guard(parent: int) -> None:
    """In a worker: end it as soon as `parent` is gone (killed, say). Its pool would otherwise
    leave it waiting for work forever: the pipe it waits on is held open by the other workers."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.1)
        os._exit(1)

    threading.Thread(target=watch, name="netmd-orphan-guard", daemon=True).start()
