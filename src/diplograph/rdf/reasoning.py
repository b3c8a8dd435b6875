"""OWL-RL reasoning on demand (owlrl), kept apart from the asserted data.

``infer`` returns only the triples the closure adds; callers decide where they go (a separate
named graph, a report), so the stored article graphs stay exactly what was extracted. The
inferred graph is named ``<article graph>/inferred`` so it can sit beside its article in a store.

Example::

    result = infer(to_graph(extraction))
    result.inconsistencies   # () when the article agrees with the ontology
    len(result.inferred)     # e.g. every dg:Accusation is also a dg:Statement and a schema:Quotation
"""

from __future__ import annotations

from dataclasses import dataclass

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from diplograph.rdf.validate import ontology_graph


@dataclass(frozen=True)
class Inference:
    """What the OWL-RL closure added, and any inconsistency it found."""

    inferred: Graph
    inconsistencies: tuple[str, ...]


def inferred_graph_name(data: Graph) -> URIRef | None:
    """The name for the inferences about a named article graph, or None for an unnamed graph."""
    if isinstance(data.identifier, URIRef):
        return URIRef(f"{data.identifier}/inferred")
    return None


def infer(data: Graph, *, with_ontology: bool = True) -> Inference:
    """The OWL-RL closure of ``data`` (plus the ontology), minus what was asserted.

    ``data`` is left unchanged. Triples the ontology alone implies about itself are left out
    too, so what comes back is about the data. An inconsistency (a node in two disjoint classes,
    a statement with two modes) is reported in ``inconsistencies``, one sentence each.
    """
    closure = Graph()
    for triple in data:
        closure.add(triple)
    if with_ontology:
        for triple in ontology_graph():
            closure.add(triple)
    asserted = set(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    name = inferred_graph_name(data)
    inferred = Graph(identifier=name) if name is not None else Graph()
    nodes = set(data.subjects())
    for triple in closure:
        s, _, o = triple
        # keep what is new about the data's own nodes; drop the ontology's entailments about its
        # classes and properties, and the reflexive "x owl:sameAs x" OWL-RL adds for every node
        if triple not in asserted and (s in nodes or o in nodes) and s != o:
            inferred.add(triple)
    problems = [f"{s} is a member of owl:Nothing" for s in closure.subjects(RDF.type, OWL.Nothing)]
    # owlrl records each clash it finds as an err:error triple
    problems += [str(o) for o in closure.objects(None, ERRNS.error)]
    return Inference(inferred=inferred, inconsistencies=tuple(sorted(problems)))
