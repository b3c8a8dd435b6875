"""The remote store: any server speaking the SPARQL 1.1 Protocol (and, where it has one, the
Graph Store Protocol), over HTTP with httpx.

Tested against Oxigraph server and Virtuoso; Apache Jena Fuseki and QLever speak the same
protocol. ``RemoteStore(endpoint)`` takes the query endpoint's URL:

- Oxigraph server: ``http://host:7878/query`` (or just ``http://host:7878``); updates go to
  ``/update`` and graph-store requests to ``/store``;
- Virtuoso: ``http://host:8890/sparql`` for queries and updates (the ``SPARQL`` user needs the
  ``SPARQL_UPDATE`` role to write);
- anything else: pass ``update_endpoint=`` (and ``graph_store=``) when they differ.

The default graph of a query is the union of the named graphs, as in the embedded store:
Oxigraph is asked for it per query (``union-default-graph``), Virtuoso does it by itself
(make its own system graphs private, as docker/virtuoso-init.sql does, or they join the
union), and Fuseki or QLever need their union-default-graph setting. Results are parsed and written
again with pyoxigraph, so every server's answers come out byte-for-byte in the same formats
as the embedded store's, and a server's partial answer (Virtuoso's "anytime" results) is an
error, never a short result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from diplograph.errors import QueryError, QueryTimeout, StoreError
from diplograph.store.base import DEFAULT_GRAPH, GRAPH_FORMATS, SOLUTION_FORMATS, AnswerKind, QueryAnswer
from diplograph.store.formats import GRAPH_OX, SOLUTION_OX

_SOLUTION_OX = SOLUTION_OX
_GRAPH_OX = GRAPH_OX
#: Media types we can read back from a server: results, then RDF.
_RESULTS_BY_TYPE = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_RDF_BY_TYPE = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
_ACCEPT_RDF = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"

#: Graphs a server keeps for itself, left out of ``graphs()``, ``count()`` and ``dump()``.
SYSTEM_GRAPHS: dict[str, tuple[str, ...]] = {
    "virtuoso": (
        "http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/", "http://www.openlinksw.com/", "http://localhost:8890/",
    ),
}

# The query form is the first keyword after the prologue (BASE / PREFIX declarations and comments).
_PROLOGUE_ITEM = re.compile(
    r"\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


#: A blank node label as N-Triples writes it, as subject or object (not inside a literal or an IRI).
_BLANK_NODE = re.compile(r'(?:^|\s)_:[A-Za-z0-9]', re.MULTILINE)


def query_form(sparql: str) -> str | None:
    """``select``, ``ask``, ``construct`` or ``describe`` (None when the query does not say)."""
    pos = 0
    while True:
        m = _PROLOGUE_ITEM.match(sparql, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
    m = _FORM.match(sparql, pos)
    return m.group(1).lower() if m else None


def _iri(value: str) -> str:
    try:
        return str(ox.NamedNode(value))
    except ValueError as exc:
        raise QueryError(f"not an IRI: {value!r} ({exc})") from None


def _endpoints(endpoint: str) -> tuple[str, str | None, str | None]:
    """(query, update, graph store) URLs guessed from the query URL's path."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"not an HTTP(S) SPARQL endpoint: {endpoint!r}")
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if path in ("", "/"):  # Oxigraph server's own layout, given its base URL
        return at("/query"), at("/update"), at("/store")
    if path.endswith("/query"):
        base = path[: -len("/query")]
        return endpoint, at(base + "/update"), at(base + "/store")
    if path.endswith("/sparql"):  # Virtuoso and many others: one URL for queries and updates
        return endpoint, endpoint, None
    return endpoint, endpoint, None


class RemoteStore:
    """A SPARQL 1.1 server as a :class:`~diplograph.store.base.Store`.

    ``auth`` is an httpx auth (``httpx.DigestAuth(user, password)`` for Virtuoso's
    ``/sparql-auth``) or a (user, password) pair for basic auth; ``headers`` are sent with
    every request (e.g. ``{"Authorization": "Bearer …"}``); ``timeout`` is in seconds.
    """

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, graph_store: str | None = None,
                 auth: httpx.Auth | tuple[str, str] | None = None, headers: Mapping[str, str] | None = None,
                 timeout: float = 30.0, union_default_graph: bool | None = None,
                 system_graphs: Sequence[str] | None = None, transport: httpx.BaseTransport | None = None) -> None:
        query_url, guessed_update, guessed_store = _endpoints(endpoint)
        self.endpoint = query_url
        self.update_endpoint = update_endpoint or guessed_update or query_url
        self.graph_store = graph_store or guessed_store
        self.timeout = timeout
        self._union = union_default_graph
        self._system = tuple(system_graphs) if system_graphs is not None else None
        self._server: str | None = None
        self._client = httpx.Client(auth=auth, headers=dict(headers or {}), timeout=timeout, transport=transport)

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # --- HTTP -----------------------------------------------------------------------------------
    def _send(self, method: str, url: str, *, what: str, params: Sequence[tuple[str, str]] | None = None,
              data: Mapping[str, Any] | Sequence[tuple[str, str]] | None = None, content: bytes | None = None,
              headers: Mapping[str, str] | None = None, query: bool = False) -> httpx.Response:
        try:
            response = self._client.request(method, url, params=params, data=data, content=content,  # type: ignore[arg-type]
                                            headers=headers)
        except httpx.TimeoutException:
            if query:
                raise QueryTimeout(f"{what} ran past {self.timeout:g} s at {url}") from None
            raise StoreError(f"{what} timed out after {self.timeout:g} s at {url}") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL store at {url}: {exc}") from None
        if self._server is None:
            self._server = response.headers.get("server", "")
        if response.status_code >= 400:
            message = _server_message(response)
            if response.status_code in (400, 405, 406, 414, 415, 422):
                raise QueryError(f"{what} refused by {url}: {message}")
            if response.status_code in (401, 403):
                raise StoreError(f"{what} not allowed at {url} (HTTP {response.status_code}): {message}")
            if "timeout" in message.lower() or "timed out" in message.lower() or response.status_code == 504:
                raise QueryTimeout(f"{what} timed out at {url}: {message}")
            if query and re.search(r"\b(SP0\d\d|SQ\d\d\d|37000)\b", message):  # Virtuoso's compile errors
                raise QueryError(f"{what} refused by {url}: {message}")
            raise StoreError(f"{what} failed at {url} (HTTP {response.status_code}): {message}")
        # Virtuoso answers a query that hit its time limit with the rows found so far
        if response.headers.get("x-sql-state") in ("S1TAT", "S1T00"):
            raise QueryTimeout(f"{what} ran past the server's time limit at {url}: "
                               f"{response.headers.get('x-sql-message', 'partial result')}")
        return response

    def server(self) -> str:
        """The server's kind as its ``Server`` header tells it: ``oxigraph``, ``virtuoso`` or ``other``."""
        if self._server is None:
            try:
                self._send("GET", self.endpoint, what="a probe")
            except (QueryError, StoreError) as exc:
                if self._server is None:
                    raise StoreError(f"cannot reach the SPARQL store at {self.endpoint}: {exc}") from None
        name = (self._server or "").lower()
        for kind in ("oxigraph", "virtuoso"):
            if kind in name:
                return kind
        return "other"

    def _system_graphs(self) -> tuple[str, ...]:
        if self._system is None:
            self._system = SYSTEM_GRAPHS.get(self.server(), ())
        return self._system

    def _is_system(self, graph: str) -> bool:
        return any(graph.startswith(prefix) for prefix in self._system_graphs())

    # --- queries --------------------------------------------------------------------------------
    def query(self, sparql: str, *, solutions_format: str = "json", graph_format: str = "ntriples",
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryAnswer:
        """Run a query on the server and answer in the same shape as the embedded store."""
        if solutions_format not in SOLUTION_FORMATS:
            raise QueryError(f"unknown results format {solutions_format!r}; use one of {', '.join(SOLUTION_FORMATS)}")
        if graph_format not in GRAPH_FORMATS:
            raise QueryError(f"unknown RDF format {graph_format!r}; use one of {', '.join(GRAPH_FORMATS)}")
        if base_iri:
            sparql = f"BASE <{_iri(base_iri).strip('<>')}>\n{sparql}"
        form = query_form(sparql)
        accept = _ACCEPT_RDF if form in ("construct", "describe") else _ACCEPT_RESULTS
        if form is None:
            accept = f"{_ACCEPT_RESULTS}, {_ACCEPT_RDF}"
        params: list[tuple[str, str]] = [("default-graph-uri", _iri(g).strip("<>")) for g in default_graphs or ()]
        params += [("named-graph-uri", _iri(g).strip("<>")) for g in named_graphs or ()]
        # Oxigraph refuses the union together with dataset parameters: named graphs alone then
        # leave the default graph empty, as the SPARQL protocol says
        if not default_graphs and not named_graphs and self._wants_union_param():
            params.append(("union-default-graph", ""))
        response = self._send("POST", self.endpoint, what="the query", params=params, data={"query": sparql},
                              headers={"Accept": accept}, query=True)
        return _answer(response, solutions_format, graph_format, self.endpoint)

    def _wants_union_param(self) -> bool:
        if self._union is None:
            self._union = self.server() == "oxigraph"
        return self._union

    def _select(self, sparql: str) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        answer = self.query(sparql)
        results = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(results, ox.QuerySolutions):
            raise StoreError(f"{self.endpoint} did not answer a SELECT query with solutions")
        variables = [v.value for v in results.variables]
        return [{name: row[name] for name in variables if row[name] is not None} for row in results]

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run an update in one request (the server makes it one transaction)."""
        if base_iri:
            sparql = f"BASE <{_iri(base_iri).strip('<>')}>\n{sparql}"
        self._send("POST", self.update_endpoint, what="the update", content=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"}, query=True)

    # --- graphs ---------------------------------------------------------------------------------
    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Replace one graph in a single update request: readers see the old graph or the new."""
        self.replace_graphs({graph: ntriples})

    def replace_graphs(self, graphs: Mapping[str, str]) -> None:
        """Replace several graphs in one update request, all or none."""
        ops = [f"{_drop(graph)} ;\n{_insert(graph, ntriples)}" for graph, ntriples in graphs.items()]
        if ops:
            self.update(" ;\n".join(ops))

    def add_triples(self, graph: str, ntriples: str) -> None:
        """Add triples to one graph (DEFAULT_GRAPH: the default graph) in one update request."""
        self.update(_insert(graph, ntriples))

    def load_nquads(self, nquads: bytes, graphs: Iterable[str]) -> None:
        """Bulk-load N-Quads, first emptying ``graphs`` (those the quads fill).

        Oxigraph takes the whole dataset in one graph-store POST; other servers get one update
        per batch of graphs. Not atomic as a whole: a failure can leave some graphs loaded.
        """
        names = [_iri(g) for g in graphs]
        if self.server() == "oxigraph" and self.graph_store:
            for start in range(0, len(names), 500):
                self.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in names[start:start + 500]))
            self._send("POST", self.graph_store, what="the bulk load", content=nquads,
                       headers={"Content-Type": "application/n-quads"})
            return
        by_graph: dict[str, list[str]] = {}
        for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.NamedNode):
                line = f"{quad.subject} {quad.predicate} {quad.object} ."
                by_graph.setdefault(quad.graph_name.value, []).append(line)
        for g in names:
            by_graph.setdefault(g.strip("<>"), [])
        batch: dict[str, str] = {}
        size = 0
        for graph, lines in by_graph.items():
            batch[graph] = "\n".join(lines)
            size += sum(len(line) for line in lines)
            if size > 1_000_000:  # servers cap the size of one request; a megabyte passes everywhere
                self.replace_graphs(batch)
                batch, size = {}, 0
        self.replace_graphs(batch)

    def delete_graph(self, graph: str) -> bool:
        """Drop a graph (DEFAULT_GRAPH: empty the default graph); True when it held triples."""
        pattern = "?s ?p ?o" if graph == DEFAULT_GRAPH else f"GRAPH {_iri(graph)} {{ ?s ?p ?o }}"
        existed = self._ask(f"ASK {{ {pattern} }}")
        if existed:
            self.update(_drop(graph))
        return existed

    def _ask(self, sparql: str) -> bool:
        answer = self.query(sparql)
        result = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
        return bool(result) if isinstance(result, ox.QueryBoolean) else False

    def graphs(self) -> list[str]:
        """The named graphs that hold triples (a server's own system graphs left out)."""
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        names = {row["g"].value for row in rows if isinstance(row.get("g"), ox.NamedNode)}
        return sorted(g for g in names if not self._is_system(g))

    def count(self, graph: str | None = None) -> int:
        """Quads in the named graphs (system graphs left out), or triples in one graph."""
        if graph is not None:
            rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")
            return int(rows[0]["n"].value) if rows else 0
        rows = self._select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sum(int(row["n"].value) for row in rows
                   if isinstance(row.get("g"), ox.NamedNode) and not self._is_system(row["g"].value))

    def _graph_triples(self, graph: str) -> list[ox.Triple]:
        g = _iri(graph)
        answer = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        return list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES))

    def dump(self, fmt: str = "nquads", graph: str | None = None) -> bytes:
        """All quads (``nquads``/``trig``) or one graph's triples (any RDF format)."""
        rdf_format = _GRAPH_OX.get(fmt)
        if rdf_format is None:
            raise StoreError(f"unknown dump format {fmt!r}; use one of {', '.join(_GRAPH_OX)}")
        if graph is not None:
            triples = self._graph_triples(graph)
            if rdf_format.supports_datasets:
                target = ox.NamedNode(graph)
                return bytes(ox.serialize([ox.Quad(t.subject, t.predicate, t.object, target) for t in triples],
                                          format=rdf_format) or b"")
            return bytes(ox.serialize(triples, format=rdf_format) or b"")
        if not rdf_format.supports_datasets:
            raise StoreError(f"{fmt} holds one graph: name it, or use nquads or trig for the whole store")
        if self.server() == "oxigraph" and self.graph_store:
            response = self._send("GET", self.graph_store, what="the dump", headers={"Accept": "application/n-quads"})
            quads: Iterable[ox.Quad] = ox.parse(response.content, format=ox.RdfFormat.N_QUADS)
        else:
            # one graph at a time: servers cap the rows of one answer (Virtuoso's ResultSetMaxRows)
            quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                     for g in self.graphs() for t in self._graph_triples(g)]
        return bytes(ox.serialize(quads, format=rdf_format) or b"")

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()


def _server_message(response: httpx.Response) -> str:
    text = response.text.strip()
    if "<html" in text[:200].lower():  # an HTML error page: keep its words, drop the markup
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:500] or response.reason_phrase


def _answer(response: httpx.Response, solutions_format: str, graph_format: str, url: str) -> QueryAnswer:
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media_type in _RESULTS_BY_TYPE:
            result = ox.parse_query_results(response.content, format=_RESULTS_BY_TYPE[media_type])
            body = result.serialize(format=_SOLUTION_OX[solutions_format])
            kind: AnswerKind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
            return QueryAnswer(kind, bytes(body or b""), SOLUTION_FORMATS[solutions_format])
        if media_type in _RDF_BY_TYPE:
            triples = ox.parse(response.content, format=_RDF_BY_TYPE[media_type])
            out_format = _GRAPH_OX.get(graph_format, ox.RdfFormat.N_TRIPLES)
            return QueryAnswer("graph", bytes(ox.serialize(triples, format=out_format) or b""),
                               GRAPH_FORMATS[graph_format])
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{url} answered {media_type} that cannot be read: {exc}") from None
    raise StoreError(f"{url} answered in a format diplograph cannot read: {media_type or 'no content type'}")


def _drop(graph: str) -> str:
    return "DROP SILENT DEFAULT" if graph == DEFAULT_GRAPH else f"DROP SILENT GRAPH {_iri(graph)}"


def _insert(graph: str, ntriples: str) -> str:
    """An update inserting triples into a graph (DEFAULT_GRAPH: the default graph). Virtuoso refuses
    blank nodes in INSERT DATA (SP031): with them, a template with an empty WHERE inserts the same
    triples, each blank node label a fresh node, on every server."""
    triples = ntriples if graph == DEFAULT_GRAPH else f"GRAPH {_iri(graph)} {{\n{ntriples}\n}}"
    if _BLANK_NODE.search(ntriples):
        return f"INSERT {{ {triples} }} WHERE {{}}"
    return f"INSERT DATA {{ {triples} }}"
