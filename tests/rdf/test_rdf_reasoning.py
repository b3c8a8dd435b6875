"""OWL-RL over the ontology and an article graph: the expected inferences, kept apart from the
asserted triples, and contradictions reported rather than hidden."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SDO

from diplograph.model import Extraction, load_extraction
from diplograph.namespaces import ACT, DG, ID
from diplograph.rdf.mapping import to_graph
from diplograph.rdf.reasoning import infer


def test_closure_over_the_seed_adds_the_expected_inferences_and_no_clash(seed_gold: Path) -> None:
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
    assert speakers and all((s, RDF.type, PROV.Agent) in closure for s in speakers)
    assert any((s, RDF.type, PROV.Agent) in result.inferred for s in speakers)
    assert all((st, PROV.wasAttributedTo, sp) in result.inferred for st, sp in data.subject_objects(DG.speaker))
    # inferred triples are kept apart: nothing asserted comes back as inferred
    assert not set(result.inferred) & set(data)


def test_closure_over_the_sample_follows_subproperties_and_alignments(sample: Extraction) -> None:
    data = to_graph(sample)
    before = set(data)
    result = infer(data)
    assert result.inconsistencies == ()
    assert set(data) == before  # the article graph itself is untouched
    (accusation,) = data.subjects(RDF.type, DG.Accusation)
    ruiz = data.value(accusation, DG.accuser)
    assert (accusation, DG.speaker, ruiz) in data  # asserted by the mapping
    assert (accusation, PROV.wasAttributedTo, ruiz) in result.inferred
    (meeting,) = data.subjects(RDF.type, DG.Meeting)
    assert (meeting, RDF.type, SDO.Event) in result.inferred
    assert set(data.objects(meeting, DG.participant)) == set(result.inferred.objects(meeting, SDO.attendee))
    article = data.identifier
    assert (article, SDO.mentions, ruiz) in result.inferred  # dg:mentionedIn is schema:mentions inverted


def _clash(*triples: tuple[object, object, object]) -> tuple[str, ...]:
    g = Graph()
    for triple in triples:
        g.add(triple)  # type: ignore[arg-type]
    return infer(g).inconsistencies


def test_a_statement_typed_as_an_agent_is_reported() -> None:
    thing = ID["statement/contradiction"]
    problems = _clash((thing, RDF.type, DG.Statement), (thing, RDF.type, DG.Person),
                      (thing, DG.content, Literal("x")))
    assert any("contradiction" in p for p in problems), problems


def test_a_statement_with_two_modes_or_two_acts_is_reported() -> None:
    s = ID["statement/two"]
    assert _clash((s, RDF.type, DG.Statement), (s, DG.mode, DG.Direct), (s, DG.mode, DG.Indirect))
    assert _clash((s, RDF.type, DG.Statement), (s, DG.speechAct, ACT.praise), (s, DG.speechAct, ACT.threat))
    assert not _clash((s, RDF.type, DG.Statement), (s, DG.mode, DG.Direct), (s, DG.speechAct, ACT.praise))
