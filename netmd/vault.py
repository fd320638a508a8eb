"""Find the vault, list its notes and read them safely (SPEC §2, promise 5)."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from netmd import config as config_mod
from netmd.config import CONFIG_NAME, Config
from netmd.errors import UsageError
from netmd.note import MAX_BYTES, START, Note, Problem

SKIP_DIRS = frozenset({".git", ".obsidian", ".trash", ".netmd"})


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read(path: str, flags: int) -> tuple[bytes, os.stat_result]:
    fd = os.open(path, os.O_RDONLY | flags)
    try:
        st = os.fstat(fd)
        size = min(st.st_size, MAX_BYTES) + 1  # one byte more: a file that grew is read whole, or seen too large
        chunks = [os.read(fd, size)]
        while len(chunks[-1]) == size and sum(map(len, chunks)) <= MAX_BYTES:
            chunks.append(os.read(fd, size))
        return b"".join(chunks) if len(chunks) > 1 else chunks[0], st
    finally:
        os.close(fd)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `netmd.toml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def open_vault(explicit: str | None, hints: Iterable[str] = ()) -> Vault:
    """The vault named by --vault/NETMD_VAULT, else found from the current folder or the given paths."""
    if explicit:
        root = Path(explicit)
        if not root.is_dir():
            raise UsageError(f"--vault {explicit}: no such folder")
        return Vault(root.resolve())
    for start in (Path.cwd(), *(Path(h).parent for h in hints)):
        found = find_root(start)
        if found is not None:
            return Vault(found)
    raise UsageError("not inside a netmd vault (no netmd.toml here or above); run `netmd init` or pass --vault DIR")


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob: `**` crosses folders, `*` and `?` stay within one."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            c = pattern[i]
            out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
            i += 1
    return re.compile("".join(out) + "(?:/.*)?$")


@dataclass(frozen=True)
class Vault:
    root: Path

    @cached_property
    def config(self) -> Config:
        return config_mod.load(self.root / CONFIG_NAME)

    @cached_property
    def templates_folder(self) -> str:
        """Obsidian's templates folder (its notes hold placeholders, not data): not linted."""
        try:
            folder = json.loads((self.root / ".obsidian" / "templates.json").read_text("utf-8")).get("folder")
            if isinstance(folder, str) and folder.strip("/"):
                return folder.strip("/")
        except (OSError, ValueError, AttributeError):
            pass
        return str(self.config.folders["templates"]).strip("/")

    @cached_property
    def _ignored(self) -> re.Pattern[str]:
        """One pattern for every ignored path (asked once for each file of the vault)."""
        patterns = [glob_regex(p) for p in self.config.vault["ignore"]]
        # Obsidian's templates hold placeholders, and the dashboards are netmd's own output:
        # neither is data (indexing a dashboard would make each render invalidate the next).
        generated = glob_regex(str(self.config.folders["dashboards"]).strip("/"))
        return re.compile(
            "|".join(f"(?:{p.pattern})" for p in [glob_regex(self.templates_folder), generated, *patterns])
        )

    def ignored(self, rel: str) -> bool:
        return self._ignored.match(rel) is not None

    def is_note(self, rel: str) -> bool:
        """Whether a '/'-separated path inside the vault is a note netmd reads."""
        folders = rel.split("/")[:-1]
        return rel.endswith(".md") and not any(f.startswith(".") for f in folders) and not self.ignored(rel)

    def paths(self) -> list[str]:
        """Every note's path relative to the root, sorted, with '/' separators."""
        return list(self.walk())

    def walk(self, folder: str = "", prefix: str = "") -> Iterator[str]:
        """`paths`, one at a time as the folders are read: a folder's notes and subfolders in
        the order of their names (a subfolder's with a "/" after it), so the paths come sorted."""
        try:
            entries = list(os.scandir(folder or self.root))
        except OSError:
            return
        ignored = self._ignored.match  # (a hot loop: one pass for each file of the vault)
        notes, folders = [], []
        for entry in entries:
            name = entry.name
            if name.startswith(".") and (name in SKIP_DIRS or entry.is_dir()):
                continue
            rel = prefix + name
            if ignored(rel) is not None:
                continue
            if name.endswith(".md") and (entry.is_file() or entry.is_symlink()):  # a folder named x.md is not
                notes.append(rel)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(rel + "/")
        if not folders:  # (most folders: no test of each path for a "/")
            notes.sort()
            yield from notes
            return
        for rel in sorted(notes + folders):
            if rel.endswith("/"):
                yield from self.walk(os.path.join(self.root, rel), rel)
            else:
                yield rel

    def relpath(self, path: str | Path) -> str | None:
        """A user's path as a note path, or None if it is outside the vault."""
        full = os.path.abspath(path)
        real = Path(os.path.realpath(os.path.dirname(full))) / os.path.basename(full)
        try:
            return real.relative_to(self.root).as_posix()
        except ValueError:
            return None

    def select(self, paths: Iterable[str]) -> set[str]:
        """The note paths the user's files and folders name; files outside the vault are skipped."""
        chosen: set[str] = set()
        for p in paths:
            if not os.path.lexists(p):
                raise UsageError(f"{p}: no such file or folder")
            rel = self.relpath(p)
            if rel is None or rel == ".." or rel.startswith("../"):
                continue
            if os.path.isdir(p):
                if rel == ".":
                    chosen.update(self.walk())
                elif self.is_note(rel + "/x.md"):
                    chosen.update(self.walk(os.path.join(self.root, rel), rel + "/"))
            elif self.is_note(rel):
                chosen.add(rel)
        return chosen

    def load(self, rel: str) -> tuple[bytes, os.stat_result] | Note:
        """A note's bytes and the status of the file they came from; or, when the file cannot
        be read, a note that carries the NM105 problem."""
        full = os.path.join(self.root, rel)
        try:
            try:
                return _read(full, _NOFOLLOW)
            except OSError as e:
                if e.errno != errno.ELOOP or not os.path.islink(full):
                    raise
                if not Path(full).resolve().is_relative_to(self.root):
                    return Note(rel, unreadable=(Problem(START, "a link to a file outside the vault; not followed"),))
                return _read(full, 0)
        except OSError as e:
            return Note(rel, unreadable=(Problem(START, f"cannot read: {e.strerror or e}"),))
