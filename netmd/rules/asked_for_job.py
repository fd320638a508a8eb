"""An information or referral meeting whose purposes or agenda ask for a job.

## What it does
Reports an information or referral meeting whose `purposes` name a job, or whose body
asks for one ("ask for a job", "ask if they are hiring", "ask about open positions",
"are you hiring", "could you refer me for the backend role", "is there a position for
me"). A line that says you did not or will not ask ("don't ask for a job", "I didn't ask,
but they are hiring") is fine.

## Why is this bad?
The information meeting is for advice, industry information and referrals. Asking for
a job turns a conversation into a rejection, and closes the door to referrals.

## Example
```markdown
## Agenda
- Ask if they are hiring backend engineers
```

## Use instead
```markdown
## Agenda
- Which teams are solving the hardest grid problems? Whom should I talk to?
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from netmd.context import Context
from netmd.diagnostics import Severity
from netmd.note import Note, Pos, Problem
from netmd.schema import items, netmd_type

CODE = "NM404"
NAME = "asked-for-job"
SEVERITY = Severity.WARNING
SCOPE = "note"

JOB = re.compile(r"\b(jobs?|hire|hiring|employment|vacanc\w*|openings?|open (positions?|roles?)|positions?)\b", re.I)
ROLE = r"\b(roles?|jobs?|positions?|openings?|vacanc\w*)\b"
ASK = re.compile(
    r"\b(ask|asking|request|beg)\b.{0,40}" + JOB.pattern + r"|\bare (you|they) hiring\b"
    r"|\b(could|can|would|will) (you|they) refer me\b.{0,40}" + ROLE + r"|\bis there (a|an|any) \w*\s?"
    r"(position|role|job|opening)s? (for me|I could)",
    re.I,
)
NOT = re.compile(r"\b(not|don't|do not|never|no|didn't|did not|won't|will not)\b", re.I)
KINDS = ("information", "referral")  # the meetings that are for advice and referrals


def check(note: Note, ctx: Context) -> Iterator[Problem]:
    if netmd_type(note) != "meeting" or note.get("kind", "information") not in KINDS:
        return
    f = note.fields.get("purposes")
    for v in items(f.value) if f else ():
        if isinstance(v.data, str) and JOB.search(v.data):
            yield Problem(v.pos, f'purpose "{v.data}" asks for a job; an information meeting asks for advice')
    body = note.body
    folded = body.lower()
    if "hiring" not in folded and not any(w in folded for w in ("ask", "request", "beg", "refer me", "is there")):
        return  # neither way of asking is there (a quick test: most notes have no such word)
    for m in ASK.finditer(body):
        if NOT.search(body[max(0, m.start() - 30) : m.start() + 12]):  # "I'm not (wrapped) asking for a job"
            continue
        line = note.body_line + body.count("\n", 0, m.start())
        col = m.start() - body.rfind("\n", 0, m.start())
        yield Problem(Pos(line, col, -1, -1), f'"{m.group(0)}": ask for advice and referrals, not a job')
