"""The one place that says what day it is (SPEC §3 `--today`, promise 7)."""

from __future__ import annotations

import datetime as dt


def today(value: str | None = None) -> dt.date:
    """The day every date-dependent answer uses: `value` (from --today/NETMD_TODAY) or the clock."""
    if value:
        return dt.date.fromisoformat(value)
    return dt.date.today()
