"""Progress bars for long work, on a terminal's stderr only (a pipe or a file gets nothing)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
Progress = Callable[[int, int], None]
FROM = 2000  # items below which work is quick enough to need no bar
WIDTH = 30


def bar(doing: str, unit: str = "notes", stream: TextIO | None = None) -> Progress | None:
    """A callback `(done, total)` drawing `doing [#####-----] done/total unit` on one line of
    `stream` (stderr), or None when that is not a terminal. It redraws only when the bar grows,
    so a caller may call it for every item."""
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        return None
    drawn = -1

    def show(done: int, total: int) -> None:
        nonlocal drawn
        filled = WIDTH * done // total if total > 0 else WIDTH
        if filled == drawn and done < total:
            return
        drawn = filled
        out.write(f"\r{doing} [{'#' * filled}{'-' * (WIDTH - filled)}] {done}/{total} {unit}")
        if done >= total:
            out.write("\n")
        out.flush()

    return show


def counted(items: Iterable[T], total: int, progress: Progress | None) -> Iterator[T]:
    """`items`, telling `progress` how far along they are (when there are `FROM` or more)."""
    if progress is None or total < FROM:
        yield from items
        return
    done = 0
    for item in items:
        yield item
        done += 1
        progress(done, total)
    if done < total:  # (fewer than announced: end the line all the same)
        progress(total, total)
