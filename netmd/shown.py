"""Paths as a person reads them: from the current folder, as linters print them (SPEC §4)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def from_here(root: Path, here: str | None = None) -> Callable[[str], str]:
    """A function that turns a vault-relative path into one relative to `here` (default: the
    current folder), the path an editor or terminal opened there finds. Outside the vault it
    climbs with `..`; a vault that shares no folder but `/` with `here` gets absolute paths."""
    here = os.path.abspath(here if here is not None else os.getcwd())
    top = os.path.abspath(root)
    common = os.path.commonpath([here, top])
    if common == top and here != top:  # inside the vault: each path climbs out of `here`, then down
        return lambda rel: os.path.relpath(os.path.join(top, rel), here)
    # The vault is here, below, beside or apart: one prefix, then the path as it is (what
    # relpath gives for a vault path, which holds no `..`; lint prints one per diagnostic).
    prefix = top if common == os.sep else os.path.relpath(top, here)
    if prefix == ".":
        return lambda rel: rel or "."
    lead = prefix if prefix.endswith(os.sep) else prefix + os.sep
    return lambda rel: lead + rel if rel else prefix


def repository_root(start: Path) -> Path | None:
    """The git work tree holding `start` (a `.git` folder or file), found without running git."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def for_annotations(root: Path) -> Callable[[str], str]:
    """Paths GitHub annotations need: from the repository root, so that a vault in a subfolder
    (the pre-commit case) still lands on the right file; from here when there is no repository."""
    top = repository_root(Path(os.path.abspath(root)))
    return from_here(root, str(top)) if top is not None else from_here(root)
