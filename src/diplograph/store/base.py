"""The Store protocol: what diplograph needs of a triple store.

One named graph per article, replaced atomically; the default graph of a query is the union
of all graphs unless the query names its dataset. Implementations: ``EmbeddedStore``
(pyoxigraph on disk) and a remote store over the SPARQL 1.1 Protocol.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from diplograph.errors import StoreError

AnswerKind = Literal["solutions", "boolean", "graph"]

#: Result formats by short name: media type of the serialization.
SOLUTION_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS: dict[str, str] = {
    "ntriples": "application/n-triples",
    "turtle": "text/turtle",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


#: Names the store's own default graph (the triples in no named graph) in ``default_graphs``.
#: Queries see the union of it and every named graph unless they are given a dataset; SPARQL
#: updates without GRAPH and the Graph Store Protocol's ``?default`` write to it. The IRI is
#: Apache Jena's name for the same thing, so a Fuseki server understands it too.
DEFAULT_GRAPH = "urn:x-arq:DefaultGraph"


@dataclass(frozen=True)
class QueryLimits:
    """Bounds on one query's work: a deadline on the ``time.monotonic()`` clock, and a cap on
    the rows (solutions, or triples of a graph) of its answer. None means unbounded."""

    deadline: float | None = None
    max_rows: int | None = None

    @classmethod
    def within(cls, seconds: float | None, max_rows: int | None = None) -> QueryLimits:
        """Limits that end ``seconds`` from now."""
        return cls(None if seconds is None else time.monotonic() + seconds, max_rows)

    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return self.deadline is not None and time.monotonic() > self.deadline


@dataclass(frozen=True)
class QueryAnswer:
    """A serialized query result: what kind it is, its bytes and their media type."""

    kind: AnswerKind
    body: bytes
    media_type: str


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per article."""

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Replace the whole graph ``graph`` (DEFAULT_GRAPH: the default graph) by these N-Triples, atomically."""
        ...

    def add_triples(self, graph: str, ntriples: str) -> None:
        """Add these N-Triples to the graph ``graph`` (DEFAULT_GRAPH: the default graph), atomically."""
        ...

    def delete_graph(self, graph: str) -> bool:
        """Remove a graph (DEFAULT_GRAPH: empty the default graph); True if it held triples."""
        ...

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs."""
        ...

    def query(self, sparql: str, *, solutions_format: str = "json", graph_format: str = "ntriples",
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryAnswer:
        """Run a SPARQL query; raises QueryError when it is malformed.

        With neither ``default_graphs`` nor ``named_graphs`` the query sees the union default
        graph; given either (even an empty list) the dataset is exactly what they name, as the
        SPARQL protocol's ``default-graph-uri`` / ``named-graph-uri`` say.
        """
        ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update atomically; raises QueryError when it is malformed."""
        ...

    def dump(self, fmt: str = "nquads", graph: str | None = None) -> bytes:
        """All quads (``nquads``/``trig``) or one graph's triples (``ntriples``/``turtle``)."""
        ...

    def count(self, graph: str | None = None) -> int:
        """The number of quads, or of triples in one graph."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


@runtime_checkable
class BoundedStore(Protocol):
    """A store that can stop a query's answer at a deadline or a row cap while it is written.

    ``query_bounded`` takes the arguments of :meth:`Store.query` and raises
    :class:`~diplograph.errors.QueryTimeout` past the deadline and
    :class:`~diplograph.errors.QueryError` past the row cap, so an answer is whole or absent.
    """

    def query_bounded(self, sparql: str, limits: QueryLimits, *, solutions_format: str = "json",
                      graph_format: str = "ntriples", default_graphs: Sequence[str] | None = None,
                      named_graphs: Sequence[str] | None = None, base_iri: str | None = None) -> QueryAnswer:
        """Run a SPARQL query within ``limits``."""
        ...


def select_rows(store: Store, sparql: str) -> list[dict[str, str]]:
    """Run a SELECT query and return its rows as ``{variable: lexical value}`` dicts."""
    direct: Callable[[str], list[dict[str, str]]] | None = getattr(store, "select_values", None)
    if direct is not None:  # a store that reads its solutions without writing and parsing JSON
        return direct(sparql)
    answer = store.query(sparql, solutions_format="json")
    if answer.kind != "solutions":
        raise StoreError("select_rows needs a SELECT query")
    data = json.loads(answer.body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def ask(store: Store, sparql: str) -> bool:
    """Run an ASK query."""
    answer = store.query(sparql, solutions_format="json")
    if answer.kind != "boolean":
        raise StoreError("ask needs an ASK query")
    return bool(json.loads(answer.body)["boolean"])
