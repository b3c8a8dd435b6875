"""The Store contract, run unchanged against every implementation (see conftest.STORE_KINDS)."""

from __future__ import annotations

import json

import pytest

from diplograph.errors import QueryError
from diplograph.store.base import Store, ask, select_rows

G1 = "https://w3id.org/diplograph/id/article/test-one"
G2 = "https://w3id.org/diplograph/id/article/test-two"


def triples(n: int, tag: str) -> str:
    return "\n".join(
        f'<https://example.org/{tag}/s{i}> <https://example.org/p> "value {i} of {tag} \\"quoted\\" é" .'
        for i in range(n))


def test_replace_graph_stores_and_replaces_whole_graph(store: Store) -> None:
    store.replace_graph(G1, triples(5, "a"))
    assert store.count(G1) == 5
    store.replace_graph(G1, triples(2, "b"))
    assert store.count(G1) == 2
    rows = select_rows(store, f"SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert all("/b/" in r["s"] for r in rows)


def test_graphs_are_independent_and_union_is_default(store: Store) -> None:
    store.replace_graph(G1, triples(3, "a"))
    store.replace_graph(G2, triples(4, "b"))
    assert {G1, G2} <= set(store.graphs())
    rows = select_rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }")
    assert int(rows[0]["n"]) == 7
    assert store.delete_graph(G1) is True
    assert store.delete_graph(G1) is False
    assert store.count(G2) == 4
    assert G1 not in store.graphs()


def test_dataset_parameters_restrict_the_default_graph(store: Store) -> None:
    store.replace_graph(G1, triples(3, "a"))
    store.replace_graph(G2, triples(4, "b"))
    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[G2])
    assert answer.kind == "solutions"
    n = json.loads(answer.body)["results"]["bindings"][0]["n"]["value"]
    assert int(n) == 4


def test_query_forms_and_formats(store: Store) -> None:
    store.replace_graph(G1, triples(2, "a"))
    assert ask(store, "ASK { ?s <https://example.org/p> ?o }")
    csv = store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", solutions_format="csv")
    assert csv.media_type == "text/csv"
    assert csv.body.decode("utf-8").splitlines()[0].strip() == "o"
    construct = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", graph_format="ntriples")
    assert construct.kind == "graph"
    assert construct.body.decode("utf-8").count(" .\n") == 2


def test_update_and_dump_round_trip(store: Store) -> None:
    store.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <https://example.org/x> <https://example.org/p> "1" }} }}')
    dump = store.dump("nquads").decode("utf-8")
    assert f"<{G1}>" in dump
    one = store.dump("ntriples", graph=G1).decode("utf-8")
    assert one.strip().endswith(".") and "<https://example.org/x>" in one


def test_malformed_query_and_update_raise_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT ?s WHERE { ?s ")
    with pytest.raises(QueryError):
        store.update("INSERT DATA { <a> }")


def test_failed_replace_keeps_the_old_graph(store: Store) -> None:
    store.replace_graph(G1, triples(3, "a"))
    with pytest.raises(QueryError):
        store.replace_graph(G1, triples(2, "b") + "\n<broken")
    assert store.count(G1) == 3


def test_a_graph_with_blank_nodes_is_stored_whole(store: Store) -> None:
    # the ontology and SHACL-style lists carry blank nodes; every server must take them
    data = ('<https://example.org/c> <https://example.org/p> _:b1 .\n'
            '_:b1 <https://example.org/q> "one" .\n_:b1 <https://example.org/q> "two" .\n'
            '<https://example.org/c> <https://example.org/p> _:b2 .\n')
    store.replace_graph(G1, data)
    assert store.count(G1) == 4
    rows = select_rows(store, f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ GRAPH <{G1}> {{ ?c ?p ?b FILTER isBlank(?b) }} }}")
    assert int(rows[0]["n"]) == 2
    ones = select_rows(store, f"SELECT ?v WHERE {{ GRAPH <{G1}> {{ ?c ?p ?b . ?b ?q ?v }} }}")
    assert sorted(r["v"] for r in ones) == ["one", "two"]


def test_select_rows_agree_with_the_json_answer(store: Store) -> None:
    # the embedded store reads its solutions directly; every store must give the same rows as
    # its SPARQL JSON answer: lexical values, unbound variables left out
    store.replace_graph(G1, triples(3, "a"))
    sparql = (f"SELECT ?s ?o ?missing WHERE {{ GRAPH <{G1}> {{ ?s <https://example.org/p> ?o }} "
              "OPTIONAL { ?s <https://example.org/none> ?missing } } ORDER BY ?o")
    rows = select_rows(store, sparql)
    bindings = json.loads(store.query(sparql, solutions_format="json").body)["results"]["bindings"]
    assert [r["o"] for r in rows] == [b["o"]["value"] for b in bindings]
    assert [r["o"] for r in rows] == [f'value {i} of a "quoted" é' for i in range(3)]
    assert [r["s"] for r in rows] == [f"https://example.org/a/s{i}" for i in range(3)]
    assert all("missing" not in r for r in rows)
    with pytest.raises(QueryError):
        select_rows(store, "SELECT ?s WHERE { ?s ")
