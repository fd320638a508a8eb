"""A field no schema names, with a did-you-mean when it looks like a typo.

## What it does
Reports, as information, a property in a netmd note that its type does not define.
Extra fields are allowed (they are yours); this rule points out the ones that look like a
misspelling of a field netmd reads. Obsidian's own properties (`tags`, `aliases`,
`cssclasses`, `publish`, `permalink`, `description`, `image`, `cover`) are never reported,
nor a key `[fields]` leaves to the vault beside the one it maps (its `type:` beside `kind:`
when `kind = "type"`); alone, such a key is reported, as netmd does not read it.
Turn it off with `unknown-field = "off"` in `[lint]`, or map a vault's own key onto a netmd
field in `[fields]`.

## Why is this bad?
`organisation:` is not `organization:`: the contact silently loses its employer.

## Example
`organisation: "[[Initech]]"`

## Use instead
`organization: "[[Initech]]"`
"""

from __future__ import annotations

from collections.abc import Iterator

from netmd.config import OWN
from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Problem
from netmd.schema import kinds, netmd_type, typed_fields
from netmd.textutil import did_you_mean

CODE = "NM204"
NAME = "unknown-field"
SEVERITY = Severity.INFO
SCOPE = "note"


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    for key, f, kind in typed_fields(note):
        if key.startswith(OWN):  # `[fields]` names another key for this field: this one is the vault's
            netmd = key[len(OWN) :]
            if netmd not in note.fields:  # beside the mapped key (kepano's `type:`) it is quiet; alone, it is lost
                mapped = " or ".join(f'"{k}"' for k, v in sorted(ctx.config.fields.items()) if v == netmd)
                yield Problem(f.key_pos, f'"{f.raw_key}" is not read as {netmd}: [fields] reads {mapped} as it')
        elif kind is None:
            t = netmd_type(note)
            hint = did_you_mean(key, kinds(t)) if t else ""
            yield Problem(f.key_pos, f'"{f.raw_key}" is not a {t} field{hint}')
