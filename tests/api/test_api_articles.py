"""/api/v1/articles: list, show, and POST to ingest (bearer token; SHACL rejects bad data whole)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.api.conftest import EXAMPLE_GOLD, TOKEN

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def an_extraction(url: str) -> dict[str, object]:
    """An example article's annotation, with its text, moved to a new URL (a new article)."""
    gold = EXAMPLE_GOLD[0]
    data: dict[str, Any] = json.loads(gold.read_text(encoding="utf-8"))
    articles = gold.parent.parent / "articles"
    text_file = articles / Path(data["article"]["file"]).name
    if text_file.suffix == ".json":
        data["text"] = json.loads(text_file.read_text(encoding="utf-8"))["text"]
    else:
        data["text"] = text_file.read_text(encoding="utf-8")
    data["article"]["url"] = url
    return data


def test_articles_are_listed_newest_first_and_shown_with_what_they_hold(client: TestClient) -> None:
    listed = client.get("/api/v1/articles").json()["items"]
    assert len(listed) >= 2
    published = [a["published"] for a in listed]
    assert published == sorted(published, reverse=True)
    one = client.get(f"/api/v1/articles/{listed[0]['id']}", params={"text": "true"}).json()
    assert one["extracted"]["statement"] == len(one["statements"]) > 0
    assert len(one["text"]) == one["text_length"]
    for st in one["statements"]:
        span = st["evidence"][0]
        assert one["text"][span["start"]:span["end"]] == span["text"]
    assert client.get("/api/v1/articles/ffffffff").status_code == 404


def test_posting_needs_the_token(seed_gold: Path) -> None:
    with TestClient(create_app(Settings(token=None), EmbeddedStore(None))) as no_token:
        assert no_token.post("/api/v1/articles", json=an_extraction("https://example.org/a"), headers=AUTH).status_code == 403
    with TestClient(create_app(Settings(token=TOKEN), EmbeddedStore(None))) as c:
        assert c.post("/api/v1/articles", json=an_extraction("https://example.org/a")).status_code == 401
        wrong = c.post("/api/v1/articles", json=an_extraction("https://example.org/a"), headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
        assert c.get("/api/v1/articles").json()["items"] == []


def test_an_extraction_is_ingested_then_found_and_a_repeat_changes_nothing(
        fresh_client: tuple[TestClient, EmbeddedStore]) -> None:
    c, _ = fresh_client
    body = an_extraction("https://example.org/news/posted-1")
    created = c.post("/api/v1/articles", json=body, headers=AUTH)
    assert created.status_code == 201, created.text
    article = created.json()["article"]
    assert created.json()["outcome"] == "ingested" and article["url"] == "https://example.org/news/posted-1"
    assert created.headers["location"] == f"/api/v1/articles/{article['id']}"
    # every statement, and any accusation not inside one (stored as a statement of its own)
    assert len(article["statements"]) >= len(body["statements"])  # type: ignore[arg-type]
    assert c.get(created.headers["location"]).json()["id"] == article["id"]
    speaker = article["statements"][0]["speakers"][0]["label"]
    # the entity index follows the write at once
    found = c.get("/api/v1/statements", params={"article": article["id"], "speaker": speaker}).json()["items"]
    assert found
    again = c.post("/api/v1/articles", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"


def test_a_graph_that_breaks_the_shapes_is_rejected_whole(fresh_client: tuple[TestClient, EmbeddedStore]) -> None:
    c, store = fresh_client
    before = store.count()
    body = an_extraction("https://example.org/news/bad")
    body["statements"][0]["mode"] = "shouted"  # type: ignore[index]
    rejected = c.post("/api/v1/articles", json=body, headers=AUTH)
    assert rejected.status_code == 422
    report = rejected.json()
    assert report["error"] == "ValidationError" and "mode" in report["report"] and report["violations"]
    assert store.count() == before


def test_bodies_that_are_not_articles_are_refused_with_a_message(fresh_client: tuple[TestClient, EmbeddedStore]) -> None:
    c, store = fresh_client
    before = store.count()
    for body in (b"{not json", b"[1, 2]", b'{"title": "no text"}', b'{"text": "x", "published": "someday"}'):
        response = c.post("/api/v1/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
        assert response.status_code == 400, body
        assert response.json()["message"]
    assert store.count() == before


def test_an_article_text_is_extracted_and_stored(fresh_client: tuple[TestClient, EmbeddedStore]) -> None:
    c, _ = fresh_client
    text = ("MOSCOW (Reuters) - Russian Foreign Minister Sergei Lavrov said on Monday that the talks in Geneva "
            "had made progress. \u201cWe are ready to continue,\u201d Lavrov told reporters.")
    created = c.post("/api/v1/articles", json={"text": text, "published": "2016-11-07", "url": "https://example.org/t1",
                                               "title": "Lavrov on Geneva"}, headers=AUTH)
    assert created.status_code == 201, created.text
    article = created.json()["article"]
    assert article["title"] == "Lavrov on Geneva" and article["published"] == "2016-11-07"
    assert article["extracted"]["statement"] >= 1
    assert any("Lavrov" in s["label"] for st in article["statements"] for s in st["speakers"])
