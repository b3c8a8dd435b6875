"""Dates in reporting: weekdays and month-day dates resolved against the article date."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

_MONTH_DAY = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b")


def parse_iso(value: str | None) -> dt.date | None:
    """An ISO date, or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def weekday_before(anchor: dt.date, weekday: str, *, inclusive: bool = True) -> dt.date:
    """The latest ``weekday`` on or before the anchor (news speaks of the past week)."""
    target = WEEKDAYS.index(weekday.lower())
    delta = (anchor.weekday() - target) % 7
    if delta == 0 and not inclusive:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def resolve(expression: str, anchor: dt.date | None) -> dt.date | None:
    """A date for 'Monday', 'on Friday', 'Oct. 15', 'yesterday', 'last week' … or None."""
    if anchor is None:
        return None
    text = expression.lower()
    for day in WEEKDAYS:
        if re.search(rf"\b{day}\b", text):
            return weekday_before(anchor, day)
    m = _MONTH_DAY.search(expression)
    if m:
        month = MONTHS[m.group(1)[:3].lower()]
        try:
            candidate = dt.date(anchor.year, month, int(m.group(2)))
        except ValueError:
            return None
        # a date months ahead of a dateline in January is last year's
        if candidate - anchor > dt.timedelta(days=180):
            candidate = candidate.replace(year=anchor.year - 1)
        return candidate
    if re.search(r"\byesterday\b", text):
        return anchor - dt.timedelta(days=1)
    if re.search(r"\b(today|tonight|this morning|this evening)\b", text):
        return anchor
    return None


def weekend_end(anchor: dt.date) -> dt.date:
    """The Saturday of the weekend before the anchor ('at the weekend')."""
    return weekday_before(anchor, "saturday", inclusive=False)
