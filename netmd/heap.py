"""netmd and Python's heap: most commands build many small objects, keep them all, and end.

The cyclic collector is kept out of the way: for a whole command (`short_process`), and in a
long-running one (`watch`, `lsp`) while a pass builds what stays (`gc_paused`), the two
places it is paused; `cli.main` ends a command with `os._exit`, leaving the heap to the
operating system instead of freeing it object by object (the one place the process ends so).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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


def short_process() -> None:
    """A netmd command is a short process that builds many small objects and keeps them all:
    the cyclic collector would walk them again and again and find nothing to free (it doubles
    the time of a query over 40,000 notes). Reference counting still frees memory."""
    gc.disable()


def long_process() -> None:
    """A process that runs for hours (`watch`, `lsp`): the collector works again, and frees what
    it is done with."""
    gc.enable()
