"""The W3C Graph Store Protocol tests (direct and indirect identification) and the Service
Description tests, run from their manifests in ../shared/conformance against the app in process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT.parent / "shared" / "conformance"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TOKEN = "gsp-token"
CODES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404, "BadRequest": 400}


def _headers(g: Graph, node: Any) -> dict[str, str]:
    head = g.value(node, HT.headers)
    if head is None:
        return {}
    return {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue)) for h in Collection(g, head)}


def load(name: str) -> list[tuple[str, list[dict[str, Any]]]]:
    manifest = CONFORMANCE / "sparql11-graph-store-protocol" / name
    if not manifest.is_file():
        return []
    g = Graph().parse(manifest, format="turtle")
    out = []
    for entries in g.objects(None, MF.entries):
        for entry in Collection(g, entries):
            action = g.value(entry, MF.action)
            steps = []
            requests = g.value(action, HT.requests)
            nodes = list(Collection(g, requests)) if requests is not None else [action]
            for req in nodes:
                body = g.value(req, HT.body)
                resp = g.value(req, HT.resp)
                rbody = g.value(resp, HT.body) if resp is not None else None
                steps.append({
                    "method": str(g.value(req, HT.methodName)),
                    "path": str(g.value(req, HT.absolutePath)),
                    "headers": _headers(g, req),
                    "body": str(g.value(body, CNT.chars)) if body is not None else None,
                    "status": [str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)],
                    "location": str(g.value(resp, MF.expectedLocation) or "") if resp is not None else "",
                    "expected_body": str(g.value(rbody, CNT.chars)) if rbody is not None else None,
                    "expected_type": _headers(g, resp).get("content-type", "text/turtle") if resp is not None else "",
                })
            out.append((f"{name.removesuffix('.ttl')}:{str(entry).rsplit('#', 1)[-1]}", steps))
    return out


TESTS = load("manifest-direct.ttl") + load("manifest-indirect.ttl")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(token=TOKEN), EmbeddedStore(None))) as c:
        yield c


def test_both_graph_store_manifests_are_read() -> None:
    if not TESTS:
        from tests.conftest import missing_component

        missing_component("../shared/conformance is not beside the repository")
    assert len(TESTS) == 13  # the entries the two manifests list (4 direct, 9 indirect)


def _ok(code: int, expected: list[str]) -> bool:
    for e in expected:
        if e.startswith("StatusCode"):
            if code // 100 == int(e.removeprefix("StatusCode")[0]):
                return True
        elif CODES.get(e) == code:
            return True
    return not expected


@pytest.mark.parametrize(("name", "steps"), TESTS, ids=[n for n, _ in TESTS])
def test_graph_store(client: TestClient, name: str, steps: list[dict[str, Any]]) -> None:
    variables: dict[str, str] = {}
    for step in steps:
        path, body = step["path"], step["body"]
        for var, value in variables.items():
            path = path.replace(var, value)
            body = body.replace(var, value) if body else body
        path = path.replace("/gsp", "/rdf-graph-store", 1) if path.startswith("/gsp") else path
        if path.startswith("http"):
            path = "/" + path.split("/", 3)[3]
        headers = dict(step["headers"])
        if step["method"] in ("PUT", "POST", "DELETE"):
            headers["Authorization"] = f"Bearer {TOKEN}"
        if body is not None and "multipart" in headers.get("content-type", ""):
            body = body.replace("\r\n", "\n").replace("\n", "\r\n")
        r = client.request(step["method"], path, content=body.encode("utf-8") if body else None, headers=headers)
        assert _ok(r.status_code, step["status"]), f"{name} {step['method']} {path}: {r.status_code} {r.text[:200]}"
        if step["location"]:
            assert "location" in r.headers, name
            variables[step["location"]] = r.headers["location"]
        if step["expected_body"] is not None and step["method"] == "GET":
            fmt = "turtle" if "turtle" in step["expected_type"] else "nt"
            base = str(r.url).split("?", 1)[0]
            expected = Graph().parse(data=step["expected_body"], format=fmt, publicID=base)
            got = Graph().parse(data=r.text, format="turtle", publicID=base)
            assert isomorphic(expected, got), f"{name}: graph differs\n{r.text}"


def test_service_description_manifest(client: TestClient) -> None:
    from rdflib.namespace import RDF

    manifest = CONFORMANCE / "sparql11-service-description" / "manifest.ttl"
    if not manifest.is_file():
        from tests.conftest import missing_component

        missing_component("../shared/conformance is not beside the repository")
    g = Graph().parse(manifest)
    listed = {str(e).rsplit("#", 1)[-1] for head in g.objects(None, MF.entries) for e in Collection(g, head)}
    assert listed == {"returns-rdf", "has-endpoint-triple", "conforms-to-schema"}
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")  # returns-rdf
    sd = Graph().parse(data=r.text, format="turtle")
    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert any(str(o).endswith("/sparql") for o in sd.objects(None, SD.endpoint))  # has-endpoint-triple
    services = set(sd.subjects(RDF.type, SD.Service))  # conforms-to-schema
    assert services and all(sd.value(s, SD.supportedLanguage) is not None and sd.value(s, SD.endpoint) is not None
                            for s in services)
