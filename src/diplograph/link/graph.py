"""Linking the entities of a store, and recording in the graph how each link was made.

:func:`link_store` reads every entity of the article graphs (IRI, label, class, QID), links
those without a QID — from the gazetteer first, then (given a :class:`WikidataLinker`) from
Wikidata — and writes the links into one named graph, ``id:graph/links``::

    id:entity/khan-tuman  owl:sameAs wd:Q…  ;  dg:wikidataId "Q…" ;
                          dg:linkMethod "wikidata-search" ; dg:linkScore 0.97 ; dg:linkDate "…"^^xsd:date .

An entity the extractor already linked from the gazetteer keeps its QID and gets the same
provenance (method "gazetteer", score 1). A QID already in the store — from the gazetteer, by
hand, or from an earlier run — is never replaced, and Wikidata is never asked about it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from diplograph.link.gazetteer import Gazetteer, load_gazetteer, name_key
from diplograph.link.wikidata import LinkOutcome, LinkRecord, WikidataLinker, _kind_fits, _unique, is_qid
from diplograph.namespaces import DG, LINKS_GRAPH, ONTOLOGY_GRAPH, OWL, PREFIXES, WD, XSD
from diplograph.store.base import Store, select_rows

#: Ontology classes → the entity kinds the linkers know, most specific first.
CLASS_KIND: dict[str, str] = {
    str(DG.Person): "Person", str(DG.State): "State", str(DG.GovernmentBody): "GovernmentBody",
    str(DG.ArmedGroup): "ArmedGroup", str(DG.NewsAgency): "NewsAgency", str(DG.Organization): "Organization",
    str(DG.Place): "Place",
}


@dataclass(frozen=True)
class StoredEntity:
    """An entity as the article graphs give it: IRI, one label, its kind, its QID if linked."""

    iri: str
    label: str
    kind: str
    qid: str | None


@dataclass
class StoreLinks:
    """What :func:`link_store` did: the links it recorded (entity IRI, record), the names
    Wikidata was asked about (with why each was or was not linked), and how many entities
    already had a recorded link."""

    records: list[tuple[str, LinkRecord]] = field(default_factory=list)
    outcomes: list[LinkOutcome] = field(default_factory=list)
    already: int = 0

    def count(self, method: str) -> int:
        """How many links this run made by ``method``."""
        return sum(1 for _, r in self.records if r.method == method)


def stored_entities(store: Store) -> list[StoredEntity]:
    """The entities of the article graphs (not the ontology, not the links graph), by IRI."""
    classes = " ".join(f"<{c}>" for c in CLASS_KIND)
    rows = select_rows(store, f"""
        SELECT ?e ?label ?class ?qid WHERE {{
          GRAPH ?g {{ ?e a ?class ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
                     OPTIONAL {{ ?e <{DG.wikidataId}> ?qid }} }}
          VALUES ?class {{ {classes} }}
          FILTER(?g != <{LINKS_GRAPH}> && ?g != <{ONTOLOGY_GRAPH}>)
        }}""")
    order = list(CLASS_KIND)
    found: dict[str, StoredEntity] = {}
    for row in sorted(rows, key=lambda r: (r["e"], order.index(r["class"]), r["label"])):
        have = found.get(row["e"])
        qid = row.get("qid") if is_qid(row.get("qid", "")) else None
        if have is None:
            found[row["e"]] = StoredEntity(row["e"], row["label"], CLASS_KIND[row["class"]], qid)
        elif have.qid is None and qid:
            found[row["e"]] = StoredEntity(have.iri, have.label, have.kind, qid)
    return list(found.values())


def recorded_links(store: Store) -> set[str]:
    """Entity IRIs whose link is already recorded in the links graph."""
    if str(LINKS_GRAPH) not in store.graphs():
        return set()
    rows = select_rows(store, f"SELECT DISTINCT ?e WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?e <{DG.linkMethod}> ?m }} }}")
    return {r["e"] for r in rows}


def links_graph(records: Iterable[tuple[str, LinkRecord]], *, with_id: Iterable[str] = ()) -> Graph:
    """The triples recording links: owl:sameAs, and the method, score and date of each.

    ``dg:wikidataId`` is added for the entities in ``with_id`` (those the article graphs do
    not already give a QID), so an entity never carries two.
    """
    graph = Graph(identifier=LINKS_GRAPH)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    needs_id = set(with_id)
    for iri, record in records:
        node = URIRef(iri)
        graph.add((node, OWL.sameAs, WD[record.qid]))
        if iri in needs_id:
            graph.add((node, DG.wikidataId, Literal(record.qid)))
        graph.add((node, DG.linkMethod, Literal(record.method)))
        graph.add((node, DG.linkScore, Literal(Decimal(str(record.score)), datatype=XSD.decimal)))
        graph.add((node, DG.linkDate, Literal(record.date, datatype=XSD.date)))
    return graph


def link_store(store: Store, *, linker: WikidataLinker | None = None, gazetteer: Gazetteer | None = None,
               today: dt.date | None = None, write: bool = True) -> StoreLinks:
    """Link the store's entities and record the links in ``id:graph/links`` (see the module).

    Without a ``linker`` only the gazetteer is used. ``write=False`` reports what would be
    linked and leaves the store as it is.
    """
    gaz = gazetteer or load_gazetteer()
    day = (today or dt.date.today()).isoformat()
    done = recorded_links(store)
    result = StoreLinks()
    new_ids: list[str] = []
    for ent in stored_entities(store):
        if ent.iri in done:
            result.already += 1
            continue
        if ent.qid is not None:
            # linked when extracted: record the gazetteer's provenance where the gazetteer gave it
            entry = gaz.by_qid(ent.qid)
            names = {name_key(n) for n in (entry.label, *entry.aliases)} if entry else set()
            if entry is not None and name_key(ent.label) in names:
                result.records.append((ent.iri, LinkRecord(ent.label, ent.qid, "gazetteer", 1.0, day)))
            continue
        found = _unique(gaz, [ent.label])
        if found is not None and found.qid and _kind_fits(ent.kind, found.kind):
            result.records.append((ent.iri, LinkRecord(ent.label, found.qid, "gazetteer", 1.0, day)))
            new_ids.append(ent.iri)
            continue
        if linker is None or gaz.lookup(ent.label):
            continue  # a name the gazetteer knows but cannot settle is not Wikidata's to settle either
        outcome = linker.link(ent.label, ent.kind)
        result.outcomes.append(outcome)
        if outcome.chosen is not None:
            result.records.append((ent.iri, LinkRecord(ent.label, outcome.chosen.qid, "wikidata-search",
                                                       outcome.chosen.score, day)))
            new_ids.append(ent.iri)
    if write and result.records:
        graph = links_graph(result.records, with_id=new_ids)
        if done:
            graph.parse(data=store.dump("ntriples", graph=str(LINKS_GRAPH)).decode("utf-8"), format="nt")
        store.replace_graph(str(LINKS_GRAPH), graph.serialize(format="nt"))
    return result
