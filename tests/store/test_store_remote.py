"""What the remote store adds to the contract: server errors, bulk loads, and reaching the servers."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from tests.store.servers import Server, empty_store, free_port

from diplograph import api, synth
from diplograph.errors import QueryError, QueryTimeout, StoreError
from diplograph.store.base import select_rows
from diplograph.store.remote import RemoteStore, query_form

G1 = "https://w3id.org/diplograph/id/article/remote-one"
G2 = "https://w3id.org/diplograph/id/article/remote-two"


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> Iterator[RemoteStore]:
    server: Server = request.getfixturevalue(str(request.param))
    store = server.store()
    try:
        yield store
    finally:
        empty_store(store)
        store.close()


def nquads(graph: str, n: int) -> str:
    return "".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" <{graph}> .\n' for i in range(n))


@pytest.mark.parametrize(("sparql", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX dg: <https://w3id.org/diplograph/ontology#>\n# a comment with SELECT in it\nask { ?s a dg:Statement }",
     "ask"),
    ("BASE <http://example.org/> CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
    ("  describe <http://example.org/x>", "describe"),
    ("INSERT DATA { <a> <b> <c> }", None),
])
def test_query_form_is_read_past_the_prologue(sparql: str, form: str | None) -> None:
    assert query_form(sparql) == form


def test_unreachable_endpoint_is_a_store_error_naming_it() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    store = RemoteStore(url, timeout=2.0)
    with pytest.raises(StoreError, match=r"127\.0\.0\.1"):
        store.graphs()
    store.close()


def test_endpoint_must_be_http() -> None:
    with pytest.raises(StoreError, match="not an HTTP"):
        RemoteStore("ftp://example.org/sparql")


def test_a_server_that_does_not_answer_times_out_as_query_timeout() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)  # accepts connections, never answers
        port = silent.getsockname()[1]
        store = RemoteStore(f"http://127.0.0.1:{port}/sparql", timeout=0.5, union_default_graph=False,
                            system_graphs=())
        with pytest.raises(QueryTimeout):
            store.query("SELECT * WHERE { ?s ?p ?o }")
        store.close()


def test_query_error_carries_the_server_message(remote: RemoteStore) -> None:
    with pytest.raises(QueryError) as caught:
        remote.query("SELECT ?s WHERE { ?s ")
    assert remote.endpoint in caught.value.message
    assert len(caught.value.message) > len(remote.endpoint) + 20  # the server's own words follow


def test_load_nquads_replaces_the_graphs_it_fills(remote: RemoteStore) -> None:
    remote.replace_graph(G1, '<https://example.org/old> <https://example.org/p> "stale" .')
    remote.replace_graph(G2, '<https://example.org/keep> <https://example.org/p> "kept" .')
    remote.load_nquads(nquads(G1, 40).encode("utf-8"), [G1])
    assert remote.count(G1) == 40
    assert remote.count(G2) == 1
    rows = select_rows(remote, f'SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p "stale" }} }}')
    assert rows == []


def test_whole_store_dump_and_count_hold_only_our_graphs(remote: RemoteStore) -> None:
    remote.replace_graph(G1, '<https://example.org/a> <https://example.org/p> "1" .')
    remote.replace_graph(G2, '<https://example.org/b> <https://example.org/p> "2" .\n'
                             '<https://example.org/c> <https://example.org/p> "3" .')
    assert remote.graphs() == sorted([G1, G2])
    assert remote.count() == 3
    lines = [line for line in remote.dump("nquads").decode("utf-8").splitlines() if line]
    assert len(lines) == 3 and all(line.endswith(f"<{G1}> .") or line.endswith(f"<{G2}> .") for line in lines)


def test_answers_are_the_same_bytes_as_the_embedded_store(remote: RemoteStore) -> None:
    data = '<https://example.org/a> <https://example.org/p> "é \\"q\\""@fr .'
    remote.replace_graph(G1, data)
    embedded = api.open_store(None)
    embedded.replace_graph(G1, data)
    for fmt in ("json", "xml", "csv", "tsv"):
        sparql = "SELECT ?s ?o WHERE { ?s ?p ?o }"
        assert remote.query(sparql, solutions_format=fmt) == embedded.query(sparql, solutions_format=fmt)
    assert remote.dump("ntriples", graph=G1) == embedded.dump("ntriples", graph=G1)


def test_open_store_with_an_endpoint_gives_a_remote_store(oxigraph: Server) -> None:
    store = api.open_store(None, endpoint=oxigraph.endpoint)
    assert isinstance(store, RemoteStore)
    try:
        store.replace_graph(G1, '<https://example.org/a> <https://example.org/p> "1" .')
        assert api.query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": "1"}]
    finally:
        empty_store(store)
        store.close()


def test_ingested_articles_read_back_exactly_as_in_the_embedded_store(remote: RemoteStore) -> None:
    embedded = api.open_store(None)
    for art in synth.articles(3, seed=21):
        name, ntriples = api.graph_triples(art.extraction)
        remote.replace_graph(name, ntriples)
        embedded.replace_graph(name, ntriples)
    assert remote.graphs() == embedded.graphs()
    assert set(remote.dump("nquads").splitlines()) == set(embedded.dump("nquads").splitlines())
