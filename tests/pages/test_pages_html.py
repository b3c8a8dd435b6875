"""The HTML pages and their JSON twins, in process."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from diplograph.web.pages import example_queries, timeline_bars


def test_home_searches_and_links_to_entity_pages(browser_client: TestClient) -> None:
    page = browser_client.get("/", params={"q": "Lavorv"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'href="/entity/sergei-lavrov"' in page.text
    twin = browser_client.get("/index.json", params={"q": "Lavorv"}).json()
    assert twin["results"][0]["id"] == "sergei-lavrov"
    by_accept = browser_client.get("/", params={"q": "Lavorv"}, headers={"Accept": "application/json"}).json()
    assert by_accept == twin


def test_entity_page_has_its_sections_and_a_chart(browser_client: TestClient) -> None:
    page = browser_client.get("/entity/sergei-lavrov").text
    for heading in ("What Sergei Lavrov said", "Said about Sergei Lavrov", "Accusations made", "Accusations received",
                    "Mentioned with", "Timeline"):
        assert heading in page
    twin = browser_client.get("/entity/sergei-lavrov.json").json()
    assert len(re.findall(r'<rect class="said"', page)) == len(timeline_bars(twin["timeline"])["bars"]) > 0
    assert len(re.findall(r'<li class="statement', page)) == (len(twin["said"]) + len(twin["said_about"])
                                                            + len(twin["accusations_made"]) + len(twin["accusations_received"]))
    assert browser_client.get("/entity/no-such-entity").status_code == 404


def test_statement_page_highlights_the_evidence_in_the_article(browser_client: TestClient) -> None:
    profile = browser_client.get("/entity/sergei-lavrov.json").json()
    accusation = profile["accusations_made"][0]
    page = browser_client.get(f"/statement/{accusation['id']}").text
    mark = re.search(r'<mark class="content" id="evidence-content">(.*?)</mark>', page, re.S)
    assert mark is not None
    twin = browser_client.get(f"/statement/{accusation['id']}.json").json()
    span = twin["statement"]["evidence"][0]
    assert twin["article_text"][span["start"]:span["end"]] == span["text"]
    assert twin["highlight"]["content"] == span["text"]
    assert twin["highlight"]["sentence_start"] <= span["start"] < span["end"] <= twin["highlight"]["sentence_end"]
    assert '<mark class="sentence">' in page


def test_text_is_escaped_in_pages(browser_client: TestClient) -> None:
    page = browser_client.get("/", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_query_page_offers_the_ontology_examples(browser_client: TestClient) -> None:
    page = browser_client.get("/query").text
    examples = example_queries()
    assert len(examples) >= 2
    assert page.count('class="example"') == len(examples)
    assert browser_client.get("/query.json").json()["examples"][0]["title"] == examples[0][0]


@pytest.mark.parametrize("days", [1, 30, 400])
def test_timeline_bars_stay_inside_the_chart(days: int) -> None:
    import datetime as dt
    start = dt.date(2016, 1, 1)
    timeline: list[dict[str, Any]] = [{"date": (start + dt.timedelta(days=d)).isoformat(), "said": d % 5, "said_about": 1}
                                      for d in range(days)]
    chart = timeline_bars(timeline)
    assert chart["unit"] == ("day" if days <= 63 else "month")
    for bar in chart["bars"]:
        assert bar["x_said"] >= 0 and bar["x_about"] + bar["w"] <= chart["width"]
        assert 0 <= bar["h_said"] <= bar["base"] and 0 <= bar["h_about"] <= bar["base"]
    assert sum(b["said"] for b in chart["bars"]) == sum(d["said"] for d in timeline)
