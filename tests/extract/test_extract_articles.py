"""Whole articles written for these tests (tests/extract/articles/): other conflicts, other speakers,
other wording than the seed — what a reader of each would expect the extractor to find."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplograph.extract import extract, read_article
from diplograph.model import Extraction, Statement

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="module")
def kabul() -> Extraction:
    return extract(read_article(ARTICLES / "kabul-talks.json"))


@pytest.fixture(scope="module")
def donbas() -> Extraction:
    return extract(read_article(ARTICLES / "donbas-shelling.txt"))


@pytest.fixture(scope="module")
def gaza() -> Extraction:
    return extract(read_article(ARTICLES / "gaza-ceasefire.txt"))


@pytest.fixture(scope="module")
def trade() -> Extraction:
    return extract(read_article(ARTICLES / "trade-talks.txt"))


def about(ex: Extraction, fragment: str) -> Statement:
    hits = [s for s in ex.statements if fragment in s.content.text]
    assert hits, f"no statement with {fragment!r} in {[s.content.text for s in ex.statements]}"
    return hits[0]


def speakers(st: Statement) -> list[str]:
    return [a.label for a in st.speakers]


@pytest.mark.parametrize("name", ["kabul-talks.json", "donbas-shelling.txt", "gaza-ceasefire.txt", "trade-talks.txt"])
def test_every_span_indexes_the_text_as_read(name: str) -> None:
    article = read_article(ARTICLES / name)
    ex = extract(article)
    spans = [sp for st in ex.statements for sp in (st.content, st.cue, st.source) if sp is not None]
    spans += [a.act for a in ex.accusations] + [m for c in ex.ceasefires for m in c.mentions]
    assert spans
    for sp in spans:
        assert article.text[sp.start:sp.end] == sp.text
        assert sp.start >= article.body_start  # never inside the dateline


def test_kabul_the_ministry_the_minister_she_and_the_spokesman(kabul: Extraction) -> None:
    assert speakers(about(kabul, "send a delegation")) == ["Afghanistan's foreign ministry"]
    warning = about(kabul, "must first halt attacks")
    assert warning.act == "warning" and warning.date == "2021-07-13"
    ready = about(kabul, "ready to sit at the table")
    assert (ready.mode, speakers(ready), ready.addressee) == ("direct", ["Nadia Rahimi"], "reporters")
    assert speakers(about(kabul, "Talks without a ceasefire")) == ["Nadia Rahimi"]
    assert speakers(about(kabul, "offered a 10-day truce")) == ["Nadia Rahimi"]
    denial = about(kabul, "had been offered anything")
    assert (speakers(denial), denial.act) == (["Qari Yusuf"], "denial")


def test_kabul_stance_appeal_and_the_counted_dead(kabul: Extraction) -> None:
    alarm = about(kabul, "civilian toll")
    assert (speakers(alarm), alarm.act) == (["Markus Pohl"], "concern")
    assert about(kabul, "protect civilians").act == "appeal"
    [report] = kabul.casualty_reports
    assert (report.killed, report.wounded, report.including, report.place) == (23, 12, {"children": 9}, "Ghazni")
    assert report.date == "2021-07-12" and report.reported_by == "provincial health department"
    assert [a.accused for a in kabul.accusations] == [["insurgents"]]


def test_donbas_accusation_rejection_and_quotes(donbas: Extraction) -> None:
    [acc] = donbas.accusations
    assert [a.label for a in acc.accuser] == ["Ukraine"]
    assert acc.accused == ["Russian-backed separatists"] and acc.date == "2015-02-12"
    assert acc.act.text.startswith("shelling the town of Debaltseve")
    rejected = about(donbas, "crossed the border")
    assert (speakers(rejected), rejected.act) == (["Russia"], "rejection")
    second = about(donbas, "49 times overnight")
    assert (second.mode, speakers(second)) == ("direct", ["Andriy Lysenko"])
    assert about(donbas, "\u201cabsurd").act == "rejection"


def test_donbas_she_and_the_added_clause(donbas: Extraction) -> None:
    worried = about(donbas, "truce could collapse")
    assert (speakers(worried), worried.act) == (["Angela Merkel"], "concern")
    assert speakers(about(donbas, "Nothing is guaranteed")) == ["Angela Merkel"]
    assert speakers(about(donbas, "next few days would be decisive")) == ["Angela Merkel"]
    [report] = donbas.casualty_reports
    assert (report.killed, report.wounded, report.who) == (5, 26, "soldiers")


def test_gaza_truces_casualties_and_the_quote_that_continues(gaza: Extraction) -> None:
    [cf] = gaza.ceasefires
    assert cf.location == "Gaza Strip" and cf.declared_by == ["Egypt"]
    toll = next(r for r in gaza.casualty_reports if r.killed == 2100)
    assert toll.including == {"children": 490} and toll.since == "2014-07-08"
    assert any(r.killed == 70 and r.including == {"soldiers": 64, "civilians": 6} for r in gaza.casualty_reports)
    assert speakers(about(gaza, "resistance has achieved")) == ["Sami Abu Zuhri"]
    assert about(gaza, "respond forcefully").addressee == "BBC"
    welcomed = about(gaza, "the truce")
    assert (speakers(welcomed), welcomed.act) == (["Ban Ki-moon"], "praise")


def test_trade_talks_meeting_and_statements(trade: Extraction) -> None:
    assert speakers(about(trade, "ended in Washington")) == ["White House"]
    [meeting] = trade.meetings
    assert meeting.participants == ["United States", "China"]
    assert meeting.outcome is not None and meeting.outcome.text == "ended in Washington on Friday without a deal"
    assert speakers(about(trade, "equal footing")) == ["Liu He"]
    assert about(trade, "equal footing").act == "demand"
    assert speakers(about(trade, "hurt American farmers")) == ["economists"]
    assert not any("next round" in s.content.text for s in trade.statements)  # "did not say when"
