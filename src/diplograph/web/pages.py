"""HTML pages for people, each with its JSON twin (the ``.json`` suffix, or ``Accept: application/json``).

- ``/`` (``/index.json``): search for an entity by name, and the latest statements;
- ``/entity/{id}``: what the entity said, what was said about it, accusations made and
  received, who it is mentioned with, and a timeline chart (inline SVG, drawn here);
- ``/statement/{id}``: a statement with its sentence highlighted in the article's text;
- ``/query`` (``/query.json``): a SPARQL page with example queries (those of the ontology's
  README) and a results table filled by a small script that calls ``/sparql``.

The pages are jinja2 templates (``templates/page_*.html``) over the same data the REST API
gives; scripts and styles are in ``static/pages/`` and nothing loads from another site.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from diplograph import queries
from diplograph.model import Span
from diplograph.rdf.mapping import sentence_around
from diplograph.resources import ontology_path
from diplograph.web.api import Index, article_data, profile_of, search_entities
from diplograph.web.context import WebContext, web_context
from diplograph.web.errors import NotFound
from diplograph.web.negotiation import choose

router = APIRouter(tags=["Pages"])
Context = Annotated[WebContext, Depends(web_context)]

#: Queries the SPARQL page offers when the ontology's README is not beside the package.
BUILTIN_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Who accused whom of what?", """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?accuser ?accused ?act WHERE {
  ?a a dg:Accusation ; dg:accuser/rdfs:label ?accuser ; dg:accused/rdfs:label ?accused ; dg:allegedAct ?act .
}"""),
    ("Statements per speaker", """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?speaker (COUNT(DISTINCT ?s) AS ?statements) WHERE {
  ?s dg:speaker/rdfs:label ?speaker .
} GROUP BY ?speaker ORDER BY DESC(?statements)"""),
)
_EXAMPLE = re.compile(r"^###\s+(?P<title>.+?)\s*\n+```sparql\n(?P<query>.*?)\n```", re.M | re.S)


@functools.lru_cache(maxsize=1)
def example_queries() -> tuple[tuple[str, str], ...]:
    """(title, query) of each example in ontology/README.md, or a built-in list."""
    readme = ontology_path().parent / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return BUILTIN_EXAMPLES
    found = tuple((m["title"], m["query"]) for m in _EXAMPLE.finditer(text))
    return found or BUILTIN_EXAMPLES


def _wants_json(request: Request, suffix: bool) -> bool:
    if suffix:
        return True
    return choose(request.headers.get("accept"), {"text/html": "html", "application/json": "json"}, "html") == "json"


def _split(ref: str) -> tuple[str, bool]:
    return (ref[:-5], True) if ref.endswith(".json") else (ref, False)


def _page(ctx: WebContext, request: Request, json_twin: bool, template: str, data: dict[str, Any],
          **extra: Any) -> Response:
    if json_twin:
        return JSONResponse(data)
    return ctx.render(template, **data, **extra, json_href=request.url.path.rstrip("/") + ".json"
                      if request.url.path != "/" else "/index.json")


# --- timeline chart -----------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 640, 150


def timeline_bars(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars for the timeline chart: per day over a short span, per month over a longer one."""
    if not timeline:
        return {"bars": [], "width": CHART_WIDTH, "height": CHART_HEIGHT, "unit": "day", "peak": 0}
    first, last = dt.date.fromisoformat(timeline[0]["date"][:10]), dt.date.fromisoformat(timeline[-1]["date"][:10])
    unit = "day" if (last - first).days <= 62 else "month"
    buckets: dict[str, list[int]] = {}
    for day in timeline:
        key = day["date"][:10] if unit == "day" else day["date"][:7]
        said, about = buckets.setdefault(key, [0, 0])
        buckets[key] = [said + day["said"], about + day["said_about"]]
    keys = sorted(buckets)
    peak = max(max(v) for v in buckets.values()) or 1
    slot = (CHART_WIDTH - 40) / len(keys)
    plot = CHART_HEIGHT - 30
    bars = []
    for i, key in enumerate(keys):
        said, about = buckets[key]
        x = 30 + i * slot
        w = max(1.0, slot / 2 - 1)
        bars.append({"key": key, "said": said, "about": about, "x_said": round(x, 1), "x_about": round(x + w, 1),
                     "w": round(w, 1), "h_said": round(plot * said / peak, 1), "h_about": round(plot * about / peak, 1),
                     "base": plot + 5, "label": i in (0, len(keys) - 1) or len(keys) <= 8})
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "unit": unit, "peak": peak}


# --- pages --------------------------------------------------------------------------------

async def home_data(ctx: WebContext, index: Index, q: str | None) -> dict[str, Any]:
    """The search results (when ``q``) and the latest statements."""
    results = await search_entities(ctx, index, q, [], 20) if q and q.strip() else None
    latest = await ctx.run(lambda: queries.find(ctx.store, "statement", queries.selection("statement"), None, 10, index).items)
    return {"query": q or "", "results": None if results is None else results["items"], "latest": latest,
            "entities": len(index)}


@router.get("/", summary="Home: search entities", response_class=Response, include_in_schema=False)
async def home(request: Request, ctx: Context, index: Index,
               q: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    """The home page."""
    return _page(ctx, request, _wants_json(request, False), "page_home.html", await home_data(ctx, index, q),
                 title="Who said what about whom")


@router.get("/index.json", summary="Home as JSON: search results and latest statements", tags=["Pages"])
async def home_json(ctx: Context, index: Index, q: Annotated[str | None, Query(max_length=200)] = None) -> JSONResponse:
    """The home page's data."""
    return JSONResponse(await home_data(ctx, index, q))


@router.get("/entity/{ref}", summary="An entity's page (or its JSON twin with .json)", include_in_schema=False)
async def entity_page(request: Request, ctx: Context, index: Index, ref: str) -> Response:
    """What the entity said, what was said about it, its accusations and a timeline."""
    key, suffix = _split(ref)
    data = await profile_of(ctx, index, key)
    return _page(ctx, request, _wants_json(request, suffix), "page_entity.html", data,
                 title=data["entity"]["label"], chart=timeline_bars(data["timeline"]))


def evidence_parts(text: str, start: int, end: int) -> dict[str, Any]:
    """The article text cut around the statement: before, the sentence (with the content
    marked inside it), after."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    sentence = sentence_around(text, Span(text=text[start:end], start=start, end=end))
    s, e = min(sentence.start, start), max(sentence.end, end)
    return {"before": text[:s], "lead": text[s:start], "content": text[start:end], "trail": text[end:e],
            "after": text[e:], "sentence_start": s, "sentence_end": e}


async def statement_data(ctx: WebContext, index: Index, key: str) -> dict[str, Any]:
    """A statement, its article and the text around its evidence."""
    iri = queries.key_iri(queries.STATEMENT_BASE, key, "statement")
    found = await ctx.run(lambda: queries.records(ctx.store, "statement", [iri], index))
    if not found:
        raise NotFound(f"no statement {key!r}")
    statement = found[0]
    text = None
    if statement["article"] is not None:
        article_iri = statement["article"]["iri"]
        text = await ctx.run(lambda: queries.article_text(ctx.store, article_iri))
    evidence = statement["evidence"][0] if statement["evidence"] else None
    parts = evidence_parts(text, evidence["start"], evidence["end"]) if text and evidence else None
    return {"statement": statement, "article_text": text, "highlight": parts}


@router.get("/statement/{ref}", summary="A statement's page (or its JSON twin with .json)", include_in_schema=False)
async def statement_page(request: Request, ctx: Context, index: Index, ref: str) -> Response:
    """A statement with its evidence sentence highlighted in the article."""
    key, suffix = _split(ref)
    data = await statement_data(ctx, index, key)
    if _wants_json(request, suffix):
        return JSONResponse(data)
    st = data["statement"]
    who = ", ".join(s["label"] for s in st["speakers"]) or "Someone"
    return ctx.render("page_statement.html", **data, title=f"{who}: {st['act'] or 'statement'}",
                      json_href=f"/statement/{key}.json")


@router.get("/article/{ref}", summary="An article's page (or its JSON twin with .json)", include_in_schema=False)
async def article_page(request: Request, ctx: Context, ref: str) -> Response:
    """An article: its text and the statements read from it."""
    key, suffix = _split(ref)
    data = await article_data(ctx, queries.key_iri(queries.ARTICLE_BASE, key, "article"), with_text=True)
    if data is None:
        raise NotFound(f"no article {key!r}")
    return _page(ctx, request, _wants_json(request, suffix), "page_article.html", {"article": data},
                 title=data["title"] or data["file"] or f"Article of {data['published'] or 'unknown date'}")


@router.get("/query", summary="The SPARQL page", include_in_schema=False)
async def query_page(request: Request, ctx: Context) -> Response:
    """Example queries and a results table."""
    data = {"endpoint": "/sparql", "examples": [{"title": t, "query": q} for t, q in example_queries()]}
    return _page(ctx, request, _wants_json(request, False), "page_query.html", data, title="Query the graph")


@router.get("/query.json", summary="The SPARQL page's example queries")
async def query_json() -> JSONResponse:
    """The example queries of the SPARQL page."""
    return JSONResponse({"endpoint": "/sparql", "examples": [{"title": t, "query": q} for t, q in example_queries()]})

