"""/api/v1/accusations, /ceasefires, /casualty-reports, /meetings: filters and shapes."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient


def items(client: TestClient, path: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/{path}", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found


def test_accusations_by_accuser_and_accused(client: TestClient) -> None:
    by_lavrov = items(client, "accusations", accuser="Lavrov")
    assert by_lavrov and all("Sergei Lavrov" in {a["label"] for a in st["accusation"]["accusers"]} for st in by_lavrov)
    against = items(client, "accusations", accused="Ahrar al-Sham")
    assert {st["id"] for st in against} <= {st["id"] for st in items(client, "accusations")}
    assert all("Ahrar al-Sham" in {a["label"] for a in st["accusation"]["accused"]} for st in against)
    evidence = against[0]["accusation"]["alleged_act_evidence"]
    assert evidence["text"] == against[0]["accusation"]["alleged_act"] and evidence["start"] < evidence["end"]


def test_ceasefires_by_who_declared_them_and_where(client: TestClient) -> None:
    everything = items(client, "ceasefires")
    assert everything
    russian = items(client, "ceasefires", declared_by="Russia")
    assert russian and all("Russia" in {d["label"] for d in c["declared_by"]} for c in russian)
    in_aleppo = items(client, "ceasefires", location="Q41183")
    assert in_aleppo and all(c["location"]["wikidata"] == "Q41183" for c in in_aleppo)
    assert all(c["evidence"] and c["article"]["published"] for c in everything)


def test_casualty_reports_by_least_killed_and_place(client: TestClient) -> None:
    everything = items(client, "casualty-reports")
    largest = max(r["killed"] or 0 for r in everything)
    big = items(client, "casualty-reports", min_killed=largest)
    assert big and all(r["killed"] >= largest for r in big) and len(big) < len(everything)
    place = everything[0]["place"]
    here = items(client, "casualty-reports", place=place["id"])
    assert here and all(r["place"]["id"] == place["id"] for r in here)
    with_groups = [r for r in everything if r["including"]]
    assert with_groups and all(g["count"] >= 0 and g["group"] for r in with_groups for g in r["including"])


def test_meetings_by_place_and_date(client: TestClient) -> None:
    everything = items(client, "meetings")
    assert everything
    dated = [m for m in everything if m["date"] and m["place"]]
    one = dated[0]
    found = items(client, "meetings", place=one["place"]["label"], **{"from": one["date"], "to": one["date"]})
    assert one["id"] in {m["id"] for m in found}
    assert all(m["date"] == one["date"] for m in found)


def test_every_list_speaks_csv(client: TestClient) -> None:
    for path in ("accusations", "ceasefires", "casualty-reports", "meetings", "articles"):
        response = client.get(f"/api/v1/{path}", headers={"Accept": "text/csv"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["id"] for r in rows] == [i["id"] for i in items(client, path, limit=50)]
