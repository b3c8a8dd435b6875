"""User input never changes a query: quotes, braces, ``} UNION {``, IRIs with spaces and
escape sequences give correct results or a 4xx — never the rows of an injected pattern."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from diplograph import queries
from diplograph.errors import InputError

HOSTILE = [
    '"',
    "'",
    '"} UNION { ?s ?p ?o } #',
    "') } UNION { ?s a ?t } #",
    "}}}",
    "{ ?s ?p ?o }",
    '\\" } UNION { ?s ?p ?o } #',
    "\\u0022 } UNION { ?s ?p ?o } #",
    "\\",
    "Lavrov\n} UNION {",
    "<https://w3id.org/diplograph/id/entity/Q159>",
    "http://example.org/a b",
    "https://w3id.org/diplograph/id/entity/Q159> } UNION { ?s ?p ?o",
    "http://x/}{",
    "\x00\x01",
]
ENTITY_PARAMS = [("statements", "speaker"), ("statements", "addressee"), ("statements", "about"),
                 ("statements", "accused"), ("accusations", "accuser"), ("ceasefires", "location"),
                 ("casualty-reports", "place"), ("meetings", "participant")]
TEXT_PARAMS = [("statements", "q"), ("accusations", "q"), ("ceasefires", "q"), ("casualty-reports", "q"),
               ("meetings", "q"), ("articles", "q"), ("statements", "article"), ("statements", "cursor")]


def strings(value: object) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("path", "param"), ENTITY_PARAMS + TEXT_PARAMS)
def test_hostile_values_find_nothing_or_are_refused(client: TestClient, path: str, param: str, value: str) -> None:
    response = client.get(f"/api/v1/{path}", params={param: value})
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code == 200:
        found = response.json()["items"]
        if param == "q":  # an honest text search finds only records that hold the text
            assert all(value.casefold() in " ".join(strings(item)).casefold() for item in found)
        else:  # no stored name or IRI is any of these strings
            assert found == []
        assert len(found) < len(client.get(f"/api/v1/{path}", params={"limit": 500}).json()["items"]) or not found
    else:
        assert response.json()["message" if response.status_code == 400 else "detail"]


def test_text_with_quote_marks_and_braces_is_searched_as_text(client: TestClient) -> None:
    everything = client.get("/api/v1/statements", params={"limit": 500}).json()["items"]
    quoted = [st for st in everything if any(c in st["content"] for c in "'\"’")]
    assert quoted, "the test data has a statement with a quote mark in its content"
    target = quoted[0]
    mark = next(i for i, c in enumerate(target["content"]) if c in "'\"’")
    needle = target["content"][max(0, mark - 8):mark + 8]
    found = client.get("/api/v1/statements", params={"q": needle, "limit": 500}).json()["items"]
    assert target["id"] in {st["id"] for st in found}
    assert all(needle.casefold() in (st["content"] + " " + (st["sentence"] or "")).casefold() for st in found)


@pytest.mark.parametrize("value", ["Q159 } UNION {", "<Q159>", "Q 159"])
def test_by_wikidata_refuses_what_is_not_a_qid(client: TestClient, value: str) -> None:
    assert client.get(f"/api/v1/entities/by-wikidata/{value}").status_code in (400, 404)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_a_string_literal_reads_back_as_the_text_it_was_made_from(text: str) -> None:
    store = ox.Store()
    answer = store.query(f"SELECT ?x WHERE {{ BIND({queries.sparql_string(text)} AS ?x) }}")
    assert isinstance(answer, ox.QuerySolutions)
    rows = list(answer)
    expected = "".join("\ufffd" if 0xD800 <= ord(c) < 0xE000 else c for c in text)
    assert isinstance(rows[0]["x"], ox.Literal) and rows[0]["x"].value == expected


@pytest.mark.parametrize("value", ["http://a b", "http://a>b", 'http://a"b', "http://a{b}", "no-scheme", "http://a\\b",
                                   "http://a\nb", "http://a|b", "http://a^b", "http://a`b"])
def test_an_iri_that_could_break_out_is_refused(value: str) -> None:
    with pytest.raises(InputError):
        queries.sparql_iri(value)
