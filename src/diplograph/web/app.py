"""The web service: ``create_app(settings, store)`` builds the FastAPI application.

This first version serves the SPARQL 1.1 Protocol at ``/sparql`` (query by GET, POST form and
POST direct; dataset parameters; results by content negotiation; a service description on a
bare GET; updates only with the bearer token) and Linked Data at ``/id/{kind}/{key}``.
All diplograph errors go through one handler that answers their HTTP status with a message.
"""

from __future__ import annotations

import asyncio
import hmac
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import FastAPI, Header, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from diplograph import __version__
from diplograph.config import Settings
from diplograph.errors import DiplographError, QueryError, QueryTimeout
from diplograph.namespaces import ID
from diplograph.store.base import GRAPH_FORMATS, SOLUTION_FORMATS, QueryAnswer, Store

#: Media types we answer, by the result kind they serve.
SOLUTION_TYPES = {v: k for k, v in SOLUTION_FORMATS.items()} | {"application/json": "json", "application/xml": "xml"}
GRAPH_TYPES = {v: k for k, v in GRAPH_FORMATS.items()} | {"text/plain": "ntriples"}
#: Linked Data suffixes.
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld"}
TEMPLATES = Environment(loader=PackageLoader("diplograph.web", "templates"), autoescape=select_autoescape())


class HTTPError(DiplographError):
    """An error with an explicit HTTP status (406, 413, 415, 401, 403 …)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.http_status = status


def _accept(header: str | None, offered: dict[str, str], default: str) -> str | None:
    """The short format name the Accept header prefers among ``offered``; None if nothing fits."""
    if not header:
        return default
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        choices.append((q, -i, media))
    for q, _, media in sorted(choices, reverse=True):
        if q <= 0:
            continue
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


def create_app(settings: Settings, store: Store) -> FastAPI:
    """The application, sharing one store and one set of settings."""
    app = FastAPI(title="diplograph", version=__version__,
                  description="Who said what, to and about whom, when, and on what evidence.")
    slots = asyncio.Semaphore(max(1, settings.max_concurrent_queries))

    @app.exception_handler(DiplographError)
    async def on_error(request: Request, exc: DiplographError) -> Response:
        return PlainTextResponse(exc.message, status_code=exc.http_status)

    async def run_query(sparql: str, accept: str | None, default_graphs: list[str],
                        named_graphs: list[str], base_iri: str | None = None) -> Response:
        if len(sparql.encode("utf-8")) > settings.max_query_bytes:
            raise HTTPError(413, f"query over {settings.max_query_bytes} bytes")
        _refuse_remote_access(sparql, settings)
        solutions = _accept(accept, SOLUTION_TYPES, "json")
        graph = _accept(accept, GRAPH_TYPES, "turtle")
        async with slots:
            try:
                answer: QueryAnswer = await asyncio.wait_for(run_in_threadpool(
                    store.query, sparql, solutions_format=solutions or "json", graph_format=graph or "turtle",
                    default_graphs=default_graphs or None, named_graphs=named_graphs or None, base_iri=base_iri),
                    timeout=settings.query_timeout)
            except TimeoutError:
                raise QueryTimeout(f"query ran past its limit of {settings.query_timeout:g} s") from None
        wanted = graph if answer.kind == "graph" else solutions
        if wanted is None:
            raise HTTPError(406, "no acceptable result format for this query; try " +
                            ", ".join(GRAPH_FORMATS.values() if answer.kind == "graph" else SOLUTION_FORMATS.values()))
        return Response(answer.body, media_type=answer.media_type)

    async def run_update(sparql: str, authorization: str | None, using: list[str], using_named: list[str],
                         base_iri: str | None = None) -> Response:
        _check_token(settings, authorization)
        _refuse_remote_access(sparql, settings)
        sparql = _with_using(sparql, using, using_named)
        await run_in_threadpool(store.update, sparql, base_iri=base_iri)
        return Response(status_code=204)

    @app.get("/sparql")
    async def sparql_get(request: Request, accept: Annotated[str | None, Header()] = None) -> Response:
        params = request.query_params
        if "update" in params:
            raise HTTPError(400, "updates go by POST")
        queries = params.getlist("query")
        if not queries:
            return _service_description(settings, accept)
        if len(queries) > 1:
            raise QueryError("one query at a time")
        return await run_query(queries[0], accept, params.getlist("default-graph-uri"),
                               params.getlist("named-graph-uri"), base_iri=_base(request))

    @app.post("/sparql")
    async def sparql_post(request: Request, accept: Annotated[str | None, Header()] = None,
                          content_type: Annotated[str | None, Header()] = None,
                          authorization: Annotated[str | None, Header()] = None) -> Response:
        body = await request.body()
        if len(body) > settings.max_body_bytes:
            raise HTTPError(413, f"request body over {settings.max_body_bytes} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryError("the request body is not UTF-8") from None
        media = (content_type or "").split(";")[0].strip().lower()
        charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in (content_type or "").split(";")[1:]
                        if p.strip().lower().startswith("charset=")), "utf-8")
        if charset not in ("utf-8", "utf8"):
            raise QueryError(f"only UTF-8 is accepted, not {charset}")
        query_params = request.query_params
        base = _base(request)
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "query" in form and "update" in form:
                raise QueryError("a request carries a query or an update, not both")
            if "query" in form:
                if len(form["query"]) > 1:
                    raise QueryError("one query at a time")
                return await run_query(form["query"][0], accept, form.get("default-graph-uri", []),
                                       form.get("named-graph-uri", []), base_iri=base)
            if "update" in form:
                if len(form["update"]) > 1:
                    raise QueryError("one update request at a time")
                return await run_update(form["update"][0], authorization, form.get("using-graph-uri", []),
                                        form.get("using-named-graph-uri", []), base_iri=base)
            raise QueryError("the form has neither 'query' nor 'update'")
        if media == "application/sparql-query":
            return await run_query(text, accept, query_params.getlist("default-graph-uri"),
                                   query_params.getlist("named-graph-uri"), base_iri=base)
        if media == "application/sparql-update":
            return await run_update(text, authorization, query_params.getlist("using-graph-uri"),
                                    query_params.getlist("using-named-graph-uri"), base_iri=base)
        raise HTTPError(415, f"unsupported Content-Type {media or '(none)'!r}: use application/sparql-query, "
                             "application/sparql-update or a form")

    @app.get("/id/{kind}/{key}")
    async def entity(kind: str, key: str, accept: Annotated[str | None, Header()] = None) -> Response:
        fmt = next((f for suffix, f in SUFFIXES.items() if key.endswith(suffix)), None)
        if fmt is not None:
            key = key.rsplit(".", 1)[0]
        if not all(c.isalnum() or c in "-_." for c in key) or ".." in key or not kind.replace("-", "").isalnum():
            raise HTTPError(404, "no such resource")
        iri = str(ID[f"{kind}/{key}"])
        html = fmt is None and _wants_html(accept)
        fmt = fmt or _accept(accept, GRAPH_TYPES, "turtle")
        if fmt is None and not html:
            raise HTTPError(406, "ask for text/html, text/turtle, application/n-triples or application/ld+json")
        answer = await run_in_threadpool(store.query, f"DESCRIBE <{iri}>", graph_format="ntriples" if html else (fmt or "turtle"))
        if not answer.body.strip():
            raise HTTPError(404, f"nothing is known about {iri}")
        if html:
            return HTMLResponse(_resource_page(settings, iri, f"/id/{kind}/{key}", answer.body))
        return Response(answer.body, media_type=answer.media_type)

    @app.get("/ontology")
    @app.get("/ontology.ttl")
    async def ontology(request: Request, accept: Annotated[str | None, Header()] = None) -> Response:
        from diplograph.resources import ontology_path

        text = ontology_path().read_text(encoding="utf-8")
        if request.url.path.endswith(".ttl") or not _wants_html(accept):
            return Response(text, media_type="text/turtle")
        return HTMLResponse(_ontology_page(text))

    @app.get("/.well-known/void")
    async def void() -> Response:
        counts = await run_in_threadpool(_dataset_counts, store)
        base = settings.base_url.rstrip("/")
        ttl = f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{base}/.well-known/void#dataset> a void:Dataset ;
    dcterms:title "diplograph" ;
    dcterms:description "Statements, accusations, ceasefires, casualty reports and meetings read from news articles." ;
    void:sparqlEndpoint <{base}/sparql> ;
    void:uriSpace "{ID}" ;
    void:vocabulary <https://w3id.org/diplograph/ontology#> ;
    void:triples {counts["triples"]} ;
    void:entities {counts["entities"]} ;
    void:classPartition [ void:class <https://w3id.org/diplograph/ontology#Statement> ; void:entities {counts["statements"]} ] ;
    void:classPartition [ void:class <https://w3id.org/diplograph/ontology#Article> ; void:entities {counts["articles"]} ] .
"""
        return Response(ttl, media_type="text/turtle")

    from diplograph.web.graphstore import router as graph_store_router

    app.include_router(graph_store_router(settings, store, _check_token, HTTPError))

    @app.get("/health")
    async def health() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    return app


def _base(request: Request) -> str:
    """The endpoint's own URL: relative IRIs in a request resolve against it."""
    return str(request.url).split("?", 1)[0]


def _with_using(update: str, using: list[str], using_named: list[str]) -> str:
    """Apply the protocol's using-graph-uri / using-named-graph-uri as USING clauses."""
    import re

    if not using and not using_named:
        return update
    if re.search(r"\b(USING|WITH)\b", update, flags=re.I):
        raise QueryError("the update names its own dataset (USING or WITH): using-graph-uri cannot apply too")
    for iri in [*using, *using_named]:
        if any(c in iri for c in "<>\"{}| ^`\\"):
            raise QueryError(f"not an IRI: {iri!r}")
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    return re.sub(r"\bWHERE\b", clause + " WHERE", update, flags=re.I)


def _wants_html(accept: str | None) -> bool:
    """Browsers ask for text/html before anything RDF."""
    if not accept:
        return False
    first = accept.split(",")[0].split(";")[0].strip().lower()
    return first in ("text/html", "application/xhtml+xml")


def _resource_page(settings: Settings, iri: str, path: str, ntriples: bytes) -> str:
    import pyoxigraph as ox

    rows = []
    title = iri.rsplit("/", 1)[-1]
    for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        if t.subject.value != iri:
            continue
        p = t.predicate.value
        o = t.object.value
        link = None
        if isinstance(t.object, ox.NamedNode) and o.startswith(str(ID)):
            link = "/id/" + o[len(str(ID)):]
        if p.endswith("#label") and isinstance(t.object, ox.Literal):
            title = o
        rows.append((p, o, link))
    rows.sort()
    return TEMPLATES.get_template("resource.html").render(title=title, iri=iri, path=path, rows=rows)


def _ontology_page(turtle: str) -> str:
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS

    g = Graph().parse(data=turtle, format="turtle")
    ns = "https://w3id.org/diplograph/ontology#"
    sections = []
    for title, kind in (("Classes", OWL.Class), ("Object properties", OWL.ObjectProperty),
                        ("Datatype properties", OWL.DatatypeProperty)):
        terms = sorted((str(t)[len(ns):], str(g.value(t, RDFS.label) or ""), str(g.value(t, RDFS.comment) or ""))
                       for t in g.subjects(RDF.type, kind) if str(t).startswith(ns))
        sections.append((title, terms))
    return TEMPLATES.get_template("ontology.html").render(title="ontology", namespace=ns, sections=sections)


def _dataset_counts(store: Store) -> dict[str, int]:
    from diplograph.store.base import select_rows

    rows = select_rows(store, """SELECT
        (COUNT(DISTINCT ?s) AS ?statements) WHERE { ?s a <https://w3id.org/diplograph/ontology#Statement> }""")
    arts = select_rows(store, """SELECT (COUNT(DISTINCT ?a) AS ?articles)
        WHERE { ?a a <https://w3id.org/diplograph/ontology#Article> }""")
    ents = select_rows(store, """SELECT (COUNT(DISTINCT ?e) AS ?entities)
        WHERE { ?e <https://w3id.org/diplograph/ontology#mentionedIn> ?a }""")
    return {"triples": store.count(), "statements": int(rows[0]["statements"]), "articles": int(arts[0]["articles"]),
            "entities": int(ents[0]["entities"])}


def _check_token(settings: Settings, authorization: str | None) -> None:
    if not settings.token:
        raise HTTPError(403, "writes are off: no token is configured (DIPLOGRAPH_TOKEN)")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not authorization or not hmac.compare_digest(given.encode("utf-8"), settings.token.encode("utf-8")):
        raise HTTPError(401, "a valid bearer token is needed for updates")


def _refuse_remote_access(sparql: str, settings: Settings) -> None:
    """SERVICE and LOAD reach other hosts: only the allow-listed ones."""
    import re

    for m in re.finditer(r"\b(SERVICE|LOAD)\s+(?:SILENT\s+)?<([^>]*)>", sparql, flags=re.I):
        if m.group(2) not in settings.service_allowlist:
            raise QueryError(f"{m.group(1).upper()} <{m.group(2)}> is not on the allow-list")
    if re.search(r"\bSERVICE\s+(?:SILENT\s+)?\?", sparql, flags=re.I):
        raise QueryError("SERVICE with a variable endpoint is refused")


def _service_description(settings: Settings, accept: str | None) -> Response:
    fmt = _accept(accept, GRAPH_TYPES, "turtle") or "turtle"
    endpoint = settings.base_url.rstrip("/") + "/sparql"
    ttl = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query, sd:SPARQL11Update ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
        <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
        <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples> ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ] .
"""
    if fmt == "turtle":
        return Response(ttl, media_type="text/turtle")
    import pyoxigraph as ox

    triples = ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    fmt_ox = {"ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG}[fmt]
    return Response(ox.serialize(triples, format=fmt_ox), media_type=GRAPH_FORMATS[fmt])
