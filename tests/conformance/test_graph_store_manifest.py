"""The W3C SPARQL 1.1 Graph Store HTTP Protocol tests, driven by their manifests in
../shared/conformance (direct and indirect graph identification).

Every GraphStoreProtocolTest in the two manifests runs, including one the direct manifest
defines but leaves out of its entry list (HEAD on a graph that does not exist). Requests are
replayed in order against the app in process, paths ``/gsp…`` becoming ``/rdf-graph-store…``
and writes carrying the token; each response is checked for its status, its Location (which
later requests then use, as the manifest says) and, where the manifest gives one, a body
isomorphic to the expected graph with the expected Content-Type.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic
from tests.conformance.manifests import CONFORMANCE, MF, Case, read_manifest

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

FOLDER = CONFORMANCE / "sparql11-graph-store-protocol"
CASES = read_manifest(FOLDER / "manifest-direct.ttl", MF.GraphStoreProtocolTest) + \
    read_manifest(FOLDER / "manifest-indirect.ttl", MF.GraphStoreProtocolTest)
TOKEN = "gsp-token"


@pytest.fixture
def client() -> Iterator[TestClient]:
    # the manifests' connection authority: graph IRIs in them are on http://www.example
    with TestClient(create_app(Settings(token=TOKEN), EmbeddedStore(None)), base_url="http://www.example") as c:
        yield c


def test_the_manifests_are_read_whole() -> None:
    if not CASES:
        from tests.conftest import missing_component

        missing_component("../shared/conformance is not beside the repository")
    assert (FOLDER / "manifest.ttl").is_file()
    assert len(CASES) == 14  # 4 + 9 listed entries, and head_non_existing_direct
    assert [c.name for c in CASES if not c.listed] == ["head_non_existing_direct"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_graph_store(client: TestClient, case: Case) -> None:
    variables: dict[str, str] = {}
    for step in case.steps:
        path, body = step.path, step.body
        for name, value in variables.items():
            path = path.replace(name, value)
            body = body.replace(name.encode(), value.encode()) if body is not None else None
        path = "/rdf-graph-store" + path.removeprefix("/gsp")
        headers = dict(step.headers)
        if step.method in ("PUT", "POST", "DELETE"):
            headers["authorization"] = f"Bearer {TOKEN}"
        response = client.request(step.method, path, content=body, headers=headers)
        assert step.status_ok(response.status_code), \
            f"{case.name}: {step.method} {path} answered {response.status_code} ({response.text[:200]}), " \
            f"expected {step.statuses}"
        if step.expected_location:
            assert response.headers.get("location"), f"{case.name}: no Location"
            variables[step.expected_location] = response.headers["location"]
        expected_type = step.expected_headers.get("content-type")
        if expected_type:
            assert response.headers["content-type"].replace(" ", "").lower() == expected_type.replace(" ", "").lower()
        if step.expected_body is not None:
            base = str(response.url).split("?", 1)[0]
            expected = Graph().parse(data=step.expected_body, format="turtle", publicID=base)
            got = Graph().parse(data=response.text, format="turtle", publicID=base)
            assert isomorphic(expected, got), f"{case.name}: the graph differs:\n{response.text}"
