"""Which reader reads which kind of file: LinkedIn and Google CSVs (`people`), vCards (`vcard`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from netmd.errors import NetmdError
from netmd.people import Person, Problem, decode, read_google, read_linkedin
from netmd.vcard import read_vcard

Reader = Callable[[str, str], tuple[list[Person], list[Problem]]]
READERS: dict[str, Reader] = {"linkedin": read_linkedin, "vcard": read_vcard, "google": read_google}


def read(kind: str, path: Path, encoding: str | None = None) -> tuple[list[Person], list[Problem]]:
    """The people in `path`, read as `kind` (linkedin, vcard, google)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise NetmdError(f"{path}: cannot read: {e.strerror or e}") from None
    return READERS[kind](decode(data, path.name, encoding, lenient=kind == "vcard"), path.name)
