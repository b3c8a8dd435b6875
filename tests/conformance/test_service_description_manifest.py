"""The W3C SPARQL 1.1 Service Description tests, from their manifest in ../shared/conformance.

The manifest names three tests without requests; each is checked as its name says:

- returns-rdf: a GET on the endpoint (no query) returns RDF, in every RDF format we offer;
- has-endpoint-triple: the description has an ``sd:endpoint`` triple whose object is the
  URL the description was fetched from (whatever host name the client used);
- conforms-to-schema: the description conforms to service-description-shapes.ttl (the SD
  vocabulary's domains and ranges as SHACL) and uses no sd: term the vocabulary lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from tests.conformance.manifests import CONFORMANCE, MF

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

MANIFEST = CONFORMANCE / "sparql11-service-description" / "manifest.ttl"
SHAPES = Path(__file__).with_name("service-description-shapes.ttl")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
#: The terms of the Service Description vocabulary (W3C Recommendation, section 3).
SD_TERMS = {
    "Service", "Feature", "Language", "Function", "Aggregate", "EntailmentRegime", "EntailmentProfile",
    "GraphCollection", "Dataset", "Graph", "NamedGraph", "endpoint", "feature", "defaultEntailmentRegime",
    "supportedEntailmentProfile", "entailmentRegime", "extensionFunction", "extensionAggregate", "languageExtension",
    "supportedLanguage", "propertyFeature", "defaultDataset", "availableGraphs", "resultFormat", "inputFormat",
    "defaultSupportedEntailmentProfile", "defaultGraph", "namedGraph", "name", "graph", "SPARQL10Query",
    "SPARQL11Query", "SPARQL11Update", "DereferencesURIs", "UnionDefaultGraph", "RequiresDataset", "EmptyGraphs",
    "BasicFederatedQuery",
}
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
             "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
             "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG}


def manifest_tests() -> list[str]:
    if not MANIFEST.is_file():
        return []
    from rdflib.collection import Collection

    g = Graph().parse(MANIFEST, format="turtle")
    return [str(e).rsplit("#", 1)[-1] for head in g.objects(None, MF.entries) for e in Collection(g, head)]


TESTS = manifest_tests()


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), EmbeddedStore(None)), base_url="http://sparql.example:8123") as c:
        yield c


def description(client: TestClient, accept: str = "text/turtle", url: str = "/sparql") -> Graph:
    r = client.get(url, headers={"Accept": accept})
    assert r.status_code == 200
    return Graph().parse(data=r.text, format="turtle")


def returns_rdf(client: TestClient) -> None:
    for media, rdf_format in RDF_TYPES.items():
        r = client.get("/sparql", headers={"Accept": media})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), media
        assert len(list(ox.parse(r.content, format=rdf_format))) > 5, media
    assert client.get("/sparql").headers["content-type"].startswith("text/turtle")  # no Accept: Turtle


def has_endpoint_triple(client: TestClient) -> None:
    for url in ("http://sparql.example:8123/sparql", "http://other.example/sparql"):
        g = description(client, url=url)
        assert (None, SD.endpoint, URIRef(url)) in g, url


def conforms_to_schema(client: TestClient) -> None:
    from pyshacl import validate

    g = description(client)
    conforms, _, report = validate(g, shacl_graph=Graph().parse(SHAPES, format="turtle"))
    assert conforms, report
    used = {str(t) for triple in g for t in triple if str(t).startswith(str(SD))}
    unknown = {t.removeprefix(str(SD)) for t in used} - SD_TERMS
    assert not unknown, f"terms the SD vocabulary lacks: {unknown}"
    assert list(g.subjects(RDF.type, SD.Service))


CHECKS: dict[str, Callable[[TestClient], None]] = {
    "returns-rdf": returns_rdf,
    "has-endpoint-triple": has_endpoint_triple,
    "conforms-to-schema": conforms_to_schema,
}


def test_the_manifest_names_the_three_tests_we_check() -> None:
    if not TESTS:
        from tests.conftest import missing_component

        missing_component("../shared/conformance is not beside the repository")
    assert sorted(TESTS) == sorted(CHECKS)


@pytest.mark.parametrize("name", TESTS)
def test_service_description(client: TestClient, name: str) -> None:
    CHECKS[name](client)


def test_federation_is_announced_only_when_allowed() -> None:
    for allow, expected in (((), False), (("https://query.wikidata.org/sparql",), True)):
        with TestClient(create_app(Settings(service_allowlist=allow), EmbeddedStore(None))) as c:
            g = description(c)
            assert ((None, SD.feature, SD.BasicFederatedQuery) in g) is expected
