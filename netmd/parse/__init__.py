"""Bytes to a `Note`: decode and split, front matter by the fast path or by PyYAML, the body scanner.

Bad input never raises: it becomes a `Problem` on the note. Modules: `source` (decode,
split, line counting), `fast` (the simple forms, with what it remembers), `composed`
(any YAML, through PyYAML), `scalars` (how YAML resolves and writes a scalar), `body`
([[links]] and tasks), `memo` (the bounded memory they share).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from netmd.note import Note, Pos, Problem
from netmd.parse.body import scan
from netmd.parse.composed import FrontMatter, composed
from netmd.parse.fast import FastPath
from netmd.parse.scalars import Bad, pyyaml
from netmd.parse.source import MAX_BYTES, decode, line_of, mark_pos, node_pos, split

__all__ = ["MAX_BYTES", "FastPath", "decode", "front_matter", "parse", "parse_text", "split"]


@cache
def _fast() -> FastPath:
    """The fast path this process reads with: what it remembers is shared by every note."""
    return FastPath()


def parse(path: str, data: bytes, field_map: Mapping[str, str] | None = None) -> Note:
    """A `Note` from a file's bytes; never raises for any input."""
    text, problem = decode(data)
    if text is None:
        return Note(path, encoding=(problem,) if problem else ())
    return parse_text(path, text, field_map or {})


def parse_text(path: str, text: str, field_map: Mapping[str, str], fast: FastPath | None = None) -> Note:
    """A `Note` from a file's text; `fast` is the fast path to read with (default: the process's)."""
    where = split(text)
    if isinstance(where, Problem):
        return Note(path, syntax=(where,), **scan(text, 0))
    if where is None:
        return Note(path, body=text, **scan(text, 0))
    start, end, body_start = where
    body = scan(text, body_start)
    yaml = pyyaml()
    try:
        fields, dups, links = front_matter(text, start, end, field_map, fast)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = mark_pos(text, start, mark) if mark else Pos(2, 1, start, start)
        what = e.problem or e.context or "invalid YAML"
        return Note(path, syntax=(Problem(pos, f"invalid YAML: {what}"),), **body)
    except Bad as e:
        pos = node_pos(text, start, e.node)
        return Note(path, syntax=(Problem(pos, str(e)),), **body)
    except (yaml.YAMLError, RecursionError, ValueError) as e:
        return Note(path, syntax=(Problem(Pos(2, 1, start, start), f"invalid YAML: {e}"),), **body)
    body_line = line_of(text, body_start)
    return Note(path, fields, links, duplicate_keys=dups, body=text[body_start:], body_line=body_line, **body)


def front_matter(
    text: str, start: int, end: int, field_map: Mapping[str, str], fast: FastPath | None = None
) -> FrontMatter:
    """The fields, duplicate keys and links of the front matter at `start:end` of `text`."""
    yaml_text = text[start:end]
    if not yaml_text.strip():
        return {}, (), ()
    return (fast or _fast()).read(text, start, yaml_text, field_map) or composed(text, start, yaml_text, field_map)
