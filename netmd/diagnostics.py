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


def format_text(diags: Sequence[Diagnostic], colour: bool = False) -> str:
    """One line a diagnostic, `path:line:col: severity code name: message`, whatever the path
    holds; with `colour`, the path bold and the severity in its colour (ANSI SGR codes, which
    click strips where the stream is no terminal)."""
    if colour:
        return "".join(
            f"{_BOLD}{one_line(d.path)}:{d.line}:{d.col}:{_RESET} {_SEVERITY_SGR[d.severity]}{d.severity.value}"
            f"{_RESET} {_DIM}{d.code} {d.name}:{_RESET} {one_line(d.message)}\n"
            for d in diags
        )
    return "".join(
        f"{one_line(d.path)}:{d.line}:{d.col}: {d.severity.value} {d.code} {d.name}: {one_line(d.message)}\n"
        for d in diags
    )


# ANSI SGR sequences, written out once (click.style a line costs more than the line in a big vault).
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_SEVERITY_SGR = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


def format_json(diags: Sequence[Diagnostic], files: Sequence[str] | None = None) -> str:
    """The fields of the text line as JSON, with `path` from the vault's root (the same for a
    script wherever it runs, and the `path` of `export json`); `files`, when given, are the paths
    as the text line prints them (`file`)."""
    import json

    # One encoder for all: json.dumps with an option makes one a call (warm lint at 10,000
    # contacts: 42,000 diagnostics, 0.76 -> 0.69 s).
    encode = json.JSONEncoder(ensure_ascii=False).encode
    if files is None:
        return json_lines([encode(d.as_dict()) for d in diags])
    return json_lines([encode({"path": d.path, "file": f, **d.as_dict()}) for d, f in zip(diags, files, strict=True)])


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


def format_github(diags: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands; `path` should be relative to the repository root."""
    return "".join(
        f"::{_GITHUB_LEVEL[d.severity]} file={_gh_prop(d.path)},line={d.line},col={d.col},"
        f"title={_gh_prop(f'{d.code} {d.name}')}::{_gh_data(d.message)}\n"
        for d in diags
    )


FORMATS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
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
