"""The embedded store's default graph: the union of its graphs, each triple once, kept in step
with every kind of write."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox

from diplograph.store.base import DEFAULT_GRAPH, select_rows
from diplograph.store.embedded import OWN_DEFAULT_GRAPH, EmbeddedStore

G1, G2 = "https://example.org/graph/one", "https://example.org/graph/two"
LABEL = '<https://example.org/lavrov> <http://www.w3.org/2000/01/rdf-schema#label> "Sergei Lavrov" .'
SAID = '<https://example.org/s{n}> <https://example.org/speaker> <https://example.org/lavrov> .'


def union_count(store: EmbeddedStore, pattern: str = "?s ?p ?o") -> int:
    return int(select_rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])


def test_a_triple_two_articles_hold_is_counted_once() -> None:
    store = EmbeddedStore(None)
    store.replace_graph(G1, LABEL + "\n" + SAID.format(n=1))
    store.replace_graph(G2, LABEL + "\n" + SAID.format(n=2))
    # statements per speaker name: joined on the label both graphs hold
    rows = select_rows(store, "SELECT ?name (COUNT(?s) AS ?n) WHERE { ?s <https://example.org/speaker> ?who . "
                              "?who <http://www.w3.org/2000/01/rdf-schema#label> ?name } GROUP BY ?name")
    assert rows == [{"name": "Sergei Lavrov", "n": "2"}]
    assert union_count(store) == 3
    assert union_count(store, "GRAPH ?g { ?s ?p ?o }") == 4  # the graphs still say who holds what


def test_dropping_a_graph_keeps_what_another_graph_holds() -> None:
    store = EmbeddedStore(None)
    store.replace_graph(G1, LABEL + "\n" + SAID.format(n=1))
    store.replace_graph(G2, LABEL + "\n" + SAID.format(n=2))
    assert store.delete_graph(G1)
    assert union_count(store) == 2 and union_count(store, f"<{G1.replace('graph/one', 's1')}> ?p ?o") == 0
    store.replace_graph(G2, SAID.format(n=3))  # the label is gone from every graph now
    assert union_count(store) == 1
    assert union_count(store, '?s ?p "Sergei Lavrov"') == 0


def test_blank_nodes_leave_the_union_with_their_graph() -> None:
    store = EmbeddedStore(None)
    data = "<https://example.org/c> <https://example.org/p> _:b1 .\n_:b1 <https://example.org/q> \"one\" ."
    store.replace_graph(G1, data)
    store.replace_graph(G1, data)
    assert union_count(store) == 2
    store.delete_graph(G1)
    assert union_count(store) == 0


def test_updates_and_the_default_graph_by_name() -> None:
    store = EmbeddedStore(None)
    store.replace_graph(G1, LABEL)
    store.update('INSERT DATA { <https://example.org/a> <https://example.org/b> "own" }')
    store.update(f'PREFIX ex: <https://example.org/>\nINSERT DATA {{ GRAPH <{G2}> {{ ex:c ex:d "in two" }} }} ;')
    assert union_count(store) == 3
    assert store.graphs() == [G1, G2]  # the graph holding the default graph's own triples is not listed
    store.update(f'DELETE DATA {{ GRAPH <{G2}> {{ <https://example.org/c> <https://example.org/d> "in two" }} }}')
    store.update("DELETE WHERE { ?s ?p ?o }")  # the default graph of an update: the own triples only
    assert union_count(store) == 1 and union_count(store, '?s ?p "Sergei Lavrov"') == 1
    store.add_triples(DEFAULT_GRAPH, '<https://example.org/a> <https://example.org/b> "by name" .')
    own = store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graphs=[DEFAULT_GRAPH], named_graphs=[])
    assert b"by name" in own.body and b"Lavrov" not in own.body
    dump = store.dump("nquads").decode("utf-8")
    assert '"by name" .' in dump and OWN_DEFAULT_GRAPH not in dump and dump.count("Lavrov") == 1
    assert store.count() == 2


def test_a_store_written_without_the_union_gets_it_when_opened(tmp_path: Path) -> None:
    raw = ox.Store(str(tmp_path / "store"))
    raw.bulk_load(f"{LABEL[:-1]} <{G1}> .\n{LABEL[:-1]} <{G2}> .\n".encode(), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    gc.collect()
    reader = EmbeddedStore(tmp_path / "store", read_only=True)  # cannot write it: unions as it reads
    assert union_count(reader) == 2
    del reader
    gc.collect()
    store = EmbeddedStore(tmp_path / "store")
    assert union_count(store) == 1
    store.load_nquads(f"{SAID.format(n=5)[:-1]} <{G1}> .\n".encode(), [G1])  # G1 replaced, the union in step
    assert union_count(store) == 2 and store.count(G1) == 1
