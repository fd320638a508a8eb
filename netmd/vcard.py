"""vCard files as people: every card read property by property, so one broken property costs that property only.

vobject's whole-card reader gives up on a card for one bad line (Lotus Notes' `PROFILE:VCard`,
a truncated PHOTO, a bad byte) and turns some values into the wrong shapes (a list for an `ORG`
with a comma). Here each logical line is parsed on its own by vobject's content-line parser
and interpreted by netmd: a line that cannot be read is dropped and said, with its line; a
property netmd does not keep is counted and said once for the file.

netmd's own fields travel in `X-NETMD-<FIELD>` properties (`X-NETMD-REFERRED-BY`, one a
value for a list), so `export vcard` then `import vcard` gives back the same contacts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from netmd.people import LIST_NOTE, Person, Problem, _tag, _unique, _urls

PREFIX = "X-NETMD-"
CARRIED = ("list", "status", "cadence", "decision_maker", "referred_by", "looking_for", "follow_up", "created")
"""The contact fields no standard vCard property holds; `export vcard` writes them as X-NETMD-…."""

_BEGIN = re.compile(r"^BEGIN:VCARD[ \t]*$", re.I)
_END = re.compile(r"^END:VCARD[ \t]*$", re.I)
_QP = re.compile(r"ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE[;:]", re.I)
_USED = {
    "begin",
    "end",
    "version",
    "fn",
    "n",
    "org",
    "title",
    "email",
    "tel",
    "url",
    "x-socialprofile",
    "note",
    "categories",
    "nickname",
    "bday",
    "adr",
    "kind",
    "x-abshowas",
    "prodid",
    "uid",
    "rev",
    "x-ablabel",
}  # read, or structure that says nothing about the person (not reported as dropped)


def prop_name(key: str) -> str:
    return PREFIX + key.upper().replace("_", "-")


def read_vcard(text: str, name: str) -> tuple[list[Person], list[Problem]]:
    """vCard 2.1, 3.0 and 4.0, one card at a time, one property at a time."""
    from netmd.errors import NetmdError

    people: list[Person] = []
    problems: list[Problem] = []
    cards = sorted(_cards(text, name, problems))  # in the file's order
    if not cards:
        raise NetmdError(f"{name}: no BEGIN:VCARD line: is this a vCard file?")
    unkept: Counter[str] = Counter()
    for line, block in cards:
        where = f"{name}:{line}"
        props = list(_properties(block, name, problems))
        unkept.update({p.name for p in props if p.name.lower() not in _USED and not p.name.startswith(PREFIX)})
        kind = _first(props, "kind").lower()
        if kind in ("group", "location"):
            problems.append(Problem(where, f"skipped: a {kind} card (KIND:{kind}), not a person", True))
            continue
        p = _person(props, where)
        if p is None:
            problems.append(Problem(where, "skipped: no name (FN, N, ORG or EMAIL)", True))
        else:
            people.append(p)
    if unkept:
        said = ", ".join(f"{k} ({n} card{'' if n == 1 else 's'})" for k, n in sorted(unkept.items()))
        problems.append(Problem(name, f"not kept: {said}", False))
    return people, problems


def _cards(text: str, name: str, problems: list[Problem]) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """Each card as (its BEGIN line, its numbered lines), as each ends. A card inside a card
    (vCard 2.1's AGENT) is read as a card of its own; a card with no END:VCARD is read as far
    as it goes. Either is said, with the file and line. Blank lines are no content lines (an
    iPhone PHOTO written with CR CR LF has one after every line) and are left out."""
    open_: list[tuple[int, list[tuple[int, str]], list[Problem]]] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):  # (not U+2028 and the like)
        if _BEGIN.match(line):
            if open_:
                outer = open_[-1][0]
                open_[-1][2].append(
                    Problem(
                        f"{name}:{number}", f"a card inside the card of line {outer}; read as a card of its own", False
                    )
                )
            open_.append((number, [], []))
        elif _END.match(line) and open_:
            start, body, said = open_.pop()
            problems.extend(said)
            yield start, body
        elif open_ and (line.strip() or not line):  # (an empty line ends a folded one: `_logical`)
            open_[-1][1].append((number, line))
    for start, body, _ in reversed(open_):  # (the ones inside were not inside after all)
        to = max((n for n, line in body if line), default=start)
        problems.append(Problem(f"{name}:{start}", f"no END:VCARD; the card is read as far as line {to}", False))
        yield start, body


class _Prop:
    __slots__ = ("name", "params", "value", "line")

    def __init__(self, name: str, params: dict[str, list[str]], value: str, line: int) -> None:
        self.name, self.params, self.value, self.line = name.upper(), params, value, line

    def types(self) -> set[str]:
        return {t.lower() for v in self.params.get("TYPE", []) for t in v.split(",")}


def _logical(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Folded lines unfolded (a leading space or tab), and vCard 2.1's quoted-printable soft breaks."""
    current: tuple[int, str] | None = None
    for number, line in lines:
        if not line:  # an empty line: what is folded after it does not continue the line before
            if current is not None:
                yield current
            current = None
        elif current is not None and line[:1] in (" ", "\t"):
            current = (current[0], current[1] + line[1:])
        elif current is not None and current[1].endswith("=") and _QP.search(current[1].split(":", 1)[0] + ":"):
            current = (current[0], current[1][:-1] + line)
        else:
            if current is not None:
                yield current
            current = (number, line)
    if current is not None:
        yield current


def _properties(lines: list[tuple[int, str]], name: str, problems: list[Problem]) -> Iterator[_Prop]:
    from vobject.base import textLineToContentLine

    for number, line in _logical(lines):
        name_ = line.split(":", 1)[0].split(";", 1)[0].rsplit(".", 1)[-1]
        head = name_.upper() if ":" in line and re.fullmatch(r"[A-Za-z0-9-]+", name_) else f"line {line[:30]!r}"
        bad = re.search(r"[\udc80-\udcff]", line)
        if bad:
            byte = ord(bad.group()) - 0xDC00
            problems.append(
                Problem(
                    f"{name}:{number}",
                    f"{head} dropped: byte 0x{byte:02X} is not UTF-8 (name the file's encoding with --encoding)",
                    False,
                )
            )
            continue
        try:
            cl = textLineToContentLine(line, number)
        except Exception as e:  # vobject raises several kinds for a malformed line: the line is dropped, said
            problems.append(Problem(f"{name}:{number}", f"{head} dropped: not a vCard property ({_said(e)})", False))
            continue
        value = cl.value if isinstance(cl.value, str) else ""
        yield _Prop(cl.name, {k.upper(): v for k, v in cl.params.items()}, value, number)


def _said(e: Exception) -> str:
    text = str(e).strip().split(": ", 1)[-1]
    return (text or type(e).__name__)[:60]


# -- values ------------------------------------------------------------------------------

_SPLIT = re.compile(r"(?<!\\)((?:\\\\)*)([;,])")


def unescape(text: str) -> str:
    """A vCard text value as text: `\\n`, `\\,`, `\\;`, `\\\\`, and the `\\:` Gmail and Apple write."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _parts(text: str, sep: str) -> list[str]:
    """`text` split at each `sep` not escaped, each part unescaped."""
    out, start = [], 0
    for m in _SPLIT.finditer(text):
        if m.group(2) == sep:
            out.append(text[start : m.end(1)])
            start = m.end()
    out.append(text[start:])
    return [unescape(p) for p in out]


def _first(props: list[_Prop], key: str) -> str:
    return next((unescape(p.value).strip() for p in props if p.name == key.upper()), "")


def _all(props: list[_Prop], key: str) -> list[str]:
    return [unescape(p.value).strip() for p in props if p.name == key.upper() and p.value.strip()]


def _date(text: str) -> dt.date | None:
    """BDAY as written by phones and address books: 1985-04-12, 19850412, 1985-04-12T00:00:00Z."""
    digits = re.sub(r"[^0-9]", "", text.split("T", 1)[0])
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) == 8 else None
    except ValueError:
        return None


def _person(props: list[_Prop], where: str) -> Person | None:
    n = next((_parts(p.value, ";") for p in props if p.name == "N"), [])
    family, given, additional, prefix, suffix = (n + [""] * 5)[:5]
    full = " ".join(_first(props, "fn").split(" ")).strip()  # kept as written, double spaces too
    org_parts = next((_parts(p.value, ";") for p in props if p.name == "ORG"), [])
    organization = org_parts[0].strip() if org_parts else ""
    emails = _unique(_all(props, "email"))
    company = _first(props, "kind").lower() == "org" or _first(props, "x-abshowas").upper() == "COMPANY"
    if not full:
        full = " ".join(x.strip() for x in (prefix, given, additional, family, suffix) if x.strip())
    if not full and organization:
        company = True
    if company:
        full = organization or full
    full = full or (emails[0] if emails else "")
    if not full:
        return None
    p = Person(full, where, organization="" if company else organization, role=_first(props, "title"))
    p.is_organization = company
    p.given, p.family = given.strip(), family.strip()
    p.emails = emails
    p.phones = _unique([t.removeprefix("tel:") for t in _all(props, "tel")])
    urls = _all(props, "x-socialprofile") + _all(props, "url")
    _urls(p, urls)
    p.links = [u for u in _unique(urls) if u not in (p.linkedin, p.website)]
    p.aliases = _unique([a.strip() for x in props if x.name == "NICKNAME" for a in _parts(x.value, ",")])
    p.birthday = next((d for d in map(_date, _all(props, "bday")) if d), None)
    p.address = _unique([_address(x) for x in props if x.name == "ADR"])
    notes = _all(props, "note")
    # Thunderbird writes `CATEGORIES:a\, b`: the escaped commas separate categories all the same.
    p.tags = _unique([_tag(c) for x in props if x.name == "CATEGORIES" for c in unescape(x.value).split(",")])
    own = {x.name: x for x in props if x.name.startswith(PREFIX)}
    if own:
        p.body = "\n".join(unescape(x.value) for x in props if x.name == "NOTE")  # a card netmd wrote: the body
        p.fields = _carried(props)
        p.contact_list = p.fields.pop("list", None)
    else:
        p.note = "\n\n".join(LIST_NOTE.sub("", n).strip() for n in notes).strip()
        for note in notes:  # an export of netmd before X-NETMD-LIST
            m = LIST_NOTE.search(note)
            p.contact_list = p.contact_list or (m.group(1) if m else None)
    return p


def _address(prop: _Prop) -> str:
    """ADR's seven parts (post box, extended, street, city, region, code, country) on one line."""
    parts = [" ".join(x.split()) for x in _parts(prop.value, ";")]
    return ", ".join(x for x in parts if x)


def _carried(props: list[_Prop]) -> dict[str, Any]:
    """netmd's own fields from X-NETMD-… properties, typed as the contact schema says."""
    from netmd.schema import COMMON, SCHEMAS, Checkbox, Date, ListOf, Number

    schema = {**COMMON, **SCHEMAS["contact"]}
    out: dict[str, Any] = {}
    for key in CARRIED:
        values = _all(props, prop_name(key))
        kind = schema.get(key)
        if not values:
            continue
        item = kind.item if isinstance(kind, ListOf) else kind
        typed: list[Any] = []
        for v in values:
            if isinstance(item, Date):
                typed.append(_date(v) if len(v) == 10 else None)
            elif isinstance(item, Checkbox):
                typed.append({"true": True, "false": False}.get(v.lower()))
            elif isinstance(item, Number):
                typed.append(int(v) if re.fullmatch(r"-?\d+", v) else float(v) if re.fullmatch(r"-?\d+\.\d+", v) else v)
            else:
                typed.append(v)
        typed = [t for t in typed if t is not None]
        if typed:
            out[key] = typed if isinstance(kind, ListOf) else typed[0]
    return out


# -- writing -----------------------------------------------------------------------------


def escape(text: str) -> str:
    """A text value as vCard 3.0 writes it (RFC 2426 §4): `\\`, `,`, `;` and line breaks escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def content_line(name: str, value: str) -> bytes:
    """`NAME:value` folded at 75 octets (never inside a UTF-8 character), ending in CRLF."""
    data = f"{name}:{value}".encode()
    out, start, limit = [], 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: fold before its character
            cut -= 1
        out.append(data[start:cut])
        start, limit = cut, 74  # a folded line starts with a space
    out.append(data[start:])
    return b"\r\n ".join(out) + b"\r\n"


def split_name(name: str) -> tuple[str, str, str]:
    """(given, family, suffix) for a name the note does not split itself: a suffix after a
    comma (`Jean-Luc Picard, PhD`), then the family name after the last space."""
    main, _, suffix = name.partition(",")
    given, _, family = main.strip().rpartition(" ")
    return (given, family, suffix.strip()) if given else (family, "", suffix.strip())
