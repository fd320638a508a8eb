"""Parse one note's bytes into fields, links and tasks that each know their line and column.

This is the only module that reads YAML (STYLE.md: one chokepoint). netmd splits the
front matter itself, composes it with PyYAML's C loader where present, and builds the
values from the nodes, so every key, value, link and task keeps its position, duplicate
keys stay visible, and the YAML 1.1 traps show through the resolved tag and quoting style.
Bad input never raises: it becomes a `Problem` on the note.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from yaml.nodes import Node, ScalarNode

MAX_BYTES = 1024 * 1024  # promise 5: bounded file size
MAX_NODES = 5000  # promise 5: bounded alias expansion
MAX_DEPTH = 50
# What parsing remembers of values and lines it has read (vaults repeat them), bounded both
# ways so that long values unique to one note (a pasted blob) never pile up.
_MEMO_ENTRIES = 20_000
_MEMO_CHARS = 200


class Pos(NamedTuple):
    """Where a thing sits: 1-based line and column, and 0-based character offsets."""

    line: int
    col: int
    start: int
    end: int


class Value(NamedTuple):
    """A YAML value with its source: `tag` is the resolved type, `plain` means unquoted.

    The position is kept as four plain numbers (a vault has millions of values); `pos`
    puts them together when a rule reports one.
    """

    data: Any
    tag: str  # str int float bool null timestamp seq map bad-date
    plain: bool
    source: str  # the scalar's text as written (the string itself when unquoted; '' for collections)
    items: tuple[Value, ...]
    flow: bool
    line: int
    col: int
    start: int
    end: int

    @property
    def pos(self) -> Pos:
        return Pos(self.line, self.col, self.start, self.end)


_new = tuple.__new__  # a named tuple from a tuple of its fields, skipping the keyword handling of `Cls(...)`


class Field(NamedTuple):
    key: str  # the netmd name, after `[fields]` mapping
    raw_key: str  # as written in the note
    value: Value
    key_line: int
    key_col: int

    @property
    def key_pos(self) -> Pos:
        return Pos(self.key_line, self.key_col, -1, -1)


class Link(NamedTuple):
    target: str
    heading: str
    label: str
    pos: Pos
    field: str | None  # None: a mention in the body


class Task(NamedTuple):
    text: str
    done: bool
    cancelled: bool
    due: dt.date | None
    scheduled: dt.date | None
    done_on: dt.date | None
    pos: Pos


class Problem(NamedTuple):
    """Something wrong at `pos`; rules yield these, the lint engine makes diagnostics."""

    pos: Pos
    message: str
    fix: tuple[tuple[int, int, str], ...] = ()  # edits: (start, end, replacement)


@dataclass(frozen=True, eq=False)
class Note:
    path: str  # relative to the vault root, with "/"
    fields: Mapping[str, Field] = field(default_factory=dict)
    links: tuple[Link, ...] = ()  # [[links]] in front matter values
    mentions: tuple[Link, ...] = ()  # [[links]] in the body
    tasks: tuple[Task, ...] = ()
    duplicate_keys: tuple[Field, ...] = ()  # every occurrence but the last (NM102)
    syntax: tuple[Problem, ...] = ()  # NM101
    encoding: tuple[Problem, ...] = ()  # NM104
    unreadable: tuple[Problem, ...] = ()  # NM105
    body: str = ""  # while the note is scanned only: per-note rules read it; the index does not keep it
    body_line: int = 1

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith(".md") else name

    @cached_property
    def type(self) -> str | None:
        """The `type` value when it is text (every rule asks: computed once)."""
        data = self.get("type")
        return data if isinstance(data, str) else None

    def all_data(self) -> dict[str, Any]:
        """Every field's value as data (what YAML gave), by key: for code that reads many."""
        fields = self.fields
        if isinstance(fields, LazyFields):
            return fields.all_data()
        return {key: f.value.data for key, f in fields.items()}

    def get(self, key: str, default: Any = None) -> Any:
        """A field's value as data (what YAML gave), or `default`."""
        fields = self.fields
        if isinstance(fields, LazyFields):  # an indexed note: no need to build the Field
            return fields.data(key, default)
        f = fields.get(key)
        return default if f is None else f.value.data


_NO_VALUE = Value(None, "null", True, "", (), False, 1, 1, 0, 0)


def _made(path: str, fields: Mapping[str, Field], **given: Any) -> Note:
    """A `Note` without the dataclass's `__init__`, which sets each field through
    `object.__setattr__` (a third of unpacking an indexed note): the fields not given keep
    their defaults, which the dataclass puts on the class. Its `type` is worked out now (a
    cached property's first use costs more). The instance dictionary is filled key by key,
    so it stays one of the compact ones that share their keys. A test checks it makes what
    `Note(...)` makes."""
    note = object.__new__(Note)
    state = note.__dict__
    state["path"] = path
    state["fields"] = fields
    for key, value in given.items():
        state[key] = value
    t = fields.data("type") if isinstance(fields, LazyFields) else getattr(fields.get("type"), "value", _NO_VALUE).data
    state["type"] = t if isinstance(t, str) else None
    return note


START = Pos(1, 1, 0, 0)
_FM_CLOSE = re.compile(r"^---[ \t]*\r?$", re.M)
_LINK = re.compile(r"\[\[([^\[\]|#\n]*)(#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_TASK = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)]) \[(.)\][ \t]+(.*?)\r?$", re.M)
_TASK_DATE = re.compile(r"\s*(📅|⏳|🛫|➕|✅|❌)\uFE0F?\s*(\d{4}-\d{2}-\d{2})")
_TASK_DATE_SIGNS = re.compile("📅|⏳|🛫|➕|✅|❌")
_FENCE = re.compile(r"^[ \t]*(```|~~~)", re.M)

_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}
_COLLECTIONS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")
_BUILD: dict[str, Any] = {}


@cache
def _yaml() -> ModuleType:
    """PyYAML, imported on first use: a git hook whose notes are all cached never needs it."""
    import yaml
    from yaml.constructor import SafeConstructor

    constructor = SafeConstructor()
    _BUILD.update(
        int=constructor.construct_yaml_int,
        float=constructor.construct_yaml_float,
        bool=constructor.construct_yaml_bool,
        null=constructor.construct_yaml_null,
        timestamp=lambda node: _date(node) or constructor.construct_yaml_timestamp(node),
    )
    return yaml


def _date(node: ScalarNode) -> dt.date | None:
    """A plain YYYY-MM-DD, the timestamp of nearly every note, the fast way (ValueError for a
    day that does not exist, as PyYAML gives); None for the other forms YAML allows."""
    value = node.value
    return dt.date.fromisoformat(value) if len(value) == 10 else None


@cache
def _loader() -> Any:
    """The C loader, where PyYAML was built with libyaml, resolving each distinct scalar once:
    a vault repeats the same few values (`contact`, `B`, dates) in thousands of notes."""
    base = _base_loader()
    resolved: dict[tuple[Any, ...], str] = {}
    resolve = base.resolve

    class Loader(base):  # type: ignore[misc, valid-type]
        # The C parser calls these around every node for path resolvers, which netmd never
        # registers: builtins that take the same arguments and do nothing cost far less.
        descend_resolver = operator.is_  # (parent, index) -> ignored
        ascend_resolver = tuple  # () -> ignored

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            key = (kind, value, implicit)
            tag = resolved.get(key)
            if tag is None:
                tag = resolve(self, kind, value, implicit)
                if value is None or len(value) <= _MEMO_CHARS:  # (None: a list or mapping)
                    if len(resolved) > _MEMO_ENTRIES:
                        resolved.clear()
                    resolved[key] = tag
            return tag

    return Loader


def _base_loader() -> Any:
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _resolver() -> Any:
    """A loader to resolve the fast path's plain scalars with: the base class, since `_plain`
    remembers what it resolved itself (the composing loader's memo would hold it twice)."""
    return _base_loader()("")


class _Bad(Exception):
    """Front matter that YAML reads but netmd cannot use."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """Text of a note's bytes, or the NM104 problem that stops it from being read."""
    if len(data) > MAX_BYTES:
        return None, Problem(START, f"file is larger than {MAX_BYTES // 1024} KiB; not read")
    nul = data.find(b"\0")
    if nul >= 0:
        return None, Problem(_byte_pos(data, nul), "file contains a NUL byte; is it a text file?")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        return None, Problem(_byte_pos(data, e.start), f"not UTF-8: byte 0x{data[e.start]:02x}; save the file as UTF-8")


def _byte_pos(data: bytes, at: int) -> Pos:
    line_start = data.rfind(b"\n", 0, at) + 1
    return Pos(data.count(b"\n", 0, at) + 1, at - line_start + 1, at, at + 1)


def split(text: str) -> tuple[int, int, int] | Problem | None:
    """Locate front matter: (yaml start, yaml end, body start), None if there is none."""
    if not text.startswith("---"):
        return None
    first_end = text.find("\n")
    if first_end < 0 or text[3:first_end].strip():
        return None  # "---" alone in the file, or "--- text": a thematic break, not front matter
    m = _FM_CLOSE.search(text, first_end + 1)
    if m is None:
        return Problem(Pos(1, 1, 0, 3), "front matter is not closed: add a line '---' after the properties")
    body = m.end() + 1 if m.end() < len(text) else m.end()
    return first_end + 1, m.start(), body


def parse(path: str, data: bytes, field_map: Mapping[str, str] | None = None) -> Note:
    """A `Note` from a file's bytes; never raises for any input."""
    text, problem = decode(data)
    if text is None:
        return Note(path, encoding=(problem,) if problem else ())
    return parse_text(path, text, field_map or {})


def parse_text(path: str, text: str, field_map: Mapping[str, str]) -> Note:
    where = split(text)
    if isinstance(where, Problem):
        return Note(path, syntax=(where,), **_body(text, 0))
    if where is None:
        return Note(path, body=text, **_body(text, 0))
    start, end, body_start = where
    body = _body(text, body_start)
    yaml = _yaml()
    try:
        fields, dups, links = _front_matter(text, start, end, field_map)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = _mark_pos(text, start, mark) if mark else Pos(2, 1, start, start)
        what = e.problem or e.context or "invalid YAML"
        return Note(path, syntax=(Problem(pos, f"invalid YAML: {what}"),), **body)
    except _Bad as e:
        pos = _node_pos(text, start, e.node)
        return Note(path, syntax=(Problem(pos, str(e)),), **body)
    except (yaml.YAMLError, RecursionError, ValueError) as e:
        return Note(path, syntax=(Problem(Pos(2, 1, start, start), f"invalid YAML: {e}"),), **body)
    body_line = text.count("\n", 0, body_start) + 1
    return _made(
        path=path, fields=fields, links=links, duplicate_keys=dups, body=text[body_start:], body_line=body_line, **body
    )


def _mark_pos(text: str, base: int, mark: Any) -> Pos:
    at = base + mark.index
    return Pos(mark.line + 2, mark.column + 1, at, at)


def _node_pos(text: str, base: int, node: Node) -> Pos:
    s, e = node.start_mark, node.end_mark
    return Pos(s.line + 2, s.column + 1, base + s.index, base + e.index)


def _front_matter(
    text: str, start: int, end: int, field_map: Mapping[str, str]
) -> tuple[dict[str, Field], tuple[Field, ...], tuple[Link, ...]]:
    yaml_text = text[start:end]
    if not yaml_text.strip():
        return {}, (), ()
    return _simple(text, start, yaml_text, field_map) or _composed(text, start, yaml_text, field_map)


def _composed(
    text: str, start: int, yaml_text: str, field_map: Mapping[str, str]
) -> tuple[dict[str, Field], tuple[Field, ...], tuple[Link, ...]]:
    """Front matter of any form, composed by PyYAML into nodes that know their positions."""
    root = _yaml().compose(yaml_text, Loader=_loader())
    if root is None:
        return {}, (), ()
    if root.id != "mapping":
        kind = "a list" if root.id == "sequence" else "a single value"
        raise _Bad(root, f"front matter is {kind}, not a mapping of properties (key: value)")
    builder = _Builder(text, start)
    fields: dict[str, Field] = {}
    dups: list[Field] = []
    for key_node, value_node in root.value:
        if key_node.id != "scalar":
            raise _Bad(key_node, "a property name must be text, not a list or mapping")
        raw: str = key_node.value
        key: str = field_map.get(raw, raw)
        builder.key = key
        mark = key_node.start_mark
        _add(fields, dups, _new(Field, (key, raw, builder.value(value_node, 0), mark.line + 2, mark.column + 1)))
    return fields, tuple(dups), tuple(builder.links)


def _add(fields: dict[str, Field], dups: list[Field], f: Field) -> None:
    """`f` into `fields`; a key given before keeps its earlier occurrence in `dups` (NM102)."""
    if f.key in fields:
        dups.append(fields[f.key])
    fields[f.key] = f


# Front matter in the few forms nearly every note uses (`key: value` with a plain or simply
# quoted scalar, a flow list of those, or a block list of them under `key:`) is read by these
# patterns: the same fields, values and positions as `yaml.compose` gives (a test compares
# them), at a fraction of its cost. Anything else (comments, blank lines, nesting, escapes,
# anchors, tabs, CRLF, non-ASCII plain text) goes to PyYAML.
_NOT_QUOTED = r"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"  # escapes, line breaks, non-printables
_PLAIN = "[A-Za-z0-9._@/+()'-]"  # never special in a plain scalar, after its first character
_BLOCK_PLAIN = f"(?:{_PLAIN}|[,]|:(?={_PLAIN}))"  # outside a flow list, ',' too, and ':' not before a space
_SCALAR = rf'(?:"([^"{_NOT_QUOTED}]*)"|\'([^\'{_NOT_QUOTED}]*)\'|([A-Za-z0-9]{{0}}*(?: +{{0}}+)*))'


class _Patterns(NamedTuple):
    line: re.Pattern[str]  # key, the spaces after its colon, then a scalar or a flow list; or the key alone
    seq_item: re.Pattern[str]
    flow_item: re.Pattern[str]
    flow_empty: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """The fast path's patterns, compiled on first use (2 ms): a git hook whose notes are all
    indexed parses none."""
    return _Patterns(
        re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:( +)(?:" + _SCALAR.format(_BLOCK_PLAIN) + r"|(\[.*)) *)?"),
        re.compile(r"( *)- +" + _SCALAR.format(_BLOCK_PLAIN) + " *"),
        re.compile(" *" + _SCALAR.format(_PLAIN) + " *([],])"),
        re.compile(r"\[ *\]"),
    )


_PLAIN_VALUES: dict[str, tuple[Any, str]] = {}  # an unquoted scalar's text -> (data, tag): vaults repeat them


def _plain(value: str) -> tuple[Any, str]:
    """The data and tag of an unquoted scalar, as the composed path gives them."""
    known = _PLAIN_VALUES.get(value)
    if known is not None:
        return known
    yaml = _yaml()
    full = _resolver().resolve(yaml.ScalarNode, value, (True, False))
    tag = _TAGS[full]
    if tag == "str":
        known = (value, tag)
    else:
        try:
            known = (_BUILD[tag](yaml.ScalarNode(full, value)), tag)
        except ValueError:
            known = (value, "bad-date")
    if len(value) <= _MEMO_CHARS:
        if len(_PLAIN_VALUES) > _MEMO_ENTRIES:
            _PLAIN_VALUES.clear()
        _PLAIN_VALUES[value] = known
    return known


def _simple(
    text: str, base: int, yaml_text: str, field_map: Mapping[str, str]
) -> tuple[dict[str, Field], tuple[Field, ...], tuple[Link, ...]] | None:
    """`_front_matter`'s answer when the front matter has only the simple forms, else None.

    The hot loop of a cold index, one pass a line of every note: a line read before (in this
    note or another) is only moved to where it is now."""
    if "\r" in yaml_text or not yaml_text.endswith("\n"):
        return None
    line_pattern, seq_item = _patterns()[:2]
    fields: dict[str, Field] = {}
    dups: list[Field] = []
    links: list[Link] = []
    at = base  # where the current line starts in `text`
    line_no = 1
    open_key: tuple[str, str, int, int] | None = None  # `key:` alone: a block list, or null, follows
    items: list[Value] = []
    indent = ""
    for line in yaml_text[:-1].split("\n"):
        line_no += 1
        if open_key is not None:
            m = seq_item.fullmatch(line)
            if m is not None and (not items or m.group(1) == indent):
                indent = m.group(1)
                items.append(_scalar(text, m, 2, line_no, at, open_key[0], links))
                at += len(line) + 1
                continue
            _put(fields, dups, open_key, _block_end(open_key, items, indent, at))
            open_key, items = None, []
        seen = _SEEN_LINES.get(line)
        if seen is not None:  # a line read before, in this note or another: only its place differs
            raw, head, col, start, end, listed = seen
            if listed is None:
                value = _new(Value, (*head, line_no, col, start + at, end + at))
            else:
                value = _moved(listed, line_no, at)
            key = field_map.get(raw, raw) if field_map else raw
            _add(fields, dups, _new(Field, (key, raw, value, line_no, 1)))
            at += len(line) + 1
            continue
        m = line_pattern.fullmatch(line)
        if m is None:
            return None
        raw, space, flow = m.group(1, 2, 6)
        key = field_map.get(raw, raw) if field_map else raw
        if space is None:
            open_key = (key, raw, line_no, at)
            at += len(line) + 1
            continue
        if flow is None:
            value = _scalar(text, m, 3, line_no, at, key, links)
        else:
            flow_value = _flow(text, line, len(raw) + 1 + len(space), line_no, at, key, links)
            if flow_value is None:
                return None
            value = flow_value
        if "[[" not in line and len(line) <= _MEMO_CHARS:  # (a link keeps its place: read each time)
            if len(_SEEN_LINES) > _MEMO_ENTRIES:
                _SEEN_LINES.clear()
            v = _moved(value, 0, -at)
            _SEEN_LINES[line] = (raw, v[:6], v.col, v.start, v.end, v if v.items else None)
        _add(fields, dups, _new(Field, (key, raw, value, line_no, 1)))
        at += len(line) + 1
    if open_key is not None:
        _put(fields, dups, open_key, _block_end(open_key, items, indent, at))
    # as many values as the composed path counts, if there can be that many (each takes a
    # character at least): it says what is wrong
    if len(yaml_text) > MAX_NODES and sum(1 + len(f.value.items) for f in (*fields.values(), *dups)) > MAX_NODES:
        return None
    return fields, tuple(dups), tuple(links)


# A `key: value` line -> its key and value as if at line 0, offset 0: the value's first six
# fields, its column, start and end; and the whole value if it is a list (else None).
_SEEN_LINES: dict[str, tuple[str, tuple[Any, ...], int, int, int, Value | None]] = {}


def _moved(v: Value, line_no: int, at: int) -> Value:
    """`v` on line `line_no` (it is on one line) and `at` characters further on."""
    if not v.items:
        return _new(Value, (*v[:6], line_no, v.col, v.start + at, v.end + at))
    items = tuple([_new(Value, (*i[:6], line_no, i.col, i.start + at, i.end + at)) for i in v.items])
    return _new(Value, ([i.data for i in items], *v[1:4], items, v.flow, line_no, v.col, v.start + at, v.end + at))


def _put(fields: dict[str, Field], dups: list[Field], key: tuple[str, str, int, int], value: Value) -> None:
    """`_add` of the field `key` (netmd key, key as written, line, offset) starts at column 1."""
    _add(fields, dups, _new(Field, (key[0], key[1], value, key[2], 1)))


def _block_end(key: tuple[str, str, int, int], items: list[Value], indent: str, at: int) -> Value:
    """The value of `key:` alone on its line: the block list of `items` (up to `at`, where
    the line after the last starts), or null where the value would start."""
    if not items:
        col = len(key[1]) + 1
        data, tag = _plain("")
        return _new(Value, (data, tag, True, "", (), False, key[2], col + 1, key[3] + col, key[3] + col))
    first = items[0]
    dash = first.start - first.col + 1 + len(indent)
    data = [x.data for x in items]
    return _new(Value, (data, "seq", False, "", tuple(items), False, first.line, len(indent) + 1, dash, at))


def _flow(text: str, line: str, col: int, line_no: int, at: int, key: str, links: list[Link]) -> Value | None:
    """The flow list `[a, "b"]` at `col` of `line`, or None if it is not a simple one."""
    items = []
    patterns = _patterns()
    empty = patterns.flow_empty.match(line, col)
    if empty is not None:
        end = empty.end()
    else:
        end = col + 1
        while True:
            m = patterns.flow_item.match(line, end)
            if m is None:
                return None
            items.append(_scalar(text, m, 1, line_no, at, key, links))
            end = m.end()
            if m.group(4) == "]":
                break
    if line[end:].strip(" "):
        return None
    data = [x.data for x in items]
    return _new(Value, (data, "seq", False, "", tuple(items), True, line_no, col + 1, at + col, at + end))


def _scalar(text: str, m: re.Match[str], group: int, line_no: int, at: int, key: str, links: list[Link]) -> Value:
    """The scalar matched by `_SCALAR` (its groups from `group` on) on the line starting at `at`."""
    dq, sq, plain = m.group(group, group + 1, group + 2)
    if plain is not None:
        col = m.start(group + 2)
        data, tag = _plain(plain)
        if tag == "str":
            data = plain  # one object for data and source: the index pickles it once
        return _new(Value, (data, tag, True, plain, (), False, line_no, col + 1, at + col, at + col + len(plain)))
    data = dq if dq is not None else sq
    col = m.start(group if dq is not None else group + 1) - 1  # the opening quote
    start, end = at + col, at + col + len(data) + 2
    source = text[start:end]
    if "[[" in data:
        _find_links(source, Pos(line_no, col + 1, start, end), key, links)
    return _new(Value, (data, "str", False, source, (), False, line_no, col + 1, start, end))


class _Builder:
    """Turns nodes into `Value`s, counting nodes so an alias bomb stops early."""

    def __init__(self, text: str, base: int) -> None:
        self.text, self.base, self.nodes = text, base, 0
        self.links: list[Link] = []
        self.key: str | None = None

    def value(self, node: Node, depth: int) -> Value:
        # the hot loop of a cold index: one call per YAML node of every note
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _Bad(node, "front matter is too large or too deeply nested (YAML aliases?); not read")
        s = node.start_mark
        line, col, start, end = s.line + 2, s.column + 1, self.base + s.index, self.base + node.end_mark.index
        kind = node.id  # type: ignore[attr-defined]
        if kind == "scalar":
            plain = not node.style  # type: ignore[attr-defined]
            tag = _TAGS.get(node.tag)
            if tag == "str":
                data = node.value
                if "[[" in data:
                    source = self.text[start:end]
                    self.find_links(source, Pos(line, col, start, end))
                else:
                    source = data if plain else self.text[start:end]
                return _new(Value, (data, tag, plain, source, (), False, line, col, start, end))
            if tag is None:
                raise _Bad(node, f"unsupported YAML tag {node.tag}")
            source = self.text[start:end]
            try:
                return _new(Value, (_BUILD[tag](node), tag, plain, source, (), False, line, col, start, end))
            except ValueError:
                return _new(Value, (node.value, "bad-date", plain, source, (), False, line, col, start, end))
        flow = bool(getattr(node, "flow_style", False))
        if node.tag not in _COLLECTIONS:
            raise _Bad(node, f"unsupported YAML tag {node.tag}")
        if kind == "sequence":
            items = tuple([self.value(n, depth + 1) for n in node.value])
            return _new(Value, ([i.data for i in items], "seq", False, "", items, flow, line, col, start, end))
        pairs = {}
        for k, v in node.value:
            if k.id != "scalar":
                raise _Bad(k, "a property name must be text, not a list or mapping")
            pairs[k.value] = self.value(v, depth + 1).data
        return _new(Value, (pairs, "map", False, "", (), flow, line, col, start, end))

    def find_links(self, source: str, pos: Pos) -> None:
        _find_links(source, pos, self.key, self.links)


def _find_links(source: str, pos: Pos, key: str | None, out: list[Link]) -> None:
    """The [[links]] in a scalar written as `source` at `pos`."""
    for m in _LINK.finditer(source):
        before = source[: m.start()]
        nl = before.rfind("\n")
        line = pos.line + before.count("\n")
        col = pos.col + m.start() if nl < 0 else m.start() - nl
        at = pos.start + m.start()
        out.append(_link(m, Pos(line, col, at, at + len(m.group(0))), key))


def _link(m: re.Match[str], pos: Pos, key: str | None) -> Link:
    target = m.group(1).strip()
    return _new(Link, (target, (m.group(2) or "")[1:], (m.group(3) or "").strip(), pos, key))


def _body(text: str, start: int) -> dict[str, Any]:
    """Mentions and tasks in the body, skipping fenced code."""
    if text.find("[", start) < 0:
        return {}
    fences = _fences(text, start) if "```" in text or "~~~" in text else []
    lines = _Lines(text)
    mentions = tuple(
        _link(m, lines.pos(m.start(), m.end()), None)
        for m in _LINK.finditer(text, start)
        if not fences or not _inside(fences, m.start())
    )
    tasks = tuple(_task(m, lines) for m in _task_lines(text, start) if not fences or not _inside(fences, m.start()))
    return {"mentions": mentions, "tasks": tasks} if mentions or tasks else {}


def _task_lines(text: str, start: int) -> Iterator[re.Match[str]]:
    """`_TASK` matched only on the lines with a "[" (found in C), not tried at every line."""
    at = text.find("[", start)
    while at >= 0:
        line = text.rfind("\n", start, at) + 1 or start  # `start` is where a line starts
        m = _TASK.match(text, line)
        if m is not None:
            yield m
        end = text.find("\n", at)
        if end < 0:
            return
        at = text.find("[", end)


def _task(m: re.Match[str], lines: _Lines) -> Task:
    status, rest = m.group(1, 2)
    dates: dict[str, dt.date | None] = {}
    text = rest
    if _TASK_DATE_SIGNS.search(rest):
        kept, last = [], 0  # the text without its dates
        for d in _TASK_DATE.finditer(rest):
            sign, day = d.group(1, 2)
            try:
                dates[sign] = dt.date.fromisoformat(day)
            except ValueError:
                dates[sign] = None
            kept.append(rest[last : d.start()])
            last = d.end()
        text = "".join(kept) + rest[last:]
    done, cancelled = status.lower() == "x", status == "-" or "❌" in dates
    where = lines.pos(m.start(1) - 1, m.end())
    return _new(Task, (text.strip(), done, cancelled, dates.get("📅"), dates.get("⏳"), dates.get("✅"), where))


def _fences(text: str, start: int) -> list[tuple[int, int]]:
    marks = [m.start() for m in _FENCE.finditer(text, start)]
    if len(marks) % 2:
        marks.append(len(text))
    return list(zip(marks[::2], marks[1::2]))


def _inside(ranges: list[tuple[int, int]], at: int) -> bool:
    return any(a <= at < b for a, b in ranges)


class _Lines:
    """Offset → line and column, counting from the last answer (matches come in order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1

    def pos(self, start: int, end: int) -> Pos:
        if start < self.at:
            self.at, self.line = 0, 1
        self.line += self.text.count("\n", self.at, start)
        self.at = start
        return _new(Pos, (self.line, start - self.text.rfind("\n", 0, start), start, end))


# Plain tuples of builtins, what the index stores (as JSON: `index.seal`) and what crosses a
# process boundary. Each packed value is JSON as it is: a date is its day number, a datetime
# its ISO text (the tag `timestamp` says which), a list's data is made again from its items,
# a map's data goes through `_jsonable` (its dates, and keys JSON would change), and the
# source of unquoted text, the text itself, is None.
Packed = tuple


def day_number(d: dt.date | None) -> int | None:
    """A date (not a datetime), or None, as `pack` keeps it."""
    return d.toordinal() if d is not None else None


def from_day_number(n: int | None) -> dt.date | None:
    return dt.date.fromordinal(n) if n is not None else None


def pack(note: Note) -> Packed:
    """The note's path, fields, links, mentions and tasks as plain tuples (problems are not kept)."""
    return (
        note.path,
        tuple([(f[0], None if f[1] == f[0] else f[1], _pack_value(f[2]), f[3], f[4]) for f in note.fields.values()]),
        tuple([(x[0], x[1], x[2], tuple(x[3]), x[4]) for x in note.links]),
        tuple([(x[0], x[1], x[2], tuple(x[3]), x[4]) for x in note.mentions]),
        tuple([(*t[:3], day_number(t[3]), day_number(t[4]), day_number(t[5]), tuple(t[6])) for t in note.tasks]),
    )


class LazyFields(Mapping[str, Field]):
    """Fields unpacked when first asked for: a query over 40,000 notes reads only a few of each."""

    __slots__ = ("_packed", "_done")

    def __init__(self, packed: tuple[tuple[Any, ...], ...]) -> None:
        self._packed = {f[0]: f for f in packed}
        self._done: dict[str, Field] = {}

    def __getitem__(self, key: str) -> Field:
        f = self._done.get(key)
        if f is None:
            p = self._packed[key]
            f = self._done[key] = _new(Field, (p[0], p[0] if p[1] is None else p[1], _unpack_value(p[2]), p[3], p[4]))
        return f

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._packed else default

    def data(self, key: str, default: Any = None) -> Any:
        """A field's value as data, straight from its packed form."""
        done = self._done.get(key)
        if done is not None:
            return done.value.data
        p = self._packed.get(key)
        if p is None:
            return default
        v = p[2]
        return v[0] if v[1] in _AS_IS else _data(v)

    def all_data(self) -> dict[str, Any]:
        """Every field's value as data, straight from the packed forms."""
        return {key: p[2][0] if p[2][1] in _AS_IS else _data(p[2]) for key, p in self._packed.items()}

    def packed(self, keys: Iterable[str]) -> tuple[tuple[Any, ...], ...]:
        """The packed form of the fields among `keys`, as `pack` gives it."""
        return tuple(self._packed[k] for k in keys if k in self._packed)

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def unpack(packed: Packed) -> Note:
    path, fields, links, mentions, tasks = packed
    return _made(
        path,
        LazyFields(fields),
        links=tuple([_new(Link, (t, h, lab, _new(Pos, p), fld)) for t, h, lab, p, fld in links]),
        mentions=tuple([_new(Link, (t, h, lab, _new(Pos, p), fld)) for t, h, lab, p, fld in mentions]),
        tasks=tuple([_new(Task, (*t[:3], *map(from_day_number, t[3:6]), _new(Pos, t[6]))) for t in tasks]),
    )


def unpack_stub(packed: Packed) -> Note:
    """`unpack` of a packed note that has fields only (a stub: `checks.pack_stub`)."""
    return _made(packed[0], LazyFields(packed[1]))


def _pack_value(v: Value) -> tuple[Any, ...]:
    tag = v.tag
    if v.items:  # a list: its data is its items' data
        return (None, tag, v.plain, v.source, tuple(_pack_value(i) for i in v.items), *v[5:])
    if tag == "timestamp":
        return (day_number(v.data) if type(v.data) is dt.date else v.data.isoformat(), *v[1:4], *v[6:])
    if tag == "map":
        return (_jsonable(v.data), *v[1:])
    if v.flow:  # an empty flow list `[]`
        return tuple(v)
    # a scalar: without its empty items and flow; unquoted text is its own source (None)
    return (v.data, tag, v.plain, None if v.plain and tag == "str" else v.source, *v[6:])


# A map's data as JSON keeps it: a date or datetime, and a mapping whose keys JSON would
# change (not text) or that could be taken for one of these, become a one-key mapping.
_DATE, _DATETIME, _PAIRS = "\0date", "\0datetime", "\0pairs"


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        if all(type(k) is str and not k.startswith("\0") for k in x):
            return {k: _jsonable(v) for k, v in x.items()}
        return {_PAIRS: [[_jsonable(k), _jsonable(v)] for k, v in x.items()]}
    if isinstance(x, list):
        return [_jsonable(i) for i in x]
    if isinstance(x, dt.datetime):
        return {_DATETIME: x.isoformat()}
    if isinstance(x, dt.date):
        return {_DATE: x.toordinal()}
    return x


def _from_jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        if len(x) == 1:
            ((k, v),) = x.items()
            if k == _DATE:
                return dt.date.fromordinal(v)
            if k == _DATETIME:
                return dt.datetime.fromisoformat(v)
            if k == _PAIRS:
                return {_from_jsonable(a): _from_jsonable(b) for a, b in v}
        return {k: _from_jsonable(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_from_jsonable(i) for i in x]
    return x


_AS_IS = frozenset(("str", "int", "float", "bool", "null", "bad-date"))  # tags whose packed data is the data


def _data(t: Sequence[Any]) -> Any:
    """The data of a packed value."""
    tag, data = t[1], t[0]
    if tag == "timestamp":
        return dt.date.fromordinal(data) if type(data) is int else dt.datetime.fromisoformat(data)
    if tag == "map":
        return _from_jsonable(data)
    if len(t) == 10 and t[4]:
        return [_data(i) for i in t[4]]
    return data


def _unpack_value(t: Sequence[Any]) -> Value:
    """A packed value (a tuple, or the list JSON gives back) as a `Value`: a scalar's has 8
    fields (no items, not flow), a list's or a mapping's 10."""
    if len(t) == 8:
        data = t[0] if t[1] in _AS_IS else _data(t)
        return _new(Value, (data, t[1], t[2], t[0] if t[3] is None else t[3], (), False, *t[4:]))
    items = t[4]
    if items:
        values = tuple([_unpack_value(i) for i in items])
        return _new(Value, ([i.data for i in values], *t[1:4], values, *t[5:]))
    return _new(Value, (_data(t), *t[1:4], (), *t[5:]))
