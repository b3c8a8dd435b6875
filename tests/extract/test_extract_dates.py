"""Relative dates of news copy, resolved against the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph.extract.dates import parse_iso, resolve, resolve_start, weekend_end

MONDAY = dt.date(2016, 10, 24)


@pytest.mark.parametrize(("expression", "day"), [
    ("Monday", dt.date(2016, 10, 24)),  # the article's own day
    ("on Friday", dt.date(2016, 10, 21)),
    ("Saturday", dt.date(2016, 10, 22)),
    ("last Monday", dt.date(2016, 10, 17)),
    ("Oct. 15", dt.date(2016, 10, 15)),
    ("October 15", dt.date(2016, 10, 15)),
    ("15 October", dt.date(2016, 10, 15)),
    ("Nov. 8", dt.date(2016, 11, 8)),  # a few weeks ahead: this year's
    ("March 3, 2011", dt.date(2011, 3, 3)),
    ("yesterday", dt.date(2016, 10, 23)),
    ("this morning", MONDAY),
])
def test_day_expressions(expression: str, day: dt.date) -> None:
    assert resolve(expression, MONDAY) == day


def test_a_date_far_ahead_of_a_january_article_is_last_years() -> None:
    assert resolve("Dec. 30", dt.date(2017, 1, 3)) == dt.date(2016, 12, 30)


def test_no_day_without_an_anchor_or_for_periods() -> None:
    assert resolve("on Friday", None) is None
    assert resolve("last week", MONDAY) is None
    assert resolve("in recent days", MONDAY) is None


@pytest.mark.parametrize(("expression", "start"), [
    ("last week", dt.date(2016, 10, 17)),
    ("this week", dt.date(2016, 10, 24)),
    ("last month", dt.date(2016, 9, 1)),
    ("the weekend", dt.date(2016, 10, 22)),
    ("Thursday", dt.date(2016, 10, 20)),
])
def test_periods_start_where_a_since_needs(expression: str, start: dt.date) -> None:
    assert resolve_start(expression, MONDAY) == start


def test_weekend_and_iso_helpers() -> None:
    assert weekend_end(MONDAY) == dt.date(2016, 10, 22)
    assert parse_iso("2016-10-24T08:00:00Z") == MONDAY
    assert parse_iso("24/10/2016") is None
    assert parse_iso(None) is None
