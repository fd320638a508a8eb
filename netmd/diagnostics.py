"""Diagnostics, the records: a flat frozen record, formatters by name, and one exit-code function (SPEC §4)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Diagnostic(NamedTuple):
    path: str
    line: int
    col: int
    code: str
    name: str
    severity: Severity
    message: str
    fix: tuple[tuple[int, int, str], ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "fixable": bool(self.fix),
        }


# What would break a line of text output or change how it reads: control characters and line
# breaks (a file named "x\ncontacts/y.md:1:1: error ..." forges a diagnostic), bidirectional
# overrides, and the surrogates a name that is not UTF-8 leaves.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` as it can be printed on one line: what would break or disguise the line is
    escaped as Python writes it (`\\n`, `\\x1b`, `\\u2028`)."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda m: repr(m[0])[1:-1], text)


def format_text(diags: Sequence[Diagnostic], files: Sequence[str] | None = None, colour: bool = False) -> str:
    """One line a diagnostic, `file:line:col: severity code name: message`, whatever the path
    holds (`files`, when given, are the paths to print: from the current folder, say; else the
    vault's); with `colour`, the path bold and the severity in its colour (ANSI SGR codes,
    which click strips where the stream is no terminal)."""
    where = [d.path for d in diags] if files is None else files
    if colour:
        return "".join(
            f"{_BOLD}{one_line(file)}:{d.line}:{d.col}:{_RESET} {_SEVERITY_SGR[d.severity]}{d.severity.value}"
            f"{_RESET} {_DIM}{d.code} {d.name}:{_RESET} {one_line(d.message)}\n"
            for d, file in zip(diags, where, strict=True)
        )
    return "".join(
        f"{one_line(file)}:{d.line}:{d.col}: {d.severity.value} {d.code} {d.name}: {one_line(d.message)}\n"
        for d, file in zip(diags, where, strict=True)
    )


# ANSI SGR sequences, written out once (click.style a line costs more than the line in a big vault).
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_SEVERITY_SGR = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


def format_json(diags: Sequence[Diagnostic], files: Sequence[str] | None = None) -> str:
    """The fields of the text line as JSON, with `path` from the vault's root (the same for a
    script wherever it runs, and the `path` of `export json`); `files`, when given, are the paths
    as the text line prints them (`file`).

    Each object is written by hand, its strings by the C function `json.dumps(ensure_ascii=False)`
    uses: what `json.dumps(d.as_dict())` writes, byte for byte (a test checks), at a fifth of the
    cost (a `dumps` call costs more than the line: 0.27 s for 42,000 diagnostics)."""
    from json.encoder import encode_basestring as s

    where = [""] * len(diags) if files is None else [f'"file": {s(file)}, ' for file in files]
    return json_lines(
        [
            f'{{"path": {s(d.path)}, {file}"line": {d.line}, "col": {d.col}, "severity": "{d.severity.value}", '
            f'"code": {s(d.code)}, "name": {s(d.name)}, "message": {s(d.message)}, '
            f'"fixable": {"true" if d.fix else "false"}}}'
            for d, file in zip(diags, where, strict=True)
        ]
    )


def json_lines(objects: Sequence[str]) -> str:
    """A JSON array with one object a line: readable, diffable, and fast (the C encoder)."""
    return "[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_data(text: str) -> str:
    """`text` as a workflow command's data: line breaks as GitHub decodes them, and any other
    control character escaped as in text output (an escape sequence would restyle the log)."""
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diags: Sequence[Diagnostic], files: Sequence[str] | None = None) -> str:
    """GitHub Actions workflow commands; the paths (`files`, else the vault's) should be
    relative to the repository root."""
    where = [d.path for d in diags] if files is None else files
    return "".join(
        f"::{_GITHUB_LEVEL[d.severity]} file={_gh_prop(file)},line={d.line},col={d.col},"
        f"title={_gh_prop(f'{d.code} {d.name}')}::{_gh_data(d.message)}\n"
        for d, file in zip(diags, where, strict=True)
    )


FORMATS: dict[str, Callable[[Sequence[Diagnostic], Sequence[str] | None], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def exit_code(diags: Sequence[Diagnostic], strict: bool = False) -> int:
    """1 when an error was found (or a warning, with --strict), else 0."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return 1 if any(d.severity in failing for d in diags) else 0


def summary(diags: Sequence[Diagnostic], checked: int, colour: bool = False) -> str:
    counts = {s: sum(1 for d in diags if d.severity is s) for s in Severity}
    parts = [_plural(counts[Severity.ERROR], "error"), _plural(counts[Severity.WARNING], "warning")]
    parts.append(f"{counts[Severity.INFO]} info")
    if colour:  # a count that is not 0 in its severity's colour
        parts = [f"{_SEVERITY_SGR[s]}{p}{_RESET}" if counts[s] else p for s, p in zip(Severity, parts, strict=True)]
    return f"{', '.join(parts)} in {_plural(checked, 'note')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
