"""``/reconcile``: the Reconciliation Service API (versions 0.1 and 0.2, as OpenRefine speaks it).

OpenRefine first GETs the service manifest, then POSTs batches of queries as the form field
``queries`` (JSON ``{"q0": {"query": …, "type": …, "limit": …, "properties": [...]}, …}``), and
answers each with candidates ``{id, name, type, score, match}``. It shows a candidate through
``view`` (our entity page) and ``preview``, completes names and types through ``suggest``, and
adds columns through data extension (``extend``, with the properties ``/reconcile/properties``
proposes). Ids are our entity ids: the Wikidata QID when linked, else a slug of the label.

Candidates come from the same fuzzy entity index as ``/api/v1/entities``. A property
``wikidata`` given with a query settles the match when it agrees with the candidate's QID.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

from diplograph.errors import InputError
from diplograph.namespaces import DG
from diplograph.profiles import ENTITY_TYPES, Entity, EntityIndex, counts_for, is_qid
from diplograph.queries import ENTITY_BASE
from diplograph.web.api import Index
from diplograph.web.context import WebContext, web_context

router = APIRouter(prefix="/reconcile", tags=["Reconciliation"])
Context = Annotated[WebContext, Depends(web_context)]

#: Candidates per query unless the query asks for another number (OpenRefine asks for 3 to 10).
DEFAULT_LIMIT = 5
MAX_QUERIES = 500
_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$.]{0,100}$")

#: Properties a query may match on and a column may be extended with: id → (name, reader).
PROPERTIES: dict[str, tuple[str, Callable[[Entity, dict[str, int]], list[str]]]] = {
    "wikidata": ("Wikidata QID", lambda e, c: [e.wikidata] if e.wikidata else []),
    "type": ("Type", lambda e, c: e.summary()["types"]),
    "label": ("Label", lambda e, c: [e.label]),
    "aliases": ("Names in the articles", lambda e, c: e.aliases),
    "statements_made": ("Statements made", lambda e, c: [str(c["said"])]),
    "statements_about": ("Statements about it", lambda e, c: [str(c["said_about"])]),
    "accusations_made": ("Accusations made", lambda e, c: [str(c["accusations_made"])]),
    "accusations_received": ("Accusations received", lambda e, c: [str(c["accusations_received"])]),
    "articles": ("Articles naming it", lambda e, c: [str(c["articles"])]),
}


class TypeOut(BaseModel):
    """A type (a class of entity)."""

    id: str
    name: str


class Candidate(BaseModel):
    """A candidate entity for a query."""

    id: str
    name: str
    type: list[TypeOut]
    score: float
    match: bool
    description: str = ""


class SuggestItem(BaseModel):
    """One completion."""

    id: str
    name: str
    description: str = ""
    notable: list[TypeOut] = []


class SuggestOut(BaseModel):
    """Completions for a prefix."""

    result: list[SuggestItem]


class PropertiesOut(BaseModel):
    """Properties a column can be extended with."""

    type: str
    properties: list[TypeOut]
    limit: int


def _types(entity: Entity) -> list[dict[str, str]]:
    return [{"id": t, "name": t} for t in entity.summary()["types"]]


def _description(entity: Entity) -> str:
    parts = [", ".join(entity.summary()["types"])]
    if entity.wikidata:
        parts.append(f"Wikidata {entity.wikidata}")
    if entity.aliases:
        parts.append("also: " + ", ".join(entity.aliases[:4]))
    return "; ".join(p for p in parts if p)


def _values(v: Any) -> list[str]:
    """A property value as OpenRefine sends it: a string, a number, {id}, or a list of them."""
    if isinstance(v, list):
        return [x for item in v for x in _values(item)]
    if isinstance(v, dict):
        return [str(v.get("id") or v.get("name") or "")]
    return [] if v is None else [str(v)]


def reconcile_one(index: EntityIndex, query: Any) -> dict[str, Any]:
    """Candidates for one query (a string, or an object with query, type, limit, properties)."""
    if isinstance(query, str):
        query = {"query": query}
    if not isinstance(query, dict):
        raise InputError("each reconciliation query is a string or an object with 'query'")
    text = query.get("query")
    if not isinstance(text, str):
        raise InputError("a reconciliation query needs 'query': the name to match")
    limit = query.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise InputError("'limit' must be a non-negative integer")
    wanted = [t for t in _values(query.get("type")) if t]
    unknown = [t for t in wanted if t not in ENTITY_TYPES]
    if unknown:
        return {"result": []}  # a type we do not have: no candidate can be of it
    properties = query.get("properties") or []
    if not isinstance(properties, list):
        raise InputError("'properties' must be a list of {pid, v}")
    expected_qids = {v for p in properties if isinstance(p, dict) and p.get("pid") == "wikidata"
                     for v in _values(p.get("v")) if is_qid(v)}
    hits = index.search(text, limit=max(limit, 1) * 2, types=wanted) if text.strip() else []
    scored = []
    for entity, score in hits:
        if expected_qids:
            score = 100.0 if entity.wikidata in expected_qids else score * 0.7
        scored.append((entity, score))
    if expected_qids and not any(e.wikidata in expected_qids for e, _ in scored):
        linked = [index.by_wikidata(q) for q in sorted(expected_qids)]
        scored.extend((e, 100.0) for e in linked if e is not None)
    scored.sort(key=lambda h: (-h[1], h[0].label))
    scored = scored[:limit]
    exact = [e for e, s in scored if s >= 100.0]
    return {"result": [
        Candidate(id=e.id, name=e.label, type=[TypeOut(**t) for t in _types(e)], score=round(s, 1),
                  match=len(exact) == 1 and exact[0] is e, description=_description(e)).model_dump()
        for e, s in scored]}


def manifest(request: Request) -> dict[str, Any]:
    """The service manifest, with URLs on the address the client used."""
    base = str(request.base_url).rstrip("/")
    service = base + "/reconcile"
    return {
        "versions": ["0.1", "0.2"],
        "name": "diplograph entities",
        "identifierSpace": ENTITY_BASE,
        "schemaSpace": str(DG),
        "defaultTypes": [{"id": t, "name": t} for t in ("Person", "State", "Organization", "ArmedGroup")],
        "view": {"url": base + "/entity/{{id}}"},
        "preview": {"url": service + "/preview?id={{id}}", "width": 430, "height": 150},
        "suggest": {
            "entity": {"service_url": service, "service_path": "/suggest/entity", "flyout_service_path": "/flyout/entity?id=${id}"},
            "type": {"service_url": service, "service_path": "/suggest/type"},
            "property": {"service_url": service, "service_path": "/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": service, "service_path": "/properties"},
            "property_settings": [],
        },
    }


def _json_or_jsonp(data: Any, callback: str | None) -> Response:
    if callback:
        if not _CALLBACK.match(callback):
            raise InputError("'callback' must be a JavaScript name")
        return Response(f"{callback}({json.dumps(data)});", media_type="application/javascript")
    return JSONResponse(data)


def _parse(raw: str, what: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        if what == "query":
            return raw  # a bare name (reconciliation 0.1 allowed it)
        raise InputError(f"'{what}' must be JSON") from None


async def _extend(ctx: WebContext, index: EntityIndex, raw: str) -> dict[str, Any]:
    spec = _parse(raw, "extend")
    if not isinstance(spec, dict) or not isinstance(spec.get("ids"), list) or not isinstance(spec.get("properties"), list):
        raise InputError("'extend' must be {\"ids\": [...], \"properties\": [{\"id\": ...}]}")
    ids = [str(i) for i in spec["ids"]][:MAX_QUERIES]
    props = [str(p.get("id")) if isinstance(p, dict) else str(p) for p in spec["properties"]]
    entities = {i: index.by_id(i) for i in ids}
    counts = await ctx.run(lambda: counts_for(ctx.store, [e.iri for e in entities.values() if e is not None]))
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for i, entity in entities.items():
        row: dict[str, list[dict[str, str]]] = {}
        for p in props:
            reader = PROPERTIES.get(p)
            row[p] = [] if entity is None or reader is None else [{"str": v} for v in reader[1](entity, counts[entity.iri])]
        rows[i] = row
    return {"meta": [{"id": p, "name": PROPERTIES[p][0] if p in PROPERTIES else p} for p in props], "rows": rows}


async def _answer(request: Request, ctx: WebContext, index: EntityIndex, queries: str | None, query: str | None,
                  extend: str | None, callback: str | None) -> Response:
    if queries is not None:
        batch = _parse(queries, "queries")
        if not isinstance(batch, dict):
            raise InputError("'queries' must be a JSON object of named queries: {\"q0\": {\"query\": …}}")
        if len(batch) > MAX_QUERIES:
            raise InputError(f"at most {MAX_QUERIES} queries in one batch")
        return _json_or_jsonp({str(k): reconcile_one(index, q) for k, q in batch.items()}, callback)
    if query is not None:
        return _json_or_jsonp(reconcile_one(index, _parse(query, "query")), callback)
    if extend is not None:
        return _json_or_jsonp(await _extend(ctx, index, extend), callback)
    return _json_or_jsonp(manifest(request), callback)


_ANSWER_DOC: dict[int | str, dict[str, Any]] = {
    200: {"description": "The manifest (no parameters), the candidates of each query, or an extension",
          "content": {"application/json": {"schema": {"type": "object"}},
                      "application/javascript": {"schema": {"type": "string"}}}},
    400: {"description": "A malformed query"},
}
JsonParam = Annotated[str | None, Query(max_length=1_000_000)]


@router.get("", summary="Manifest, or queries by GET", response_model=None, responses=_ANSWER_DOC)
async def reconcile_get(request: Request, ctx: Context, index: Index, queries: JsonParam = None, query: JsonParam = None,
                        extend: JsonParam = None, callback: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    """The manifest; with ``queries`` (a batch), ``query`` (one) or ``extend``, their answers.
    ``callback`` wraps the answer as JSONP for old clients."""
    return await _answer(request, ctx, index, queries, query, extend, callback)


@router.post("", summary="Queries by POST (as OpenRefine sends them)", response_model=None, responses=_ANSWER_DOC)
async def reconcile_post(request: Request, ctx: Context, index: Index,
                         queries: Annotated[str | None, Form(max_length=1_000_000)] = None,
                         query: Annotated[str | None, Form(max_length=1_000_000)] = None,
                         extend: Annotated[str | None, Form(max_length=1_000_000)] = None) -> Response:
    """A batch of queries in the form field ``queries``, or a data extension in ``extend``."""
    return await _answer(request, ctx, index, queries, query, extend, None)


@router.get("/suggest/entity", summary="Complete an entity name", response_model=SuggestOut)
async def suggest_entity(index: Index, prefix: Annotated[str, Query(max_length=200)] = "",
                         cursor: Annotated[int, Query(ge=0, le=10_000)] = 0,
                         limit: Annotated[int, Query(ge=1, le=100)] = 10) -> JSONResponse:
    """Entities whose names start with ``prefix`` (then those like it), for autocompletion."""
    words = prefix.casefold().strip()
    if not words:
        return JSONResponse({"result": []})
    starts = sorted((e for e in index.entities.values() if any(n.casefold().startswith(words) for n in e.names())),
                    key=lambda e: (e.label.casefold(), e.iri))
    seen = {e.iri for e in starts}
    similar = [e for e, _ in index.search(prefix, limit=cursor + limit) if e.iri not in seen]
    found = (starts + similar)[cursor:cursor + limit]
    result = [SuggestItem(id=e.id, name=e.label, description=_description(e), notable=[TypeOut(**t) for t in _types(e)])
              for e in found]
    return JSONResponse(SuggestOut(result=result).model_dump())


def _suggest_from(table: dict[str, str], prefix: str) -> JSONResponse:
    words = prefix.casefold().strip()
    items = [SuggestItem(id=k, name=v) for k, v in table.items() if not words or words in k.casefold() or words in v.casefold()]
    return JSONResponse(SuggestOut(result=items).model_dump())


@router.get("/suggest/type", summary="Complete a type name", response_model=SuggestOut)
async def suggest_type(prefix: Annotated[str, Query(max_length=200)] = "") -> JSONResponse:
    """The classes of entity whose names hold ``prefix``."""
    return _suggest_from({t: t for t in ENTITY_TYPES}, prefix)


@router.get("/suggest/property", summary="Complete a property name", response_model=SuggestOut)
async def suggest_property(prefix: Annotated[str, Query(max_length=200)] = "") -> JSONResponse:
    """The properties whose id or name holds ``prefix``."""
    return _suggest_from({k: v[0] for k, v in PROPERTIES.items()}, prefix)


@router.get("/properties", summary="Properties to extend a column with", response_model=PropertiesOut)
async def propose_properties(type: Annotated[str, Query(max_length=100)] = "Person",
                             limit: Annotated[int, Query(ge=0, le=100)] = 20) -> JSONResponse:
    """The properties data extension offers (the same for every type)."""
    props = [TypeOut(id=k, name=v[0]) for k, v in PROPERTIES.items()][:limit]
    return JSONResponse(PropertiesOut(type=type, properties=props, limit=limit).model_dump())


def _card(entity: Entity | None, counts: dict[str, int] | None, entity_id: str) -> str:
    if entity is None or counts is None:
        return f"<p>No entity {html.escape(entity_id)}.</p>"
    qid = (f' · <a href="https://www.wikidata.org/wiki/{html.escape(entity.wikidata)}" target="_blank">'
           f"{html.escape(entity.wikidata)}</a>") if entity.wikidata else ""
    aliases = f"<br><small>also: {html.escape(', '.join(entity.aliases))}</small>" if entity.aliases else ""
    return (f'<div style="font:14px sans-serif"><strong>{html.escape(entity.label)}</strong> '
            f'<small>({html.escape(", ".join(entity.summary()["types"]))}{qid})</small>{aliases}'
            f"<p>{counts['said']} statements made, {counts['said_about']} about it, "
            f"{counts['accusations_made']} accusations made, {counts['accusations_received']} received, "
            f"named in {counts['articles']} articles.</p></div>")


async def _entity_card(ctx: WebContext, index: EntityIndex, entity_id: str) -> str:
    entity = index.by_id(entity_id)
    counts = None if entity is None else (await ctx.run(lambda: counts_for(ctx.store, [entity.iri])))[entity.iri]
    return _card(entity, counts, entity_id)


@router.get("/preview", summary="A small HTML card of an entity", response_class=HTMLResponse,
            responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}})
async def preview(ctx: Context, index: Index, id: Annotated[str, Query(max_length=300)]) -> HTMLResponse:
    """What OpenRefine shows when the user hovers over a candidate."""
    card = await _entity_card(ctx, index, id)
    return HTMLResponse(f"<!doctype html><html><head><meta charset=utf-8></head><body>{card}</body></html>")


class FlyoutOut(BaseModel):
    """An HTML card for the suggest widget."""

    id: str
    html: str


@router.get("/flyout/entity", summary="The suggest widget's card of an entity", response_model=FlyoutOut)
async def flyout(ctx: Context, index: Index, id: Annotated[str, Query(max_length=300)]) -> JSONResponse:
    """The card shown beside a suggestion."""
    return JSONResponse(FlyoutOut(id=id, html=await _entity_card(ctx, index, id)).model_dump())
