"""Extraction → RDF: deterministic IRIs, evidence on every node, and only the ontology's terms."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from diplograph.model import Extraction, dump_extraction, load_extraction, load_extraction_json
from diplograph.namespaces import DG, OA, WD
from diplograph.rdf.mapping import article_iri, entity_iri, to_graph
from diplograph.rdf.validate import ontology_graph

BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))


def test_the_same_extraction_maps_to_the_same_triples(sample: Extraction) -> None:
    first, second = to_graph(sample), to_graph(sample)
    assert first.identifier == second.identifier == article_iri(sample)
    assert set(first) == set(second) and len(first) == len(second)
    assert isomorphic(first, second)


def test_a_reloaded_extraction_maps_to_the_same_triples(sample: Extraction) -> None:
    again = load_extraction_json(dump_extraction(sample), text=sample.text)
    assert set(to_graph(again)) == set(to_graph(sample))


def test_the_seed_maps_identically_on_every_load(seed_gold: Path) -> None:
    first, second = to_graph(load_extraction(seed_gold)), to_graph(load_extraction(seed_gold))
    assert first.identifier == second.identifier
    assert len(first) == len(second) > 0
    assert set(first) == set(second)


def test_the_article_key_follows_the_text_not_its_spacing(sample: Extraction) -> None:
    assert sample.text is not None
    respaced = dataclasses.replace(sample, text="  " + sample.text.replace(" ", "  ") + "\n")
    assert article_iri(respaced) == article_iri(sample)
    other = dataclasses.replace(sample, text=sample.text.replace("seven", "eight"))
    assert article_iri(other) != article_iri(sample)


def test_no_blank_nodes_so_a_graph_can_be_replaced_triple_for_triple(sample: Extraction) -> None:
    assert not any(isinstance(term, BNode) for triple in to_graph(sample) for term in triple)


def test_entities_key_on_a_valid_qid_else_on_their_label() -> None:
    assert entity_iri("Geneva", "Q71") == entity_iri("Genève", "Q71")
    assert str(entity_iri("Geneva", "Q71")).endswith("/entity/Q71")
    assert str(entity_iri("Ana Ruiz", None)).endswith("/entity/ana-ruiz")
    assert str(entity_iri("Ana Ruiz", "X12")).endswith("/entity/ana-ruiz")  # a malformed QID is no key


def test_a_verified_qid_becomes_an_owl_same_as_link(sample: Extraction) -> None:
    g = to_graph(sample)
    geneva = entity_iri("Geneva", "Q71")
    assert (geneva, OWL.sameAs, WD.Q71) in g
    assert (geneva, DG.wikidataId, Literal("Q71")) in g
    assert not list(g.objects(entity_iri("Ana Ruiz"), OWL.sameAs))  # unlinked: no guess


def test_every_extracted_node_comes_from_the_article_and_rests_on_its_text(sample: Extraction) -> None:
    g, text = to_graph(sample), sample.text
    assert text is not None
    extracted = {s for cls in (DG.Statement, DG.Ceasefire, DG.CasualtyReport, DG.Meeting)
                 for s in g.subjects(RDF.type, cls)}
    assert len(extracted) == 3 + 1 + 1 + 1  # the accusation is one of the statements
    for node in extracted:
        assert list(g.objects(node, PROV.wasDerivedFrom)) == [article_iri(sample)]
        spans = list(g.objects(node, DG.evidence))
        assert spans, node
        for s in spans:
            start, end = int(str(g.value(s, OA.start))), int(str(g.value(s, OA.end)))
            assert text[start:end] == str(g.value(s, OA.exact))


def test_an_accusation_inside_a_statement_is_that_statement(sample: Extraction) -> None:
    g = to_graph(sample)
    (accusation,) = g.subjects(RDF.type, DG.Accusation)
    assert (accusation, RDF.type, DG.Statement) in g
    assert g.value(accusation, DG.allegedAct) == Literal("shelling the port")
    assert g.value(accusation, DG.means) == Literal("with heavy mortars")
    assert g.value(g.value(accusation, DG.accused), RDFS.label) == Literal("Northern Front")


def test_a_malformed_date_is_kept_for_the_shapes_without_a_logged_traceback(
        sample: Extraction, caplog: pytest.LogCaptureFixture) -> None:
    sample.statements[0].date = "2016-13-45"
    with caplog.at_level(logging.WARNING):
        g = to_graph(sample)
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    dates = {str(o) for o in g.objects(None, DG.date)}
    assert "2016-13-45" in dates


def test_dates_are_typed_xsd_date(sample: Extraction) -> None:
    g = to_graph(sample)
    values = [o for p in (DG.date, DG.published, DG.endDate) for o in g.objects(None, p)]
    assert values and all(isinstance(v, Literal) and v.datatype == XSD.date for v in values)


def test_every_term_the_mapping_writes_is_declared_in_the_ontology(sample: Extraction) -> None:
    declared = set(ontology_graph().subjects())
    g = to_graph(sample)
    used = {p for p in g.predicates()} | set(g.objects(None, RDF.type))
    used |= {o for p in (DG.mode, DG.speechAct) for o in g.objects(None, p)}
    missing = sorted(str(t) for t in used if isinstance(t, URIRef)
                     and not str(t).startswith(BUILT_IN) and t not in declared)
    assert not missing, missing


def test_two_spellings_of_one_entity_give_one_label_and_a_mention(sample: Extraction) -> None:
    sample.statements[1].about.append("northern front")  # the same key as "Northern Front"
    sample.statements[1].addressee = "Reporters"
    sample.statements[2].about.append("reporters")
    g = to_graph(sample)
    front = entity_iri("Northern Front")
    assert list(g.objects(front, RDFS.label)) == [Literal("Northern Front")]  # the entity list's spelling
    assert Literal("northern front") in set(g.objects(front, DG.mention))
    assert len(list(g.objects(entity_iri("reporters"), RDFS.label))) == 1
