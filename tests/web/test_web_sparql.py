"""The SPARQL endpoint as a client meets it, through the app in process: the three ways to send
a query, content negotiation, dataset parameters, updates with the token, limits and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import DG, LABEL, TOKEN

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

PEOPLE = f"SELECT ?person ?name WHERE {{ ?person a <{DG}Person> ; <{LABEL}> ?name }} ORDER BY ?name"
GRAPH = f"CONSTRUCT {{ ?person <{LABEL}> ?name }} WHERE {{ ?person a <{DG}Person> ; <{LABEL}> ?name }}"
RESULTS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML,
           "text/csv": ox.QueryResultsFormat.CSV,
           "text/tab-separated-values": ox.QueryResultsFormat.TSV}
GRAPHS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
          "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML,
          "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG}


def rows(body: bytes, fmt: ox.QueryResultsFormat = ox.QueryResultsFormat.JSON) -> list[tuple[str, ...]]:
    result = ox.parse_query_results(body, format=fmt)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(str(s[n]) for n in names) for s in result]


def triples(body: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(body, format=fmt)}


def test_get_post_form_and_post_direct_answer_alike(client: TestClient) -> None:
    by_get = client.get("/sparql", params={"query": PEOPLE})
    by_form = client.post("/sparql", data={"query": PEOPLE})
    direct = client.post("/sparql", content=PEOPLE, headers={"Content-Type": "application/sparql-query"})
    assert by_get.status_code == by_form.status_code == direct.status_code == 200
    assert len(rows(by_get.content)) >= 3
    assert rows(by_get.content) == rows(by_form.content) == rows(direct.content)


@pytest.mark.parametrize("media", list(RESULTS))
def test_select_answers_in_each_results_format(client: TestClient, media: str) -> None:
    expected = rows(client.get("/sparql", params={"query": PEOPLE}).content)
    r = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    if media == "text/csv":  # CSV keeps lexical forms only
        names = [line.split(",", 1)[1] for line in r.text.splitlines()[1:]]
        assert names == [json.loads(e[1]) for e in expected]
    else:
        assert rows(r.content, RESULTS[media]) == expected


@pytest.mark.parametrize("media", list(GRAPHS))
def test_construct_answers_in_each_rdf_format(client: TestClient, media: str) -> None:
    expected = triples(client.get("/sparql", params={"query": GRAPH},
                                  headers={"Accept": "application/n-triples"}).content, ox.RdfFormat.N_TRIPLES)
    r = client.get("/sparql", params={"query": GRAPH}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert triples(r.content, GRAPHS[media]) == expected and len(expected) >= 3


def test_ask_answers_true_and_false(client: TestClient) -> None:
    yes = client.get("/sparql", params={"query": f"ASK {{ ?s a <{DG}Person> }}"})
    no = client.get("/sparql", params={"query": f"ASK {{ ?s a <{DG}Nothing> }}"},
                    headers={"Accept": "application/sparql-results+xml"})
    assert yes.json() == {"head": {}, "boolean": True}
    assert bool(ox.parse_query_results(no.content, format=ox.QueryResultsFormat.XML)) is False


@pytest.mark.parametrize(("accept", "media"), [
    ("text/*", "text/csv"),
    ("application/*;q=0.2, text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.1, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
])
def test_accept_headers_are_weighed(client: TestClient, accept: str, media: str) -> None:
    r = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


def test_a_format_parameter_stands_for_the_accept_header(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": PEOPLE, "format": "csv"}, headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/csv")
    assert client.get("/sparql", params={"query": PEOPLE, "format": "gif"}).status_code == 400


def test_nothing_acceptable_is_406_before_the_query_runs(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = client.get("/sparql", params={"query": GRAPH}, headers={"Accept": "text/csv"})
    assert r.status_code == 406 and "text/turtle" in r.text
    r = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "application/sparql-results+json;q=0"})
    assert r.status_code == 406


@pytest.fixture
def two_graphs() -> Iterator[TestClient]:
    store = EmbeddedStore(None)
    store.replace_graph("http://example.org/g1", "<http://example.org/a> <http://example.org/p> \"in g1\" .")
    store.replace_graph("http://example.org/g2", "<http://example.org/b> <http://example.org/p> \"in g2\" .")
    with TestClient(create_app(Settings(token=TOKEN), store)) as c:
        yield c


def test_dataset_parameters_choose_the_graphs(two_graphs: TestClient) -> None:
    everything = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    union = two_graphs.get("/sparql", params={"query": everything})
    assert [r[0] for r in rows(union.content)] == ['"in g1"', '"in g2"']
    only_g2 = two_graphs.get("/sparql", params={"query": everything, "default-graph-uri": "http://example.org/g2"})
    assert [r[0] for r in rows(only_g2.content)] == ['"in g2"']
    # named graphs alone: the default graph is empty, as the protocol says
    named = {"named-graph-uri": "http://example.org/g1"}
    assert two_graphs.get("/sparql", params={"query": "ASK { ?s ?p ?o }", **named}).json()["boolean"] is False
    in_named = two_graphs.get("/sparql", params={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **named})
    assert rows(in_named.content) == [("<http://example.org/g1>",)]
    # the protocol's dataset wins over the query's FROM
    from_g1 = "SELECT ?o FROM <http://example.org/g1> WHERE { ?s ?p ?o }"
    r = two_graphs.post("/sparql", params={"default-graph-uri": "http://example.org/g2"}, content=from_g1,
                        headers={"Content-Type": "application/sparql-query"})
    assert [x[0] for x in rows(r.content)] == ['"in g2"']


def test_relative_iris_resolve_against_the_endpoint(two_graphs: TestClient) -> None:
    r = two_graphs.get("/sparql", params={"query": "SELECT (<thing> AS ?x) WHERE {}"})
    assert rows(r.content) == [("<http://testserver/thing>",)]


def test_updates_need_the_token(two_graphs: TestClient) -> None:
    update = 'INSERT DATA { GRAPH <http://example.org/g3> { <http://example.org/c> <http://example.org/p> "new" } }'
    direct = {"Content-Type": "application/sparql-update"}
    missing = two_graphs.post("/sparql", content=update, headers=direct)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    for authorization in ("Bearer wrong", "Basic " + TOKEN, TOKEN, f"Bearer {TOKEN}x"):
        assert two_graphs.post("/sparql", content=update, headers={**direct, "Authorization": authorization}).status_code == 401
    assert two_graphs.get("/sparql", params={"query": 'ASK { ?s ?p "new" }'}).json()["boolean"] is False
    ok = two_graphs.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 204
    assert two_graphs.get("/sparql", params={"query": 'ASK { ?s ?p "new" }'}).json()["boolean"] is True


def test_without_a_configured_token_writes_are_off() -> None:
    with TestClient(create_app(Settings(), EmbeddedStore(None))) as c:
        r = c.post("/sparql", content="CLEAR ALL",
                   headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer anything"})
        assert r.status_code == 403 and "DIPLOGRAPH_TOKEN" in r.text


def test_using_graph_uri_sets_the_dataset_of_each_operation(two_graphs: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    update = ('INSERT { GRAPH <http://example.org/copy> { ?s ?p "copied" } } WHERE { ?s ?p ?o } ;\n'
              'INSERT DATA { GRAPH <http://example.org/g4> { <http://example.org/d> <http://example.org/p> "where" } }')
    r = two_graphs.post("/sparql", params={"using-graph-uri": "http://example.org/g2"}, content=update, headers=auth)
    assert r.status_code == 204
    copied = two_graphs.get("/sparql", params={"query": "SELECT ?s WHERE { GRAPH <http://example.org/copy> { ?s ?p ?o } }"})
    assert rows(copied.content) == [("<http://example.org/b>",)]
    conflict = two_graphs.post("/sparql", params={"using-graph-uri": "http://example.org/g2"},
                               content="WITH <http://example.org/g1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", headers=auth)
    assert conflict.status_code == 400 and "WITH" in conflict.text
    short = two_graphs.post("/sparql", params={"using-graph-uri": "http://example.org/g2"},
                            content="DELETE WHERE { ?s ?p ?o }", headers=auth)
    assert short.status_code == 400


@pytest.mark.parametrize(("request_kwargs", "status", "words"), [
    ({"method": "GET", "params": {"query": "SELECT ?s WHERE { ?s ?p"}}, 400, "1:"),
    ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "one query"),
    ({"method": "GET", "params": {"update": "CLEAR ALL"}}, 400, "POST"),
    ({"method": "POST", "content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}}, 400, "UTF-8"),
    ({"method": "POST", "content": b"query=ASK%20%7B%FF%7D", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
     400, "UTF-8"),
    ({"method": "POST", "content": "ASK {}".encode("utf-16"),
      "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415, "UTF-8"),
    ({"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "application/sparql-query"),
    ({"method": "POST", "content": b"ASK {}"}, 415, "Content-Type"),
    ({"method": "POST", "data": {"nothing": "here"}}, 400, "neither"),
    ({"method": "POST", "data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400, "not both"),
    ({"method": "PUT", "params": {"query": "ASK {}"}}, 405, "Method Not Allowed"),
])
def test_bad_requests_get_the_right_status_and_a_message(client: TestClient, request_kwargs: dict[str, object],
                                                         status: int, words: str) -> None:
    kwargs = dict(request_kwargs)
    method = str(kwargs.pop("method"))
    r = client.request(method, "/sparql", **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text
    assert words in r.text


def test_a_malformed_query_is_answered_with_the_parser_message_and_position(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?s\nWHERE { ?s ?p ?o . FILTER( }"})
    assert r.status_code == 400
    assert "malformed query" in r.text and "2:" in r.text  # line 2 holds the mistake


def test_bodies_and_queries_over_the_limits_are_413() -> None:
    settings = Settings(token=TOKEN, max_body_bytes=2_000, max_query_bytes=1_000)
    with TestClient(create_app(settings, EmbeddedStore(None))) as c:
        big = "ASK { " + "?s ?p ?o . " * 300 + "}"
        assert c.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"}).status_code == 413
        assert c.get("/sparql", params={"query": "ASK { " + "?s ?p ?o . " * 120 + "}"}).status_code == 413

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is kept while reading
            for _ in range(100):
                yield b"# padding padding padding padding padding padding\n"

        r = c.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 413


def test_answers_over_the_row_cap_are_refused_whole() -> None:
    store = EmbeddedStore(None)
    store.replace_graph("http://example.org/g", "\n".join(
        f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(50)))
    with TestClient(create_app(Settings(max_result_rows=20), store)) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 400 and "more than 20" in r.text and "LIMIT" in r.text
        r = c.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert r.status_code == 400 and "more than 20" in r.text
        assert len(rows(c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 20"}).content)) == 20


def test_errors_come_as_json_to_json_clients_and_as_a_page_to_browsers(client: TestClient) -> None:
    bad = {"query": "ASK {"}
    as_json = client.get("/sparql", params=bad, headers={"Accept": "application/sparql-results+json"})
    assert as_json.status_code == 400
    assert as_json.json()["status"] == 400 and "malformed" in as_json.json()["message"]
    as_text = client.get("/sparql", params=bad, headers={"Accept": "text/csv"})
    assert as_text.headers["content-type"].startswith("text/plain")
    page = client.get("/sparql", params=bad, headers={"Accept": "text/html,application/xml;q=0.9,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html") and "malformed" in page.text


def test_a_bare_get_describes_the_service_or_shows_a_form(client: TestClient) -> None:
    sd = client.get("/sparql")
    assert sd.headers["content-type"].startswith("text/turtle") and "sd:Service" in sd.text
    page = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert '<form method="get" action="/sparql">' in page.text and "PREFIX dg:" in page.text
