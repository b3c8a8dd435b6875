"""/reconcile: the Reconciliation Service API, with the requests OpenRefine sends."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient


def test_manifest_has_what_openrefine_reads(client: TestClient) -> None:
    manifest = client.get("/reconcile").json()
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == "https://w3id.org/diplograph/id/entity/"
    assert manifest["schemaSpace"].startswith("https://w3id.org/diplograph/ontology")
    assert {"id": "Person", "name": "Person"} in manifest["defaultTypes"]
    assert manifest["view"]["url"].endswith("/entity/{{id}}")
    assert manifest["preview"]["url"].endswith("/reconcile/preview?id={{id}}") and manifest["preview"]["width"] > 0
    for kind in ("entity", "type", "property"):
        suggest = manifest["suggest"][kind]
        assert client.get(suggest["service_path"].join(["/reconcile", ""])).status_code == 200
    assert manifest["extend"]["propose_properties"]["service_path"] == "/properties"


def test_manifest_as_jsonp_for_old_clients(client: TestClient) -> None:
    response = client.get("/reconcile", params={"callback": "jsonp123"})
    assert response.headers["content-type"].startswith("application/javascript")
    assert response.text.startswith("jsonp123(") and json.loads(response.text[len("jsonp123("):-2])["versions"]
    assert client.get("/reconcile", params={"callback": "alert(1)//"}).status_code == 400


def test_a_batch_posted_as_openrefine_does(client: TestClient) -> None:
    # OpenRefine: POST, form-encoded, one field "queries" holding JSON of named queries
    batch = {
        "q0": {"query": "Sergei Lavrov", "type": "Person", "type_strict": "should", "limit": 3},
        "q1": {"query": "Lavorv", "limit": 3},
        "q2": {"query": "Rusia", "type": "State"},
        "q3": {"query": "Zzyzx Qwerty"},
        "q4": {"query": "Russia", "type": "Person"},
    }
    response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == set(batch)
    top = answer["q0"]["result"][0]
    assert top["id"] == "sergei-lavrov" and top["name"] == "Sergei Lavrov" and top["match"] is True
    assert {"id": "Person", "name": "Person"} in top["type"] and 0 <= top["score"] <= 100
    assert answer["q1"]["result"][0]["id"] == "sergei-lavrov" and answer["q1"]["result"][0]["match"] is False
    assert answer["q2"]["result"][0]["id"] == "Q159"
    assert answer["q3"]["result"] == []
    assert all("Person" in {t["id"] for t in c["type"]} for c in answer["q4"]["result"])
    assert len(answer["q0"]["result"]) <= 3


def test_a_wikidata_property_settles_the_match(client: TestClient) -> None:
    batch = {"q0": {"query": "Moscow government", "properties": [{"pid": "wikidata", "v": "Q159"}]}}
    result = client.post("/reconcile", data={"queries": json.dumps(batch)}).json()["q0"]["result"]
    assert result[0]["id"] == "Q159" and result[0]["match"] is True


def test_queries_by_get_and_a_single_legacy_query(client: TestClient) -> None:
    batch = json.dumps({"q0": {"query": "Ahrar al-Sham"}})
    assert client.get("/reconcile", params={"queries": batch}).json()["q0"]["result"][0]["name"] == "Ahrar al-Sham"
    assert client.get("/reconcile", params={"query": "Ahrar al-Sham"}).json()["result"][0]["name"] == "Ahrar al-Sham"


def test_malformed_batches_are_400(client: TestClient) -> None:
    for bad in ("{not json", "[1, 2]", json.dumps({"q0": {"limit": 3}}), json.dumps({"q0": {"query": "x", "limit": -1}})):
        response = client.post("/reconcile", data={"queries": bad})
        assert response.status_code == 400, bad
        assert response.json()["message"]


def test_suggest_entity_type_and_property(client: TestClient) -> None:
    entities = client.get("/reconcile/suggest/entity", params={"prefix": "Lav"}).json()["result"]
    assert entities[0]["id"] == "sergei-lavrov" and entities[0]["notable"]
    more = client.get("/reconcile/suggest/entity", params={"prefix": "S", "cursor": 1, "limit": 2}).json()["result"]
    first = client.get("/reconcile/suggest/entity", params={"prefix": "S", "cursor": 0, "limit": 3}).json()["result"]
    assert [e["id"] for e in more] == [e["id"] for e in first[1:3]]
    assert [t["id"] for t in client.get("/reconcile/suggest/type", params={"prefix": "arm"}).json()["result"]] == ["ArmedGroup"]
    props = client.get("/reconcile/suggest/property", params={"prefix": "wiki"}).json()["result"]
    assert props[0]["id"] == "wikidata"


def test_preview_and_flyout_show_the_entity(client: TestClient) -> None:
    card = client.get("/reconcile/preview", params={"id": "sergei-lavrov"})
    assert card.status_code == 200 and card.headers["content-type"].startswith("text/html")
    assert "Sergei Lavrov" in card.text and "accusations made" in card.text
    hostile = client.get("/reconcile/preview", params={"id": "<script>alert(1)</script>"})
    assert "<script>" not in hostile.text
    flyout = client.get("/reconcile/flyout/entity", params={"id": "Q159"}).json()
    assert flyout["id"] == "Q159" and "Russia" in flyout["html"]


def test_data_extension_adds_columns(client: TestClient) -> None:
    proposed = client.get("/reconcile/properties", params={"type": "Person"}).json()
    ids = [p["id"] for p in proposed["properties"]]
    assert {"wikidata", "statements_made"} <= set(ids)
    spec = {"ids": ["Q159", "sergei-lavrov", "no-such"], "properties": [{"id": "wikidata"}, {"id": "statements_made"}]}
    extended = client.post("/reconcile", data={"extend": json.dumps(spec)}).json()
    assert [m["id"] for m in extended["meta"]] == ["wikidata", "statements_made"]
    assert extended["rows"]["Q159"]["wikidata"] == [{"str": "Q159"}]
    lavrov_said = client.get("/api/v1/entities/sergei-lavrov").json()["counts"]["said"]
    assert extended["rows"]["sergei-lavrov"]["statements_made"] == [{"str": str(lavrov_said)}]
    assert extended["rows"]["no-such"] == {"wikidata": [], "statements_made": []}
