"""The SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graph-store.

Graphs are named indirectly (``?graph=IRI`` or ``?default``) or directly (the request URL under
/rdf-graph-store/ is the graph's IRI). Reads are open; PUT, POST and DELETE need the token.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from diplograph.config import Settings
from diplograph.errors import InputError
from diplograph.store.base import GRAPH_FORMATS, Store

_READ = {"text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
         "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
         "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}
_DEFAULT = "default"


def router(settings: Settings, store: Store, check_token: Callable[[Settings, str | None], None],
           error: Callable[[int, str], Exception]) -> APIRouter:
    """The graph store routes, sharing the app's store, settings, token check and error type."""
    api = APIRouter()

    def exists(graph: str) -> bool:
        if graph == _DEFAULT:
            return True
        return graph in store.graphs()

    def triples_of(body: bytes, content_type: str | None, base: str) -> str:
        media = (content_type or "").split(";")[0].strip().lower()
        fmt = _READ.get(media)
        if fmt is None:
            raise error(415, f"unsupported RDF media type {media or '(none)'!r}")
        try:
            parsed = list(ox.parse(body, format=fmt, base_iri=base))
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"the RDF body does not parse: {exc}") from None
        return bytes(ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")

    def multipart_triples(body: bytes, content_type: str, base: str) -> str:
        import email.parser
        import email.policy

        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
        chunks = []
        for part in message.iter_parts():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                chunks.append(triples_of(payload, part.get_content_type(), base))
        return "\n".join(chunks)

    async def read(graph: str, accept: str | None, head: bool) -> Response:
        if not await run_in_threadpool(exists, graph):
            raise error(404, f"no graph {graph}")
        from diplograph.web.app import GRAPH_TYPES, _accept

        fmt = _accept(accept, GRAPH_TYPES, "turtle")
        if fmt is None:
            raise error(406, "ask for an RDF format: " + ", ".join(GRAPH_FORMATS.values()))
        where = "{ ?s ?p ?o }" if graph == _DEFAULT else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        answer = await run_in_threadpool(store.query, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}", graph_format=fmt)
        return Response(b"" if head else answer.body, media_type=answer.media_type)

    async def write(graph: str, request: Request, replace: bool) -> Response:
        check_token(settings, request.headers.get("authorization"))
        body = await request.body()
        if len(body) > settings.max_body_bytes:
            raise error(413, f"request body over {settings.max_body_bytes} bytes")
        content_type = request.headers.get("content-type") or ""
        base = graph if graph != _DEFAULT else str(request.url).split("?", 1)[0]
        if content_type.lower().startswith("multipart/form-data"):
            nt = multipart_triples(body, content_type, base)
        else:
            nt = triples_of(body, content_type, base)
        existed = await run_in_threadpool(exists, graph)
        data = f"{{\n{nt}\n}}" if graph == _DEFAULT else f"{{ GRAPH <{graph}> {{\n{nt}\n}} }}"
        clear = ("DROP SILENT DEFAULT ;\n" if graph == _DEFAULT else f"DROP SILENT GRAPH <{graph}> ;\n") if replace else ""
        await run_in_threadpool(store.update, f"{clear}INSERT DATA {data}")
        if graph != _DEFAULT and not existed and nt.strip() == "":
            # an empty graph does not exist in a quad store: keep it visible with a marker-free create
            await run_in_threadpool(store.update, f"CREATE SILENT GRAPH <{graph}>")
        return Response(status_code=201 if not existed else 204)

    async def delete(graph: str, request: Request) -> Response:
        check_token(settings, request.headers.get("authorization"))
        if graph == _DEFAULT:
            await run_in_threadpool(store.update, "DROP SILENT DEFAULT")
            return Response(status_code=204)
        if not await run_in_threadpool(store.delete_graph, graph):
            raise error(404, f"no graph {graph}")
        return Response(status_code=204)

    def graph_param(request: Request) -> str | None:
        params = request.query_params
        if "default" in params and "graph" in params:
            raise error(400, "name either ?default or ?graph=, not both")
        if "default" in params:
            return _DEFAULT
        graph = params.get("graph")
        if graph is not None and (not graph or any(c in graph for c in '<>" {}|\\^`')):
            raise error(400, f"not an IRI: {graph!r}")
        return graph

    Handler = Callable[[Request], Coroutine[Any, Any, Response]]

    def dispatch(direct: bool) -> Handler:
        async def handle(request: Request) -> Response:
            accept = request.headers.get("accept")
            graph = str(request.url).split("?", 1)[0] if direct else graph_param(request)
            method = request.method
            if graph is None:
                if method == "POST":  # a new graph, named by the store (spec §5.5)
                    new = str(request.base_url).rstrip("/") + f"/rdf-graph-store/graphs/{uuid.uuid4().hex}"
                    await write(new, request, replace=False)
                    return Response(status_code=201, headers={"Location": new})
                raise error(400, "name a graph with ?graph=IRI or ?default")
            if method in ("GET", "HEAD"):
                return await read(graph, accept, head=method == "HEAD")
            if method == "PUT":
                return await write(graph, request, replace=True)
            if method == "POST":
                return await write(graph, request, replace=False)
            return await delete(graph, request)
        return handle

    methods = ["GET", "HEAD", "PUT", "POST", "DELETE"]
    api.add_api_route("/rdf-graph-store", dispatch(direct=False), methods=methods, include_in_schema=True)
    api.add_api_route("/rdf-graph-store/{path:path}", dispatch(direct=True), methods=methods, include_in_schema=True)
    return api
