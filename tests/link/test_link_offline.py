"""Offline linking from the gazetteer: unambiguous names only, metonymy for speakers."""

from __future__ import annotations

import datetime as dt

from diplograph.link.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from diplograph.link.wikidata import link, link_extraction
from diplograph.model import Accusation, AgentRef, ArticleMeta, Entity, Extraction, Span, Statement


def _statement(*speakers: AgentRef) -> Statement:
    return Statement(list(speakers), Span("x", 0, 1), "indirect", "assertion")


def test_entities_get_the_qid_their_names_point_to() -> None:
    ex = Extraction(ArticleMeta(dateline="MOSCOW"), entities=[
        Entity("Moscow", "Place", mentions=["MOSCOW"]),
        Entity("Idlib Governorate", "Place", mentions=["Idlib province"]),
        Entity("Khan Sheikhun", "Place", mentions=["Khan Sheikhun"]),
        Entity("Agence France-Presse", "NewsAgency", mentions=["AFP"]),
    ])
    linked, records = link_extraction(ex, today=dt.date(2016, 10, 24))
    assert [e.wikidata for e in linked.entities] == ["Q649", "Q233218", "Q603516", "Q40464"]
    assert {(r.method, r.score, r.date) for r in records} == {("gazetteer", 1.0, "2016-10-24")}


def test_a_city_used_as_a_speaker_stands_for_its_state() -> None:
    ex = Extraction(ArticleMeta(), statements=[_statement(AgentRef("Moscow"))],
                    accusations=[Accusation([AgentRef("Damascus")], ["rebels"], Span("x", 0, 1))])
    linked, _ = link_extraction(ex)
    assert linked.statements[0].speakers == [AgentRef("Russia", "Q159")]
    assert linked.accusations[0].accuser == [AgentRef("Syria", "Q858")]


def test_a_person_speaker_is_linked_under_their_own_name() -> None:
    ex = Extraction(ArticleMeta(), statements=[_statement(AgentRef("Vladimir Putin"))])
    linked, _ = link_extraction(ex)
    assert linked.statements[0].speakers == [AgentRef("Vladimir Putin", "Q7747")]


def test_an_existing_qid_is_kept() -> None:
    ex = Extraction(ArticleMeta(), entities=[Entity("Moscow", "Place", wikidata="Q1697")],
                    statements=[_statement(AgentRef("Moscow", "Q1697"))])
    linked, records = link_extraction(ex)
    assert linked.entities[0].wikidata == "Q1697"
    assert linked.statements[0].speakers[0].wikidata == "Q1697"
    assert records == []


def test_an_ambiguous_name_stays_unlinked() -> None:
    gaz = Gazetteer((
        GazetteerEntry("Q900101", "Hamra", "Place", ("Al-Hamra",), "test"),
        GazetteerEntry("Q900102", "Hamra Street", "Place", ("Al-Hamra",), "test"),
    ))
    ex = Extraction(ArticleMeta(), entities=[Entity("Al-Hamra", "Place")],
                    statements=[_statement(AgentRef("Al-Hamra"))])
    linked, records = link_extraction(ex, gaz)
    assert linked.entities[0].wikidata is None and records == []
    assert linked.statements[0].speakers[0].wikidata is None


def test_a_name_the_gazetteer_lacks_or_of_another_kind_stays_unlinked() -> None:
    ex = Extraction(ArticleMeta(), entities=[
        Entity("Abu Mohammad", "Person", mentions=["Abu Mohammad"]),
        Entity("Jordan", "Person", mentions=["Jordan"]),  # a person called Jordan, not the state
    ])
    linked, _ = link(ex)
    assert [e.wikidata for e in linked.entities] == [None, None]


def test_every_gazetteer_qid_resolves_to_its_own_entry() -> None:
    gaz = load_gazetteer()
    for e in gaz.entries:
        if e.qid:
            assert gaz.by_qid(e.qid) is e
        if e.stands_for:
            assert gaz.by_qid(e.stands_for) is not None, f"{e.label} stands for an unknown QID"
