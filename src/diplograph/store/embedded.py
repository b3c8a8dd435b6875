"""The embedded store: pyoxigraph on disk (or in memory), no server to run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from diplograph.errors import QueryError, StoreError
from diplograph.store.base import GRAPH_FORMATS, SOLUTION_FORMATS, QueryAnswer
from diplograph.store.formats import GRAPH_OX, SOLUTION_OX

_SOLUTION_OX = SOLUTION_OX
_GRAPH_OX = GRAPH_OX


def _graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"not an IRI: {iri!r} ({exc})") from None


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

    def query(self, sparql: str, *, solutions_format: str = "json", graph_format: str = "ntriples",
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryAnswer:
        kwargs: dict[str, object] = {}
        if default_graphs:
            kwargs["default_graph"] = [_graph_node(g) for g in default_graphs]
        if named_graphs:
            kwargs["named_graphs"] = [_graph_node(g) for g in named_graphs]
        if not default_graphs:
            kwargs["use_default_graph_as_union"] = True
        try:
            result = self._store.query(sparql, base_iri=base_iri, **kwargs)  # type: ignore[arg-type]
            if isinstance(result, ox.QuerySolutions):
                body = result.serialize(format=_SOLUTION_OX[solutions_format])
                return QueryAnswer("solutions", bytes(body or b""), SOLUTION_FORMATS[solutions_format])
            if isinstance(result, ox.QueryBoolean):
                body = result.serialize(format=_SOLUTION_OX[solutions_format])
                return QueryAnswer("boolean", bytes(body or b""), SOLUTION_FORMATS[solutions_format])
            body = ox.serialize(result, format=_GRAPH_OX.get(graph_format, ox.RdfFormat.N_TRIPLES))
            return QueryAnswer("graph", bytes(body or b""), GRAPH_FORMATS[graph_format])
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {exc}") from None
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
