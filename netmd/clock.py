"""The one place that says what day it is (SPEC §3 `--today`, promise 7), and date arithmetic
that cannot fall off the calendar."""

from __future__ import annotations

import datetime as dt
import re

_FIRST, _LAST = dt.date.min.toordinal(), dt.date.max.toordinal()


def today(value: str | None = None) -> dt.date:
    """The day every date-dependent answer uses: `value` (from --today/NETMD_TODAY) or the clock."""
    if value:
        return iso_day(value)
    return dt.date.today()


def iso_day(text: str) -> dt.date:
    """A day written YYYY-MM-DD, as the user gives one (`ValueError` for anything else: Python
    3.11's `fromisoformat` also reads 20261125 and 2026-W48-3, 3.10's does not)."""
    if not _ISO_DAY.fullmatch(text):
        raise ValueError(f"not a date like 2026-11-25: {text!r}")
    return dt.date.fromisoformat(text)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def add_days(day: dt.date, days: int) -> dt.date | None:
    """The day `days` after `day` (before it, when negative), or None when that day is outside
    the calendar (after 9999-12-31, before 0001-01-01). Past the last day means "never": a
    meeting on 9999-12-31 has no tomorrow, and a deadline it would set never comes."""
    n = day.toordinal() + days
    return dt.date.fromordinal(n) if _FIRST <= n <= _LAST else None


def add_days_within(day: dt.date, days: int) -> dt.date:
    """`add_days`, held at the calendar's first or last day: for a day that must exist, such as
    the first day of the week of 0001-01-01, or a deadline shown in a note."""
    return dt.date.fromordinal(min(max(day.toordinal() + days, _FIRST), _LAST))


def week_label(day: dt.date) -> str:
    """The ISO week of `day` as YYYY-Www, the year in four digits (0001-W01, not 1-W01)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"
