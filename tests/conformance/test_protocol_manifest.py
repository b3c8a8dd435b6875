"""The W3C SPARQL 1.1 Protocol tests, run from their manifest in ../shared/conformance.

Each test's HTTP requests are replayed against the app in process (paths /sparql/… become
/sparql), with the graph data the test names loaded first, and checked for the expected status
class, result format and boolean. Updates carry the configured bearer token.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ROOT.parent / "shared" / "conformance" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TOKEN = "conformance-token"


def load_tests() -> list[tuple[str, dict[str, Any]]]:
    manifest = PROTOCOL / "manifest.ttl"
    if not manifest.is_file():
        return []
    g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    head = next(g.objects(None, MF.entries))
    tests = []
    for entry in Collection(g, head):
        name = str(entry).rsplit("#", 1)[-1]
        data = []
        for gd in g.objects(entry, UT.graphData):
            data.append((str(g.value(gd, UT.graph)), str(g.value(gd, RDFS.label))))
        for d in g.objects(entry, UT.data):
            data.append((str(d), ""))
        action = g.value(entry, MF.action)
        requests = []
        requests_head = g.value(action, HT.requests)
        assert requests_head is not None, name
        for req in Collection(g, requests_head):
            headers = {}
            hl = g.value(req, HT.headers)
            if hl is not None:
                for h in Collection(g, hl):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body = g.value(req, HT.body)
            resp = g.value(req, HT.resp)
            requests.append({
                "method": str(g.value(req, HT.methodName)),
                "path": str(g.value(req, HT.absolutePath)),
                "headers": headers,
                "body": str(g.value(body, CNT.chars)) if body is not None else None,
                "encoding": str(g.value(body, CNT.characterEncoding) or "UTF-8") if body is not None else "UTF-8",
                "status": {str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)},
                "format": str(g.value(resp, MF.expectedFormat) or ""),
                "boolean": g.value(resp, MF.expectedBoolean),
            })
        tests.append((name, {"data": data, "requests": requests, "entry": entry, "type": g.value(entry, RDF.type)}))
    return tests


TESTS = load_tests()


@pytest.fixture
def client() -> Iterator[TestClient]:
    store = EmbeddedStore(None)
    with TestClient(create_app(Settings(token=TOKEN), store)) as c:
        c.app.state.store = store  # type: ignore[attr-defined]
        yield c


def test_the_manifest_is_there_and_has_all_34_tests() -> None:
    if not TESTS:
        from tests.conftest import missing_component

        missing_component("../shared/conformance is not beside the repository")
    assert len(TESTS) == 34


def _status_ok(code: int, expected: set[str]) -> bool:
    return any(code // 100 == int(e.removeprefix("StatusCode")[0]) for e in expected if e.startswith("StatusCode"))


@pytest.mark.parametrize(("name", "test"), TESTS, ids=[n for n, _ in TESTS])
def test_protocol(client: TestClient, name: str, test: dict[str, Any]) -> None:
    store: EmbeddedStore = client.app.state.store  # type: ignore[attr-defined]
    for file_uri, label in test["data"]:
        nt = (PROTOCOL / Path(file_uri).name).read_text(encoding="utf-8")
        store.replace_graph(label or str(URIRef(file_uri)), nt)
    for req in test["requests"]:
        path = req["path"].replace("/sparql/", "/sparql", 1)
        headers = dict(req["headers"])
        if req["method"] == "POST":
            headers.setdefault("Authorization", f"Bearer {TOKEN}")
        body = None
        if req["body"] is not None:
            body = req["body"].encode("iso-8859-1" if req["encoding"].upper().startswith("ISO") else "utf-8")
        r = client.request(req["method"], path, content=body, headers=headers)
        assert _status_ok(r.status_code, req["status"]), f"{name}: {r.status_code} {r.text[:200]}"
        if req["format"] == "boolean":
            assert isinstance(r.json()["boolean"], bool), name
            if req["boolean"] is not None:
                assert r.json()["boolean"] is bool(req["boolean"].toPython()), name
        elif req["format"] == "tabular":
            assert r.headers["content-type"].split(";")[0] in (
                "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
        elif req["format"] == "RDF":
            assert r.headers["content-type"].split(";")[0] in (
                "text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
                "application/n-quads", "application/trig")
