"""`netmd mv` and `netmd merge`: a rename or a merge planned as edits (`netmd.edits.Plan`) over
every note that links to it, each edit changing only the bytes of one link or field.

A link is rewritten when it names the note by its file name, path or `name`; a link by an alias
still resolves (the alias stays), and the old name is kept in `aliases` so that text written
elsewhere (a message, another vault) still finds the note.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator

from netmd.edits import Plan
from netmd.errors import NetmdError, UsageError
from netmd.index import Index
from netmd.names import Entry, Names, link_key, name_key, name_rows
from netmd.note import Link, Note, Problem, Value
from netmd.parse import decode, parse_text, split
from netmd.parse.body import LINK
from netmd.parse.scalars import quoted
from netmd.schema import items

RENAMED = ("contact", "organization")
_NOT_IN_A_NAME = re.compile(r"[\[\]|#^/\\:\n\r\t]")  # what Obsidian refuses in a file name, or a link cannot hold


def plan_mv(index: Index, old: str, new: str) -> Plan:
    """The edits that rename the contact or organization `old` to `new`."""
    new = new.strip()
    bad = _NOT_IN_A_NAME.search(new)
    if not new or new.startswith(".") or bad:
        shown = f"a {bad.group(0)!r}" if bad else "no name"
        raise UsageError(f'"{new}": {shown} cannot be in a note\'s name')
    names = index.names()
    me = find(names, old)
    folder = me.path.rsplit("/", 1)[0] + "/" if "/" in me.path else ""
    new_path = f"{folder}{new}.md"
    taken = [e for e in names.resolve(new) if e.path != me.path]
    if taken:
        raise NetmdError(f'"{new}" already names {", ".join(e.path for e in taken)}; nothing changed')
    plan = Plan()
    note = _load(index, plan, me.path)
    if new_path != me.path:
        plan.moves[me.path] = new_path
    _rename_field(plan, note, new)
    _add_aliases(plan, note, [me.name], [new])
    _relink(index, names, plan, me, new_path)
    _check(index, plan, new)
    return plan


def plan_merge(index: Index, keep: str, gone: str) -> Plan:
    """The edits that merge the note `gone` into `keep` (NM304's two notes of one person): the
    fields `keep` lacks are added, a field both have with other values keeps `keep`'s (listed),
    `gone`'s body is appended, every link to `gone` leads to `keep`, and `gone` is removed."""
    names = index.names()
    a, b = find(names, keep), find(names, gone)
    if a.path == b.path:
        raise UsageError(f'"{keep}" and "{gone}" are the same note ({a.path})')
    if a.type != b.type:
        raise UsageError(
            f"{a.path} is {a.type or 'untyped'} and {b.path} {b.type or 'untyped'}: only notes of one type merge"
        )
    plan = Plan()
    note_a, note_b = _load(index, plan, a.path), _load(index, plan, b.path)
    text_a, text_b = plan.texts[a.path], plan.texts[b.path]
    _add_aliases(plan, note_a, [b.name, *_aliases(note_b)], [a.name, a.stem])
    _copy_fields(plan, note_a, note_b)
    body = _body(text_b)
    if body.strip():
        body = _relinked_text(names, body, b, a.path)
        gap = "" if text_a.endswith(("\n", "\r")) or not text_a else _newline(text_a)
        plan.add(a.path, len(text_a), len(text_a), gap + _newline(text_a) + body, f"+ the body of {b.path}")
    _relink(index, names, plan, b, a.path, skip={b.path})
    plan.removes.append(b.path)
    _check(index, plan, b.name, same_links=False)  # (A gains B's body and its links)
    return plan


def find(names: Names, name: str) -> Entry:
    """The one contact or organization `name` (a name, alias or path) names."""
    found = [e for e in names.find(name) if e.type in RENAMED] or names.find(name)
    if len(found) == 1:
        return found[0]
    if found:
        raise NetmdError(f'"{name}" names {len(found)} notes: {", ".join(e.path for e in found)}; use a path')
    raise NetmdError(f'no contact or organization "{name}"{names.suggest(name)}')


# -- reading ------------------------------------------------------------------------------


def _load(index: Index, plan: Plan, path: str) -> Note:
    raw = index.vault.read(path)
    text, _ = decode(raw)
    if text is None:
        raise NetmdError(f"{path}: not UTF-8 text; nothing changed")
    note = parse_text(path, text, index.vault.config.fields)
    if note.syntax:
        p = note.syntax[0].pos
        raise NetmdError(f"{path}:{p.line}:{p.col}: {note.syntax[0].message}; fix it first, nothing changed")
    plan.texts[path], plan.raw[path] = text, raw
    return note


def _body(text: str) -> str:
    where = split(text)
    return text[where[2] :] if where is not None and not isinstance(where, Problem) else text


def _into_front_matter(plan: Plan, path: str, lines: str, what: str) -> None:
    """`lines` (each ending in a line break) added at the end of the note's front matter."""
    text = plan.texts[path]
    where = split(text)
    if where is None or isinstance(where, Problem):
        nl = _newline(text)
        plan.add(path, 0, 0, f"---{nl}{lines}---{nl}", what)
    else:
        plan.add(path, where[1], where[1], lines, what)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _aliases(note: Note) -> list[str]:
    f = note.fields.get("aliases")
    return [v.data for v in items(f.value) if isinstance(v.data, str)] if f else []


# -- links --------------------------------------------------------------------------------


def by_name(target: str, me: Entry) -> bool:
    """Whether a link `target` that resolves to `me` names it by file name, path or `name`
    (not by an alias, which stays and still resolves)."""
    key = link_key(target)
    return key in (name_key(me.stem), name_key(me.name))


def link_text(target: str, new_path: str) -> str:
    """What a link written `target` becomes when its note moves to `new_path`: a path stays a
    path, a name becomes the new file name; `.md` is kept when it was written."""
    new = new_path[:-3] if "/" in target.strip() else new_path.rsplit("/", 1)[-1][:-3]
    return new + ".md" if target.strip().lower().endswith(".md") else new


def links_to(index: Index, names: Names, me: Entry) -> Iterator[tuple[str, str, Note]]:
    """(path, text, note) of every note with a link that may name `me` (the index says which)."""
    for path in sorted(index.linking_to(name_rows(me)) | {me.path}):
        text, _ = decode(index.vault.read(path))
        if text is not None:
            yield path, text, parse_text(path, text, index.vault.config.fields)


def _relink(index: Index, names: Names, plan: Plan, me: Entry, new_path: str, skip: Collection[str] = ()) -> None:
    for path, text, note in links_to(index, names, me):
        if path in skip:
            continue
        if path not in plan.texts:
            plan.texts[path], plan.raw[path] = text, index.vault.read(path)
        elif plan.texts[path] != text:
            raise NetmdError(f"{path}: changed while the edits were planned; nothing changed, run it again")
        for link in (*note.links, *note.mentions):
            if _means(names, link, me):
                _retarget(plan, path, text, note, link, link_text(link.target, new_path))


def _means(names: Names, link: Link, me: Entry) -> bool:
    found = names.resolve(link.target)
    return len(found) == 1 and found[0].path == me.path and by_name(link.target, me)


def _retarget(plan: Plan, path: str, text: str, note: Note, link: Link, new: str) -> None:
    """One edit: the target of `link` (only its bytes) becomes `new`, escaped for its quotes."""
    m = LINK.fullmatch(text, link.pos.start, link.pos.end)
    if m is None:
        raise NetmdError(f"{path}:{link.pos.line}:{link.pos.col}: the link cannot be read back; nothing changed")
    start, end = m.span(1)
    raw = m.group(1)
    start, end = start + len(raw) - len(raw.lstrip()), end - len(raw) + len(raw.rstrip())
    value = _scalar_around(note, link)
    quote = "" if value is None or value.plain else text[value.start]
    if quote and value is not None and _escaped(new, quote) != new:
        quote = _requote(plan, path, text, value, new, link)
    written = _escaped(new, quote)
    before = m.group(0)
    after = before[: start - m.start()] + written + before[end - m.start() :]
    plan.add(path, start, end, written, f"{before} -> {after}")
    plan.links.append((path, new))


def _requote(plan: Plan, path: str, text: str, v: Value, new: str, link: Link) -> str:
    """The other quote for the value `v`, when `new` needs escaping inside its own: netmd and
    Obsidian read a link inside quotes as written, so `'[[O''Connor]]'` is not the way.
    Only the two quote characters change; the quote chosen is returned."""
    quote = text[v.start]
    other = '"' if quote == "'" else "'"
    inside = text[v.start + 1 : v.end - 1]
    if other in new or other in inside or "\\" in inside or quote in inside or "\\" in new:
        where = f"{path}:{link.pos.line}:{link.pos.col}"
        raise NetmdError(f'{where}: "{new}" cannot be written inside these quotes; nothing changed')
    plan.add(path, v.start, v.start + 1, other, f"{quote} -> {other} (the value's quotes)")
    plan.add(path, v.end - 1, v.end, other, f"{quote} -> {other} (the value's quotes)")
    return other


def _escaped(text: str, quote: str) -> str:
    """`text` as it is written inside a scalar quoted with `quote` ('' for none)."""
    if quote == "'":
        return text.replace("'", "''")
    if quote == '"':
        return text.replace("\\", "\\\\").replace('"', '\\"')
    return text


def _scalar_around(note: Note, link: Link) -> Value | None:
    """The front matter scalar holding `link` (None in the body)."""
    if link.field is None or link.field not in note.fields:
        return None
    for v in _scalars(note.fields[link.field].value):
        if v.start <= link.pos.start and link.pos.end <= v.end:
            return v
    return None


def _scalars(v: Value) -> Iterator[Value]:
    if v.items:
        for item in v.items:
            yield from _scalars(item)
    else:
        yield v


def _relinked_text(names: Names, body: str, me: Entry, new_path: str) -> str:
    """`body` with its links to `me` leading to `new_path` (the body of a merged note)."""
    from netmd.parse.body import scan

    plan = Plan(texts={"": body})
    for link in scan(body, 0).get("mentions", ()):
        if _means(names, link, me):
            _retarget(plan, "", body, Note(""), link, link_text(link.target, new_path))
    return plan.result("")


# -- fields -------------------------------------------------------------------------------


def _rename_field(plan: Plan, note: Note, new: str) -> None:
    f = note.fields.get("name")
    if f is None or not isinstance(f.value.data, str):
        return
    v, text = f.value, plan.texts[note.path]
    written = new if v.plain and _plain_reads(new) else quoted(new)
    plan.add(note.path, v.start, v.end, written, f"name: {text[v.start : v.end]} -> {written}")


def _plain_reads(text: str) -> bool:
    note = parse_text("", f"---\nname: {text}\n---\n", {})
    return not note.syntax and note.get("name") == text


def _add_aliases(plan: Plan, note: Note, wanted: list[str], names: list[str]) -> None:
    """`wanted` added to the note's `aliases`, but for those it has and its `names` after the change."""
    text, nl = plan.texts[note.path], _newline(plan.texts[note.path])
    have = {name_key(a) for a in [*_aliases(note), *names]}
    new = []
    for a in wanted:
        if name_key(a) not in have:
            have.add(name_key(a))
            new.append(quoted(a))
    if not new:
        return
    what = f"aliases: + {', '.join(new)}"
    f = note.fields.get("aliases")
    if f is None:
        _into_front_matter(plan, note.path, f"aliases: [{', '.join(new)}]{nl}", what)
        return
    v = f.value
    if v.tag == "seq" and v.flow and text[v.end - 1 : v.end] == "]":
        sep = ", " if v.items else ""
        plan.add(note.path, v.end - 1, v.end - 1, sep + ", ".join(new), what)
    elif v.tag == "seq" and v.items:
        last = v.items[-1]
        line_start = text.rfind("\n", 0, last.start) + 1
        indent = text[line_start : text.rfind("-", line_start, last.start)]
        end = _line_end(text, last.end)
        plan.add(note.path, end, end, "".join(f"{nl}{indent}- {a}" for a in new), what)
    elif v.tag == "str":
        plan.add(note.path, v.start, v.end, f"[{text[v.start : v.end]}, {', '.join(new)}]", what)
    else:  # `aliases:` with nothing after it
        end = _line_end(text, v.start if v.start > 0 else 0)
        plan.add(note.path, end, end, f" [{', '.join(new)}]", what)


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return end - 1 if text[end - 1 : end] == "\r" else end


def _copy_fields(plan: Plan, a: Note, b: Note) -> None:
    """B's fields that A lacks, as B wrote them, added at the end of A's front matter; a field
    both have with other values is listed as kept."""
    text_a, text_b = plan.texts[a.path], plan.texts[b.path]
    nl = _newline(text_a)
    for key, f in b.fields.items():
        if key in ("aliases", "name", "type"):
            continue  # (B's name and aliases become A's aliases)
        mine = a.fields.get(key)
        if mine is None:
            start = _line_start(text_b, f.key_line)
            lines = text_b[start : _line_end(text_b, max(f.value.start, f.value.end - 1))].replace("\r\n", "\n")
            _into_front_matter(plan, a.path, lines.replace("\n", nl) + nl, f"+ {key} (from {b.path})")
        elif mine.value.data != f.value.data:
            ours = text_a[mine.value.start : mine.value.end]
            theirs = text_b[f.value.start : f.value.end]
            plan.notes.append((b.path, f":{f.key_line}:{f.key_col}: {key}: kept {ours} (from {a.path}), not {theirs}"))


def _line_start(text: str, line: int) -> int:
    at = 0
    for _ in range(line - 1):
        at = text.index("\n", at) + 1
    return at


# -- checking the plan --------------------------------------------------------------------


def _check(index: Index, plan: Plan, new: str, same_links: bool = True) -> None:
    """Every note as planned still reads: no YAML error the note did not have, and as many links."""
    for p in plan.changed():
        before = parse_text(p, plan.texts[p], index.vault.config.fields)
        after = parse_text(p, plan.result(p), index.vault.config.fields)
        if after.syntax and not before.syntax:
            pos = after.syntax[0].pos
            raise NetmdError(
                f'{p}:{pos.line}:{pos.col}: "{new}" cannot be written here ({after.syntax[0].message}); nothing changed'
            )
        if same_links and len(after.links) + len(after.mentions) != len(before.links) + len(before.mentions):
            raise NetmdError(f'{p}: "{new}" would change what its links are; nothing changed')
        read = Counter(link.target for link in (*after.links, *after.mentions))
        for target, n in Counter(t for q, t in plan.links if q == p).items():
            if read[target.strip()] < n:
                raise NetmdError(f'{p}: a link to "{new}" would not read back as written; nothing changed')
