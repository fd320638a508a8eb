"""Find the vault, list its notes and read them safely (SPEC §2, promise 5)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from netmd import config as config_mod
from netmd.config import CONFIG_NAME, Config
from netmd.errors import ConfigError, NetmdError, UsageError
from netmd.fsutil import confine, inside, read_existing
from netmd.note import START, Note, Problem
from netmd.parse.source import MAX_BYTES

SKIP_DIRS = frozenset({".git", ".obsidian", ".trash", ".netmd"})


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Never wait on a file: opening a FIFO named `x.md` would block until someone writes to it.
_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


class NotAFile(OSError):
    """What `_read` opened is a FIFO, a device, a socket or a folder: its bytes are not read."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def _read(path: str, flags: int) -> tuple[bytes, os.stat_result]:
    fd = os.open(path, _OPEN | flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # /dev/zero would fill the memory, a FIFO wait forever
            raise NotAFile(_kind(st.st_mode))
        size = min(st.st_size, MAX_BYTES) + 1  # one byte more: a file that grew is read whole, or seen too large
        chunks = [os.read(fd, size)]
        while len(chunks[-1]) == size and sum(map(len, chunks)) <= MAX_BYTES:
            chunks.append(os.read(fd, size))
        return b"".join(chunks) if len(chunks) > 1 else chunks[0], st
    finally:
        os.close(fd)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # (a name from the disk: its undecodable bytes are surrogates)
        return False
    return True


def shown_name(name: str) -> str:
    """A file name that is not UTF-8 as text that is: each byte that does not decode as `\\xNN`,
    a backslash as two, so that `raw_name` gives the bytes back."""
    return os.fsencode(name).replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


_ESCAPE = re.compile(rb"\\(\\|x[0-9a-f]{2})")


def raw_name(shown: str) -> str:
    """The name on the disk (undecodable bytes as surrogates) that `shown_name` shows as `shown`."""
    raw = _ESCAPE.sub(lambda m: b"\\" if m[1] == b"\\" else bytes([int(m[1][1:], 16)]), shown.encode("utf-8"))
    return os.fsdecode(raw)


def note_path(rel: str) -> str:
    """A '/'-separated path as netmd names the note: each part that is not UTF-8 shown escaped."""
    return rel if _utf8(rel) else "/".join(p if _utf8(p) else shown_name(p) for p in rel.split("/"))


def _on_disk(root: Path, rel: str) -> str | None:
    """The file a note path with escaped parts (see `note_path`) names, if it exists."""
    found = str(root)
    for part in rel.split("/"):
        literal = os.path.join(found, part)
        found = literal if os.path.lexists(literal) else os.path.join(found, raw_name(part))
    return found if os.path.lexists(found) else None


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


class Listed(NamedTuple):
    """A folder as `Vault.walk` read it: its path from the root as on the disk ("" for the
    root), its status taken before its entries were listed, and their `listing`."""

    folder: str
    status: os.stat_result
    listing: str


def listing(entries: Iterable[os.DirEntry[str]]) -> str:
    """A digest of the names of the notes and folders among a folder's entries (those
    `Vault.walk` may read, and the ignored ones): it changes when a note comes, goes or is renamed."""
    names = sorted(
        e.name + ("/" if e.is_dir(follow_symlinks=False) else "")
        for e in entries
        if e.name.endswith(".md") or (not e.name.startswith(".") and e.is_dir(follow_symlinks=False))
    )
    return hashlib.blake2b("\0".join(names).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Vault:
    root: Path

    @cached_property
    def config(self) -> Config:
        return config_mod.load(self.root / CONFIG_NAME, _rule_keys)

    def reread(self) -> Vault:
        """The vault with its `netmd.toml` read now, for a process that runs on (`watch`,
        `lsp`): a ConfigError when it does not load, or is gone (a checkout, a move: not a
        vault of the defaults), and the caller keeps its last good one."""
        if not os.path.lexists(self.root / CONFIG_NAME):
            raise ConfigError(str(self.root / CONFIG_NAME), 0, "", "gone")
        fresh = Vault(self.root)
        fresh.config  # noqa: B018 (read now, not in the middle of a render or a request)
        return fresh

    @cached_property
    def templates_folder(self) -> str:
        """Obsidian's templates folder (its notes hold placeholders, not data): not linted."""
        try:
            settings = confine(self.root, self.root / ".obsidian" / "templates.json", "not read")
            folder = json.loads((read_existing(settings) or b"").decode("utf-8")).get("folder")
            if isinstance(folder, str) and folder.strip("/"):
                return folder.strip("/")
        except (OSError, ValueError, AttributeError, NetmdError):  # (none, a FIFO, a link out: Obsidian's default)
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

    def paths(self, read: list[Listed] | None = None) -> list[str]:
        """Every note's path relative to the root, sorted, with '/' separators (`walk`)."""
        return list(self.walk(read=read))

    def walk(self, folder: str = "", prefix: str = "", read: list[Listed] | None = None) -> Iterator[str]:
        """`paths`, one at a time as the folders are read: a folder's notes and subfolders in
        the order of their names (a subfolder's with a "/" after it), so the paths come sorted.

        Every `.md` entry that is not a folder is a note, whatever it is (a FIFO, a link, a
        link loop): `load` says why one cannot be read. Nothing here follows a link. A name
        that is not UTF-8 is given escaped (`note_path`), so every command can keep it.
        `read`, if given, gets each folder read (`Listed`: one that cannot be read lists nothing)."""
        folder = folder or str(self.root)
        try:  # (its status first: a change made after its entries are listed shows in its times)
            status = os.stat(folder) if read is not None else None
        except OSError:
            return
        try:
            entries = list(os.scandir(folder))
        except OSError:  # (kept as listing nothing: its change time tells when it can be read)
            entries = []
        if read is not None and status is not None:
            read.append(Listed(folder[len(str(self.root)) + 1 :], status, listing(entries)))
        ignored = self._ignored.match  # (a hot loop: one pass for each file of the vault)
        notes, folders = [], []
        real: dict[str, str] = {}  # the names on the disk of folders shown escaped
        for entry in entries:
            name = entry.name
            if not name.isascii() and not _utf8(name):
                shown = shown_name(name)
                if os.path.lexists(os.path.join(folder, shown)):
                    continue  # (another file has the very name this one is shown as: it cannot be told apart)
                real[shown], name = name, shown
            is_dir = entry.is_dir(follow_symlinks=False)
            if name.startswith(".") and (is_dir or name in SKIP_DIRS):
                continue
            rel = prefix + name
            if ignored(rel) is not None:
                continue
            if not is_dir:
                if name.endswith(".md"):
                    notes.append(rel)
            else:
                folders.append(rel + "/")
        if not folders:  # (most folders: no test of each path for a "/")
            notes.sort()
            yield from notes
            return
        for rel in sorted(notes + folders):
            if rel.endswith("/"):
                name = rel[len(prefix) : -1]
                yield from self.walk(os.path.join(folder, real.get(name, name)), rel, read)
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
            shown = note_path(rel)  # (`rel` is the name on the disk)
            if os.path.isdir(p) and (rel == "." or not os.path.islink(p)):  # a linked folder is not walked
                if rel == ".":
                    chosen.update(self.walk())
                elif self.is_note(shown + "/x.md"):
                    chosen.update(self.walk(os.path.join(self.root, rel), shown + "/"))
            elif self.is_note(shown):
                chosen.add(shown)
        return chosen

    def load(self, rel: str) -> tuple[bytes, os.stat_result] | Note:
        """A note's bytes and the status of the file they came from; or, when the file cannot
        be read, a note that carries the problem (NM105, or NM104 for a name that is not UTF-8)."""
        if leaves(rel):  # (a path the walk never gives: a crafted index's)
            return Note(rel, unreadable=(Problem(START, "a path that leaves the vault; not read"),))
        full = os.path.join(self.root, rel)
        try:
            try:
                return _read(full, _NOFOLLOW)
            except OSError as e:
                if e.errno != errno.ELOOP or not os.path.islink(full):
                    raise
                if not inside(self.root, full):
                    return Note(rel, unreadable=(Problem(START, "a link to a file outside the vault; not followed"),))
                return _read(full, 0)
        except NotAFile as e:
            return Note(rel, unreadable=(Problem(START, f"{e}, not a file; not read"),))
        except OSError as e:
            return self._unreadable(rel, e)

    def exists(self, rel: str) -> bool:
        """Whether the note's file is there (a link counts, whatever it leads to)."""
        return os.path.lexists(os.path.join(self.root, rel)) or ("\\" in rel and _on_disk(self.root, rel) is not None)

    def read(self, rel: str) -> bytes:
        """A note's bytes, by the rules of `load`; nothing (b"") when it cannot be read."""
        found = self.load(rel)
        return b"" if isinstance(found, Note) else found[0]

    def _unreadable(self, rel: str, e: OSError) -> Note:
        if e.errno == errno.ELOOP:
            return Note(rel, unreadable=(Problem(START, "a link that leads back to itself (a loop); not followed"),))
        if e.errno == errno.ENOENT and "\\" in rel and _on_disk(self.root, rel):
            problem = Problem(START, "the file name is not UTF-8, so netmd cannot name it; rename it")
            return Note(rel, encoding=(problem,))
        return Note(rel, unreadable=(Problem(START, f"cannot read: {e.strerror or e}"),))


def leaves(rel: str) -> bool:
    """Whether a note path, joined to the vault's root, names a place outside it whatever the
    files are: an absolute path, or one with a `..` part."""
    return rel.startswith("/") or (".." in rel and ".." in rel.split("/"))


def _rule_keys() -> dict[str, str]:
    """The rule catalogue's keys, imported only for a netmd.toml with a `[lint]` table."""
    from netmd.rules import rule_keys

    return rule_keys()
