"""The embedded store: pyoxigraph on disk (or in memory), no server to run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox

from diplograph.errors import DiplographError, QueryError, QueryTimeout, StoreError
from diplograph.store.base import DEFAULT_GRAPH, GRAPH_FORMATS, SOLUTION_FORMATS, AnswerKind, QueryAnswer, QueryLimits
from diplograph.store.formats import GRAPH_OX, SOLUTION_OX
from diplograph.store.results import RECORD_MARKERS, BoundedSink

_SOLUTION_OX = SOLUTION_OX
_GRAPH_OX = GRAPH_OX


def _graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"not an IRI: {iri!r} ({exc})") from None


def _dropping_results(answer: Callable[[], QueryAnswer]) -> QueryAnswer:
    """``answer()``, with any error raised afresh once the frames that held pyoxigraph's result
    objects are gone: those objects must be dropped on the thread that made them, and an
    exception's traceback would carry them to whichever thread handles it."""
    try:
        return answer()
    except DiplographError as exc:
        failure: tuple[type[DiplographError], str] = (type(exc), exc.message)
    except Exception as exc:  # anything pyoxigraph raises that the query code did not expect
        failure = (QueryError, f"query failed: {type(exc).__name__}: {exc}")
    raise failure[0](failure[1])


def _graph_bytes(triples: ox.QueryTriples, fmt: str, limits: QueryLimits | None) -> bytes:
    """A CONSTRUCT / DESCRIBE answer in ``fmt``, written within ``limits``.

    ``QueryTriples.serialize`` evaluates and writes in Rust without the GIL; ``ox.serialize``
    would pull every triple through Python.
    """
    if limits is None:
        return bytes(triples.serialize(format=_GRAPH_OX.get(fmt, ox.RdfFormat.N_TRIPLES)) or b"")
    if fmt in RECORD_MARKERS:
        sink = BoundedSink(limits, fmt, "triples")
        triples.serialize(sink, format=_GRAPH_OX[fmt])
        return sink.getvalue()
    # formats without one mark per triple (JSON-LD, RDF/XML): count as N-Triples, then convert
    sink = BoundedSink(limits, "ntriples", "triples")
    triples.serialize(sink, format=ox.RdfFormat.N_TRIPLES)
    parsed = ox.parse(sink.getvalue(), format=ox.RdfFormat.N_TRIPLES)
    return bytes(ox.serialize((q.triple for q in parsed), format=_GRAPH_OX[fmt]) or b"")


def _dataset_graph(iri: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if iri == DEFAULT_GRAPH else _graph_node(iri)


class EmbeddedStore:
    """A pyoxigraph store in a folder (``path``), or in memory when ``path`` is None."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need it directly."""
        return self._store

    def replace_graph(self, graph: str, ntriples: str) -> None:
        g = _graph_node(graph)
        # one SPARQL update is one transaction: readers see the old graph or the new, never half
        self.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{ntriples}\n}} }}")

    def delete_graph(self, graph: str) -> bool:
        g = _graph_node(graph)
        existed = self._store.contains_named_graph(g)
        if existed:
            self.update(f"DROP SILENT GRAPH {g}")
        return existed

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def _run(self, sparql: str, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None,
             base_iri: str | None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        kwargs: dict[str, object] = {}
        if default_graphs is None and named_graphs is None:
            kwargs["use_default_graph_as_union"] = True
        else:  # a dataset given: exactly the graphs named (none named: an empty default graph)
            kwargs["default_graph"] = [_dataset_graph(g) for g in default_graphs or ()]
            if named_graphs is not None:
                kwargs["named_graphs"] = [_graph_node(g) for g in named_graphs]
        try:
            return self._store.query(sparql, base_iri=base_iri, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {exc}") from None
        except (ValueError, OSError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def query(self, sparql: str, *, solutions_format: str = "json", graph_format: str = "ntriples",
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryAnswer:
        return _dropping_results(lambda: self._answer(sparql, None, solutions_format, graph_format,
                                                      default_graphs, named_graphs, base_iri))

    def query_bounded(self, sparql: str, limits: QueryLimits, *, solutions_format: str = "json",
                      graph_format: str = "ntriples", default_graphs: Sequence[str] | None = None,
                      named_graphs: Sequence[str] | None = None, base_iri: str | None = None) -> QueryAnswer:
        """Run a query within ``limits``: the deadline and the row cap are checked while the
        answer is written, and the answer is returned only when whole (see ``store.results``)."""
        return _dropping_results(lambda: self._answer(sparql, limits, solutions_format, graph_format,
                                                      default_graphs, named_graphs, base_iri))

    def _answer(self, sparql: str, limits: QueryLimits | None, solutions_format: str, graph_format: str,
                default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None,
                base_iri: str | None) -> QueryAnswer:
        result = self._run(sparql, default_graphs, named_graphs, base_iri)
        # pyoxigraph computes joins and aggregates inside query(): that part cannot be stopped
        if limits is not None and limits.expired():
            raise QueryTimeout("the query ran past its time limit")
        try:
            if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
                kind: AnswerKind = "solutions" if isinstance(result, ox.QuerySolutions) else "boolean"
                if limits is None:
                    body = bytes(result.serialize(format=_SOLUTION_OX[solutions_format]) or b"")
                else:
                    sink = BoundedSink(limits, solutions_format)
                    result.serialize(sink, format=_SOLUTION_OX[solutions_format])
                    body = sink.getvalue()
                return QueryAnswer(kind, body, SOLUTION_FORMATS[solutions_format])
            return QueryAnswer("graph", _graph_bytes(result, graph_format, limits), GRAPH_FORMATS[graph_format])
        except (ValueError, OSError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(f"malformed update: {exc}") from None
        except (ValueError, OSError) as exc:
            raise QueryError(f"update failed: {exc}") from None

    def dump(self, fmt: str = "nquads", graph: str | None = None) -> bytes:
        rdf_format = _GRAPH_OX.get(fmt)
        if rdf_format is None:
            raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(_GRAPH_OX)}")
        if graph is None and not rdf_format.supports_datasets:
            raise StoreError(f"{fmt} holds one graph: name it, or use nquads or trig for the whole store")
        if graph is not None:
            data = self._store.dump(format=rdf_format, from_graph=_graph_node(graph))
        else:
            data = self._store.dump(format=rdf_format)
        return bytes(data or b"")

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, _graph_node(graph)))

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
