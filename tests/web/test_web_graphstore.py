"""The Graph Store HTTP Protocol at /rdf-graph-store (web/graphstore.py): graphs named
directly or indirectly, the store's own default graph, writes with the token, errors."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import TOKEN

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TURTLE = {"Content-Type": "text/turtle", **AUTH}
G = "http://example.org/graph/1"


@pytest.fixture
def store() -> EmbeddedStore:
    return EmbeddedStore(None)


@pytest.fixture
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(token=TOKEN, max_body_bytes=5_000), store)) as c:
        yield c


def objects(body: bytes, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> set[str]:
    return {str(q.object) for q in ox.parse(body, format=fmt)}


def test_put_get_post_delete_a_named_graph(client: TestClient, store: EmbeddedStore) -> None:
    assert client.put("/rdf-graph-store", params={"graph": G}, content='<a> <http://e/p> "one" .', headers=TURTLE).status_code == 201
    assert store.graphs() == [G]
    got = client.get("/rdf-graph-store", params={"graph": G})
    assert got.status_code == 200 and objects(got.content) == {'"one"'}
    assert "<http://example.org/graph/a>" in got.text  # relative IRIs resolve against the graph's IRI
    assert client.post("/rdf-graph-store", params={"graph": G}, content='<a> <http://e/p> "two" .',
                       headers=TURTLE).status_code == 204
    assert objects(client.get("/rdf-graph-store", params={"graph": G}).content) == {'"one"', '"two"'}
    assert client.put("/rdf-graph-store", params={"graph": G}, content='<a> <http://e/p> "three" .',
                      headers=TURTLE).status_code == 204
    assert objects(client.get("/rdf-graph-store", params={"graph": G}).content) == {'"three"'}
    assert client.delete("/rdf-graph-store", params={"graph": G}, headers=AUTH).status_code == 204
    assert client.get("/rdf-graph-store", params={"graph": G}).status_code == 404
    assert client.delete("/rdf-graph-store", params={"graph": G}, headers=AUTH).status_code == 404


def test_the_default_graph_is_the_stores_own_not_the_union(client: TestClient, store: EmbeddedStore) -> None:
    store.replace_graph(G, '<http://e/a> <http://e/p> "named" .')
    put = client.put("/rdf-graph-store?default", content='<http://e/a> <http://e/p> "default" .', headers=TURTLE)
    assert put.status_code in (201, 204)
    assert objects(client.get("/rdf-graph-store?default").content) == {'"default"'}
    # queries see it inside the union default graph, with every named graph
    union = client.get("/sparql", params={"query": "SELECT ?o WHERE { ?s ?p ?o }"}).json()
    assert {b["o"]["value"] for b in union["results"]["bindings"]} == {"default", "named"}
    # and SPARQL updates without GRAPH write to the same graph
    client.post("/sparql", content='INSERT DATA { <http://e/b> <http://e/p> "by update" }',
                headers={"Content-Type": "application/sparql-update", **AUTH})
    assert objects(client.get("/rdf-graph-store?default").content) == {'"default"', '"by update"'}
    assert client.delete("/rdf-graph-store?default", headers=AUTH).status_code == 204
    assert client.get("/rdf-graph-store?default").text.strip() == ""
    assert store.graphs() == [G]


def test_post_to_the_store_makes_a_new_graph(client: TestClient, store: EmbeddedStore) -> None:
    r = client.post("/rdf-graph-store", content='<http://e/a> <http://e/p> "new" .', headers=TURTLE)
    assert r.status_code == 201
    location = r.headers["location"]
    assert location.startswith("https://w3id.org/diplograph/id/graph/") and store.graphs() == [location]
    assert objects(client.get("/rdf-graph-store", params={"graph": location}).content) == {'"new"'}


def test_a_graph_named_by_its_url(client: TestClient, store: EmbeddedStore) -> None:
    r = client.put("/rdf-graph-store/people/1", content='<#me> <http://e/p> "me" .', headers=TURTLE)
    assert r.status_code == 201 and store.graphs() == ["http://testserver/rdf-graph-store/people/1"]
    got = client.get("/rdf-graph-store/people/1", headers={"Accept": "application/n-triples"})
    assert got.headers["content-type"].startswith("application/n-triples")
    assert "<http://testserver/rdf-graph-store/people/1#me>" in got.text


@pytest.mark.parametrize(("media", "body"), [
    ("application/n-triples", b'<http://e/a> <http://e/p> "x" .'),
    ("application/rdf+xml", b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
                            b'<rdf:Description rdf:about="http://e/a"><e:p>x</e:p></rdf:Description></rdf:RDF>'),
    ("application/ld+json", b'{"@id": "http://e/a", "http://e/p": "x"}'),
])
def test_graphs_are_read_in_each_rdf_format(client: TestClient, media: str, body: bytes) -> None:
    r = client.put("/rdf-graph-store", params={"graph": G}, content=body, headers={"Content-Type": media, **AUTH})
    assert r.status_code == 201
    assert objects(client.get("/rdf-graph-store", params={"graph": G}).content) == {'"x"'}


def test_head_answers_the_headers_of_get(client: TestClient) -> None:
    client.put("/rdf-graph-store", params={"graph": G}, content='<http://e/a> <http://e/p> "x" .', headers=TURTLE)
    get = client.get("/rdf-graph-store", params={"graph": G})
    head = client.head("/rdf-graph-store", params={"graph": G})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/rdf-graph-store", params={"graph": "http://e/none"}).status_code == 404


@pytest.mark.parametrize(("method", "kwargs", "status"), [
    ("PUT", {"params": {"graph": G}, "content": b"<a> <b> <c> .", "headers": {"Content-Type": "text/turtle"}}, 401),
    ("PUT", {"params": {"graph": G}, "content": b"<a> <b> <c> .", "headers": {"Content-Type": "text/turtle",
                                                                           "Authorization": "Bearer no"}}, 401),
    ("DELETE", {"params": {"graph": G}}, 401),
    ("PUT", {"params": {"graph": G}, "content": b"<a> <b> <c> .", "headers": {"Content-Type": "image/png", **AUTH}}, 415),
    ("PUT", {"params": {"graph": G}, "content": b"<a> <b> .", "headers": TURTLE}, 400),
    ("PUT", {"params": {"graph": G}, "content": b"<a> <b> <c> <d> .", "headers": {"Content-Type": "application/n-quads",
                                                                               **AUTH}}, 415),
    ("PUT", {"params": {"graph": G}, "content": b"# " + b"x" * 6_000, "headers": TURTLE}, 413),
    ("GET", {"params": {"graph": "not an iri"}}, 400),
    ("GET", {"params": [("graph", G), ("default", "")]}, 400),
    ("GET", {}, 400),
    ("GET", {"params": {"graph": G}, "headers": {"Accept": "text/csv"}}, 406),
])
def test_bad_requests(client: TestClient, method: str, kwargs: dict[str, object], status: int) -> None:
    r = client.request(method, "/rdf-graph-store", **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text


def test_writes_are_off_without_a_token() -> None:
    with TestClient(create_app(Settings(), EmbeddedStore(None))) as c:
        r = c.put("/rdf-graph-store?default", content=b"<a> <b> <c> .", headers={"Content-Type": "text/turtle"})
        assert r.status_code == 403
