"""The ontology agrees with itself, with the shapes and with the extraction model: the speech-act
scheme, the quote modes, the event-code matches and the alignments to shared vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SH, SKOS

from diplograph.model import MODES, SPEECH_ACTS
from diplograph.namespaces import ACT, CAMEO, DG, ONTOLOGY_IRI, PLOVER
from diplograph.rdf.mapping import MODE_IRI

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = Graph().parse(ROOT / "ontology" / "diplograph.ttl", format="turtle")
STATEMENT_SHAPE = Graph().parse(ROOT / "shapes" / "statement.ttl", format="turtle")
SCHEME = DG.SpeechActScheme


def _shape_in_list(path: URIRef) -> set[URIRef]:
    """The sh:in values the statement shape allows on ``path``."""
    for prop in STATEMENT_SHAPE.subjects(SH.path, path):
        values = STATEMENT_SHAPE.value(prop, SH["in"])
        if values is not None:
            return {v for v in Collection(STATEMENT_SHAPE, values) if isinstance(v, URIRef)}
    raise AssertionError(f"no sh:in on {path}")


def test_the_ontology_header_names_its_version() -> None:
    head = URIRef(ONTOLOGY_IRI)
    assert (head, RDF.type, OWL.Ontology) in ONTOLOGY
    version = str(ONTOLOGY.value(head, OWL.versionInfo))
    assert str(ONTOLOGY.value(head, OWL.versionIRI)).endswith("/" + version)


def test_the_speech_act_scheme_the_shape_and_the_model_list_the_same_fifteen_acts() -> None:
    scheme = set(ONTOLOGY.subjects(SKOS.inScheme, SCHEME))
    assert scheme == {ACT[a] for a in SPEECH_ACTS}
    assert set(ONTOLOGY.objects(SCHEME, SKOS.hasTopConcept)) == scheme
    assert _shape_in_list(DG.speechAct) == scheme
    assert len(scheme) == 15


def test_the_quote_modes_agree_across_ontology_shape_model_and_mapping() -> None:
    one_of = ONTOLOGY.value(DG.QuoteMode, OWL.oneOf)
    assert one_of is not None
    modes = set(Collection(ONTOLOGY, one_of))
    assert modes == _shape_in_list(DG.mode) == set(MODE_IRI.values())
    assert set(MODE_IRI) == set(MODES)


@pytest.mark.parametrize("act", SPEECH_ACTS)
def test_each_act_is_matched_to_real_cameo_codes_and_plover_types(act: str) -> None:
    concept = ACT[act]
    matches = {o for p in (SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch)
               for o in ONTOLOGY.objects(concept, p)}
    cameo = {m for m in matches if str(m).startswith(str(CAMEO))}
    plover = {m for m in matches if str(m).startswith(str(PLOVER))}
    assert cameo, f"{act} has no CAMEO match"
    assert matches == cameo | plover
    for code in cameo:
        notation = str(ONTOLOGY.value(code, SKOS.notation))
        assert str(code) == str(CAMEO) + notation and notation.isdigit() and 2 <= len(notation) <= 4
        assert (code, SKOS.inScheme, CAMEO.Scheme) in ONTOLOGY
        root = ONTOLOGY.value(code, SKOS.broader)
        if len(notation) > 2:  # a code sits under its two-digit cue category
            assert root is not None and notation.startswith(str(ONTOLOGY.value(root, SKOS.notation)))
        assert int(notation[:2]) <= 20  # CAMEO cue categories run 01-20
    for kind in plover:
        assert (kind, SKOS.inScheme, PLOVER.Scheme) in ONTOLOGY


def test_every_class_of_ours_aligns_to_a_shared_vocabulary() -> None:
    shared = (str(PROV), str(SDO), str(SKOS), "http://www.w3.org/ns/oa#")
    ours = [c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if str(c).startswith(str(DG))]
    assert len(ours) >= 17
    for cls in ours:
        supers = set(ONTOLOGY.transitive_objects(cls, RDFS.subClassOf))
        assert any(str(s).startswith(shared) for s in supers), f"{cls} is not aligned"


def test_the_alignments_a_researcher_relies_on() -> None:
    def supers(term: URIRef, prop: URIRef) -> set[URIRef]:
        return {t for t in ONTOLOGY.transitive_objects(term, prop) if isinstance(t, URIRef)}

    for agent in (DG.Person, DG.Organization, DG.State, DG.GovernmentBody, DG.ArmedGroup, DG.NewsAgency):
        assert PROV.Agent in supers(agent, RDFS.subClassOf)
    assert {SDO.Quotation, PROV.Entity} <= supers(DG.Accusation, RDFS.subClassOf)
    assert SDO.Country in supers(DG.State, RDFS.subClassOf)
    assert SDO.NewsArticle in supers(DG.Article, RDFS.subClassOf)
    assert {URIRef("http://www.w3.org/ns/oa#TextPositionSelector"),
            URIRef("http://www.w3.org/ns/oa#TextQuoteSelector")} <= supers(DG.TextSpan, RDFS.subClassOf)
    assert PROV.wasAttributedTo in supers(DG.accuser, RDFS.subPropertyOf)
    assert SDO.datePublished in supers(DG.published, RDFS.subPropertyOf)


def test_every_external_term_used_is_declared_with_its_kind() -> None:
    # OWL tools need to know whether schema:about is an object or a datatype property
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    used = set(ONTOLOGY.objects(None, RDFS.subClassOf)) | set(ONTOLOGY.objects(None, RDFS.subPropertyOf))
    used |= set(ONTOLOGY.objects(None, OWL.inverseOf))
    for term in used:
        assert any((term, RDF.type, k) in ONTOLOGY for k in kinds), term
