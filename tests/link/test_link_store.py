"""`diplograph link`: the store's entities linked, and how each link was made recorded in the graph."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from tests.link.link_replay import Replay, Reply, entities, entity, search_hits
from typer.testing import CliRunner

import diplograph
from diplograph.api import ingest_extraction
from diplograph.cli import app
from diplograph.link.graph import link_store
from diplograph.link.wikidata import WikidataClient, WikidataLinker
from diplograph.model import AgentRef, ArticleMeta, Entity, Extraction, Span, Statement
from diplograph.namespaces import LINKS_GRAPH
from diplograph.store.base import Store, select_rows

TEXT = "Russia said Moscow would not attend. Tell Qarah was shelled, Abu Samir said."


def _article() -> Extraction:
    return Extraction(
        ArticleMeta(published="2016-10-24", dateline="MOSCOW", file="links-test.txt"),
        entities=[Entity("Russia", "State", "Q159", ["Russia"]), Entity("Moscow", "Place", None, ["Moscow"]),
                  Entity("Tell Qarah", "Place", None, ["Tell Qarah"]),
                  Entity("Abu Samir", "Person", None, ["Abu Samir"])],
        statements=[Statement([AgentRef("Russia", "Q159")], Span(TEXT[12:35], 12, 35), "indirect", "assertion"),
                    Statement([AgentRef("Abu Samir")], Span(TEXT[37:58], 37, 58), "indirect", "report")],
        text=TEXT)


def _answer(params: dict[str, str]) -> Reply:
    if params["action"] == "wbsearchentities":
        if params["search"] == "Tell Qarah":
            return Reply(search_hits(("Q900201", "Tell Qarah", "village in Syria")))
        return Reply(search_hits())
    return Reply(entities(entity("Q900201", "Tell Qarah", types=("Q532",), country="Q858")))


def _store(*extractions: Extraction) -> Store:
    store = diplograph.open_store(None)
    for ex in extractions:
        ingest_extraction(store, ex)
    return store


def _links(store: Store) -> dict[str, dict[str, str]]:
    rows = select_rows(store, f"""
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?label ?item ?method ?score ?date WHERE {{
          GRAPH <{LINKS_GRAPH}> {{ ?e owl:sameAs ?item ; dg:linkMethod ?method ; dg:linkScore ?score ;
                                   dg:linkDate ?date }}
          ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }}""")
    return {r["label"]: r for r in rows}


def _linker(replay: Replay, folder: Path | None = None) -> WikidataLinker:
    return WikidataLinker(WikidataClient(replay.base_url, folder, min_interval=0.0))


def test_gazetteer_and_online_links_are_recorded_with_method_score_and_date(replay: Replay) -> None:
    replay.answer = _answer
    store = _store(_article())
    linker = _linker(replay)
    result = link_store(store, linker=linker, today=dt.date(2024, 5, 1))
    linker.client.close()
    links = _links(store)
    assert set(links) == {"Russia", "Moscow", "Tell Qarah"}  # Abu Samir: Wikidata has no hit
    assert links["Moscow"]["item"].endswith("/Q649") and links["Moscow"]["method"] == "gazetteer"
    assert links["Russia"]["method"] == "gazetteer"  # linked when extracted; provenance added
    assert links["Tell Qarah"]["item"].endswith("/Q900201")
    assert links["Tell Qarah"]["method"] == "wikidata-search" and float(links["Tell Qarah"]["score"]) >= 0.9
    assert {r["date"] for r in links.values()} == {"2024-05-01"}
    assert [o.name for o in result.outcomes if o.chosen is None] == ["Abu Samir"]
    # Wikidata was asked only about the two names the gazetteer lacks
    assert sorted(p["search"] for p in replay.requests if p["action"] == "wbsearchentities") == [
        "Abu Samir", "Tell Qarah"]


def test_the_new_qid_joins_the_entity_by_owl_same_as_and_wikidata_id(replay: Replay) -> None:
    replay.answer = _answer
    store = _store(_article())
    link_store(store, linker=_linker(replay))
    rows = select_rows(store, """
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?label ?qid WHERE { ?e owl:sameAs <http://www.wikidata.org/entity/Q900201> ;
                                      dg:wikidataId ?qid ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }""")
    assert rows == [{"label": "Tell Qarah", "qid": "Q900201"}]
    # an entity linked when extracted gets no second dg:wikidataId
    ids = select_rows(store, "SELECT ?q WHERE { <https://w3id.org/diplograph/id/entity/Q159> "
                             "<https://w3id.org/diplograph/ontology#wikidataId> ?q }")
    assert ids == [{"q": "Q159"}]


def test_a_second_run_keeps_the_links_and_asks_only_about_names_still_unlinked(replay: Replay) -> None:
    replay.answer = _answer
    store = _store(_article())
    link_store(store, linker=_linker(replay))
    before, asked = store.dump("ntriples", graph=str(LINKS_GRAPH)), len(replay.requests)
    again = link_store(store, linker=_linker(replay))
    assert again.records == [] and again.already == 3
    assert len(replay.requests) == asked + 1  # one search for Abu Samir, still unlinked
    assert store.dump("ntriples", graph=str(LINKS_GRAPH)) == before


def test_a_qid_in_the_store_is_never_overwritten_nor_queried(replay: Replay) -> None:
    replay.answer = lambda params: Reply(search_hits(("Q900301", "Moscow", "a town in Idaho")))
    ex = Extraction(ArticleMeta(file="idaho.txt", published="2016-01-01"),
                    entities=[Entity("Moscow", "Place", "Q1697", ["Moscow"])], text="Moscow, Idaho.")
    store = _store(ex)
    result = link_store(store, linker=_linker(replay))
    assert result.records == [] and replay.requests == []  # not the gazetteer's Moscow: no provenance claimed
    rows = select_rows(store, "SELECT ?q WHERE { ?e <https://w3id.org/diplograph/ontology#wikidataId> ?q }")
    assert rows == [{"q": "Q1697"}]


def test_without_online_only_the_gazetteer_links() -> None:
    store = _store(_article())
    result = link_store(store)
    assert {r.label for _, r in result.records} == {"Russia", "Moscow"} and result.outcomes == []


def test_the_link_command_links_online_and_reports(replay: Replay, tmp_path: Path) -> None:
    replay.answer = _answer
    folder = tmp_path / "store"
    store = diplograph.open_store(folder)
    ingest_extraction(store, _article())
    store.close()
    del store
    gc.collect()  # the embedded store lets go of its folder's lock only when collected
    dry = CliRunner().invoke(app, ["link", "--store", str(folder), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would record 2 links" in dry.output
    result = CliRunner().invoke(app, ["link", "--store", str(folder), "--online", "--wikidata-api", replay.base_url,
                                      "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "wikidata-search\t" in result.output and "Q900201\tTell Qarah" in result.output
    assert "unlinked\t\t\tAbu Samir\tno search hit" in result.output
    assert replay.user_agents and all(ua.startswith("diplograph/") for ua in replay.user_agents)
    assert list((tmp_path / "cache").glob("*.json"))
    reopened = diplograph.open_store(folder)
    try:
        assert set(_links(reopened)) == {"Russia", "Moscow", "Tell Qarah"}
    finally:
        reopened.close()


def test_a_threshold_outside_zero_to_one_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["link", "--store", str(tmp_path / "s"), "--threshold", "1.5"])
    assert result.exit_code != 0
    assert "--threshold" in str(result.exception) or "--threshold" in result.output
