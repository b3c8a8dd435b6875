"""The W3C SPARQL 1.1 Protocol tests, driven by their manifest in ../shared/conformance.

Every test of the manifest runs against the app in process, on a fresh store holding the
graphs the test names; each request is replayed as written (paths ``/sparql/…`` become
``/sparql…``, updates carry the bearer token) and its response checked for the status (class)
the manifest expects, and, where it says so, for its format (boolean, tabular results, RDF)
and its boolean value.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from tests.conformance.manifests import CONFORMANCE, MF, Case, Step, read_manifest

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

MANIFEST = CONFORMANCE / "sparql11-protocol" / "manifest.ttl"
CASES = read_manifest(MANIFEST, MF.ProtocolTest)
TOKEN = "conformance-token"

RESULT_FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                  "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                  "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
RDF_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}


@pytest.fixture
def store() -> EmbeddedStore:
    return EmbeddedStore(None)


@pytest.fixture
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(token=TOKEN), store), base_url="http://www.example") as c:
        yield c


def test_the_manifest_has_all_34_protocol_tests() -> None:
    if not CASES:
        from tests.conftest import missing_component

        missing_component("../shared/conformance is not beside the repository")
    assert len(CASES) == 34 and all(c.listed for c in CASES)


def _check_format(name: str, step: Step, response: object) -> None:
    import httpx

    assert isinstance(response, httpx.Response)
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if step.expected_format in ("boolean", "tabular"):
        assert media in RESULT_FORMATS, f"{name}: {media} is not a SPARQL results format"
        if media == "text/csv":  # lossy, and pyoxigraph does not read it: a table with a header is enough
            assert response.text.splitlines()[0], name
            return
        result = ox.parse_query_results(response.content, format=RESULT_FORMATS[media])
        if step.expected_format == "boolean":
            assert isinstance(result, ox.QueryBoolean), f"{name}: not a boolean result"
            if step.expected_boolean is not None:
                assert bool(result) is step.expected_boolean, f"{name}: expected {step.expected_boolean}"
        else:
            assert isinstance(result, ox.QuerySolutions), f"{name}: not a table of solutions"
            list(result)
    elif step.expected_format == "RDF":
        assert media in RDF_FORMATS, f"{name}: {media} is not an RDF format"
        list(ox.parse(response.content, format=RDF_FORMATS[media]))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol(client: TestClient, store: EmbeddedStore, case: Case) -> None:
    for file, graph in case.data:
        store.replace_graph(graph, file.read_text(encoding="utf-8"))
    for step in case.steps:
        path = step.path.replace("/sparql/", "/sparql", 1)
        headers = dict(step.headers)
        if step.method == "POST":
            headers["authorization"] = f"Bearer {TOKEN}"
        response = client.request(step.method, path, content=step.body, headers=headers)
        assert step.status_ok(response.status_code), \
            f"{case.name}: {step.method} {path} answered {response.status_code} ({response.text[:200]}), " \
            f"expected {step.statuses}"
        if response.status_code < 300:
            _check_format(case.name, step, response)
