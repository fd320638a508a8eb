"""Tasks as a Tasks plugin user writes them, including the odd ones: a date alone, a block id
that is not one (`^a_1`: Obsidian's ids are letters, digits and dashes), callouts in callouts."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import contact, lint_vault, write_vault

BODY = """> [!todo] Calls
> - [ ] in a callout 📅 2026-11-20
>> - [ ] in a callout in a callout 📅 2026-11-21
> > - [x] done ✅ 2026-11-01 📅 2026-11-01
- [ ] both ⏳ 2026-11-10 📅 2026-11-24
- [ ] a block id 📅 2026-11-19 ^a-1
- [ ] not a block id 📅 2026-11-18 ^a_1
- [ ] a^b is text 🗓️ 2026-11-17
- [ ] 📅 2026-11-11
> ```
> - [ ] in code in a callout 📅 2026-11-01
> ```
"""


def test_overdue_tasks_read_as_the_tasks_plugin_reads_them(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {"contacts/Ada.md": contact() + BODY})
    found = [(d.line, d.message) for d in lint_vault(root) if d.code == "NM405"]
    assert found == [
        (6, '"in a callout" was due 2026-11-20 (5 days ago)'),
        (7, '"in a callout in a callout" was due 2026-11-21 (4 days ago)'),
        (9, '"both" was due 2026-11-24 (1 day ago)'),
        (10, '"a block id" was due 2026-11-19 (6 days ago)'),
        (11, '"not a block id ^a_1" was due 2026-11-18 (7 days ago)'),
        (12, '"a^b is text" was due 2026-11-17 (8 days ago)'),
        (13, "a task was due 2026-11-11 (14 days ago)"),
    ]
