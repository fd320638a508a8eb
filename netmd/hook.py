"""The git pre-commit hook: install it without losing a hook that was there, and run it."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from netmd.errors import NetmdError
from netmd.fsutil import write_atomic
from netmd.vault import Vault

MARK = "# netmd pre-commit hook"
LEGACY = "pre-commit.legacy"

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


def staged(vault: Vault) -> dict[str, bytes]:
    """The staged bytes of every note being committed (added, copied, modified, renamed)."""
    top = _toplevel(vault)
    out = _git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], top)
    names = [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n.endswith(".md")]
    notes: dict[str, str] = {}
    for name in names:
        rel = vault.relpath(top / name)
        if rel is not None and not rel.startswith("../") and vault.is_note(rel):
            notes[rel] = name
    if not notes:
        return {}
    request = "".join(f":{name}\n" for name in notes.values()).encode("utf-8", "surrogateescape")
    blob = _git(["cat-file", "--batch"], top, data=request)
    result: dict[str, bytes] = {}
    at = 0
    for rel in notes:
        header_end = blob.index(b"\n", at)
        size = int(blob[at:header_end].split()[2])
        result[rel] = blob[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
    return result
