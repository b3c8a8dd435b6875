"""Dates in reporting, resolved against the article's date.

News copy dates events relative to the day it was filed: "on Monday" is the latest Monday on or
before the dateline, "Oct. 15" the nearest such day (last year's, when it would lie months
ahead), "yesterday" the day before. :func:`resolve` turns such an expression into a day;
:func:`resolve_start` also accepts periods ("last week", "last month", "at the weekend") and
gives their first day, as "since last week" needs.

>>> import datetime as dt
>>> monday = dt.date(2016, 10, 24)
>>> resolve("on Friday", monday), resolve("Oct. 15", monday), resolve_start("last week", monday)
(datetime.date(2016, 10, 21), datetime.date(2016, 10, 15), datetime.date(2016, 10, 17))
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}

_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+(\d{{4}}))?", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)

#: How far ahead of the article a month-day date may lie before it is read as last year's.
AHEAD = dt.timedelta(days=180)


def parse_iso(value: str | None) -> dt.date | None:
    """An ISO date (the first ten characters of the value), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def weekday_before(anchor: dt.date, weekday: str, *, inclusive: bool = True) -> dt.date:
    """The latest ``weekday`` on or before the anchor (news speaks of the days just past)."""
    target = WEEKDAYS.index(weekday.lower())
    delta = (anchor.weekday() - target) % 7
    if delta == 0 and not inclusive:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def weekend_end(anchor: dt.date) -> dt.date:
    """The Saturday of the weekend before the anchor ('at the weekend')."""
    return weekday_before(anchor, "saturday", inclusive=False)


def _month_day(month: str, day: str, year: str | None, anchor: dt.date) -> dt.date | None:
    try:
        candidate = dt.date(int(year) if year else anchor.year, MONTHS[month[:3].lower()], int(day))
    except ValueError:
        return None
    if not year and candidate - anchor > AHEAD:  # "Dec. 30" in a January article is last year's
        candidate = candidate.replace(year=anchor.year - 1)
    return candidate


def resolve(expression: str, anchor: dt.date | None) -> dt.date | None:
    """The day an expression names: 'Monday', 'on Friday', 'Oct. 15', '15 October 2016',
    'yesterday', 'today'; None for anything else (periods included) or without an anchor."""
    if anchor is None:
        return None
    m = _MONTH_DAY.search(expression)
    if m:
        return _month_day(m.group(1), m.group(2), m.group(3), anchor)
    m = _DAY_MONTH.search(expression)
    if m:
        return _month_day(m.group(2), m.group(1), m.group(3), anchor)
    text = expression.lower()
    m = _WEEKDAY.search(text)
    if m:
        day = weekday_before(anchor, m.group(1))
        if re.search(rf"\blast\s+{m.group(1)}\b", text) and day == anchor:
            day -= dt.timedelta(days=7)
        return day
    if re.search(r"\byesterday\b", text):
        return anchor - dt.timedelta(days=1)
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", text):
        return anchor
    return None


def resolve_start(expression: str, anchor: dt.date | None) -> dt.date | None:
    """The first day of what an expression names: a day as :func:`resolve` reads it, or a period
    ('last week' → its Monday, 'last month' → its first day, 'the weekend' → its Saturday)."""
    day = resolve(expression, anchor)
    if day is not None or anchor is None:
        return day
    text = expression.lower()
    if re.search(r"\blast\s+week\b", text):
        return anchor - dt.timedelta(days=anchor.weekday() + 7)
    if re.search(r"\bthis\s+week\b", text):
        return anchor - dt.timedelta(days=anchor.weekday())
    if re.search(r"\blast\s+month\b", text):
        first = anchor.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1)
    if re.search(r"\bweekend\b", text):
        return weekend_end(anchor)
    return None
