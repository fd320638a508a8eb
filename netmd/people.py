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
from typing import Any

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
    connected: dt.date | None = None  # LinkedIn's `Connected On`: not a contact (issue 15)
    contact_list: str | None = None  # A, B or C (from a card `export vcard` wrote)
    tags: list[str] = field(default_factory=list)
    given: str = ""  # given and family name, as the file splits the name (vCard N, LinkedIn's columns)
    family: str = ""
    aliases: list[str] = field(default_factory=list)
    birthday: dt.date | None = None
    address: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # web addresses beyond `linkedin` and `website`
    note: str = ""  # the file's free text about the person, for the note's body
    body: str | None = None  # the whole body of the note (a card `export vcard` wrote)
    fields: dict[str, Any] = field(default_factory=dict)  # netmd's own fields (X-NETMD-… properties)
    is_organization: bool = False  # a company's card or row: an organization note, not a contact


@dataclass(frozen=True)
class Problem:
    where: str  # file:line
    message: str
    skipped: bool  # the row was left out (else imported without the bad value)


def decode(data: bytes, name: str, encoding: str | None, lenient: bool = False) -> str:
    """The file's text. `lenient` (a vCard): a byte that is not UTF-8 stays a lone surrogate, and
    the reader drops the one property it is in, and says so."""
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
        if lenient and not encoding:
            return data.decode("utf-8", "surrogateescape")
        hint = "re-save it as UTF-8, or name its encoding with --encoding (e.g. --encoding cp1252)"
        raise NetmdError(
            f"{_where(data, name, e.start)}: not UTF-8 text (byte 0x{data[e.start]:02X}); {hint}"
        ) from None


def _where(data: bytes, name: str, at: int) -> str:
    line, col = data.count(b"\n", 0, at) + 1, at - data.rfind(b"\n", 0, at)
    return f"{name}:{line}:{col}"


# -- CSV ---------------------------------------------------------------------------------


def _unquoted(record: list[str]) -> list[str]:
    """A row an older LinkedIn export quoted whole, as its fields; as it is when its text is not
    CSV (the row is then skipped for its count of fields, not the file for one row)."""
    try:
        return next(csv.reader([record[0]]), record)
    except csv.Error:
        return record


MAX_CELL = 128 * 1024  # characters in one CSV cell (the csv module's own limit): a longer one skips its row


def _rows(text: str, name: str, header_at: int) -> Iterator[tuple[str, dict[str, str] | str]]:
    """The CSV records after the header on line `header_at`: (file:line, row), or (file:line,
    what is wrong) for a malformed one. A file the csv module cannot read raises."""
    stream = io.StringIO(text, newline="")  # line breaks as csv sees them (not U+2028 and the like)
    for _ in range(header_at - 1):
        stream.readline()
    reader = csv.reader(stream)
    line = header_at
    limit = csv.field_size_limit(max(len(text), MAX_CELL))  # (a long cell is a row to skip, not a file)
    try:
        header = [h.strip() for h in next(reader)]
        line = header_at + reader.line_num
        for record in reader:
            where, line = f"{name}:{line}", header_at + reader.line_num
            if not any(c.strip() for c in record):
                continue
            longest = max(map(len, record))
            if longest > MAX_CELL:
                yield where, f"a field of {longest:,} characters, more than {MAX_CELL:,}"
                continue
            if len(record) == 1 and len(header) > 1:  # older LinkedIn exports quote a whole row
                record = _unquoted(record)
            if len(record) != len(header):
                yield where, f"{len(record)} fields where the header has {len(header)}"
            else:
                yield where, {h: c.strip() for h, c in zip(header, record)}
    except csv.Error as e:  # (the record that starts on `line`: the reader has gone past it)
        raise NetmdError(f"{name}:{line}: not CSV: {e}") from None
    finally:
        csv.field_size_limit(limit)


def _csv_people(
    text: str,
    name: str,
    header_at: int,
    person: Callable[[str, dict[str, str], list[Problem]], Person | None],
    read: Callable[[str], bool],
) -> tuple[list[Person], list[Problem]]:
    """The people of a CSV file; a column that `read` says is not read is reported once, with the
    number of rows that had a value there (nothing is dropped unsaid)."""
    people: list[Person] = []
    problems: list[Problem] = []
    unread: dict[str, int] = {}
    columns: list[str] | None = None
    for where, row in _rows(text, name, header_at):
        if isinstance(row, str):
            problems.append(Problem(where, f"skipped: {row}", True))
            continue
        p = person(where, row, problems)
        if p is None:
            problems.append(Problem(where, "skipped: no name", True))
            continue
        people.append(p)
        if columns is None:
            columns = [c for c in row if c and not read(c)]
        for c in columns:
            if row[c]:
                unread[c] = unread.get(c, 0) + 1
    if unread:
        said = ", ".join(f"{c} ({n} row{'' if n == 1 else 's'})" for c, n in sorted(unread.items()))
        problems.append(Problem(name, f"not kept: {said}", False))
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
    """The parts of a name joined by a space, each as written (double spaces too: a re-import
    must find the same name)."""
    return " ".join(p.strip() for p in parts if p.strip())


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
        company = row.get("Company", "")
        if company.casefold() == full.casefold():  # the self-employed: their company is their own name
            company = ""
        p = Person(full, where, organization=company, role=row.get("Position", ""))
        p.given, p.family = row["First Name"], row["Last Name"]
        p.emails = _unique([row.get("Email Address", "")])
        _urls(p, [row.get("URL", "")])
        connected = row.get("Connected On", "")
        if connected:
            p.connected = _date(connected, _LINKEDIN_DATES)
            if p.connected is None:
                problems.append(
                    Problem(where, f"'Connected On' is not a date: {connected!r} (imported without it)", False)
                )
        return p

    linkedin = {"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}
    return _csv_people(text, name, at, person, linkedin.__contains__)


def _date(text: str, formats: tuple[str, ...]) -> dt.date | None:
    for f in formats:
        try:
            return dt.datetime.strptime(text, f).date()
        except ValueError:
            pass
    return None


# -- Google Contacts ---------------------------------------------------------------------

_GOOGLE_MULTI = re.compile(r"^(E-mail|Phone|Website) \d+ - Value$")
_OUTLOOK_MULTI = re.compile(r"^(E-mail(?: \d)? Address|.*Phone(?: \d)?|(?:Personal )?Web Page)$")
_OUTLOOK_KIND = {"E": "E-mail", "W": "Website", "P": "Website"}  # the rest are phones


def read_google(text: str, name: str) -> tuple[list[Person], list[Problem]]:
    """Google Contacts CSV, in each header style Google writes: `First Name`/`Organization Name`
    (current), `Given Name`/`Organization 1 - Name` (older), and the Outlook CSV Google also
    offers (`E-mail Address`, `Company`, `Job Title`); several values in a cell are joined by ` ::: `."""
    at = _header_line(
        text,
        lambda h: (
            ("First Name" in h or "Given Name" in h)
            and (any(_GOOGLE_MULTI.match(c) for c in h) or "E-mail Address" in h)
        ),
    )
    if at is None:
        raise NetmdError(
            f"{name}: no Google Contacts header line (with 'First Name' or 'Given Name' and 'E-mail 1 - Value' "
            "or 'E-mail Address'): is this a Google Contacts CSV export?"
        )

    def person(where: str, row: dict[str, str], problems: list[Problem]) -> Person | None:
        given = row.get("First Name") or row.get("Given Name", "")
        family = row.get("Last Name") or row.get("Family Name", "")
        full = _name(row.get("First Name", ""), row.get("Middle Name", ""), row.get("Last Name", ""))
        full = full or row.get("Name", "") or _name(row.get("Given Name", ""), row.get("Family Name", ""))
        full = full or row.get("File As", "") or row.get("Nickname", "")
        company = row.get("Organization Name") or row.get("Organization 1 - Name") or row.get("Company", "")
        if not full and not company:
            return None
        p = Person(
            full or company,
            where,
            organization=company if full else "",
            role=row.get("Organization Title") or row.get("Organization 1 - Title") or row.get("Job Title", ""),
        )
        p.is_organization = not full  # a row with only a company is the company's
        p.given, p.family = (given, family) if full else ("", "")
        values: dict[str, list[str]] = {kind: [] for kind in ("E-mail", "Phone", "Website")}
        for column, cell in row.items():
            m = _GOOGLE_MULTI.match(column)
            if m:
                values[m.group(1)] += _split(cell)
            elif _OUTLOOK_MULTI.match(column):
                values[_OUTLOOK_KIND.get(column[0], "Phone")] += _split(cell)
        p.emails, p.phones = _unique(values["E-mail"]), _unique(values["Phone"])
        _urls(p, values["Website"])
        p.links = [u for u in _unique(values["Website"]) if u not in (p.linkedin, p.website)]
        p.aliases = _unique(_split(row.get("Nickname", ""))) if full and full != row.get("Nickname") else []
        p.note = row.get("Notes", "")
        birthday = row.get("Birthday", "")
        if birthday:
            p.birthday = _date(birthday, ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y"))
            if p.birthday is None:
                problems.append(Problem(where, f"'Birthday' is not a date: {birthday!r} (imported without it)", False))
        p.address = _unique([v for c, cell in row.items() if c.endswith(" - Formatted") for v in _split(cell)])
        for kind in ("Home", "Business", "Other"):  # Outlook's columns
            parts = [row.get(f"{kind} {part}", "") for part in _OUTLOOK_ADDRESS]
            p.address = _unique([*p.address, ", ".join(" ".join(x.split()) for x in parts if x.strip())])
        labels = _split(row.get("Labels") or row.get("Group Membership", ""))
        labels += [c for cell in _split(row.get("Categories", "")) for c in cell.split(";")]  # Outlook's
        p.tags = _unique([_tag(label) for label in labels if not label.startswith("*")])
        return p

    return _csv_people(text, name, at, person, _google_reads)


_OUTLOOK_ADDRESS = ("Street", "Street 2", "Street 3", "City", "State", "Postal Code", "Country/Region")
_GOOGLE_READ = re.compile(
    r"^(First|Middle|Last|Given|Family|File As|Nickname|Name$|Organization (1 - )?(Name|Title)$|Company$|Job Title"
    r"|Notes$|Birthday$|Labels$|Group Membership$|Categories$|Address \d+ - |(Home|Business|Other) ("
    + "|".join(re.escape(x) for x in _OUTLOOK_ADDRESS)
    + r")$|.* - (Label|Type)$)"
)


def _google_reads(column: str) -> bool:
    """Whether netmd reads the column (a label or type column says nothing of its own)."""
    return bool(_GOOGLE_MULTI.match(column) or _OUTLOOK_MULTI.match(column) or _GOOGLE_READ.match(column))


_NOT_IN_TAG = re.compile(r"[^\w/-]+")


def _tag(label: str) -> str:
    """A label as a tag Obsidian accepts: letters, digits, `_`, `-` and `/`, not digits alone
    (`Friends & Family` → `Friends-Family`, `Co-workers (old)` → `Co-workers-old`, `2024` → `_2024`)."""
    tag = re.sub(r"-{2,}", "-", _NOT_IN_TAG.sub("-", label)).strip("-/")
    return f"_{tag}" if tag.isdigit() else tag
