"""SERVICE and LOAD reach only allow-listed endpoints (web/federation.py), wherever they hide,
and a refused request makes no connection at all."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import TOKEN

from diplograph.config import Settings
from diplograph.errors import QueryError
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app
from diplograph.web.federation import refuse_unlisted, remote_targets

EVIL = "http://127.0.0.1:9/sparql"
BASE = "http://diplograph.example/sparql"


@pytest.mark.parametrize("query", [
    f"SELECT * WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    f"select * where {{ service silent <{EVIL}> {{ ?s ?p ?o }} }}",
    "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }",
    "BASE <http://127.0.0.1:9/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }} }}",
    f"ASK {{ FILTER EXISTS {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ OPTIONAL {{ ?a ?b ?c MINUS {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?a<?b&&'x>y') SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ \\u0053ERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }",
    "# a comment saying SERVICE\nSELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
])
def test_service_is_found_wherever_it_hides(query: str) -> None:
    with pytest.raises(QueryError, match=r"SERVICE|could not be checked"):
        refuse_unlisted(query, (), update=False, base_iri=BASE)


@pytest.mark.parametrize("update", [
    f"LOAD <{EVIL}>",
    f"load silent <{EVIL}> into graph <http://example.org/g>",
    "PREFIX x: <http://127.0.0.1:9/> CLEAR ALL ; LOAD x:data",
    f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    "DELETE WHERE { ?s ?p ?o } ; INSERT { GRAPH <g> { ?s ?p ?o } } USING <g> "
    f"WHERE {{ {{ SELECT * WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }} }} }}",
])
def test_load_and_service_in_updates_are_found(update: str) -> None:
    with pytest.raises(QueryError):
        refuse_unlisted(update, (), update=True, base_iri=BASE)


def test_targets_are_resolved_to_full_iris() -> None:
    query = "PREFIX wd: <https://query.wikidata.org/> SELECT * WHERE { SERVICE wd:sparql { ?s ?p ?o } SERVICE <local> { } }"
    assert remote_targets(query, update=False, base_iri=BASE) == [
        ("SERVICE", "https://query.wikidata.org/sparql"), ("SERVICE", "http://diplograph.example/local")]


def test_allow_listed_endpoints_pass_and_innocent_words_cost_nothing() -> None:
    wikidata = "https://query.wikidata.org/sparql"
    refuse_unlisted(f"SELECT * WHERE {{ SERVICE <{wikidata}> {{ ?s ?p ?o }} }}", (wikidata,), update=False)
    refuse_unlisted('SELECT * WHERE { ?s ?p "the service will load later" }', (), update=False)
    assert remote_targets("SELECT * WHERE { ?s ?p ?o }", update=False) == []


def test_a_text_that_mentions_service_but_cannot_be_checked_is_refused() -> None:
    with pytest.raises(QueryError, match="could not be checked"):
        refuse_unlisted("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ", (), update=False)


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.3)
    try:
        yield sock, f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


def test_a_refused_request_reaches_no_one(listener: tuple[socket.socket, str]) -> None:
    sock, address = listener
    with TestClient(create_app(Settings(token=TOKEN), EmbeddedStore(None))) as c:
        update = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
        answers = [
            c.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{address}/sparql> {{ ?s ?p ?o }} }}"}),
            c.post("/sparql", data={"query": f"PREFIX l: <{address}/> ASK {{ SERVICE l:q {{ }} }}"}),
            c.post("/sparql", content=f"LOAD <{address}/data.ttl>", headers=update),
            c.post("/sparql", content=f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{address}/> {{ ?s ?p ?o }} }}", headers=update),
        ]
    assert [a.status_code for a in answers] == [400, 400, 400, 400]
    assert all("allow-list" in a.text for a in answers)
    with pytest.raises(TimeoutError):
        sock.accept()  # not one connection came
