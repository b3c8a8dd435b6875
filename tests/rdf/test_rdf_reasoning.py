"""OWL-RL over the ontology and the seed graph: the expected inferences, no inconsistency."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.namespace import PROV, RDF, SDO

from diplograph.model import load_extraction
from diplograph.namespaces import DG, ID
from diplograph.rdf.mapping import to_graph
from diplograph.rdf.reasoning import infer


def test_closure_adds_the_expected_inferences_and_no_clash(seed_gold: Path) -> None:
    data = to_graph(load_extraction(seed_gold))
    result = infer(data)
    assert result.inconsistencies == ()
    accusations = set(data.subjects(RDF.type, DG.Accusation))
    assert accusations
    closure = set(data) | set(result.inferred)
    for a in accusations:
        assert (a, RDF.type, DG.Statement) in closure
        assert (a, RDF.type, SDO.Quotation) in result.inferred  # only the ontology says so
    speakers = set(data.objects(None, DG.speaker))
    assert all((s, RDF.type, PROV.Agent) in result.inferred or (s, RDF.type, PROV.Agent) in data for s in speakers)
    assert any((st, PROV.wasAttributedTo, sp) in result.inferred for st, sp in data.subject_objects(DG.speaker))
    # inferred triples are kept apart: nothing asserted comes back as inferred
    assert not set(result.inferred) & set(data)


def test_a_contradiction_is_reported() -> None:
    from rdflib import Graph

    g = Graph()
    thing = ID["entity/contradiction"]
    g.add((thing, RDF.type, DG.Statement))
    g.add((thing, RDF.type, DG.Person))  # statements and agents are disjoint
    g.add((thing, DG.content, Literal("x")))
    result = infer(g)
    assert result.inconsistencies
    assert any("contradiction" in p or "disjoint" in p.lower() or "Nothing" in p for p in result.inconsistencies)
