"""People from other tools: LinkedIn's Connections.csv, vCard files and Google Contacts CSV.

Each reader turns a file into `Person` records and `Problem`s (a row that was skipped, a
value that was dropped), each with the file and line it came from. A file that is not
what it claims raises `NetmdError` before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from netmd.errors import NetmdError

LIST_NOTE = re.compile(r"^netmd list:\s*([ABC])\s*$", re.M)  # how `export vcard` writes the list


@dataclass
class Person:
    name: str
    source: str  # "Connections.csv:12": where the person came from
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    organization: str = ""
    role: str = ""
    linkedin: str = ""
    website: str = ""
    created: dt.date | None = None
    contact_list: str | None = None  # A, B or C (from a card `export vcard` wrote)
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    where: str  # file:line
    message: str
    skipped: bool  # the row was left out (else imported without the bad value)


Reader = Callable[[str, str], tuple[list[Person], list[Problem]]]


def read(kind: str, path: Path, encoding: str | None = None) -> tuple[list[Person], list[Problem]]:
    """The people in `path`, read as `kind` (linkedin, vcard, google)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise NetmdError(f"{path}: cannot read: {e.strerror or e}") from None
    return READERS[kind](_decode(data, path.name, encoding), path.name)


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise NetmdError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise NetmdError(f"{_where(data, name, e.start)}: not {encoding} text") from None
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            encoding = codec
            break
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as e:
        hint = "re-save it as UTF-8, or name its encoding with --encoding (e.g. --encoding cp1252)"
        raise NetmdError(
            f"{_where(data, name, e.start)}: not UTF-8 text (byte 0x{data[e.start]:02X}); {hint}"
        ) from None


def _where(data: bytes, name: str, at: int) -> str:
    line, col = data.count(b"\n", 0, at) + 1, at - data.rfind(b"\n", 0, at)
    return f"{name}:{line}:{col}"


# -- CSV ---------------------------------------------------------------------------------


def _rows(text: str, name: str, header_at: int) -> Iterator[tuple[str, dict[str, str] | str]]:
    """The CSV records after the header on line `header_at`: (file:line, row), or (file:line,
    what is wrong) for a malformed one. A file the csv module cannot read raises."""
    stream = io.StringIO(text, newline="")  # line breaks as csv sees them (not U+2028 and the like)
    for _ in range(header_at - 1):
        stream.readline()
    reader = csv.reader(stream)
    try:
        header = [h.strip() for h in next(reader)]
        line = header_at + reader.line_num
        for record in reader:
            where, line = f"{name}:{line}", header_at + reader.line_num
            if not any(c.strip() for c in record):
                continue
            if len(record) != len(header):
                yield where, f"{len(record)} fields where the header has {len(header)}"
            else:
                yield where, {h: c.strip() for h, c in zip(header, record)}
    except csv.Error as e:
        raise NetmdError(f"{name}:{header_at + reader.line_num}: not CSV: {e}") from None


def _csv_people(
    text: str, name: str, header_at: int, person: Callable[[str, dict[str, str], list[Problem]], Person | None]
) -> tuple[list[Person], list[Problem]]:
    people: list[Person] = []
    problems: list[Problem] = []
    for where, row in _rows(text, name, header_at):
        p = person(where, row, problems) if isinstance(row, dict) else None
        if p is not None:
            people.append(p)
        else:
            problems.append(Problem(where, f"skipped: {row if isinstance(row, str) else 'no name'}", True))
    return people, problems


def _header_line(text: str, wanted: Callable[[list[str]], bool]) -> int | None:
    """The line number of the first line whose CSV fields satisfy `wanted` (exports put notes above it)."""
    stream = io.StringIO(text, newline="")
    for number, line in enumerate(iter(stream.readline, ""), 1):
        if number > 100:
            break
        if line.strip() and wanted([c.strip() for c in next(csv.reader([line]), [])]):
            return number
    return None


def _split(value: str) -> list[str]:
    """A Google cell with several values: `a ::: b`."""
    return [v.strip() for v in value.split(":::") if v.strip()]


def _urls(person: Person, urls: list[str]) -> None:
    for url in urls:
        if "linkedin.com/" in url.lower():
            person.linkedin = person.linkedin or url
        else:
            person.website = person.website or url


def _name(*parts: str) -> str:
    return " ".join(" ".join(p for p in parts if p).split())


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# -- LinkedIn ----------------------------------------------------------------------------

_LINKEDIN_DATES = ("%d %b %Y", "%d %B %Y", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d")


def read_linkedin(text: str, name: str) -> tuple[list[Person], list[Problem]]:
    """LinkedIn's Connections.csv: notes above the header line, `Connected On` like `15 Mar 2024`."""
    at = _header_line(text, lambda h: "First Name" in h and "Last Name" in h)
    if at is None:
        raise NetmdError(
            f"{name}: no header line with 'First Name' and 'Last Name': is this LinkedIn's Connections.csv?"
        )

    def person(where: str, row: dict[str, str], problems: list[Problem]) -> Person | None:
        full = _name(row["First Name"], row["Last Name"])
        if not full:
            return None
        p = Person(full, where, organization=row.get("Company", ""), role=row.get("Position", ""))
        p.emails = _unique([row.get("Email Address", "")])
        _urls(p, [row.get("URL", "")])
        connected = row.get("Connected On", "")
        if connected:
            p.created = _date(connected, _LINKEDIN_DATES)
            if p.created is None:
                problems.append(
                    Problem(where, f"'Connected On' is not a date: {connected!r} (imported without it)", False)
                )
        return p

    return _csv_people(text, name, at, person)


def _date(text: str, formats: tuple[str, ...]) -> dt.date | None:
    for f in formats:
        try:
            return dt.datetime.strptime(text, f).date()
        except ValueError:
            pass
    return None


# -- Google Contacts ---------------------------------------------------------------------

_GOOGLE_MULTI = re.compile(r"^(E-mail|Phone|Website) \d+ - Value$")


def read_google(text: str, name: str) -> tuple[list[Person], list[Problem]]:
    """Google Contacts CSV, in either header style: `First Name`/`Organization Name` (current) or
    `Given Name`/`Organization 1 - Name` (older); several values in a cell are joined by ` ::: `."""
    at = _header_line(
        text,
        lambda h: ("First Name" in h or "Given Name" in h) and any(_GOOGLE_MULTI.match(c) for c in h),
    )
    if at is None:
        raise NetmdError(
            f"{name}: no Google Contacts header line (with 'First Name' or 'Given Name' and 'E-mail 1 - Value'): "
            "is this a Google Contacts CSV export?"
        )

    def person(where: str, row: dict[str, str], problems: list[Problem]) -> Person | None:
        full = _name(row.get("First Name", ""), row.get("Middle Name", ""), row.get("Last Name", ""))
        full = full or row.get("Name", "") or _name(row.get("Given Name", ""), row.get("Family Name", ""))
        full = full or row.get("File As", "") or row.get("Nickname", "")
        if not full:
            return None
        p = Person(
            full,
            where,
            organization=row.get("Organization Name") or row.get("Organization 1 - Name", ""),
            role=row.get("Organization Title") or row.get("Organization 1 - Title", ""),
        )
        values: dict[str, list[str]] = {kind: [] for kind in ("E-mail", "Phone", "Website")}
        for column, cell in row.items():
            m = _GOOGLE_MULTI.match(column)
            if m:
                values[m.group(1)] += _split(cell)
        p.emails, p.phones = _unique(values["E-mail"]), _unique(values["Phone"])
        _urls(p, values["Website"])
        labels = _split(row.get("Labels") or row.get("Group Membership", ""))
        p.tags = _unique([_tag(label) for label in labels if not label.startswith("*")])
        return p

    return _csv_people(text, name, at, person)


def _tag(label: str) -> str:
    """A label as an Obsidian tag: no spaces, no `#`."""
    return "-".join(label.replace("#", "").split())


# -- vCard -------------------------------------------------------------------------------

_BEGIN = re.compile(r"^BEGIN:VCARD[ \t]*$", re.I)
_END = re.compile(r"^END:VCARD[ \t]*$", re.I)


def read_vcard(text: str, name: str) -> tuple[list[Person], list[Problem]]:
    """vCard 2.1, 3.0 and 4.0 (read by vobject), one card at a time so one broken card is skipped."""
    import vobject

    people: list[Person] = []
    problems: list[Problem] = []
    cards = sorted(_cards(text, name, problems))  # in the file's order
    if not cards:
        raise NetmdError(f"{name}: no BEGIN:VCARD line: is this a vCard file?")
    for line, block in cards:
        where = f"{name}:{line}"
        try:
            card = vobject.readOne(block, allowQP=True)
            p = _card_person(card, where)
        except Exception as e:  # vobject raises many kinds for malformed cards; the card is skipped, named
            problems.append(
                Problem(where, f"skipped: not a readable vCard ({str(e).strip() or type(e).__name__})", True)
            )
            continue
        if p is None:
            problems.append(Problem(where, "skipped: no name (FN or N)", True))
        else:
            people.append(p)
    return people, problems


def _cards(text: str, name: str, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """Each card as (its BEGIN line, its text), as each ends. A card inside a card (vCard 2.1's
    AGENT) is read as a card of its own, and the outer one without it; a card with no END:VCARD
    is read as far as it goes. Either is said, with the file and line."""
    lines = text.splitlines()
    open_: list[tuple[int, list[str], list[Problem]]] = []  # (BEGIN line, its lines, what to say if it ends)
    last: dict[int, int] = {}  # BEGIN line → the card's last line so far
    for number, line in enumerate(lines, 1):
        if _BEGIN.match(line):
            if open_:
                outer = open_[-1][0]
                open_[-1][2].append(
                    Problem(
                        f"{name}:{number}", f"a card inside the card of line {outer}; read as a card of its own", False
                    )
                )
            open_.append((number, [line], []))
        elif _END.match(line) and open_:
            start, body, said = open_.pop()
            problems.extend(said)
            yield start, "\r\n".join([*body, line]) + "\r\n"
        elif open_:
            open_[-1][1].append(line)
            last[open_[-1][0]] = number
    for start, body, _ in reversed(open_):  # (the ones inside were not inside after all)
        to = last.get(start, start)
        problems.append(Problem(f"{name}:{start}", f"no END:VCARD; the card is read as far as line {to}", False))
        yield start, "\r\n".join([*body, "END:VCARD"]) + "\r\n"


def _card_person(card: object, where: str) -> Person | None:
    contents: dict[str, list[object]] = getattr(card, "contents", {})

    def raw(key: str) -> list[object]:
        return [getattr(item, "value", "") for item in contents.get(key, [])]

    def values(key: str) -> list[str]:
        texts = [" ".join(map(str, v)) if isinstance(v, list) else str(v) for v in raw(key)]
        return [v.strip() if key == "note" else " ".join(v.split()) for v in texts]

    full = (values("fn") or [""])[0]
    if not full and contents.get("n"):
        n = getattr(contents["n"][0], "value", None)
        full = _name(*(str(getattr(n, part, "") or "") for part in ("prefix", "given", "additional", "family")))
    if not full:
        return None
    orgs = raw("org")
    org = orgs[0] if orgs else ""
    p = Person(
        full,
        where,
        organization=" ".join((org[0] if isinstance(org, list) and org else str(org or "")).split()),
        role=(values("title") or [""])[0],
    )
    p.emails = _unique(values("email"))
    p.phones = _unique([t.removeprefix("tel:") for t in values("tel")])
    _urls(p, values("x-socialprofile") + values("url"))
    for note in values("note"):
        m = LIST_NOTE.search(note)
        p.contact_list = p.contact_list or (m.group(1) if m else None)
    categories = [c for v in raw("categories") for c in (v if isinstance(v, list) else str(v).split(","))]
    p.tags = _unique([_tag(str(c)) for c in categories])
    return p


READERS: dict[str, Reader] = {"linkedin": read_linkedin, "vcard": read_vcard, "google": read_google}
