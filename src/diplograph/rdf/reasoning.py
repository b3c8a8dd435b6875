"""OWL-RL reasoning on demand (owlrl), kept apart from the asserted data.

``infer`` returns only the triples the closure adds; callers decide where they go (a separate
named graph, a report), so the stored article graphs stay exactly what was extracted.
"""

from __future__ import annotations

from dataclasses import dataclass

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from diplograph.rdf.validate import ontology_graph


@dataclass(frozen=True)
class Inference:
    """What the OWL-RL closure added, and any inconsistency it found."""

    inferred: Graph
    inconsistencies: tuple[str, ...]


def infer(data: Graph, *, with_ontology: bool = True) -> Inference:
    """The OWL-RL closure of ``data`` (plus the ontology), minus what was asserted."""
    closure = Graph()
    for triple in data:
        closure.add(triple)
    if with_ontology:
        for triple in ontology_graph():
            closure.add(triple)
    asserted = set(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    inferred = Graph()
    for triple in closure:
        if triple not in asserted:
            inferred.add(triple)
    problems = [f"{s} is a member of owl:Nothing" for s in closure.subjects(RDF.type, OWL.Nothing)]
    # owlrl records each clash it finds as an err:error triple
    problems += [str(o) for o in closure.objects(None, ERRNS.error)]
    return Inference(inferred=inferred, inconsistencies=tuple(sorted(problems)))
