"""netmd and Python's heap: most commands build many small objects, keep them all, and end.

`netmd` ends a command with `os._exit` (`cli.main`): the heap is left to the operating
system, not freed object by object. What a command built is therefore best left alive to
the end too (`outlive`), and the cyclic collector kept out of the way while it is built
(`gc_paused`). A long-running process (`watch`) says so, and frees as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_kept: list[object] | None = None  # None: a long-running process, or not the `netmd` command


def short_lived() -> None:
    """This process ends with `os._exit` when its one command is done."""
    global _kept
    _kept = []


def long_running() -> None:
    global _kept
    _kept = None


def outlive(*objects: object) -> None:
    """Keep `objects` to the end of a short-lived process: freeing them now costs time and
    gives back nothing the process still needs (the method's facts of 40,000 notes take a
    tenth of a second). Elsewhere they are freed as usual, when the caller lets go."""
    if _kept is not None:
        _kept.extend(objects)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing builds many small objects that all stay alive; the cyclic collector would
    walk them again and again (tripling the parse time) and find nothing to free. When the
    work is done, what it built is moved out of the collector's sight (`gc.freeze`): the
    first collection after it would otherwise walk it all once more. (Objects freed later
    are still freed: only cycles among them would stay, and netmd's data makes none.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()
