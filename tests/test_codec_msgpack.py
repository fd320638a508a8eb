"""The cache's values as MessagePack (JSON for what it cannot hold): as users meet it, and the codec alone."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import msgpack
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from netmd.cli import cli
from netmd.store import codec
from netmd.store.codec import Corrupt, seal, unseal
from tests.conftest import SAMPLE, contact, write_vault
from tests.test_safe_cache import answers, sample

BIG = "123456789012345678901234567890"  # past 64 bits: MessagePack cannot hold it


def netmd(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-25", *args])
    assert result.exit_code == 0, result.output
    return result.output


def kinds(root: Path) -> dict[str, int]:
    """The kind byte after the checksum of each note's stored value."""
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    try:
        return {path: blob[4] for path, blob in db.execute("SELECT path, note FROM notes")}
    finally:
        db.close()


def test_a_number_past_64_bits_comes_back_from_the_cache_as_written(tmp_path):
    root = write_vault(
        tmp_path / "v",
        {
            "contacts/Ada Lovelace.md": contact(score=BIG, mixed="[1, -2, 1.5, .nan, x, {k: 2026-01-02, 3: y}]"),
            "contacts/Bob Byte.md": contact(score="7"),
        },
    )
    cold = netmd(root, "ls", "contact", "--format", "json")
    warm = netmd(root, "ls", "contact", "--format", "json")  # (from the cache this time)
    assert cold == warm
    (ada, bob) = json.loads(warm)
    assert ada["score"] == int(BIG) and bob["score"] == 7
    assert ada["mixed"] == [1, -2, 1.5, ".nan", "x", {"k": "2026-01-02", "3": "y"}]
    assert f'"score": {BIG}' in netmd(root, "export", "json")
    assert kinds(root) == {"contacts/Ada Lovelace.md": 2, "contacts/Bob Byte.md": 1}  # JSON only where needed


def forged(payload: bytes) -> bytes:
    """`payload` sealed with a checksum that matches: what a crafted cache could hold."""
    return zlib.crc32(payload).to_bytes(4, "little") + payload


class Ext:
    """Not plain data."""


FORGED = [
    b"\x01" + msgpack.packb([msgpack.ExtType(5, b"code")]),  # an extension type
    b"\x01" + msgpack.packb([msgpack.Timestamp(0)]),  # the one extension msgpack knows
    b"\x01" + msgpack.packb(["a", b"bytes"], use_bin_type=True),  # bytes where text is
    b"\x01" + msgpack.packb(["a"]) + b"\x90",  # more after the value
    b"\x01" + msgpack.packb(["a", "b"])[:-1],  # cut short
    b"\x01\xc1",  # a byte MessagePack never uses
    b"\x01" + b"\x91" * 5000 + b"\x90",  # nested past any limit
    b"\x01\x81\x91\x01\x02",  # a map whose key is a list
    b"\x01\xa2\xff\xfe",  # text that is not UTF-8
    b'\x01["a"]',  # JSON where MessagePack is said
    b"\x02" + msgpack.packb(["a"]),  # MessagePack where JSON is said
    b'\x02["a"] x',  # more after the JSON
    b'\x03["a"]',  # a kind netmd never writes
    b"\x01",  # nothing
]


@pytest.mark.parametrize("payload", FORGED, ids=range(len(FORGED)))
def test_a_forged_value_with_a_good_checksum_is_corrupt(payload):
    with pytest.raises(Corrupt):
        unseal(forged(payload))


def test_forged_values_in_every_column_give_the_answers_of_a_clean_run(tmp_path):
    root = sample(tmp_path)
    clean = answers(root)
    columns = [
        ("notes", "note"),
        ("notes", "entry"),
        ("notes", "problems"),
        ("derived", "facts"),
        ("derived", "vdiags"),
        ("mdiags", "diags"),
        ("answers", "value"),
    ]
    for i, payload in enumerate(FORGED[:4]):
        db = sqlite3.connect(root / ".netmd" / "index.sqlite")
        table, column = columns[i % len(columns)]
        db.execute(f"UPDATE {table} SET {column} = ?", (forged(payload),))
        db.execute(f"UPDATE {columns[-1 - i][0]} SET {columns[-1 - i][1]} = ?", (forged(payload),))
        db.commit()
        db.close()
        assert answers(root) == clean, payload


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(plain)
def test_a_value_comes_back_as_json_would_give_it(value):
    assert unseal(seal(value)) == json.loads(json.dumps(value))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_any_bytes_with_a_good_checksum_decode_to_plain_data_or_are_corrupt(payload):
    def builtins_only(x: object) -> bool:
        if isinstance(x, list):
            return all(builtins_only(i) for i in x)
        if isinstance(x, dict):
            return all(builtins_only(k) and builtins_only(v) for k, v in x.items())
        return x is None or type(x) in (bool, int, float, str) or x == b""

    for kind in (b"\x01", b"\x02"):
        try:
            value = unseal(forged(kind + payload))
        except Corrupt:
            continue
        assert builtins_only(value)


def test_tuples_come_back_as_lists_and_the_empty_value_is_shared():
    assert unseal(seal(("a", (1, None), {"k": (2.5,)}))) == ["a", [1, None], {"k": [2.5]}]
    assert codec.dump(()) is codec.EMPTY and unseal(codec.EMPTY) == []


def test_what_is_not_plain_data_is_refused_when_sealed():
    # (`Index.answer` keeps an answer only if it can be sealed: a date, say, is computed each time)
    for value in (dt.date(2026, 1, 2), Ext(), {1, 2}):
        with pytest.raises(TypeError):
            seal([value])
    assert unseal(seal([int(BIG), "after"])) == [int(BIG), "after"]  # (nothing left over from a failed pack)


class Label(str):
    pass


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(  # (an integer past 64 bits is refused: below)
        st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text() | st.integers(0, 9), inner, max_size=4),
        max_leaves=30,
    )
)
def test_plain_data_sealed_exactly_reads_back_equal(value):
    assert unseal(seal(value, exact=True)) == value


def test_a_value_that_would_not_read_back_equal_is_refused_when_sealed_exactly():
    # (`Index.answer` keeps an answer only if it reads back as it was computed)
    for value in (("a", 1), {"k": (1,)}, Label("x"), int(BIG), {"k": [dt.date(2026, 1, 2)]}):
        with pytest.raises((TypeError, ValueError)):
            seal(value, exact=True)
    assert unseal(seal({1: ["a", 2.5, None, True]}, exact=True)) == {1: ["a", 2.5, None, True]}


def test_stored_facts_are_the_same_read_from_messagepack_or_from_json(tmp_path):
    """The method's facts come back as the tuples they were packed from (MessagePack's arrays
    read as tuples), or from JSON (what a number past 64 bits is stored as): equal either way."""
    root = Path(shutil.copytree(SAMPLE, tmp_path / "v", ignore=shutil.ignore_patterns(".netmd")))
    netmd(root, "agenda")
    db = sqlite3.connect(root / ".netmd" / "index.sqlite")
    blobs = [blob for (blob,) in db.execute("SELECT facts FROM derived WHERE facts IS NOT ?", (codec.EMPTY,))]
    db.close()
    meetings = 0
    for blob in blobs:
        packed = json.dumps(unseal(blob)).encode()
        as_json = forged(b"\x02" + packed)
        read, from_json = codec.stored_facts([blob, as_json])
        assert read == from_json
        if read.meeting:
            meetings += 1
            assert type(read.meeting.with_) is tuple and hash(read.meeting.with_) == hash(from_json.meeting.with_)
    assert meetings > 5
