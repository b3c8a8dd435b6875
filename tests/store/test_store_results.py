"""Answers written within limits (store/results.py, EmbeddedStore.query_bounded): whole and
the same as pyoxigraph's, or refused past the row cap or the deadline — never cut short."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from diplograph.errors import QueryError, QueryTimeout
from diplograph.store.base import DEFAULT_GRAPH, GRAPH_FORMATS, SOLUTION_FORMATS, QueryLimits
from diplograph.store.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    db = EmbeddedStore(None)
    tricky = ['plain', 'with "quotes", commas\tand tabs', 'two\nlines', ' edge spaces ', '},{"x"', '<result>', 'é中🙂']
    lines = [f"<http://e/s{i}> <http://e/p> {ox.Literal(tricky[i % len(tricky)], language='en')} ." for i in range(60)]
    lines += [f"<http://e/s{i}> <http://e/n> {i} ." for i in range(60)]
    db.replace_graph("http://e/g", "\n".join(lines))
    return db


SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("fmt", list(SOLUTION_FORMATS))
def test_within_the_limits_an_answer_is_what_pyoxigraph_writes(store: EmbeddedStore, fmt: str) -> None:
    # JSON and CSV rows are counted by a mark that literals can hold too ('},{', a line break),
    # and this data is full of such literals: their count may run a few rows ahead
    cap = 120 if fmt in ("tsv", "xml") else 150
    bounded = store.query_bounded(SELECT, QueryLimits.within(30, cap), solutions_format=fmt)
    plain = store.query(SELECT, solutions_format=fmt)
    assert bounded == plain and bounded.body


@pytest.mark.parametrize("fmt", list(GRAPH_FORMATS))
def test_within_the_limits_a_graph_is_whole(store: EmbeddedStore, fmt: str) -> None:
    bounded = store.query_bounded(CONSTRUCT, QueryLimits.within(30, 120), graph_format=fmt)
    plain = store.query(CONSTRUCT, graph_format=fmt)
    rdf = {"ntriples": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "nquads": ox.RdfFormat.N_QUADS,
           "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    assert set(ox.parse(bounded.body, format=rdf)) == set(ox.parse(plain.body, format=rdf))
    assert len(list(ox.parse(bounded.body, format=rdf))) == 120


@pytest.mark.parametrize("fmt", list(SOLUTION_FORMATS))
def test_past_the_row_cap_there_is_no_answer(store: EmbeddedStore, fmt: str) -> None:
    with pytest.raises(QueryError, match="more than 100 rows"):
        store.query_bounded(SELECT, QueryLimits.within(30, 100), solutions_format=fmt)
    # a LIMIT within the cap is answered whole, exact where the format marks each row exactly
    if fmt in ("tsv", "xml"):
        assert store.query_bounded(SELECT + " LIMIT 100", QueryLimits.within(30, 100), solutions_format=fmt).body


@pytest.mark.parametrize("fmt", list(GRAPH_FORMATS))
def test_past_the_row_cap_there_is_no_graph(store: EmbeddedStore, fmt: str) -> None:
    with pytest.raises(QueryError, match="more than 50 triples"):
        store.query_bounded(CONSTRUCT, QueryLimits.within(30, 50), graph_format=fmt)


def test_the_deadline_stops_an_answer_while_it_is_written() -> None:
    db = EmbeddedStore(None)
    values = " ".join(str(i) for i in range(300))
    endless = f"SELECT * WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        db.query_bounded(endless, QueryLimits.within(0.3), solutions_format="tsv")
    # 27 million rows take far longer: the deadline stopped the writing
    assert time.monotonic() - started < 5


def test_a_dataset_is_exactly_what_it_names() -> None:
    db = EmbeddedStore(None)
    db.update('INSERT DATA { <http://e/a> <http://e/p> "default" . GRAPH <http://e/g> { <http://e/a> <http://e/p> "named" } }')
    select = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"

    def objects(**dataset: list[str]) -> list[str]:
        body = db.query(select, solutions_format="tsv", **dataset).body  # type: ignore[arg-type]
        return body.decode().splitlines()[1:]

    assert objects() == ['"default"', '"named"']  # the union
    assert objects(default_graphs=[DEFAULT_GRAPH]) == ['"default"']
    assert objects(default_graphs=["http://e/g"]) == ['"named"']
    assert objects(named_graphs=["http://e/g"]) == []  # named graphs only: an empty default graph
