"""`netmd init`: a new vault's config, folders, .gitignore and, on request, a few sample notes."""

from __future__ import annotations

from pathlib import Path

from netmd import bases
from netmd.config import CONFIG_NAME, DEFAULTS
from netmd.fsutil import confine, read_existing, write_atomic

CONFIG = """\
# netmd vault settings. Every key is optional; the values below are the defaults.
# Each is explained in the "Configuration" section of netmd's README.md.
[vault]
name = "My network"
owner = ""
week_start = "monday"
ignore = []                 # globs of paths netmd skips, e.g. ["Archive/**"]

[folders]
contacts = "contacts"
organizations = "organizations"
meetings = "meetings"
pitch = "pitch"
opportunities = "opportunities"
dashboards = "dashboards"
templates = "templates"

[method]
max_meeting_minutes = 30    # information and referral meetings
thank_you_within_days = 2
weekly_meeting_goal = 5
words_per_minute = 150      # to time the elevator pitch
cadence_days = { A = 90, B = 60, C = 30 }
referral_contact_days = 14   # meet a referral within this many days

[lint]                      # per-rule severity: "error", "warning", "info" or "off"
# no-help-offered = "off"

[fields]                    # read your vault's own keys as netmd fields
# Company = "organization"
"""

SAMPLE = {
    "contacts/Ada Lovelace.md": """---
type: contact
list: B
organization: "[[Analytical Engines]]"
role: Head of Research
decision_maker: true
email: ada@example.org
follow_up: {today}
---
Former manager. Knows everyone in computing research.
""",
    "contacts/Charles Babbage.md": """---
type: contact
list: A
role: Inventor
referred_by: "[[Ada Lovelace]]"
---
""",
    "organizations/Analytical Engines.md": """---
type: organization
target: true
stage: networking
industry: Computing
why: Builds the machines I want to program.
priority: 1
---
""",
    "meetings/{today} Ada Lovelace.md": """---
type: meeting
date: {today}
time: "10:00"
duration: 30
with: ["[[Ada Lovelace]]"]
kind: information
purposes: [advice, referrals]
---
## Notes

## After the meeting
- [ ] Send a thank-you note to [[Ada Lovelace]] 📅 {today}
""",
    "pitch/Elevator pitch.md": """---
type: pitch
updated: {today}
target_seconds: 120
---
I am a software engineer who turns research prototypes into products people rely on.
""",
}


def init(folder: Path, *, sample: bool, today: str) -> list[tuple[str, str]]:
    """Create what is missing; never overwrite, and never through a link out of `folder`.
    Returns what was done to each path ("created", or "updated" for a `.gitignore` that was
    there), with the path relative to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    existing = read_existing(confine(root, root / ".gitignore", "not read"))
    gitignore = existing or b""
    wanted: dict[str, bytes | None] = {CONFIG_NAME: CONFIG.encode()}  # (None: a folder)
    wanted.update({name + "/": None for name in DEFAULTS["folders"].values()})
    wanted[bases.FILE_NAME] = bases.text().encode()  # Obsidian Bases views (netmd/bases.py)
    if not {b".netmd/", b".netmd"} & {line.strip() for line in gitignore.splitlines()}:
        sep = b"" if not gitignore or gitignore.endswith(b"\n") else b"\n"
        wanted[".gitignore"] = gitignore + sep + b".netmd/\n"
    if sample:
        wanted.update({rel.format(today=today): text.format(today=today).encode() for rel, text in SAMPLE.items()})
    created = [rel for rel in wanted if rel == ".gitignore" or not (root / rel).exists()]
    for rel in created:  # every one checked before anything is written
        confine(root, root / rel)
    for rel in created:
        data = wanted[rel]
        if data is None:
            (root / rel).mkdir(parents=True)
        else:
            write_atomic(root / rel, data, root=root)
    return [("updated" if rel == ".gitignore" and existing is not None else "created", rel) for rel in created]
