"""IRIs and prefixes used across diplograph."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

ONTOLOGY_IRI = "https://w3id.org/diplograph/ontology"
DG = Namespace(ONTOLOGY_IRI + "#")
ACT = Namespace("https://w3id.org/diplograph/ontology/speech-act#")
ID = Namespace("https://w3id.org/diplograph/id/")
WD = Namespace("http://www.wikidata.org/entity/")
OA = Namespace("http://www.w3.org/ns/oa#")
CAMEO = Namespace("https://w3id.org/diplograph/cameo#")
PLOVER = Namespace("https://w3id.org/diplograph/plover#")

#: The named graph that holds the ontology in a store.
ONTOLOGY_GRAPH = ID["graph/ontology"]
#: The named graph that holds link data (owl:sameAs to Wikidata made by the linker).
LINKS_GRAPH = ID["graph/links"]

PREFIXES: dict[str, str] = {
    "dg": str(DG),
    "act": str(ACT),
    "id": str(ID),
    "wd": str(WD),
    "oa": str(OA),
    "prov": str(PROV),
    "schema": str(SDO),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every prefix above, to put in front of a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


__all__ = [
    "ACT", "CAMEO", "DG", "ID", "LINKS_GRAPH", "OA", "ONTOLOGY_GRAPH", "ONTOLOGY_IRI", "OWL", "PLOVER",
    "PREFIXES", "PROV", "RDF", "RDFS", "SDO", "SKOS", "WD", "XSD", "sparql_prefixes",
]
