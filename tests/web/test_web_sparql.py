"""The SPARQL endpoint as clients meet it: in process, and through a real uvicorn process."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

import diplograph
from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

ROOT = Path(__file__).resolve().parents[2]
ASK_LAVROV = 'ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> "Sergei Lavrov" }'
SELECT = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 3"


@pytest.fixture(scope="module")
def client(seed_gold: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(None)
    diplograph.ingest(store, [seed_gold])
    with TestClient(create_app(Settings(token="s3cret", query_timeout=5.0), store)) as c:
        yield c


def test_query_by_get_post_form_and_post_direct(client: TestClient) -> None:
    a = client.get("/sparql", params={"query": ASK_LAVROV})
    b = client.post("/sparql", data={"query": ASK_LAVROV})
    c = client.post("/sparql", content=ASK_LAVROV, headers={"Content-Type": "application/sparql-query"})
    for r in (a, b, c):
        assert r.status_code == 200
        assert r.json()["boolean"] is True


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_select_results_by_content_negotiation(client: TestClient, accept: str, media: str) -> None:
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)


def test_construct_gives_a_graph_and_select_refuses_turtle(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?o } LIMIT 2"},
                   headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406


def test_bare_get_is_a_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert "sd:Service" in r.text and "sd:endpoint" in r.text


def test_errors(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE {"})
    assert r.status_code == 400 and "malformed" in r.text
    r = client.post("/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    r = client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_updates_need_the_token(client: TestClient, tmp_path: Path) -> None:
    update = 'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/p> "1" } }'
    headers = {"Content-Type": "application/sparql-update"}
    assert client.post("/sparql", content=update, headers=headers).status_code == 401
    bad = {**headers, "Authorization": "Bearer wrong"}
    assert client.post("/sparql", content=update, headers=bad).status_code == 401
    ok = {**headers, "Authorization": "Bearer s3cret"}
    assert client.post("/sparql", content=update, headers=ok).status_code == 204
    r = client.get("/sparql", params={"query": "ASK { <https://example.org/a> ?p ?o }"})
    assert r.json()["boolean"] is True
    with TestClient(create_app(Settings(), EmbeddedStore(None))) as no_token:
        assert no_token.post("/sparql", content=update, headers=ok).status_code == 403


def test_service_and_load_are_refused_off_the_allow_list(client: TestClient) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    try:
        q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        assert client.get("/sparql", params={"query": q}).status_code == 400
        load = f"LOAD <http://127.0.0.1:{port}/data.ttl>"
        r = client.post("/sparql", content=load, headers={"Content-Type": "application/sparql-update",
                                                           "Authorization": "Bearer s3cret"})
        assert r.status_code == 400
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing reached the listener
    finally:
        listener.close()


def test_linked_data_entity(client: TestClient) -> None:
    r = client.get("/id/entity/Q159", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "Russia" in r.text
    assert client.get("/id/entity/Q159.nt").headers["content-type"].startswith("application/n-triples")
    assert client.get("/id/entity/no-such-thing").status_code == 404
    assert client.get("/id/entity/..%2F..%2Fetc").status_code == 404


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(seed_gold: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn process serving the seed, with a token, a 1 s timeout and a 64 kB body limit."""
    import os

    store_dir = tmp_path_factory.mktemp("served") / "data"
    subprocess.run([sys.executable, "-m", "diplograph", "ingest", str(seed_gold), "--store", str(store_dir)],
                   check=True, capture_output=True, cwd=ROOT)
    port = _free_port()
    env = {**os.environ, "DIPLOGRAPH_TOKEN": "real-token", "DIPLOGRAPH_QUERY_TIMEOUT": "1",
           "DIPLOGRAPH_MAX_BODY_BYTES": "65536"}
    proc = subprocess.Popen([sys.executable, "-m", "diplograph", "serve", "--store", str(store_dir),
                             "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_real_uvicorn_process_serves_sparql_clients(server: str) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from SPARQLWrapper import JSON, SPARQLWrapper

    r = httpx.get(server + "/sparql", params={"query": ASK_LAVROV})
    assert r.status_code == 200 and r.json()["boolean"] is True
    wrapper = SPARQLWrapper(server + "/sparql")
    wrapper.setQuery(SELECT)
    wrapper.setReturnFormat(JSON)
    result = wrapper.query().convert()
    assert isinstance(result, dict) and len(result["results"]["bindings"]) == 3
    graph = Graph(store=SPARQLStore(server + "/sparql", returnFormat="json"))
    rows = list(graph.query(SELECT))
    assert len(rows) == 3
    for accept, media in (("application/sparql-results+xml", "application/sparql-results+xml"),
                          ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values")):
        assert httpx.get(server + "/sparql", params={"query": SELECT},
                         headers={"Accept": accept}).headers["content-type"].startswith(media)
    for accept in ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"):
        got = httpx.get(server + "/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?o } LIMIT 3"},
                        headers={"Accept": accept})
        assert got.status_code == 200 and got.headers["content-type"].startswith(accept)


def test_real_process_refuses_and_limits(server: str) -> None:
    sparql = server + "/sparql"
    update = 'INSERT DATA { <https://example.org/a> <https://example.org/p> "1" }'
    direct = {"Content-Type": "application/sparql-update"}
    assert httpx.post(sparql, content=update, headers=direct).status_code == 401
    assert httpx.post(sparql, content=update, headers={**direct, "Authorization": "Bearer nope"}).status_code == 401
    assert httpx.post(sparql, content=update, headers={**direct, "Authorization": "Bearer real-token"}).status_code == 204
    assert httpx.get(sparql, params={"query": "SELECT ?s WHERE { ?s"}).status_code == 400
    assert httpx.post(sparql, content=b"ASK {} \xff", headers={"Content-Type": "application/sparql-query"}).status_code == 400
    assert httpx.post(sparql, content="ASK {}", headers={"Content-Type": "application/json"}).status_code == 415
    assert httpx.get(sparql, params={"query": SELECT}, headers={"Accept": "image/png"}).status_code == 406
    big = "ASK { " + "?s ?p ?o . " * 10_000 + "}"
    assert httpx.post(sparql, content=big, headers={"Content-Type": "application/sparql-query"}).status_code == 413
    slow = httpx.get(sparql, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?x . ?b a ?y . ?c a ?z }"},
                     timeout=30)
    assert slow.status_code == 503 and "limit" in slow.text


def test_real_process_reaches_no_one_through_service_or_load(server: str) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.3)
    port = listener.getsockname()[1]
    target = f"http://127.0.0.1:{port}/sparql"
    try:
        nested = f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}"
        assert httpx.get(server + "/sparql", params={"query": nested}).status_code == 400
        load = f"LOAD <{target}> INTO GRAPH <https://example.org/g>"
        r = httpx.post(server + "/sparql", content=load,
                       headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer real-token"})
        assert r.status_code == 400
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_entity_page_for_browsers_and_json_ld(client: TestClient) -> None:
    page = client.get("/id/entity/Q159", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Russia</h1>" in page.text
    ld = client.get("/id/entity/Q159.jsonld")
    assert ld.headers["content-type"].startswith("application/ld+json")
    assert "Russia" in ld.text


def test_ontology_and_void(client: TestClient) -> None:
    ttl = client.get("/ontology")
    assert ttl.headers["content-type"].startswith("text/turtle") and "owl:Ontology" in ttl.text
    doc = client.get("/ontology", headers={"Accept": "text/html"})
    assert 'id="Statement"' in doc.text
    void = client.get("/.well-known/void")
    assert "void:sparqlEndpoint" in void.text and "void:triples" in void.text


def test_a_runaway_query_times_out_while_others_are_answered(seed_gold: Path) -> None:
    import asyncio

    store = EmbeddedStore(None)
    diplograph.ingest(store, [seed_gold])
    app = create_app(Settings(query_timeout=1.0, max_concurrent_queries=30), store)
    # about four seconds of work here: over the limit, yet bounded, since a running query cannot be stopped
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?x . ?b a ?y . ?c a ?z }"

    async def scenario() -> tuple[httpx.Response, list[httpx.Response], bool]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            slow = asyncio.create_task(c.get("/sparql", params={"query": runaway}))
            await asyncio.sleep(0.1)
            quick = await asyncio.gather(*(c.get("/sparql", params={"query": ASK_LAVROV}) for _ in range(20)))
            quick_done_first = not slow.done()
            return await slow, list(quick), quick_done_first

    slow, quick, answered_while_running = asyncio.run(scenario())
    assert answered_while_running
    assert slow.status_code == 503 and "limit" in slow.text
    assert all(r.status_code == 200 and r.json()["boolean"] is True for r in quick)
