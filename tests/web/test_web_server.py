"""The service as clients meet it over a network: a real `diplograph serve` process (uvicorn)
on 127.0.0.1, queried by SPARQLWrapper, rdflib's SPARQLStore and plain HTTP requests with
each Accept type; limits, the time limit, SERVICE/LOAD refusal, token-gated writes and every
error status, checked against the running process."""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from tests.store.servers import free_port, serve_diplograph
from tests.web.conftest import DG, LABEL, corpus_store

from diplograph.store.base import select_rows
from diplograph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "real-process-token-5f1c"
PEOPLE = f"SELECT ?person ?name WHERE {{ ?person a <{DG}Person> ; <{LABEL}> ?name }} ORDER BY ?name"
GRAPH = f"CONSTRUCT {{ ?person <{LABEL}> ?name }} WHERE {{ ?person a <{DG}Person> ; <{LABEL}> ?name }}"


@dataclass
class Server:
    url: str
    log: Path
    person: str
    people: int

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`diplograph serve` over a store of synthetic articles, with a token, a 1 s time limit,
    a 64 kB body limit, and its own endpoint as the one allowed SERVICE target."""
    folder = tmp_path_factory.mktemp("served")
    memory = corpus_store()
    disk = EmbeddedStore(folder / "store")
    disk.load_nquads(memory.dump("nquads"), memory.graphs())
    person = select_rows(disk, f"SELECT ?p WHERE {{ ?p a <{DG}Person> }} ORDER BY ?p LIMIT 1")[0]["p"]
    people = len(select_rows(disk, PEOPLE))
    disk.close()
    del disk
    gc.collect()  # pyoxigraph lets go of the folder's lock when the store is dropped
    log = folder / "server.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DIPLOGRAPH_TOKEN": TOKEN, "DIPLOGRAPH_QUERY_TIMEOUT": "1",
           "DIPLOGRAPH_MAX_BODY_BYTES": "65536", "DIPLOGRAPH_MAX_QUERY_BYTES": "32768",
           "DIPLOGRAPH_SERVICE_ALLOWLIST": url + "/sparql", "DIPLOGRAPH_MAX_CONCURRENT_QUERIES": "8"}
    with serve_diplograph(folder / "store", env, log, port) as base:
        yield Server(base, log, person, people)


# --- clients ------------------------------------------------------------------------------------

def test_sparqlwrapper_reads_every_results_format(server: Server) -> None:
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    wrapper = SPARQLWrapper(server.sparql)
    wrapper.setQuery(PEOPLE)
    wrapper.setReturnFormat(JSON)
    as_json = wrapper.query().convert()
    assert isinstance(as_json, dict) and len(as_json["results"]["bindings"]) == server.people
    wrapper.setReturnFormat(XML)
    as_xml = wrapper.query().convert()
    assert len(as_xml.getElementsByTagName("result")) == server.people  # type: ignore[union-attr]
    for fmt in (CSV, TSV):
        wrapper.setReturnFormat(fmt)
        table = wrapper.query().convert()
        assert isinstance(table, bytes) and len(table.decode().strip().splitlines()) == server.people + 1


def test_sparqlwrapper_sends_an_update_with_the_token(server: Server) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper

    wrapper = SPARQLWrapper(server.sparql)
    wrapper.setMethod(POST)
    wrapper.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    wrapper.setQuery('INSERT DATA { GRAPH <https://example.org/by-wrapper> { <https://example.org/w> <https://example.org/p> "w" } }')
    wrapper.query()
    ask = httpx.get(server.sparql, params={"query": 'ASK { <https://example.org/w> ?p "w" }'})
    assert ask.json()["boolean"] is True


@pytest.mark.parametrize("return_format", ["xml", "json", "csv"])
def test_rdflib_sparqlstore_runs_queries(server: Server, return_format: str) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(server.sparql, returnFormat=return_format))
    rows = list(graph.query(PEOPLE))
    assert len(rows) == server.people
    if return_format != "csv":  # SPARQL's CSV has no form for a boolean
        assert graph.query(f"ASK {{ <{server.person}> a <{DG}Person> }}").askAnswer is True


def test_rdflib_reads_a_construct_and_a_graph_store_graph(server: Server) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    built = Graph(store=SPARQLStore(server.sparql)).query(GRAPH).graph
    assert built is not None and len(built) == server.people
    put = httpx.put(server.url + "/rdf-graph-store", params={"graph": "https://example.org/gsp"},
                    content=b'<https://example.org/x> <https://example.org/p> "gsp" .',
                    headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert put.status_code in (201, 204)
    got = Graph().parse(server.url + "/rdf-graph-store?graph=https%3A%2F%2Fexample.org%2Fgsp", format="turtle")
    assert len(got) == 1


@pytest.mark.parametrize(("query", "accept", "fmt"), [
    (PEOPLE, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    (PEOPLE, "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    (PEOPLE, "text/csv", None),
    (PEOPLE, "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("ASK { ?s ?p ?o }", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("ASK { ?s ?p ?o }", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
])
def test_plain_http_with_each_results_type(server: Server, query: str, accept: str,
                                           fmt: ox.QueryResultsFormat | None) -> None:
    r = httpx.get(server.sparql, params={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    if fmt is None:  # CSV: pyoxigraph reads no CSV, Python does
        import csv
        import io

        table = list(csv.reader(io.StringIO(r.text, newline="")))
        assert table[0] == ["person", "name"] and len(table) == server.people + 1
        return
    result = ox.parse_query_results(r.content, format=fmt)
    if isinstance(result, ox.QuerySolutions):
        assert len(list(result)) == server.people
    else:
        assert bool(result) is True


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/n-quads", ox.RdfFormat.N_QUADS), ("application/trig", ox.RdfFormat.TRIG),
])
def test_plain_http_with_each_graph_type(server: Server, accept: str, fmt: ox.RdfFormat) -> None:
    r = httpx.post(server.sparql, content=GRAPH, headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert len(list(ox.parse(r.content, format=fmt))) == server.people
    if fmt not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        page = httpx.get(server.url + server.person.removeprefix("https://w3id.org/diplograph"), headers={"Accept": accept})
        assert page.status_code == 200 and page.headers["content-type"].startswith(accept)
        assert any(q.subject == ox.NamedNode(server.person) for q in ox.parse(page.content, format=fmt))


def test_a_browser_gets_pages(server: Server) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    for path in ("/sparql", "/ontology", "/.well-known/void", server.person.removeprefix("https://w3id.org/diplograph")):
        r = httpx.get(server.url + path, headers=browser)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path
    assert httpx.get(server.url + "/static/style.css").status_code == 200


# --- limits and refusals ------------------------------------------------------------------------

def test_a_runaway_query_gets_503_while_twenty_quick_ones_are_answered(server: Server) -> None:
    values = " ".join(str(i) for i in range(350))
    runaway = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"

    async def scenario() -> tuple[httpx.Response, list[httpx.Response], bool]:
        async with httpx.AsyncClient(timeout=30) as client:
            slow = asyncio.create_task(client.post(server.sparql, data={"query": runaway}))
            await asyncio.sleep(0.1)
            quick = await asyncio.gather(*(client.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"})
                                           for _ in range(20)))
            meanwhile = not slow.done()
            return await slow, list(quick), meanwhile

    slow, quick, meanwhile = asyncio.run(scenario())
    assert meanwhile, "the quick queries waited for the runaway one"
    assert all(r.status_code == 200 and r.json()["boolean"] is True for r in quick)
    assert slow.status_code == 503 and "time limit" in slow.text and "bindings" not in slow.text


def test_service_and_load_reach_only_the_allow_list(server: Server) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.3)
    outside = f"http://127.0.0.1:{listener.getsockname()[1]}"
    update = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    try:
        refused = [
            httpx.get(server.sparql, params={"query": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{outside}/sparql> "
                                                       "{ ?s ?p ?o } } } }"}),
            httpx.post(server.sparql, content=f"LOAD <{outside}/data.ttl> INTO GRAPH <https://example.org/g>", headers=update),
            httpx.post(server.sparql, content=f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{outside}/> {{ ?s ?p ?o }} }}",
                       headers=update),
        ]
        assert [r.status_code for r in refused] == [400, 400, 400]
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing reached the listener
    finally:
        listener.close()
    # the allow-listed endpoint (this server itself) is reached
    federated = httpx.get(server.sparql, params={"query": f"SELECT ?name WHERE {{ SERVICE <{server.sparql}> "
                                                          f"{{ <{server.person}> <{LABEL}> ?name }} }}"}, timeout=30)
    assert federated.status_code == 200 and len(federated.json()["results"]["bindings"]) == 1


def test_writes_need_the_token(server: Server) -> None:
    update = 'INSERT DATA { <https://example.org/t> <https://example.org/p> "t" }'
    direct = {"Content-Type": "application/sparql-update"}
    assert httpx.post(server.sparql, content=update, headers=direct).status_code == 401
    assert httpx.post(server.sparql, content=update, headers={**direct, "Authorization": "Bearer no"}).status_code == 401
    assert httpx.put(server.url + "/rdf-graph-store?default", content=b"<a> <b> <c> .",
                     headers={"Content-Type": "text/turtle"}).status_code == 401
    assert httpx.post(server.sparql, content=update, headers={**direct, "Authorization": f"Bearer {TOKEN}"}).status_code == 204


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("GET", "/sparql", {"params": {"query": "SELECT ?s WHERE { ?s ?p"}}, 400),
    ("POST", "/sparql", {"content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}}, 400),
    ("POST", "/sparql", {"content": b"ASK {}", "headers": {"Content-Type": "application/json"}}, 415),
    ("POST", "/sparql", {"content": b"#" * 70_000, "headers": {"Content-Type": "application/sparql-query"}}, 413),
    ("GET", "/sparql", {"params": {"query": "ASK {" + " " * 40_000 + "}"}}, 413),
    ("GET", "/sparql", {"params": {"query": PEOPLE}, "headers": {"Accept": "image/png"}}, 406),
    ("GET", "/id/entity/nobody-at-all", {}, 404),
    ("GET", "/id/entity/..%2f..%2fetc%2fpasswd", {}, 404),
    ("DELETE", "/sparql", {}, 405),
])
def test_each_error_status(server: Server, method: str, path: str, kwargs: dict[str, object], status: int) -> None:
    r = httpx.request(method, server.url + path, **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text
    assert r.text.strip(), "an error comes with a message"


def test_the_parser_message_and_position_reach_the_client(server: Server) -> None:
    r = httpx.get(server.sparql, params={"query": "SELECT ?s\nWHERE { ?s ?p ?o . FILTER( }"})
    assert r.status_code == 400 and "2:" in r.text


def test_the_token_never_reaches_the_log(server: Server) -> None:
    httpx.post(server.sparql, content="CLEAR GRAPH <https://example.org/none>",
               headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    httpx.post(server.sparql, content="not an update",
               headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    time.sleep(0.2)
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "POST /sparql" in log  # the access log is there
    assert TOKEN not in log
