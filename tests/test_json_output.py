"""`lint --format json` writes each diagnostic by hand: byte for byte what `json.dumps` writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from netmd.diagnostics import Diagnostic, Severity, format_json

text = st.text(st.characters(), max_size=40)  # control characters, quotes, backslashes, astral, surrogates
diagnostic = st.builds(
    Diagnostic,
    text,
    st.integers(0, 10**9),
    st.integers(0, 10**9),
    text,
    text,
    st.sampled_from(list(Severity)),
    text,
    st.sampled_from([(), ((0, 1, "x"),)]),
)


def reference(diags: list[Diagnostic], files: list[str] | None) -> str:
    dicts = [d.as_dict() for d in diags]
    if files is not None:
        dicts = [{"path": d["path"], "file": f, **d} for d, f in zip(dicts, files)]
    lines = [json.dumps(d, ensure_ascii=False) for d in dicts]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(diagnostic, max_size=5), st.booleans(), st.data())
def test_each_object_is_what_json_dumps_writes(diags, with_files, data):
    files = data.draw(st.lists(text, min_size=len(diags), max_size=len(diags))) if with_files else None
    assert format_json(diags, files) == reference(diags, files)
