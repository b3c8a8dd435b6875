"""The plans of a page query — sorting every match, or reading from the newest date down (a day
per query, or windows of days joined with the most selective constraint) — give the same pages,
cursors included; and selections build only safe queries."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph import queries
from diplograph.namespaces import ACT, DG
from diplograph.profiles import load_index
from diplograph.store.embedded import EmbeddedStore


def walk(store: EmbeddedStore, kind: str, sel: queries.Selection, limit: int, dates: list[str] | None) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        subjects, cursor = queries.select_page(store, sel, cursor, limit, dates)
        pages.append(subjects)
        if cursor is None:
            return pages


@pytest.mark.parametrize("limit", [1, 3, 50])
def test_day_by_day_pages_equal_sorted_pages(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    index = load_index(store)
    assert index.dates == sorted(index.dates, reverse=True) and index.dates
    selections = {
        "everything": queries.selection("statement"),
        "one speaker": queries.selection("statement", links=[(str(DG.speaker), index.resolve("Lavrov"))]),
        "one act": queries.selection("statement", fixed=[(str(DG.speechAct), str(ACT.rejection))]),
        "a range": queries.selection("statement", date_from=index_date(index.dates, -1), date_to=index_date(index.dates, 0)),
        "two speakers and a place": queries.selection("statement", links=[
            (str(DG.speaker), index.resolve("Lavrov") + index.resolve("Ryabkov")), (str(DG.about), index.resolve("Aleppo"))]),
        "accused, one act": queries.selection("accusation", links=[(str(DG.accused), index.resolve("Ahrar al-Sham"))],
                                              fixed=[(str(DG.speechAct), str(ACT.accusation))]),
        "a speaker in a range": queries.selection("statement", links=[(str(DG.speaker), index.resolve("Russia"))],
                                                  date_from=index_date(index.dates, -1), date_to=index_date(index.dates, 0)),
        "accusations": queries.selection("accusation"),
        "text": queries.selection("statement", text="the"),
    }
    for name, sel in selections.items():
        sorted_pages = walk(store, "statement", sel, limit, None)
        monkeypatch.setattr(queries, "DRIVE_LIMIT", 1)  # every constraint counts as large
        daily_pages = walk(store, "statement", sel, limit, index.dates)
        monkeypatch.undo()
        assert daily_pages == sorted_pages, name
        assert sum(len(p) for p in sorted_pages) == queries.count(store, sel), name


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_windows_too_short_for_a_page_leave_the_rest_to_the_sorting_plan(
        store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    index = load_index(store)
    sel = queries.selection("statement", links=[(str(DG.about), index.resolve("Aleppo"))])
    sorted_pages = walk(store, "statement", sel, limit, None)
    for name, value in (("DRIVE_LIMIT", 1), ("FIRST_WINDOW", 1), ("WINDOW_DAYS", 1), ("DAY_STEPS", 1)):
        monkeypatch.setattr(queries, name, value)
    assert walk(store, "statement", sel, limit, index.dates) == sorted_pages
    assert sum(len(p) for p in sorted_pages) == queries.count(store, sel) > limit


def index_date(dates: list[str], at: int) -> dt.date:
    return dt.date.fromisoformat(dates[at])


def test_undated_statements_come_last_in_both_plans(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    index = load_index(store)
    sel = queries.selection("statement")
    monkeypatch.setattr(queries, "DRIVE_LIMIT", 1)
    every = [s for page in walk(store, "statement", sel, 500, index.dates) for s in page]
    records = queries.records(store, "statement", every)
    dated = [r["date"] is not None for r in records]
    assert dated == sorted(dated, reverse=True)


def test_the_smallest_constraint_is_counted_up_to_a_cap(store: EmbeddedStore) -> None:
    index = load_index(store)
    lavrov = index.resolve("Lavrov")
    sel = queries.selection("statement", links=[(str(DG.speaker), lavrov)])
    said = queries.count(store, sel)
    assert queries.smallest_match(store, sel, cap=1000) == said
    assert queries.smallest_match(store, sel, cap=2) == min(2, said)
    assert queries.smallest_match(store, queries.selection("statement"), cap=7) == 7


@pytest.mark.parametrize("limit", [1, 2, 50])
def test_one_constraint_sorted_then_checked_gives_the_sorted_pages(store: EmbeddedStore, limit: int) -> None:
    # a single constraint under the drive limit: its matches are sorted first and the class
    # checked on the page; accusations by a speaker turn most of the speaker's statements away,
    # so the page is made up from later batches
    index = load_index(store)
    selections = {
        "one speaker": queries.selection("statement", links=[(str(DG.speaker), index.resolve("Lavrov"))]),
        "accusations by a speaker": queries.selection("accusation", links=[(str(DG.speaker), index.resolve("Lavrov"))]),
        "two speakers": queries.selection("statement", links=[(str(DG.speaker), index.resolve("Lavrov") + index.resolve("Ryabkov"))]),
        "one act": queries.selection("statement", fixed=[(str(DG.speechAct), str(ACT.rejection))]),
    }
    for name, sel in selections.items():
        sorted_pages = walk(store, "statement", sel, limit, None)
        assert walk(store, "statement", sel, limit, index.dates) == sorted_pages, name
        assert sum(len(p) for p in sorted_pages) == queries.count(store, sel), name
    accusations = selections["accusations by a speaker"]
    statements = selections["one speaker"]
    assert 0 < queries.count(store, accusations) < queries.count(store, statements)


def test_counts_that_chose_a_plan_are_kept_by_the_index(store: EmbeddedStore) -> None:
    index = load_index(store)
    sel = queries.selection("statement", links=[(str(DG.speaker), index.resolve("Lavrov"))])
    first = queries.select_page(store, sel, None, 2, index.dates, index.match_counts)
    assert index.match_counts and all(n == queries.count(store, sel) for n in index.match_counts.values())
    # a count kept is used as it stands: it picks the plan, and each plan gives the same page
    for key in index.match_counts:
        index.match_counts[key] = queries.DRIVE_LIMIT
    assert queries.select_page(store, sel, None, 2, index.dates, index.match_counts) == first
