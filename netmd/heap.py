"""netmd and Python's heap: most commands build many small objects, keep them all, and end.

The cyclic collector is kept out of the way while they are built (`gc_paused`, the one place
it is paused); `cli.main` ends a command with `os._exit`, leaving the heap to the operating
system instead of freeing it object by object (the one place the process ends so).
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
