"""The ontology README's example queries answer over the seed annotation; the ontology is complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

import diplograph
from diplograph.store.base import Store, select_rows

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
QUERIES = re.findall(r"### (.+?)\n\n```sparql\n(.*?)```", README, flags=re.S)


@pytest.fixture(scope="module")
def seeded(seed_gold: Path) -> Store:
    store = diplograph.open_store(None)
    summary = diplograph.ingest(store, [seed_gold])
    assert summary.ingested
    return store


def test_readme_has_at_least_eight_queries() -> None:
    assert len(QUERIES) >= 8


@pytest.mark.parametrize(("title", "sparql"), QUERIES, ids=[t for t, _ in QUERIES])
def test_every_readme_query_answers(seeded: Store, title: str, sparql: str) -> None:
    assert select_rows(seeded, sparql), f"{title!r} returned nothing"


def test_ryabkov_ceasefire_statements_carry_their_evidence(seeded: Store) -> None:
    rows = select_rows(seeded, dict(QUERIES)["What did Ryabkov say about the Aleppo ceasefire?"])
    assert len(rows) >= 3
    assert all(r["content"] == r["evidence"] for r in rows)


def test_lavrov_accused_both_groups_with_means(seeded: Store) -> None:
    rows = select_rows(seeded, dict(QUERIES)["Who accused whom of what, by date?"])
    lavrov = [r for r in rows if r["accuser"] == "Sergei Lavrov"]
    assert {r["accused"] for r in lavrov} == {"Jabhat Fatah al-Sham", "Ahrar al-Sham"}
    assert all(r.get("means") == "threats, blackmail and brute force" for r in lavrov)
    assert all(r.get("date") == "2016-10-21" for r in lavrov)


def test_every_ontology_term_has_a_label_and_a_comment() -> None:
    g = Graph().parse(ROOT / "ontology" / "diplograph.ttl")
    ns = "https://w3id.org/diplograph/ontology"
    terms = {s for s in g.subjects(RDF.type, None) if str(s).startswith(ns)}
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    assert len([t for t in terms if any((t, RDF.type, k) in g for k in kinds)]) > 60
    missing = [str(t) for t in terms if (t, RDFS.label, None) not in g or (t, RDFS.comment, None) not in g]
    assert not missing, missing
