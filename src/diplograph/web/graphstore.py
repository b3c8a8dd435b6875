"""``/rdf-graph-store``: the SPARQL 1.1 Graph Store HTTP Protocol.

A graph is named indirectly (``?graph=IRI``, or ``?default`` for the store's own default
graph) or directly (its IRI is the URL of a request under ``/rdf-graph-store/``). GET and
HEAD read it (404 when it holds no triple), PUT replaces it, POST adds to it (a POST to
``/rdf-graph-store`` itself makes a new graph and answers its IRI in ``Location``), DELETE
drops it. Writes need the bearer token, as SPARQL updates do.

Everything goes through the store's SPARQL interface, so the protocol works on any Store.
``?default`` is the store's own default graph, the one that SPARQL updates without GRAPH
write to; queries see it inside the union default graph, together with every named graph.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from diplograph.errors import InputError
from diplograph.namespaces import ID
from diplograph.store.base import DEFAULT_GRAPH, BoundedStore, QueryAnswer, QueryLimits
from diplograph.web.context import WebContext, web_context
from diplograph.web.errors import NotAcceptable, NotFound, PayloadTooLarge, UnsupportedMediaType
from diplograph.web.negotiation import GRAPH_TYPES, MEDIA_TYPES, RDF_INPUT_TYPES, choose
from diplograph.web.sparql import content_type, endpoint_url, parse_form, read_body

router = APIRouter(tags=["Graph Store"])
Context = Annotated[WebContext, Depends(web_context)]
PATH = "/rdf-graph-store"
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]

_READ_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "n3": ox.RdfFormat.N3,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
#: Graph formats only: a dataset format has no place in one graph.
_GRAPH_ONLY = {media: name for media, name in GRAPH_TYPES.items() if name not in ("nquads", "trig")}


def _iri(value: str) -> str:
    try:
        return ox.NamedNode(value).value
    except ValueError as exc:
        raise InputError(f"not an absolute IRI: {value!r} ({exc})") from None


def target_graph(request: Request, direct: str | None) -> str | None:
    """The graph a request names: an IRI, DEFAULT_GRAPH, or None for the endpoint itself."""
    params = parse_form(request.url.query)
    graphs, default = params.get("graph"), "default" in params
    if direct:
        if graphs or default:
            raise InputError("a graph named by the request URL takes no ?graph or ?default as well")
        return endpoint_url(request)
    if graphs and default:
        raise InputError("name a graph with ?graph=IRI or ?default, not both")
    if graphs:
        if len(graphs) > 1:
            raise InputError("one ?graph per request")
        return _iri(graphs[0])
    return DEFAULT_GRAPH if default else None


def _graph_pattern(graph: str) -> str:
    return "?s ?p ?o" if graph == DEFAULT_GRAPH else f"GRAPH <{graph}> {{ ?s ?p ?o }}"


def _dataset(graph: str) -> dict[str, list[str] | None]:
    # the store's own default graph must be asked for by name: alone, queries see the union
    return {"default_graphs": [DEFAULT_GRAPH], "named_graphs": []} if graph == DEFAULT_GRAPH else {}


async def _exists(ctx: WebContext, graph: str) -> bool:
    if graph == DEFAULT_GRAPH:
        return True
    answer = await ctx.run(lambda: ctx.store.query(f"ASK {{ {_graph_pattern(graph)} }}"))
    return b"true" in answer.body


async def _read_triples(request: Request, ctx: WebContext, graph: str) -> str:
    """The request body's triples as N-Triples (from any RDF format, or multipart parts)."""
    media, _ = content_type(request)
    if media == "multipart/form-data":
        declared = request.headers.get("content-length", "")
        if not declared.isdigit() or int(declared) > ctx.settings.max_body_bytes:
            raise PayloadTooLarge(f"a multipart body needs a Content-Length within this server's limit of "
                                  f"{ctx.settings.max_body_bytes} bytes")
        lines = []
        async with request.form(max_files=100, max_fields=100) as form:
            for _, value in form.multi_items():
                if isinstance(value, UploadFile):
                    part_type = (value.content_type or "text/turtle").split(";")[0].strip().lower()
                    lines.append(_parse(await value.read(), part_type, graph))
        return "\n".join(lines)
    body = await read_body(request, ctx.settings.max_body_bytes)
    return _parse(body, media, graph)


def _parse(body: bytes, media: str, graph: str) -> str:
    name = RDF_INPUT_TYPES.get(media)
    if name is None:
        raise UnsupportedMediaType(f"Content-Type {media or '(none)'!r} is not an RDF graph format taken here: send "
                                   + ", ".join(sorted(RDF_INPUT_TYPES)))
    base = None if graph == DEFAULT_GRAPH else graph
    try:
        triples = list(ox.parse(body, format=_READ_FORMATS[name], base_iri=base))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"the {media} body cannot be read: {exc}") from None
    if any(isinstance(t, ox.Quad) and not isinstance(t.graph_name, ox.DefaultGraph) for t in triples):
        raise InputError("the body names graphs of its own: send one graph's triples")
    return bytes(ox.serialize([ox.Triple(t.subject, t.predicate, t.object) for t in triples],
                              format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


async def _write(ctx: WebContext, write: Callable[[], object]) -> None:
    """One write through the store's graph methods (which keep what the store derives in step)."""
    try:
        await ctx.run(write, what="the write", until_done=True)
    finally:
        ctx.wrote()


async def graph_store(request: Request, ctx: WebContext, direct: str | None) -> Response:
    """One Graph Store Protocol request."""
    method = request.method
    graph = target_graph(request, direct)
    if method in ("GET", "HEAD"):
        if graph is None:
            raise InputError("name the graph to read: ?graph=IRI or ?default")
        return await _get(request, ctx, graph)
    ctx.check_token(request.headers.get("authorization"))
    if method == "DELETE":
        if graph is None:
            raise InputError("name the graph to delete: ?graph=IRI or ?default")
        if not await _exists(ctx, graph) or (graph == DEFAULT_GRAPH and not await _has_default_triples(ctx)):
            raise NotFound(f"there is no graph <{graph}> in this store")
        await _write(ctx, lambda: ctx.store.delete_graph(graph))
        return Response(status_code=204)
    store = ctx.store
    if method == "POST" and graph is None:  # a new graph, named by the server
        new = str(ID[f"graph/{uuid.uuid4().hex}"])
        ntriples = await _read_triples(request, ctx, new)
        await _write(ctx, lambda: store.add_triples(new, ntriples))
        return Response(status_code=201, headers={"Location": new})
    assert graph is not None
    existed = await _exists(ctx, graph)
    ntriples = await _read_triples(request, ctx, graph)
    if method == "PUT":
        await _write(ctx, lambda: store.replace_graph(graph, ntriples))
    else:
        await _write(ctx, lambda: store.add_triples(graph, ntriples))
    return Response(status_code=204 if existed else 201)


async def _has_default_triples(ctx: WebContext) -> bool:
    answer = await ctx.run(lambda: ctx.store.query("ASK { ?s ?p ?o }", **_dataset(DEFAULT_GRAPH)))  # type: ignore[arg-type]
    return b"true" in answer.body


async def _get(request: Request, ctx: WebContext, graph: str) -> Response:
    fmt = choose(request.headers.get("accept"), _GRAPH_ONLY, "turtle")
    if fmt is None:
        raise NotAcceptable("a graph is answered as " + ", ".join(sorted({MEDIA_TYPES[f] for f in _GRAPH_ONLY.values()})))
    if not await _exists(ctx, graph):
        raise NotFound(f"there is no graph <{graph}> in this store")
    store = ctx.store
    sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_graph_pattern(graph)} }}"
    timeout = ctx.settings.query_timeout

    def read() -> QueryAnswer:
        if isinstance(store, BoundedStore):  # a whole graph is asked for: no row cap, only the deadline
            return store.query_bounded(sparql, QueryLimits.within(timeout), graph_format=fmt,
                                       **_dataset(graph))  # type: ignore[arg-type]
        return store.query(sparql, graph_format=fmt, **_dataset(graph))  # type: ignore[arg-type]

    answer = await ctx.run(read, what="reading the graph")
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(answer.body))
        return Response(b"", media_type=answer.media_type, headers=headers)
    return Response(answer.body, media_type=answer.media_type, headers=headers)


@router.api_route(PATH, methods=METHODS, summary="Graph Store Protocol: a graph named by ?graph or ?default")
async def indirect(request: Request, ctx: Context) -> Response:
    """Read, replace, add to or delete the graph named by ``?graph=IRI`` or ``?default``."""
    return await graph_store(request, ctx, None)


@router.api_route(PATH + "/{path:path}", methods=METHODS, summary="Graph Store Protocol: a graph named by its URL")
async def direct(request: Request, ctx: Context, path: str) -> Response:
    """Read, replace, add to or delete the graph whose IRI is this URL."""
    if not path:
        return await graph_store(request, ctx, None)
    return await graph_store(request, ctx, path)
