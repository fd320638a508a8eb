"""Program failures (not bad notes: those are diagnostics), caught in one place in `cli`."""

from __future__ import annotations


class NetmdError(Exception):
    """A command could not do its job; `exit_code` says how the process ends."""

    exit_code = 1


class UsageError(NetmdError):
    """The command was called in a way that cannot work (SPEC §3: exit 2)."""

    exit_code = 2


class ConfigError(NetmdError):
    """`netmd.toml` is wrong: names the file, the line and the key (SPEC §5: exit 2)."""

    exit_code = 2

    def __init__(self, path: str, line: int, key: str, message: str) -> None:
        self.path, self.line, self.key = path, line, key
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")
