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
# a heading, optional prose, then the query's fenced block
QUERIES = re.findall(r"^### ([^\n]+)\n(?:(?!^#|```).)*?```sparql\n(.*?)```", README, flags=re.S | re.M)


@pytest.fixture(scope="module")
def seeded(seed_gold: Path) -> Store:
    store = diplograph.open_store(None)
    summary = diplograph.ingest(store, [seed_gold])
    assert summary.ingested
    return store


def test_readme_has_at_least_eight_queries_each_with_its_own_heading() -> None:
    assert len(QUERIES) >= 8
    assert len({title for title, _ in QUERIES}) == len(QUERIES)
    assert len(QUERIES) == README.count("```sparql")  # no block the pattern above missed


@pytest.mark.parametrize(("title", "sparql"), QUERIES, ids=[t for t, _ in QUERIES])
def test_every_readme_query_declares_the_prefixes_it_uses(title: str, sparql: str) -> None:
    declared = set(re.findall(r"PREFIX\s+(\w*):", sparql))
    body = re.sub(r"<[^>]*>|\"[^\"]*\"", "", re.sub(r"PREFIX\s+\w*:\s*<[^>]*>", "", sparql))
    used = set(re.findall(r"(?<![\w?$])([a-z]\w*):[A-Za-z_]", body))
    assert used <= declared, f"{title!r} uses undeclared prefixes {used - declared}"


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


def test_armed_groups_accused_are_found_through_the_class_hierarchy(seeded: Store) -> None:
    rows = select_rows(seeded, dict(QUERIES)["Which armed groups were accused, and by whom?"])
    groups = {r["group"]: r for r in rows}
    assert {"Jabhat Fatah al-Sham", "Ahrar al-Sham"} <= set(groups)
    assert all(r["kind"] == "armed group" and "Sergei Lavrov" in r["accusedBy"]
               for name, r in groups.items() if name in ("Jabhat Fatah al-Sham", "Ahrar al-Sham"))


def test_speech_acts_come_with_their_event_codes(seeded: Store) -> None:
    rows = select_rows(seeded, dict(QUERIES)["How many statements of each speech act, with their CAMEO and PLOVER codes?"])
    by_act = {r["act"]: r for r in rows}
    assert set(by_act["accusation"]["cameoCodes"].split()) == {"112", "11"}
    assert by_act["accusation"]["ploverTypes"] == "ACCUSE"
    assert sum(int(r["statements"]) for r in rows) >= len(rows)


def test_evidence_context_surrounds_the_exact_span(seeded: Store) -> None:
    rows = select_rows(seeded, dict(QUERIES)[
        "Where is the evidence for a statement? Its span, sentence and the article text around it"])
    assert rows
    for r in rows:
        assert r["exact"] in r["context"]
        assert int(r["end"]) - int(r["start"]) == len(r["exact"])


def test_every_ontology_term_has_a_label_and_a_comment() -> None:
    g = Graph().parse(ROOT / "ontology" / "diplograph.ttl")
    ns = "https://w3id.org/diplograph/ontology"
    terms = {s for s in g.subjects(RDF.type, None) if str(s).startswith(ns)}
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    assert len([t for t in terms if any((t, RDF.type, k) in g for k in kinds)]) > 60
    missing = [str(t) for t in terms if (t, RDFS.label, None) not in g or (t, RDFS.comment, None) not in g]
    assert not missing, missing
