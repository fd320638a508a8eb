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
    if os.path.commonpath([here, top]) == os.sep:
        return lambda rel: os.path.join(top, rel)
    prefix = os.path.relpath(top, here)
    if not prefix.startswith(".."):  # the vault is here or below: joining is exactly relpath
        prefix = "" if prefix == "." else prefix + "/"
        return lambda rel: prefix + rel if rel else (prefix.rstrip("/") or ".")
    return lambda rel: os.path.relpath(os.path.join(top, rel), here)  # (`..` and back down)


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
