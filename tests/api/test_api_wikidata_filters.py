"""Filters by Wikidata QID: any entity with a QID — recorded as dg:wikidataId in an article
graph, or only as owl:sameAs a Wikidata item in another graph (the link graph) — is found by it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.api.conftest import TOKEN, seeded_store

from diplograph.config import Settings
from diplograph.namespaces import DG, LINKS_GRAPH, OWL, WD
from diplograph.profiles import load_index
from diplograph.web import create_app

#: Wikidata's sandbox item: a QID no entity of the test data has.
SANDBOX_QID = "Q4115189"


def items(client: TestClient, path: str = "/api/v1/statements", **params: Any) -> list[dict[str, Any]]:
    response = client.get(path, params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found


def test_a_place_with_a_qid_is_found_by_it_as_what_statements_are_about(client: TestClient) -> None:
    by_qid = items(client, about="Q41183")
    assert by_qid
    for st in by_qid:
        assert "Q41183" in {a["wikidata"] for a in st["about"]}
    by_wikidata_iri = items(client, about=str(WD["Q41183"]))
    assert [s["id"] for s in by_wikidata_iri] == [s["id"] for s in by_qid]


def test_a_link_recorded_only_as_owl_same_as_makes_the_qid_a_filter(seed_gold: Path) -> None:
    store = seeded_store(seed_gold)
    person = next(e for e in load_index(store).entities.values()
                  if e.wikidata is None and f"{DG}Person" in e.types
                  and items_of(store, e.iri))
    assert load_index(store).resolve(SANDBOX_QID) == []
    store.update(f"INSERT DATA {{ GRAPH <{LINKS_GRAPH}> {{ <{person.iri}> <{OWL.sameAs}> <{WD[SANDBOX_QID]}> }} }}")
    index = load_index(store)
    assert index.resolve(SANDBOX_QID) == [person.iri]
    linked = index.get(person.iri)
    assert linked is not None and linked.wikidata == SANDBOX_QID
    with TestClient(create_app(Settings(token=TOKEN), store)) as client:
        said = items(client, speaker=SANDBOX_QID)
        assert said and {s["id"] for s in said} == {s["id"] for s in items(client, speaker=person.iri)}
        for st in said:
            assert person.iri in {s["iri"] for s in st["speakers"]}
        profile = client.get(f"/api/v1/entities/by-wikidata/{SANDBOX_QID}")
        assert profile.status_code == 200 and profile.json()["entity"]["iri"] == person.iri


def test_a_same_as_that_is_not_a_wikidata_item_gives_no_qid(seed_gold: Path) -> None:
    store = seeded_store(seed_gold)
    unlinked = sorted(e.iri for e in load_index(store).entities.values() if e.wikidata is None)[0]
    store.update(f"INSERT DATA {{ GRAPH <{LINKS_GRAPH}> {{ <{unlinked}> <{OWL.sameAs}> <https://example.org/Q77> }} }}")
    index = load_index(store)
    entity = index.get(unlinked)
    assert entity is not None and entity.wikidata is None and index.resolve("Q77") == []


def items_of(store: Any, iri: str) -> bool:
    """Whether the entity spoke any statement."""
    from diplograph.store.base import ask
    return ask(store, f"ASK {{ ?s <{DG.speaker}> <{iri}> }}")
