"""The git pre-commit hook: install it without losing a hook that was there, and run it."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from netmd.errors import NetmdError
from netmd.fsutil import write_atomic
from netmd.vault import Vault, note_path

MARK = "# netmd pre-commit hook"
LEGACY = "pre-commit.legacy"
STOPPED = (
    "netmd: commit stopped: fix the errors above (`netmd lint --fix` quotes YAML traps), "
    "or commit anyway with `git commit --no-verify`"
)

SCRIPT = """#!/bin/sh
{mark}: installed by `netmd hook install`; lints the notes being committed.
# A hook that was here before was moved to {legacy} and runs first.
here=$(dirname "$0")
if [ -x "$here/{legacy}" ]; then
    "$here/{legacy}" "$@" || exit $?
fi
netmd_python={python}
vault={vault}
if [ -x "$netmd_python" ]; then
    exec "$netmd_python" -m netmd --vault "$vault" hook run
elif command -v netmd >/dev/null 2>&1; then
    exec netmd --vault "$vault" hook run
fi
echo "netmd: command not found; install netmd, or remove $0" >&2
exit 1
"""


def _git(args: list[str], cwd: Path, *, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
    except OSError as e:
        raise NetmdError(f"cannot run git: {e.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed"
        raise NetmdError(message)
    return done.stdout


def _toplevel(vault: Vault) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], vault.root).decode().strip()).resolve()


def install(vault: Vault) -> str:
    """Write the pre-commit hook; a foreign hook is moved aside and still runs. Returns what was done."""
    top = _toplevel(vault)
    hooks = Path(_git(["rev-parse", "--git-path", "hooks"], vault.root).decode().strip())
    hooks = hooks if hooks.is_absolute() else (vault.root / hooks)
    hook = hooks / "pre-commit"
    said = f"installed {hook}"
    if hook.exists() and MARK not in hook.read_text("utf-8", "replace"):
        legacy = hooks / LEGACY
        if legacy.exists():
            raise NetmdError(f"{hook} is not netmd's and {legacy} exists already; merge them by hand")
        os.replace(hook, legacy)
        said += f"; the hook that was there is now {legacy} and runs first"
    vault_rel = os.path.relpath(vault.root, top)
    text = SCRIPT.format(mark=MARK, legacy=LEGACY, python=shlex.quote(sys.executable), vault=shlex.quote(vault_rel))
    write_atomic(hook, text.encode(), mode=0o755)
    return said


class _Change(NamedTuple):
    """A note the commit adds, changes or removes: its blob before and its staged blob."""

    path: str  # in the vault
    old: str | None  # object id in HEAD (None: added)
    new: str | None  # object id staged (None: removed)


def staged(vault: Vault) -> dict[str, bytes]:
    """The staged bytes of every note being committed (added, copied, modified, renamed), and of
    every note that links to a name the commit takes away (a note removed or renamed, an alias
    dropped), so that a link the commit breaks stops it.

    Blobs are named by object id, never by path: a path may hold a newline, and `:0:x.md`
    in `git cat-file` means stage 0 of `x.md`, not the file `0:x.md`."""
    top = _toplevel(vault)
    prefix = _prefix(vault, top)
    changes = _changes(vault, top, prefix)
    blobs = _blobs(top, {oid for c in changes for oid in (c.old, c.new) if oid})
    notes = {c.path: blobs[c.new] for c in changes if c.new}
    lost = _lost_keys(vault, changes, blobs)
    if lost:
        notes.update(_linking_to(vault, top, prefix, lost, {c.path for c in changes}))
    return notes


def _prefix(vault: Vault, top: Path) -> str:
    """The vault's folder in the repository, as git writes paths ("" at the top, else "notes/")."""
    rel = Path(vault.root).resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel + "/"


def _note_path(vault: Vault, prefix: str, name: bytes) -> str | None:
    """A path git gave (repository-relative) as a note path in the vault, or None."""
    text = name.decode("utf-8", "surrogateescape")
    if not text.startswith(prefix):
        return None
    rel = note_path(text[len(prefix) :])  # a name that is not UTF-8 as every command names it
    return rel if vault.is_note(rel) else None


def _blob_id(mode: str, oid: str) -> str | None:
    """The object id of a note's bytes: a regular file's (a symlink's blob is its target's
    name, a submodule has none), and none for the zeros that mean "not there"."""
    return oid if mode in ("100644", "100755") and oid.strip("0") else None


def _changes(vault: Vault, top: Path, prefix: str) -> list[_Change]:
    """The notes the commit touches. Renames come as a removal and an addition (--no-renames)."""
    out = _git(["diff", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev"], top)
    parts = out.split(b"\0")
    changes = []
    for meta, name in zip(parts[0::2], parts[1::2]):
        fields = meta.decode("ascii", "replace").lstrip(":").split()
        path = _note_path(vault, prefix, name)
        if len(fields) == 5 and path is not None:
            old_mode, new_mode, old, new, _status = fields
            changes.append(_Change(path, _blob_id(old_mode, old), _blob_id(new_mode, new)))
    return changes


def _blobs(top: Path, oids: set[str]) -> dict[str, bytes]:
    """The bytes of these blobs, from one `git cat-file --batch`."""
    if not oids:
        return {}
    order = sorted(oids)
    out = _git(["cat-file", "--batch"], top, data="".join(f"{oid}\n" for oid in order).encode("ascii"))
    result: dict[str, bytes] = {}
    at = 0
    for oid in order:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) != 3:  # "<oid> missing": nothing to read
            raise NetmdError(f"git cat-file: {out[at:header_end].decode('ascii', 'replace')}")
        size = int(header[2])
        result[oid] = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
    return result


def _lost_keys(vault: Vault, changes: list[_Change], blobs: dict[str, bytes]) -> set[tuple[int, str]]:
    """The name keys (path, file name, name, aliases) the changed notes had before the commit
    and do not have in it: a link to one of them may be broken now."""
    from netmd.names import entry, name_rows
    from netmd.parse import parse

    def keys(path: str, oid: str | None) -> set[tuple[int, str]]:
        return set(name_rows(entry(parse(path, blobs[oid], vault.config.fields)))) if oid else set()

    lost: set[tuple[int, str]] = set()
    for c in changes:
        if c.old:
            lost |= keys(c.path, c.old) - keys(c.path, c.new)
    return lost


def _linking_to(
    vault: Vault, top: Path, prefix: str, keys: set[tuple[int, str]], changed: set[str]
) -> dict[str, bytes]:
    """The staged bytes of the tracked notes, besides the `changed` ones, that link to one of
    these names as they are staged. The index knows the working tree's links; a note whose
    working tree differs from what is staged is judged by its staged bytes."""
    from netmd.index import Index
    from netmd.names import NAME, PATH, STEM, link_key
    from netmd.parse import parse
    from netmd.schema import field_links

    tails = {key.rsplit("/", 1)[-1] for kind, key in keys if kind in (PATH, STEM, NAME)}
    with Index(vault) as index:
        index.refresh()
        candidates = index.linking_to(keys)
    unstaged = _git(["diff", "--name-only", "-z", "--no-renames"], top).split(b"\0")
    candidates |= {p for p in (_note_path(vault, prefix, name) for name in unstaged) if p}
    found = {p: oid for p, oid in _tracked(vault, top, prefix).items() if p in candidates and p not in changed}
    blobs = _blobs(top, set(found.values()))
    out = {}
    for path, oid in sorted(found.items()):
        note = parse(path, blobs[oid], vault.config.fields)
        links = (*note.links, *note.mentions, *(x for x, _ in field_links(note)))
        if any(link_key(x.target) in tails for x in links if x.target):  # as the index files links
            out[path] = blobs[oid]
    return out


def _tracked(vault: Vault, top: Path, prefix: str) -> dict[str, str]:
    """Every note in git's index (stage 0): its path and blob id."""
    found: dict[str, str] = {}
    for line in _git(["ls-files", "-s", "-z"], top).split(b"\0"):
        meta, _, name = line.partition(b"\t")
        fields = meta.decode("ascii", "replace").split()
        if len(fields) == 3 and fields[2] == "0":
            path, oid = _note_path(vault, prefix, name), _blob_id(fields[0], fields[1])
            if path and oid:
                found[path] = oid
    return found
