"""Shell completion of note names: file names read from the vault's folders, without the index."""

from __future__ import annotations

import os
from pathlib import Path

from netmd.config import CONFIG_NAME, TYPE_FOLDERS, tomllib


def find_root(vault: str | None) -> Path | None:
    """The vault a command line names (`--vault`, `NETMD_VAULT`), else the one around here."""
    given = vault or os.environ.get("NETMD_VAULT")
    if given:
        return Path(given) if Path(given).is_dir() else None
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def _folders(root: Path) -> dict[str, str]:
    """The vault's folder for each type: `[folders]` of netmd.toml, read leniently (a broken
    file completes with the default folders; `netmd lint` reports it)."""
    folders = dict(TYPE_FOLDERS)
    try:
        table = tomllib.loads((root / CONFIG_NAME).read_text("utf-8")).get("folders", {})
    except (OSError, ValueError):
        return folders
    return {t: str(table.get(f, f)) for t, f in folders.items()} if isinstance(table, dict) else folders


def names(root: Path | None, types: tuple[str, ...], incomplete: str) -> list[str]:
    """The file names (without `.md`) of the notes in the folders of `types` that start with
    `incomplete`, case-insensitively; one directory listing per type, no file is opened."""
    if root is None:
        return []
    folders = _folders(root)
    start = incomplete.casefold()
    found: set[str] = set()
    for t in types:
        try:
            entries = os.scandir(root / folders[t])
        except OSError:
            continue
        with entries:
            found.update(e.name[:-3] for e in entries if e.name.endswith(".md") and e.name.casefold().startswith(start))
    return sorted(found, key=str.casefold)
