"""The one codec for every value the cache holds: sealed MessagePack, and the shapes read back from it.

Nothing read from the cache is trusted (a vault may come with a crafted one): values are
MessagePack (JSON for the few it cannot hold), whose readers run no code, each sealed with a
checksum; a value that does not decode, or not to the shape asked for, is `Corrupt`, and the
index is made again from the notes.
"""

from __future__ import annotations

import functools
import json
import json.scanner
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import msgpack

from netmd.diagnostics import Diagnostic, Severity
from netmd.names import Entry

if TYPE_CHECKING:
    from netmd.method import Facts

T = TypeVar("T")


class Corrupt(Exception):
    """A value in the index that netmd did not write there: the index is made again."""


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
# (the C scanner itself: `json.loads` first looks in Python for what kind of text it is given)
_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_crc32, _from_bytes = zlib.crc32, int.from_bytes


# What follows the checksum: MessagePack, which packs and reads a note's tuples two to three
# times faster than JSON (a cold build seals and unseals every note: about 0.6 CPU-s at 40,000
# notes), or JSON for what MessagePack cannot hold (an integer past 64 bits, a value nested
# more than 511 deep). The reader makes only builtins (str, int, float, bool, None, list,
# dict): no hook runs, and bytes or extension types (a timestamp, say) are refused.
_MSGPACK, _JSON = 1, 2
_packb, _unpackb = msgpack.packb, msgpack.unpackb


def seal(value: object, exact: bool = False) -> bytes:
    """`value` (plain data: tuples come back as lists) packed after a checksum of it: reading
    it runs no code, and a byte changed, a value cut or put in its place, is seen. With
    `exact`, a value that would not read back equal (a tuple, a date, a subclass of str,
    an integer past 64 bits) is refused: `TypeError` or `ValueError`."""
    try:
        payload = b"\x01" + _packb(value, strict_types=exact)
    except (OverflowError, ValueError):  # (past 64 bits, or too deep: JSON holds it)
        if exact:  # (JSON would give a tuple back as a list, an integer key as a string)
            raise ValueError("not MessagePack's plain data") from None
        payload = b"\x02" + _encode(value).encode()
    return _crc32(payload).to_bytes(4, "little") + payload


def unseal(blob: object, tuples: bool = False) -> Any:
    """What `seal` made `blob` of; `Corrupt` if netmd did not write it. With `tuples`,
    MessagePack's arrays are read as tuples (JSON's stay lists)."""
    if type(blob) is not bytes:
        raise Corrupt("not a sealed value")
    if len(blob) < 6 or _crc32(memoryview(blob)[4:]) != _from_bytes(blob[:4], "little"):
        raise Corrupt("a sealed value whose checksum does not match")
    kind = blob[4]
    if kind == _MSGPACK:
        try:
            return _unpackb(blob[5:], strict_map_key=False, max_bin_len=0, max_ext_len=0, use_list=not tuples)
        except Exception as e:  # (not MessagePack, more after it, too deep, a hashless key ...)
            raise Corrupt(f"a sealed value that is not MessagePack: {e!r}") from None
    if kind != _JSON:
        raise Corrupt("a sealed value of no known kind")
    try:
        text = str(blob[5:], "utf-8")
        value, end = _scan(text, 0)
    except (ValueError, RecursionError, StopIteration) as e:
        raise Corrupt(f"a sealed value that is not JSON: {e!r}") from None
    if end != len(text):
        raise Corrupt("a sealed value with more after its JSON")
    return value


EMPTY = seal(())  # no diagnostics, no facts


def may_hold(blob: bytes, words: Sequence[str]) -> bool:
    """Whether a sealed value may hold every one of `words` (casefolded) in its strings, read as
    bytes without decoding: MessagePack keeps a string as its UTF-8, JSON escapes it (and
    casefolding commutes with both). Never false for a value that holds them."""
    text = str(blob[4:], "utf-8", "replace").casefold()
    return all(w in text or _encode(w)[1:-1] in text for w in words)


def dump(value: object) -> bytes:
    """`seal(value)`, the one shared `EMPTY` for nothing (its rows are skipped by comparing)."""
    return seal(value) if value else EMPTY


def decoded(shape: Callable[[Any], T], blob: Any, sealed: bool = True, tuples: bool = False) -> T:
    """`shape` (`notes.unpack`, say) of a sealed value (`unseal`); `Corrupt` if it is not of that shape."""
    value = unseal(blob, tuples) if sealed else blob
    try:
        return shape(value)
    except Exception as e:  # (a value of the wrong shape: any error unpacking it)
        raise Corrupt(f"a value of the wrong shape: {e!r}") from None


def pair(value: Any) -> tuple[Any, Any]:
    first, second = value
    return first, second


def pack_diags(diags: Sequence[Diagnostic]) -> list[tuple[Any, ...]]:
    return [(*d[:5], d.severity.value, *d[6:]) for d in diags]


_SEVERITY = {s.value: s for s in Severity}  # (a lookup, not a call of the enum: a lint reads 40,000)


def unpack_diags(rows: Iterable[Sequence[Any]]) -> list[Diagnostic]:
    """Diagnostics as `pack_diags` left them (a severity it did not write: `KeyError`)."""
    severity = _SEVERITY
    return [
        Diagnostic(d[0], d[1], d[2], d[3], d[4], severity[d[5]], d[6], tuple([tuple(f) for f in d[7]]) if d[7] else ())
        for d in rows
    ]


def entry(t: Sequence[Any]) -> Entry:
    """An `Entry` as JSON gives it back (its tuples as lists)."""
    return Entry(t[0], t[1], t[2], tuple(t[3]), tuple(t[4]), t[5])


def facts(t: Sequence[Any]) -> Facts:
    """`method.unpack_facts` of stored facts: read as tuples (`stored_facts`), or as JSON
    gives them back, whose lists are made the tuples of names a meeting, a contact and
    `netmd-disable` hold."""
    if type(t) is list:
        m, c = t[2], t[3]
        if m:
            m[3], m[8] = tuple(m[3]), tuple(m[8])  # with, purposes
        if c:
            c[7], c[8] = tuple(c[7]), tuple(c[8])  # organizations, referred by
        t[10] = tuple(t[10])  # the rules `netmd-disable` names
    return _unpack_facts()(cast("tuple[Any, ...]", t))  # (read by position: a list does)


def stored_facts(blobs: Iterable[object]) -> Iterator[Facts]:
    """The facts each sealed `pack_facts` in `blobs` holds, its arrays read as the tuples they
    were packed from (no list is made and copied: the first agenda of a day reads every
    note's); `Corrupt` at the first that is not."""
    for blob in blobs:
        yield decoded(facts, blob, tuples=True)


@functools.cache
def _unpack_facts() -> Callable[[tuple[Any, ...]], Facts]:
    from netmd.method import unpack_facts  # (imported by the commands that use it: `lint FILE` starts faster)

    return unpack_facts
