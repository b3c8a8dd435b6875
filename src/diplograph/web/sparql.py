"""``/sparql``: the SPARQL 1.1 Protocol (queries and updates) and a Service Description.

- Queries by GET (``?query=``), POST form (``application/x-www-form-urlencoded``) and POST
  direct (``application/sparql-query``), with ``default-graph-uri`` / ``named-graph-uri``.
  Without them the default graph is the union of all graphs; with them, exactly those graphs.
- Results by content negotiation (Accept, or a ``format`` parameter for links and browsers):
  SPARQL JSON / XML / CSV / TSV, and Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML.
- Updates by POST form (``update=``) or direct (``application/sparql-update``), only with the
  bearer token; ``using-graph-uri`` / ``using-named-graph-uri`` become USING clauses.
- Each query runs on a worker thread within the configured time limit; its answer is written
  whole before the first byte is sent, so a client gets all of it or an error, never a part.
- SERVICE and LOAD reach only the endpoints on ``settings.service_allowlist``.
- A query or update nested deeper than ``settings.max_query_depth`` brackets is refused before
  the store parses it (see :func:`nesting_depth`); an answer over ``settings.max_result_rows``
  rows is refused whole, from a remote store too.
- A bare GET answers the Service Description (RDF), or a small query form to a browser.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from diplograph.errors import InputError, QueryError
from diplograph.namespaces import sparql_prefixes
from diplograph.store.base import BoundedStore, QueryAnswer, QueryLimits
from diplograph.store.formats import GRAPH_OX
from diplograph.store.results import RECORD_MARKERS, BoundedSink
from diplograph.web.context import WebContext, web_context
from diplograph.web.errors import NotAcceptable, PayloadTooLarge, UnsupportedMediaType
from diplograph.web.federation import expand_escapes, mentions_remote_access, refuse_unlisted
from diplograph.web.negotiation import GRAPH_TYPES, MEDIA_TYPES, SOLUTION_TYPES, choose, prefers_html
from diplograph.web.sparqltext import add_using, query_form

router = APIRouter(tags=["SPARQL"])

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


# --- reading requests ---------------------------------------------------------------------------

async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body is {declared} bytes, over this server's limit of {limit}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the request body is over this server's limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def content_type(request: Request) -> tuple[str, str | None]:
    """The media type (lower case, no parameters) and the charset parameter, if any."""
    header = request.headers.get("content-type", "")
    media, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def utf8(body: bytes, what: str) -> str:
    """``body`` decoded as UTF-8, or a 400 that says where it is not."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{what} is not UTF-8 (byte {exc.start} is not valid); send UTF-8") from None


def parse_form(text: str) -> dict[str, list[str]]:
    """An URL-encoded form; percent-escapes must decode to UTF-8 too."""
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=1000)
    except UnicodeDecodeError:
        raise InputError("the form is not UTF-8 once its %-escapes are decoded; send UTF-8") from None
    except ValueError as exc:
        raise InputError(f"the form cannot be read: {exc}") from None


def dataset(params: dict[str, list[str]]) -> tuple[list[str] | None, list[str] | None]:
    """``default-graph-uri`` / ``named-graph-uri``; (None, None) when neither is given."""
    default, named = params.get("default-graph-uri"), params.get("named-graph-uri")
    if default is None and named is None:
        return None, None
    return list(default or []), list(named or [])


def endpoint_url(request: Request) -> str:
    """This endpoint's URL: relative IRIs in a request resolve against it."""
    return str(request.url.replace(query=None, fragment=None))


def _one(values: list[str], what: str) -> str:
    if len(values) > 1:
        raise QueryError(f"one {what} per request, not {len(values)}")
    return values[0]


# --- refusing before parsing -------------------------------------------------------------------

# string literals (long and short) and comments: brackets inside them do not nest
_NOT_NESTING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                          r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'" r"|#[^\n]*")
_BRACKET = re.compile(r"[{}()\[\]]")


def nesting_depth(sparql: str) -> int:
    """How deeply ``{``, ``(`` and ``[`` nest in ``sparql``, outside literals and comments.

    >>> nesting_depth('SELECT * WHERE { FILTER(?x = "(((") }')
    2
    """
    if "\\u" in sparql or "\\U" in sparql:  # the grammar expands codepoint escapes before parsing
        sparql = expand_escapes(sparql)
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_NOT_NESTING.sub(" ", sparql)):
        if bracket.group() in "{([":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def refuse_too_deep(sparql: str, limit: int, what: str) -> None:
    """Raise QueryError when ``sparql`` nests deeper than ``limit``: pyoxigraph's parser recurses
    once per level and a few hundred levels overflow a thread's stack, killing the server."""
    depth = nesting_depth(sparql)
    if depth > limit:
        raise QueryError(f"{what} nests brackets {depth} deep, over this server's limit of {limit}")


def refuse_too_many_rows(answer: QueryAnswer, fmt: str, max_rows: int) -> None:
    """Raise QueryError when a store that does not bound its answers (a remote one) sent more
    than ``max_rows`` rows: the client gets the whole answer or an error, never a cut one."""
    if answer.kind != "boolean" and fmt in RECORD_MARKERS:
        BoundedSink(QueryLimits(None, max_rows), fmt, "triples" if answer.kind == "graph" else "rows").write(answer.body)


def mark_read(request: Request) -> None:
    """Note that this POST only reads, so another origin's page may see its answer (web.middleware)."""
    request.scope[READ_ONLY_SCOPE_KEY] = True


#: Set in a request's ASGI scope by a view that found a POST to be a read (a SPARQL query).
READ_ONLY_SCOPE_KEY = "diplograph.read_only"


# --- answering ----------------------------------------------------------------------------------

def _format_param(params: dict[str, list[str]]) -> str | None:
    """A ``format`` parameter (short name or media type) as an Accept header."""
    values = params.get("format")
    if not values:
        return None
    value = values[-1].strip().lower()
    media = MEDIA_TYPES.get(value, value)
    if "/" not in media:
        raise QueryError(f"unknown format {value!r}; use one of {', '.join(sorted(MEDIA_TYPES))}")
    return media


async def answer_query(request: Request, ctx: WebContext, sparql: str, params: dict[str, list[str]]) -> Response:
    """Run a query from any of the three ways and answer it in the negotiated format."""
    mark_read(request)
    settings = ctx.settings
    if len(sparql.encode("utf-8")) > settings.max_query_bytes:
        raise PayloadTooLarge(f"the query is over this server's limit of {settings.max_query_bytes} bytes")
    refuse_too_deep(sparql, settings.max_query_depth, "the query")
    accept = _format_param(params) or request.headers.get("accept")
    solutions = choose(accept, SOLUTION_TYPES, "json")
    graph = choose(accept, GRAPH_TYPES, "turtle")
    if solutions is None or graph is None:  # only then does the query's form decide, before it runs
        form = query_form(sparql)
        if form is not None:
            _acceptable(form in ("construct", "describe"), solutions, graph)
    default_graphs, named_graphs = dataset(params)
    base = endpoint_url(request)
    if mentions_remote_access(sparql):
        await ctx.run(lambda: refuse_unlisted(sparql, settings.service_allowlist, update=False, base_iri=base),
                      what="checking the query")
    store = ctx.store
    limits_seconds, max_rows = settings.query_timeout, settings.max_result_rows

    def execute() -> QueryAnswer:
        options = {"solutions_format": solutions or "json", "graph_format": graph or "turtle",
                   "default_graphs": default_graphs, "named_graphs": named_graphs, "base_iri": base}
        if isinstance(store, BoundedStore):
            return store.query_bounded(sparql, QueryLimits.within(limits_seconds, max_rows), **options)  # type: ignore[arg-type]
        answer = store.query(sparql, **options)  # type: ignore[arg-type]
        refuse_too_many_rows(answer, str(options["graph_format" if answer.kind == "graph" else "solutions_format"]), max_rows)
        return answer

    answer = await ctx.run(execute)
    _acceptable(answer.kind == "graph", solutions, graph)
    return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


def _acceptable(is_graph: bool, solutions: str | None, graph: str | None) -> None:
    if is_graph and graph is None:
        raise NotAcceptable("this query answers an RDF graph, and none of its formats is acceptable; accept one of "
                            + ", ".join(sorted({MEDIA_TYPES[f] for f in GRAPH_TYPES.values()})))
    if not is_graph and solutions is None:
        raise NotAcceptable("this query answers SPARQL results, and none of their formats is acceptable; accept one of "
                            + ", ".join(sorted({MEDIA_TYPES[f] for f in SOLUTION_TYPES.values()})))


async def answer_update(request: Request, ctx: WebContext, sparql: str, params: dict[str, list[str]]) -> Response:
    """Run an update for a client with the token."""
    ctx.check_token(request.headers.get("authorization"))
    settings = ctx.settings
    if len(sparql.encode("utf-8")) > settings.max_body_bytes:
        raise PayloadTooLarge(f"the update is over this server's limit of {settings.max_body_bytes} bytes")
    refuse_too_deep(sparql, settings.max_query_depth, "the update")
    sparql = add_using(sparql, params.get("using-graph-uri", []), params.get("using-named-graph-uri", []))
    base = endpoint_url(request)
    if mentions_remote_access(sparql):
        await ctx.run(lambda: refuse_unlisted(sparql, settings.service_allowlist, update=True, base_iri=base),
                      what="checking the update")
    store = ctx.store
    try:
        await ctx.run(lambda: store.update(sparql, base_iri=base), what="the update", until_done=True)
    finally:
        ctx.wrote()
    return Response(status_code=204)


# --- routes -------------------------------------------------------------------------------------

async def sparql_get(request: Request) -> Response:
    """``?query=`` runs a query; with no query, the Service Description (or a form, to a browser)."""
    ctx = web_context(request)  # called directly, not through Depends: this is the hot path
    params = parse_form(request.url.query)
    if "update" in params:
        raise QueryError("an update cannot be sent by GET: POST it (form field 'update', or application/sparql-update)")
    queries = params.get("query")
    if not queries:
        accept = request.headers.get("accept")
        if prefers_html(accept) and "format" not in params:
            return ctx.render("sparql.html", title="SPARQL endpoint", endpoint=endpoint_url(request), example=EXAMPLE_QUERY,
                              formats=sorted(MEDIA_TYPES), allowlist=ctx.settings.service_allowlist)
        return service_description(request, ctx, _format_param(params) or accept)
    return await answer_query(request, ctx, _one(queries, "query"), params)


async def sparql_post(request: Request) -> Response:
    """A form with ``query`` or ``update``, or a query / update as the body."""
    ctx = web_context(request)
    media, charset = content_type(request)
    if media not in (FORM, QUERY, UPDATE):
        raise UnsupportedMediaType(f"Content-Type {media or '(none)'!r} is not taken here: send "
                                   f"{FORM}, {QUERY} or {UPDATE}")
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"charset {charset} is not taken here: send UTF-8")
    body = utf8(await read_body(request, ctx.settings.max_body_bytes), "the request body")
    params = parse_form(request.url.query)
    if media == QUERY:
        return await answer_query(request, ctx, body, params)
    if media == UPDATE:
        return await answer_update(request, ctx, body, params)
    form = parse_form(body)
    for name, values in form.items():
        params.setdefault(name, []).extend(values)
    if "query" in form and "update" in form:
        raise QueryError("a request carries a query or an update, not both")
    if "query" in form:
        return await answer_query(request, ctx, _one(form["query"], "query"), params)
    if "update" in form:
        return await answer_update(request, ctx, _one(form["update"], "update request"), params)
    raise QueryError("the form has neither a 'query' nor an 'update' field")


# plain Starlette routes: FastAPI's parameter handling would decode the long query string a
# second time on every request; the SPARQL protocol, not OpenAPI, documents this endpoint
router.add_route("/sparql", sparql_get, methods=["GET"], name="sparql_get")
router.add_route("/sparql", sparql_post, methods=["POST"], name="sparql_post")


# --- service description ------------------------------------------------------------------------

EXAMPLE_QUERY = sparql_prefixes() + """
SELECT ?speaker ?act ?content WHERE {
  ?statement a dg:Statement ;
             dg:speaker/rdfs:label ?speaker ;
             dg:speechAct/skos:prefLabel ?act ;
             dg:content ?content .
} LIMIT 20
"""

_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML")


def service_description_turtle(endpoint: str, void_url: str, federated: bool) -> str:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``, in Turtle."""
    features = ["sd:UnionDefaultGraph"] + (["sd:BasicFederatedQuery"] if federated else [])
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in _RESULT_FORMATS)
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ent: <http://www.w3.org/ns/entailment/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query, sd:SPARQL11Update ;
    sd:resultFormat {formats} ;
    sd:feature {", ".join(features)} ;
    sd:defaultEntailmentRegime ent:Simple ;
    dcterms:title "diplograph SPARQL endpoint" ;
    sd:defaultDataset <{void_url}#dataset> .

<{void_url}#dataset> a sd:Dataset, void:Dataset ;
    sd:defaultGraph [ a sd:Graph ] .
"""


def service_description(request: Request, ctx: WebContext, accept: str | None) -> Response:
    """The Service Description in the RDF format the client accepts (Turtle by default)."""
    fmt = choose(accept, GRAPH_TYPES, "turtle")
    if fmt is None:
        raise NotAcceptable("the service description is RDF: accept text/turtle or another RDF format")
    endpoint = endpoint_url(request)
    void_url = str(request.url_for("void"))
    ttl = service_description_turtle(endpoint, void_url, bool(ctx.settings.service_allowlist))
    if fmt == "turtle":
        body = ttl.encode("utf-8")
    else:
        triples = ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        body = bytes(ox.serialize(triples, format=GRAPH_OX[fmt]) or b"")
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Vary": "Accept"})
