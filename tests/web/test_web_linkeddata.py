"""Linked Data (web/linkeddata.py): resource pages in HTML and RDF, the ontology at its
namespace, the VoID description; unknown and malformed addresses are 404."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic
from tests.web.conftest import DG

from diplograph.resources import ontology_path
from diplograph.store.base import select_rows
from diplograph.store.embedded import EmbeddedStore

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
RDF = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
       "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML}
SUFFIX = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
          ".rdf": "application/rdf+xml"}


def local(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/diplograph")


def about(body: bytes, fmt: ox.RdfFormat, iri: str) -> set[tuple[str, str]]:
    """(predicate, object) of the triples whose subject is ``iri``."""
    return {(q.predicate.value, str(q.object)) for q in ox.parse(body, format=fmt) if getattr(q.subject, "value", "") == iri}


@pytest.mark.parametrize("media", list(RDF))
def test_a_resource_in_each_rdf_format_by_accept(client: TestClient, person: dict[str, str], media: str) -> None:
    r = client.get(local(person["iri"]), headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    facts = about(r.content, RDF[media], person["iri"])
    assert ("http://www.w3.org/2000/01/rdf-schema#label", f'"{person["label"]}"') in facts
    assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"<{DG}Person>") in facts


@pytest.mark.parametrize("suffix", list(SUFFIX))
def test_a_suffix_chooses_the_format_whatever_the_accept_header(client: TestClient, person: dict[str, str], suffix: str) -> None:
    by_suffix = client.get(local(person["iri"]) + suffix, headers=BROWSER)
    by_accept = client.get(local(person["iri"]), headers={"Accept": SUFFIX[suffix]})
    assert by_suffix.headers["content-type"].startswith(SUFFIX[suffix])
    media = SUFFIX[suffix]
    assert about(by_suffix.content, RDF[media], person["iri"]) == about(by_accept.content, RDF[media], person["iri"])


def test_the_resource_holds_the_store_description(client: TestClient, store: EmbeddedStore, person: dict[str, str]) -> None:
    iri = person["iri"]
    expected = Graph()
    for row in select_rows(store, f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"):
        expected.parse(data=f"<{iri}> <{row['p']}> {_term(row['o'])} .", format="nt")
    got = Graph().parse(data=client.get(local(iri) + ".ttl").text, format="turtle")
    outgoing = Graph()
    for triple in got.triples((None, None, None)):
        if str(triple[0]) == iri:
            outgoing.add(triple)
    assert isomorphic(outgoing, expected)
    # statements that name the person point at it, and come along
    assert len(got) > len(outgoing)


def _term(value: str) -> str:
    return f"<{value}>" if value.startswith(("http://", "https://")) else '"' + value.replace('"', '\\"') + '"'


def test_browsers_get_a_page_with_labels_and_links(client: TestClient, person: dict[str, str]) -> None:
    r = client.get(local(person["iri"]), headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert f"<h1>{person['label']}</h1>" in r.text
    assert 'href="/ontology#Person"' in r.text  # its class, linked to the ontology's documentation
    assert f'href="{local(person["iri"])}.ttl"' in r.text
    assert 'href="/id/statement/' in r.text  # the statements that name it, linked to their pages
    assert r.headers["vary"] == "Accept"


@pytest.mark.parametrize("path", [
    "/id/entity/no-such-entity",
    "/id/entity/no-such-entity.ttl",
    "/id/entity/../../etc/passwd",
    "/id/entity/..%2F..%2Fetc%2Fpasswd",
    "/id/entity/%2e%2e",
    "/id/entity/a>%20<http://evil",
    "/id/entity/x%22%20.%20}",
    "/id/Entity/Q159",
    "/id/entity",
    "/id/entity/",
    "/id/" + "a" * 50 + "/x",
])
def test_unknown_or_malformed_resources_are_404(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "text/turtle"})
    assert r.status_code == 404, path


def test_head_of_a_resource(client: TestClient, person: dict[str, str]) -> None:
    get = client.get(local(person["iri"]) + ".nt")
    head = client.head(local(person["iri"]) + ".nt")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == str(len(get.content))


def test_the_ontology_is_served_at_its_namespace(client: TestClient) -> None:
    ttl = client.get("/ontology")
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert ttl.content == ontology_path().read_bytes()
    expected = Graph().parse(ontology_path(), format="turtle")
    for suffix, fmt in ((".jsonld", ox.RdfFormat.JSON_LD), (".nt", ox.RdfFormat.N_TRIPLES), (".rdf", ox.RdfFormat.RDF_XML)):
        r = client.get("/ontology" + suffix)
        assert r.status_code == 200
        as_nt = ox.serialize(ox.parse(r.content, format=fmt), format=ox.RdfFormat.N_TRIPLES) or b""
        assert isomorphic(Graph().parse(data=bytes(as_nt).decode(), format="nt"), expected), suffix
    for namespace in ("/ontology/speech-act", "/cameo", "/plover"):
        assert client.get(namespace, headers={"Accept": "text/turtle"}).content == ttl.content


def test_the_ontology_documentation_has_an_anchor_per_term(client: TestClient) -> None:
    from rdflib.namespace import OWL, RDF

    page = client.get("/ontology", headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    g = Graph().parse(ontology_path(), format="turtle")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            if str(term).startswith(DG):
                assert f'id="{str(term)[len(DG):]}"' in page.text, term
    assert 'id="accusation"' in page.text  # a speech act, where /ontology/speech-act#accusation leads


def test_void_describes_the_dataset(client: TestClient, store: EmbeddedStore) -> None:
    from rdflib import Namespace

    void = Namespace("http://rdfs.org/ns/void#")
    r = client.get("/.well-known/void")
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    (dataset,) = set(g.subjects(void.sparqlEndpoint, None))
    assert str(g.value(dataset, void.sparqlEndpoint)).endswith("/sparql")
    assert int(str(g.value(dataset, void.triples))) == store.count()
    partitions = {str(g.value(p, void["class"])): int(str(g.value(p, void.entities)))
                  for p in g.objects(dataset, void.classPartition)}
    people = select_rows(store, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{DG}Person> }}")
    assert partitions[DG + "Person"] == int(people[0]["n"])
    assert client.get("/.well-known/void", headers=BROWSER).headers["content-type"].startswith("text/html")
    assert client.get("/.well-known/void", headers={"Accept": "application/ld+json"}).status_code == 200
