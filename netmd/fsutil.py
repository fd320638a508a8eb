"""The functions that write files: atomically (no reader ever sees half a file, promise 3), and
never through a link out of the vault (promise 5): one rule, `confine`, for every read and write."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from netmd.errors import NetmdError


def inside(root: Path, path: str | Path) -> bool:
    """Whether `path`, every link on it followed, is in `root`."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def confine(root: Path, path: Path, doing: str = "not written") -> Path:
    """`path`, when it stays in `root` with every link on it followed; else an error naming the link
    that leaves (a vault from someone else must not make netmd read or write your other files)."""
    if inside(root, path):
        return path
    link, target = path, os.path.realpath(path)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise NetmdError(f"{path}: {doing}: it is outside the vault {root}") from None
    here = root
    for part in parts:
        here = here / part
        if os.path.islink(here) and not inside(root, here):
            link, target = here, os.readlink(here)
            break
    name = link.relative_to(root).as_posix()
    raise NetmdError(f"{path}: {doing}: {name} is a link to {target}, outside the vault")


def read_existing(path: Path) -> bytes | None:
    """A file's bytes, or None when there is none; what is not a regular file (a FIFO would
    wait forever, a device never end) is an error, not read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NetmdError(f"{path}: not a regular file; not read")
        return f.read()


def writable(folder: Path) -> bool:
    """Whether netmd may write in `folder` (or create it): its nearest existing folder has a write
    bit set and is writable. Root can write anywhere; a folder without write bits still says no."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate.is_dir() and bool(candidate.stat().st_mode & 0o222) and os.access(candidate, os.W_OK)
    return False


def _check(folder: Path) -> None:
    if not writable(folder):
        raise PermissionError(errno.EACCES, "read-only: no write permission", str(folder))


TMP_NAME_BYTES = 100  # of a file's name in its temporary file's: a name near NAME_MAX (255 bytes) leaves room


def _short(name: str) -> str:
    """`name` cut to whole characters of at most TMP_NAME_BYTES bytes, for a temporary file's name."""
    raw = os.fsencode(name)
    if len(raw) <= TMP_NAME_BYTES:
        return name
    return os.fsdecode(raw[:TMP_NAME_BYTES].decode("utf-8", "ignore").encode("utf-8"))


def _staged(path: Path, data: bytes, mode: int) -> str:
    """`data` in a synced temporary file beside `path` (same folder: the rename is atomic)."""
    _check(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # (here: most commands write nothing, and it takes 5 ms to import)

    fd, tmp = tempfile.mkstemp(prefix=f".{_short(path.name)}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes, *, mode: int | None = None, root: Path | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`; with `root`,
    only when `path` stays inside it (`confine`)."""
    if root is not None:
        confine(root, path)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    tmp = _staged(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def note_file(root: Path, rel: str) -> Path:
    """The file that holds the note at `rel`, to write back (`write_back`): the file a link in the
    vault leads to (written through, so the link stays a link); refused when it leads out of the
    vault, is not a regular file, or has no write permission (read-only: root could, but was
    told not to)."""
    real = Path(os.path.realpath(confine(root, root / rel)))
    mode = real.stat().st_mode
    if not stat.S_ISREG(mode):
        raise NetmdError(f"{rel}: not a regular file; not changed")
    if not mode & 0o222:
        raise NetmdError(f"{rel}: read-only (no write permission); not changed")
    return real


def write_back(path: Path, data: bytes) -> None:
    """`data` into a user's note at `path`, a file, not a link (the caller resolved it within the
    vault): what `lint --fix`, the actions, `mv`, `merge` and an import's merge write. A file
    with other hard links is rewritten in place, so that every name of it still shows the one
    note; any other is replaced atomically."""
    if os.stat(path).st_nlink <= 1:
        write_atomic(path, data)
        return
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new(path: Path, data: bytes, *, root: Path | None = None) -> None:
    """Write a new file atomically, never over an existing one (FileExistsError instead); with
    `root`, only when `path` stays inside it (`confine`)."""
    if root is not None:
        confine(root, path)
    tmp = _staged(path, data, 0o666 & ~_umask())
    try:
        os.link(tmp, path)  # fails if `path` exists: no window in which another file is replaced
    finally:
        os.unlink(tmp)


def write_new_many(files: dict[Path, bytes], progress: Callable[[int, int], None] | None = None) -> dict[Path, OSError]:
    """`write_new` for many files with one disk sync for all of them instead of one each (an
    import of 10,000 contacts): every file is staged, the disk synced, then each is linked into
    place. A file that already exists or cannot be written is left out: the errors are returned."""
    mode = 0o666 & ~_umask()
    errors: dict[Path, OSError] = {}
    staged: dict[Path, str] = {}
    ready: set[Path] = set()  # folders checked and made
    try:
        for n, (path, data) in enumerate(files.items()):
            try:
                if path.parent not in ready:
                    _check(path.parent)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    ready.add(path.parent)
                tmp = os.path.join(path.parent, f".{_short(path.name)}.{os.getpid()}-{n}.tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
                staged[path] = tmp
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
            except OSError as e:
                errors[path] = e
            if progress and (n + 1) % 500 == 0:
                progress(n + 1, len(files))
        if progress:
            progress(len(files), len(files))
        os.sync()
        for path in list(staged):
            try:
                os.link(staged[path], path)
            except OSError as e:
                errors[path] = e
            finally:
                os.unlink(staged.pop(path))
    finally:  # interrupted: no temporary file is left behind
        for tmp in staged.values():
            os.unlink(tmp)
    return errors


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
