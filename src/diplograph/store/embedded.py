"""The embedded store: pyoxigraph on disk (or in memory), no server to run.

The default graph a query sees is the union of the named graphs, as a set: each triple once,
however many article graphs hold it (an entity's label sits in every article that names it).
pyoxigraph's own union-default-graph mode yields a triple once per graph that holds it, which
multiplies counts joined on such triples and costs three times as much on aggregates; so this
store keeps the union materialized in pyoxigraph's default graph, in step with every write:

- a graph written (:meth:`replace_graph`, :meth:`add_triples`) goes into its named graph and the
  default graph in one transaction; a graph dropped takes with it, from the default graph, the
  triples no other graph holds (one index lookup per triple);
- triples written to the default graph by name (the Graph Store Protocol's ``?default``, an
  update without GRAPH) are kept in the named graph :data:`OWN_DEFAULT_GRAPH`, part of the union
  like any other; queries given ``default-graph-uri`` for the default graph read that one;
- a SPARQL update (:meth:`update`) runs as the protocol describes it, its default graph being the
  store's own default triples; then the union is rebuilt, in the same transaction (a full copy:
  seconds per million triples — for bulk writes, ingest or use the Graph Store Protocol).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from diplograph.errors import DiplographError, QueryError, QueryTimeout, StoreError
from diplograph.namespaces import ID
from diplograph.store.base import DEFAULT_GRAPH, GRAPH_FORMATS, SOLUTION_FORMATS, AnswerKind, QueryAnswer, QueryLimits
from diplograph.store.formats import GRAPH_OX, SOLUTION_OX
from diplograph.store.results import RECORD_MARKERS, BoundedSink

_SOLUTION_OX = SOLUTION_OX
_GRAPH_OX = GRAPH_OX

#: The named graph that holds the triples written to the default graph by name.
OWN_DEFAULT_GRAPH = str(ID["graph/default"])
_OWN = f"<{OWN_DEFAULT_GRAPH}>"
#: The declarations (and comments) an update starts with.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*(?:\n|$)|(?i:BASE)\s*<[^>]*>|(?i:PREFIX)\s*[\w.-]*:\s*<[^>]*>)*")
#: Rebuild the default graph as the union of the named graphs.
_REBUILD_UNION = "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def _graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"not an IRI: {iri!r} ({exc})") from None


_T = TypeVar("_T")


def _dropping_results(answer: Callable[[], _T]) -> _T:
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


def _stored_graph(iri: str) -> str:
    """The named graph that holds a graph: the default graph's own triples are kept in one."""
    return OWN_DEFAULT_GRAPH if iri == DEFAULT_GRAPH else iri


def _dataset_graph(iri: str) -> ox.NamedNode:
    return _graph_node(_stored_graph(iri))


def _unshared(g: ox.NamedNode) -> str:
    """An update removing from the default graph the triples of ``g`` that no other graph holds."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }}")


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
        # a store written before the union was kept: build it, or (read-only) let queries union
        self._union_on_the_fly = False
        if self._union_missing():
            if read_only:
                self._union_on_the_fly = True
            else:
                self._store.update(_REBUILD_UNION)

    def _union_missing(self) -> bool:
        """Named graphs with triples and an empty default graph: the union was never built."""
        store = self._store
        return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None \
            and next(iter(store.quads_for_pattern(None, None, None, None)), None) is not None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need it directly."""
        return self._store

    def replace_graph(self, graph: str, ntriples: str) -> None:
        g = _dataset_graph(graph)
        # one SPARQL update is one transaction: readers see the old graph or the new, never half,
        # and the union in step; one INSERT DATA, so a blank node is the same node in both graphs
        self._write(f"{_unshared(g)} ;\nDROP SILENT GRAPH {g} ;\nINSERT DATA {{\n{ntriples}\nGRAPH {g} {{\n{ntriples}\n}} }}")

    def add_triples(self, graph: str, ntriples: str) -> None:
        g = _dataset_graph(graph)
        self._write(f"INSERT DATA {{\n{ntriples}\nGRAPH {g} {{\n{ntriples}\n}} }}")

    def delete_graph(self, graph: str) -> bool:
        g = _dataset_graph(graph)
        existed = next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is not None
        if existed:
            self._write(f"{_unshared(g)} ;\nDROP SILENT GRAPH {g}")
        return existed

    def load_nquads(self, nquads: bytes | Path, graphs: Sequence[str]) -> None:
        """Bulk-load N-Quads of named graphs (bytes, or a file), first emptying ``graphs`` (those the
        quads fill), then adding them to the union. Not atomic as a whole: pyoxigraph's bulk loader
        writes outside transactions, which is what makes it fast."""
        nodes = [_graph_node(g) for g in graphs]
        for start in range(0, len(nodes), 200):
            present = [g for g in nodes[start:start + 200] if self._store.contains_named_graph(g)]
            if present:
                self._write(" ;\n".join(f"{_unshared(g)} ;\nDROP SILENT GRAPH {g}" for g in present))
        try:
            if isinstance(nquads, Path):
                self._store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
            else:
                self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"the bulk load failed: {exc}") from None
        for start in range(0, len(nodes), 200):
            chunk = " ".join(str(g) for g in nodes[start:start + 200])
            self._write(f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {chunk} }} GRAPH ?g {{ ?s ?p ?o }} }}")

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value != OWN_DEFAULT_GRAPH)

    def _write(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"malformed triples: {exc}") from None
        except (ValueError, OSError) as exc:
            raise QueryError(f"the write failed: {exc}") from None

    def _run(self, sparql: str, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None,
             base_iri: str | None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        kwargs: dict[str, object] = {}
        if default_graphs is None and named_graphs is None:
            if self._union_on_the_fly:  # the default graph is the union, kept materialized, but here
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

    def select_values(self, sparql: str) -> list[dict[str, str]]:
        """The rows of a SELECT as ``{variable: lexical value}``, read straight off pyoxigraph's
        solutions: no SPARQL JSON written and parsed again (the REST API runs many small SELECTs,
        and that round trip was a third of their time)."""
        def rows() -> list[dict[str, str]]:
            answer = self._run(sparql, None, None, None)
            if not isinstance(answer, ox.QuerySolutions):
                raise StoreError("select_rows needs a SELECT query")
            names = [v.value for v in answer.variables]
            return [{name: term.value for name, term in zip(names, solution, strict=True) if term is not None}
                    for solution in answer]
        return _dropping_results(rows)

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
        """Run a SPARQL update whose default graph is the store's own default triples, then
        rebuild the union; all in one transaction."""
        before = (f"DROP SILENT DEFAULT ;\nADD SILENT GRAPH {_OWN} TO DEFAULT ;\nDROP SILENT GRAPH {_OWN} ;\n")
        after = f"\n;\nADD SILENT DEFAULT TO GRAPH {_OWN} ;\n{_REBUILD_UNION}"
        body = sparql.rstrip()
        if body.endswith(";"):
            body = body[:-1]
        prologue = _PROLOGUE.match(body)
        head = prologue.group(0) if prologue else ""  # PREFIX and BASE go first, before any operation
        try:
            self._store.update(head + "\n" + before + body[len(head):] + after, base_iri=base_iri)
        except SyntaxError:
            try:  # the message and position the update alone gets (nothing of it has run)
                ox.Store().update(sparql, base_iri=base_iri)
            except SyntaxError as exc:
                raise QueryError(f"malformed update: {exc}") from None
            except (ValueError, OSError):
                pass
            raise QueryError("malformed update: it holds no operation") from None
        except (ValueError, OSError) as exc:
            raise QueryError(f"update failed: {exc}") from None

    def dump(self, fmt: str = "nquads", graph: str | None = None) -> bytes:
        rdf_format = _GRAPH_OX.get(fmt)
        if rdf_format is None:
            raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(_GRAPH_OX)}")
        if graph is None and not rdf_format.supports_datasets:
            raise StoreError(f"{fmt} holds one graph: name it, or use nquads or trig for the whole store")
        if graph is not None:
            data = self._store.dump(format=rdf_format, from_graph=_dataset_graph(graph))
        else:  # the named graphs, the own default triples as the default graph; not the union
            data = ox.serialize(self._stored_quads(), format=rdf_format)
        return bytes(data or b"")

    def _stored_quads(self) -> Iterator[ox.Quad]:
        default = ox.DefaultGraph()
        for q in self._store.quads_for_pattern(None, None, None, None):
            if isinstance(q.graph_name, ox.DefaultGraph):
                continue
            yield ox.Quad(q.subject, q.predicate, q.object, default) if q.graph_name.value == OWN_DEFAULT_GRAPH else q

    def count(self, graph: str | None = None) -> int:
        """Quads in the named graphs (the union left out: each is there already), or triples in one graph."""
        if graph is None:
            union = sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            return len(self._store) - union
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, _dataset_graph(graph)))

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
