"""/api/v1/entities: typo-tolerant search, profiles by id and by Wikidata QID."""

from __future__ import annotations

from fastapi.testclient import TestClient


def search(client: TestClient, q: str, **params: object) -> list[dict[str, object]]:
    response = client.get("/api/v1/entities", params={"q": q, **params})
    assert response.status_code == 200, response.text
    hits: list[dict[str, object]] = response.json()["items"]
    return hits


def test_a_typo_still_finds_the_person(client: TestClient) -> None:
    for typo in ("Lavorv", "lavrov", "Sergey Lavrov", "LAVROV"):
        hits = search(client, typo)
        assert hits and hits[0]["label"] == "Sergei Lavrov", typo


def test_an_alias_the_articles_use_finds_the_entity(client: TestClient) -> None:
    hits = search(client, "Fateh Al-Sham Front")
    assert hits[0]["label"] == "Jabhat Fatah al-Sham"
    assert hits[0]["score"] == 100.0


def test_search_results_carry_counts_and_can_be_limited_by_type(client: TestClient) -> None:
    hits = search(client, "Sham")
    assert {"Jabhat Fatah al-Sham", "Ahrar al-Sham"} <= {h["label"] for h in hits}
    only_groups = search(client, "Sham", type="ArmedGroup")
    assert only_groups and all("ArmedGroup" in h["types"] for h in only_groups)  # type: ignore[operator]
    lavrov = search(client, "Lavrov")[0]
    assert lavrov["counts"]["said"] >= 1 and lavrov["counts"]["accusations_made"] >= 1  # type: ignore[index]


def test_the_type_filter_names_every_entity_class() -> None:
    from typing import get_args

    from diplograph.profiles import ENTITY_TYPES
    from diplograph.web.api import EntityType
    assert set(get_args(EntityType)) == set(ENTITY_TYPES)


def test_a_short_name_does_not_match_inside_a_longer_query(client: TestClient) -> None:
    assert [h["label"] for h in search(client, "Rusia")][:1] == ["Russia"]
    assert "United States" not in [h["label"] for h in search(client, "Rusia")]


def test_lavrovs_profile(client: TestClient) -> None:
    profile = client.get("/api/v1/entities/sergei-lavrov").json()
    assert profile["entity"]["label"] == "Sergei Lavrov"
    assert profile["said"] and all("Sergei Lavrov" in {s["label"] for s in st["speakers"]} for st in profile["said"])
    made = profile["accusations_made"]
    assert any("Ahrar al-Sham" in {a["label"] for a in st["accusation"]["accused"]} for st in made)
    assert profile["counts"]["said"] == len(profile["said"])
    dated = [st for st in profile["said"] if st["date"]]
    assert sum(day["said"] for day in profile["timeline"]) == len(dated)
    assert [d["date"] for d in profile["timeline"]] == sorted(d["date"] for d in profile["timeline"])
    assert "Russia" in {c["entity"]["label"] for c in profile["co_mentioned"]}
    assert profile["links"]["said"] == "/api/v1/statements?speaker=sergei-lavrov"


def test_what_was_said_about_an_entity_and_the_accusations_it_received(client: TestClient) -> None:
    profile = client.get("/api/v1/entities/ahrar-al-sham").json()
    received = profile["accusations_received"]
    assert received and all("Ahrar al-Sham" in {a["label"] for a in st["accusation"]["accused"]} for st in received)
    assert profile["counts"]["accusations_received"] == len(received)


def test_profile_by_wikidata_qid(client: TestClient) -> None:
    by_qid = client.get("/api/v1/entities/by-wikidata/Q159")
    assert by_qid.status_code == 200
    assert by_qid.json()["entity"]["id"] == "Q159" and by_qid.json()["entity"]["label"] == "Russia"
    assert by_qid.json() == client.get("/api/v1/entities/Q159").json()
    assert client.get("/api/v1/entities/by-wikidata/Q999999999").status_code == 404
    assert client.get("/api/v1/entities/by-wikidata/Lavrov").status_code == 400


def test_an_unknown_entity_is_404_in_json(client: TestClient) -> None:
    response = client.get("/api/v1/entities/no-such-entity")
    assert response.status_code == 404 and response.json()["error"] == "NotFound"
