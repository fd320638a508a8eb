"""Progress bars for long commands on a terminal only: a cold index of a big vault, an import
of thousands of rows, an export; on stderr, and nothing when piped (issue 18)."""

from __future__ import annotations

import csv
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import contact, write_vault

BAR = "] 2100/2100 notes"


def netmd(root: Path, *args: str, terminal: bool) -> tuple[str, bytes]:
    """`netmd ARGS` run in `root` as a process, its stderr a terminal (a pty) or a pipe:
    (stderr, stdout)."""
    env = {**os.environ, "NETMD_TODAY": "2026-11-25"}
    command = [sys.executable, "-m", "netmd", *args]
    if not terminal:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, check=True)
        return done.stderr.decode(), done.stdout
    leader, follower = pty.openpty()
    stdout = root.parent / "stdout"  # (a file: a full pipe would stop it while we read the pty)
    with stdout.open("wb") as sink, subprocess.Popen(command, cwd=root, env=env, stdout=sink, stderr=follower) as p:
        os.close(follower)
        err = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # (the process closed its end: EIO on Linux)
                break
            if not chunk:
                break
            err += chunk
    os.close(leader)
    out = stdout.read_bytes()
    assert p.returncode == 0, err
    return err.decode().replace("\r\n", "\n"), out


def big(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "v", {f"contacts/P{i:04}.md": contact() for i in range(2100)})


def test_export_shows_bars_for_indexing_and_exporting_on_a_terminal(tmp_path):
    root = big(tmp_path)
    err, out = netmd(root, "export", "json", terminal=True)
    assert f"\rindexing [{'#' * 30}{BAR}\n" in err
    assert f"\rexporting [{'#' * 30}{BAR}\n" in err
    assert "\x1b" not in out.decode() and "2100/2100" not in out.decode()  # stdout: the data alone
    for kind in ("vcard", "ics"):
        assert f"\rexporting [{'#' * 30}" in netmd(root, "export", kind, terminal=True)[0]


def test_nothing_but_the_data_when_piped(tmp_path):
    root = big(tmp_path)
    err, out = netmd(root, "export", "json", terminal=False)
    assert err == "" and out.startswith(b"[\n")


def test_an_import_of_thousands_of_rows_shows_its_bar(tmp_path):
    root = write_vault(tmp_path / "v", {})
    rows = tmp_path / "Connections.csv"
    with rows.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        w.writerows([f"Pat{i}", "Lee", "", f"p{i}@x.example", "", "", "01 Jan 2025"] for i in range(2500))
    err, _ = netmd(root, "import", "linkedin", str(rows), terminal=True)
    assert f"\rwriting [{'#' * 30}] 2500/2500 notes\n" in err
    err, _ = netmd(write_vault(tmp_path / "w", {}), "import", "linkedin", str(rows), terminal=False)
    assert "writing" not in err
