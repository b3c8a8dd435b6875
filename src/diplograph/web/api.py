"""The REST API, ``/api/v1/…``: who said what about whom, without writing SPARQL.

- ``/statements``, ``/accusations``, ``/ceasefires``, ``/casualty-reports``, ``/meetings``:
  filtered lists, newest first, paged by an opaque ``cursor`` (stable while the store does
  not change); JSON by default, CSV for ``Accept: text/csv``. An entity filter takes an id
  (``Q159``, ``sergei-lavrov``), an IRI, a Wikidata QID or a name; a name matches every entity
  one of whose names holds all its words.
- ``/entities?q=``: typo-tolerant search; ``/entities/{id}`` and
  ``/entities/by-wikidata/{qid}``: a profile.
- ``/articles``: list, show, and ``POST`` (bearer token) to ingest an article or an extraction.

Every response has a pydantic model, so the OpenAPI document describes it exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from diplograph import queries
from diplograph.api import ingest_extraction
from diplograph.errors import InputError, ValidationError
from diplograph.model import FORMAT, MODES, SPEECH_ACTS, Extraction, extraction_from_dict
from diplograph.namespaces import ACT, DG, PROV
from diplograph.profiles import Entity, EntityIndex, IndexCache, counts_for, entity_profile, is_qid
from diplograph.queries import ARTICLE_BASE, MAX_LIMIT, STATEMENT_BASE, key_iri
from diplograph.web.context import WebContext, web_context
from diplograph.web.errors import NotFound, PayloadTooLarge
from diplograph.web.negotiation import choose

router = APIRouter(prefix="/api/v1")
Context = Annotated[WebContext, Depends(web_context)]


# --- the entity index, one per application ------------------------------------------------

def index_cache(request: Request) -> IndexCache:
    """The application's entity index cache (made on first use)."""
    cache: IndexCache | None = getattr(request.app.state, "entity_index", None)
    if cache is None:
        cache = IndexCache()
        request.app.state.entity_index = cache
    return cache


async def entity_index(request: Request, ctx: Context) -> EntityIndex:
    """The entity index, current for every write made through this server."""
    cache = index_cache(request)
    return await ctx.run(lambda: cache.get(ctx.store, ctx.generation), what="reading the entity index")

Index = Annotated[EntityIndex, Depends(entity_index)]


# --- response models ----------------------------------------------------------------------

class EntityRef(BaseModel):
    """An entity a record points to."""

    id: str = Field(description="Its key: the Wikidata QID when linked, else a slug of its label")
    iri: str
    label: str
    wikidata: str | None = Field(None, description="Wikidata QID, when verified")


class SpanOut(BaseModel):
    """A stretch of the article text: ``text == article_text[start:end]``."""

    text: str
    start: int
    end: int


class ArticleRef(BaseModel):
    """The article a record was read from."""

    id: str
    iri: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    dateline: str | None = None
    file: str | None = None
    text_length: int | None = None


class AccusationPart(BaseModel):
    """Who accused whom of what, by what means."""

    accusers: list[EntityRef]
    accused: list[EntityRef]
    alleged_act: str | None
    means: str | None
    alleged_act_evidence: SpanOut | None


class StatementOut(BaseModel):
    """A statement: who said it, to whom, about what, how, when, and where in which article."""

    id: str
    iri: str
    types: list[str] = Field(description="Statement, and Accusation when it is one")
    speakers: list[EntityRef]
    addressee: EntityRef | None
    about: list[EntityRef]
    act: str | None = Field(description="The speech act: " + ", ".join(SPEECH_ACTS))
    mode: str | None = Field(description="direct, indirect or mixed")
    content: str
    cue: str | None
    source_mention: str | None
    sentence: str | None
    date: str | None
    article: ArticleRef | None
    evidence: list[SpanOut]
    accusation: AccusationPart | None


class CeasefireOut(BaseModel):
    """A truce or humanitarian pause."""

    id: str
    iri: str
    label: str
    declared_by: list[EntityRef]
    location: EntityRef | None
    duration_days: int | None
    end_date: str | None
    renewal: str | None
    article: ArticleRef | None
    evidence: list[SpanOut]


class CasualtyGroup(BaseModel):
    """Part of a casualty count (``children: 3``)."""

    group: str
    count: int


class CasualtyReportOut(BaseModel):
    """A count of people killed and wounded."""

    id: str
    iri: str
    killed: int | None
    wounded: int | None
    victims: str | None
    including: list[CasualtyGroup]
    place: EntityRef | None
    date: str | None
    since: str | None
    cause: str | None
    reported_by: EntityRef | None
    article: ArticleRef | None
    evidence: list[SpanOut]


class MeetingOut(BaseModel):
    """A meeting of diplomats."""

    id: str
    iri: str
    place: EntityRef | None
    date: str | None
    topic: EntityRef | None
    participants: list[EntityRef]
    outcome: str | None
    article: ArticleRef | None
    evidence: list[SpanOut]


T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    """One page of a list; ask again with ``cursor=next_cursor`` (or follow ``next``) for more."""

    items: list[T]
    limit: int
    next_cursor: str | None = None
    next: str | None = Field(None, description="The URL of the next page")


class EntityCounts(BaseModel):
    """How often an entity appears in each role."""

    said: int
    said_about: int
    addressed: int
    accusations_made: int
    accusations_received: int
    articles: int


class EntitySummary(BaseModel):
    """An entity with its names, Wikidata QID and classes."""

    id: str
    iri: str
    label: str
    aliases: list[str]
    wikidata: str | None
    types: list[str]


class EntityHit(EntitySummary):
    """A search result: the entity, how well it matched (0-100) and its counts."""

    score: float
    counts: EntityCounts


class EntitySearchOut(BaseModel):
    """Entities like the query, best first."""

    query: str
    items: list[EntityHit]


class CoMention(BaseModel):
    """An entity named in the same articles, and in how many."""

    entity: EntitySummary
    articles: int


class TimelineDay(BaseModel):
    """Statements by and about the entity on one day."""

    date: str
    said: int
    said_about: int


class EntityProfileOut(BaseModel):
    """Everything known about an entity: what it said, what was said about it, accusations made
    and received (the latest of each; the ``links`` list them all), co-mentions and a timeline."""

    entity: EntitySummary
    counts: EntityCounts
    said: list[StatementOut]
    said_about: list[StatementOut]
    accusations_made: list[StatementOut]
    accusations_received: list[StatementOut]
    co_mentioned: list[CoMention]
    timeline: list[TimelineDay]
    links: dict[str, str]


class ArticleCounts(BaseModel):
    """What an article holds."""

    statement: int
    accusation: int
    ceasefire: int
    casualty_report: int = Field(alias="casualty-report")
    meeting: int


class ArticleOut(ArticleRef):
    """An article, what was extracted from it, and (``text=true``) its text."""

    extracted: ArticleCounts
    statements: list[StatementOut]
    text: str | None = None


class IngestOut(BaseModel):
    """The outcome of ``POST /api/v1/articles``."""

    outcome: Literal["ingested", "unchanged"]
    article: ArticleOut


class ErrorOut(BaseModel):
    """An error: its kind, HTTP status and a message for people."""

    error: str
    status: int
    message: str


class RejectedOut(ErrorOut):
    """An article whose graph does not conform to the shapes: nothing was stored."""

    report: str = ""
    violations: list[dict[str, str]] = []


class ArticleIn(BaseModel):
    """An article to extract from."""

    text: str
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A value that cannot be used (an IRI with spaces, a bad cursor)"},
    503: {"model": ErrorOut, "description": "The store is busy or the lookup ran past the time limit"},
}
CSV_DOC = {"text/csv": {"schema": {"type": "string"}}}


# --- helpers ------------------------------------------------------------------------------

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Records per page")]
Cursor = Annotated[str | None, Query(max_length=4000, description="The next_cursor of the previous page")]
EntityParam = Annotated[str | None, Query(max_length=500, description="An entity: id, IRI, Wikidata QID or name")]
DateParam = Annotated[dt.date | None, Query()]
Text = Annotated[str | None, Query(max_length=500, description="Words to look for, case-insensitively")]
ArticleParam = Annotated[str | None, Query(max_length=2000, description="An article: id or IRI")]


def _entity_links(index: EntityIndex, filters: Sequence[tuple[str, str | None]]) -> list[tuple[str, list[str]]]:
    return [(predicate, index.resolve(value)) for predicate, value in filters if value is not None]


def _article_iri(value: str | None) -> list[tuple[str, str]]:
    if value is None:
        return []
    value = value.strip()
    if value.startswith(("http://", "https://")):
        queries.sparql_iri(value)
        return [(str(PROV.wasDerivedFrom), value)]
    return [(str(PROV.wasDerivedFrom), key_iri(ARTICLE_BASE, value, "article"))]


def _wants_csv(request: Request) -> bool:
    return choose(request.headers.get("accept"), {"application/json": "json", "text/csv": "csv"}, "json") == "csv"


def _next_url(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return f"{request.url.path}?{request.url.include_query_params(cursor=cursor).query}"


def _name_list(entities: list[dict[str, Any]] | None) -> str:
    return "; ".join(e["label"] for e in entities or [])


def _qid_list(entities: list[dict[str, Any]] | None) -> str:
    return "; ".join(e["wikidata"] or "" for e in entities or [])


def _one_name(entity: dict[str, Any] | None) -> str:
    return "" if entity is None else str(entity["label"])


def _article_cols(item: dict[str, Any]) -> dict[str, Any]:
    art = item.get("article") or {}
    return {"article": art.get("iri", ""), "article_title": art.get("title") or "", "article_source": art.get("source") or "",
            "article_url": art.get("url") or "", "article_published": art.get("published") or ""}


def _evidence_cols(item: dict[str, Any]) -> dict[str, Any]:
    spans = item.get("evidence") or []
    return {"evidence_start": spans[0]["start"] if spans else "", "evidence_end": spans[0]["end"] if spans else ""}


def _statement_row(s: dict[str, Any]) -> dict[str, Any]:
    acc = s.get("accusation") or {}
    return {"id": s["id"], "iri": s["iri"], "date": s["date"] or "", "speakers": _name_list(s["speakers"]),
            "speaker_wikidata": _qid_list(s["speakers"]), "addressee": _one_name(s["addressee"]),
            "about": _name_list(s["about"]), "act": s["act"] or "", "mode": s["mode"] or "", "content": s["content"],
            "cue": s["cue"] or "", "sentence": s["sentence"] or "", "accused": _name_list(acc.get("accused")),
            "alleged_act": acc.get("alleged_act") or "", "means": acc.get("means") or "",
            **_article_cols(s), **_evidence_cols(s)}


def _ceasefire_row(c: dict[str, Any]) -> dict[str, Any]:
    return {"id": c["id"], "iri": c["iri"], "label": c["label"], "declared_by": _name_list(c["declared_by"]),
            "location": _one_name(c["location"]), "duration_days": c["duration_days"] or "",
            "end_date": c["end_date"] or "", "renewal": c["renewal"] or "", **_article_cols(c), **_evidence_cols(c)}


def _casualty_row(c: dict[str, Any]) -> dict[str, Any]:
    return {"id": c["id"], "iri": c["iri"], "date": c["date"] or "", "since": c["since"] or "",
            "killed": "" if c["killed"] is None else c["killed"], "wounded": "" if c["wounded"] is None else c["wounded"],
            "victims": c["victims"] or "", "including": "; ".join(f"{g['group']}: {g['count']}" for g in c["including"]),
            "place": _one_name(c["place"]), "cause": c["cause"] or "", "reported_by": _one_name(c["reported_by"]),
            **_article_cols(c), **_evidence_cols(c)}


def _meeting_row(m: dict[str, Any]) -> dict[str, Any]:
    return {"id": m["id"], "iri": m["iri"], "date": m["date"] or "", "place": _one_name(m["place"]),
            "topic": _one_name(m["topic"]), "participants": _name_list(m["participants"]), "outcome": m["outcome"] or "",
            **_article_cols(m), **_evidence_cols(m)}


def _article_row(a: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if a.get(k) is None else a.get(k)) for k in
            ("id", "iri", "published", "title", "source", "url", "dateline", "file", "text_length")}


CSV_ROWS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "statement": _statement_row, "accusation": _statement_row, "ceasefire": _ceasefire_row,
    "casualty-report": _casualty_row, "meeting": _meeting_row, "article": _article_row,
}


def csv_body(kind: str, items: list[dict[str, Any]]) -> str:
    """A page of records as CSV, one row each, lists joined by '; '."""
    rows = [CSV_ROWS[kind](item) for item in items]
    out = io.StringIO()
    columns = list(rows[0]) if rows else list(CSV_ROWS[kind](_BLANK[kind]))
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


_BLANK_ENTITY: list[dict[str, Any]] = []
_BLANK: dict[str, dict[str, Any]] = {
    "statement": {"id": "", "iri": "", "date": None, "speakers": [], "addressee": None, "about": [], "act": None,
                  "mode": None, "content": "", "cue": None, "sentence": None, "accusation": None},
    "ceasefire": {"id": "", "iri": "", "label": "", "declared_by": [], "location": None, "duration_days": None,
                  "end_date": None, "renewal": None},
    "casualty-report": {"id": "", "iri": "", "date": None, "since": None, "killed": None, "wounded": None,
                        "victims": None, "including": [], "place": None, "cause": None, "reported_by": None},
    "meeting": {"id": "", "iri": "", "date": None, "place": None, "topic": None, "participants": [], "outcome": None},
    "article": {},
}
_BLANK["accusation"] = _BLANK["statement"]

MODELS: dict[str, type[BaseModel]] = {
    "statement": PageOut[StatementOut], "accusation": PageOut[StatementOut], "ceasefire": PageOut[CeasefireOut],
    "casualty-report": PageOut[CasualtyReportOut], "meeting": PageOut[MeetingOut], "article": PageOut[ArticleRef],
}


async def _listing(request: Request, ctx: WebContext, kind: str, sel_of: Callable[[], queries.Selection],
                   cursor: str | None, limit: int, index: EntityIndex | None = None) -> Response:
    sel = sel_of()
    page = await ctx.run(lambda: queries.find(ctx.store, kind, sel, cursor, limit, index), what=f"the {kind} lookup")
    if _wants_csv(request):
        return Response(csv_body(kind, page.items), media_type="text/csv; charset=utf-8",
                        headers={"Link": f'<{_next_url(request, page.next_cursor)}>; rel="next"'} if page.next_cursor else None)
    body = MODELS[kind].model_validate({"items": page.items, "limit": limit, "next_cursor": page.next_cursor,
                                        "next": _next_url(request, page.next_cursor)})
    return JSONResponse(body.model_dump(mode="json", by_alias=True))


# --- lists --------------------------------------------------------------------------------

@router.get("/statements", tags=["Statements"], summary="Statements, filtered", response_model=PageOut[StatementOut],
            responses={200: {"content": CSV_DOC}, **ERRORS})
async def list_statements(
    request: Request, ctx: Context, index: Index,
    speaker: EntityParam = None, addressee: EntityParam = None, about: EntityParam = None, accused: EntityParam = None,
    act: Annotated[Literal[SPEECH_ACTS] | None, Query(description="A speech act")] = None,  # type: ignore[valid-type]
    mode: Annotated[Literal[MODES] | None, Query()] = None,  # type: ignore[valid-type]
    date_from: Annotated[dt.date | None, Query(alias="from", description="On or after this date")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="On or before this date")] = None,
    q: Text = None, article: ArticleParam = None, cursor: Cursor = None, limit: Limit = 50,
) -> Response:
    """Statements by any mix of speaker, addressee, what they are about, who they accuse, speech
    act, mode, date range, words of their content or sentence, and article; newest first."""
    def sel() -> queries.Selection:
        fixed = _article_iri(article)
        if act:
            fixed.append((str(DG.speechAct), str(ACT[act])))
        if mode:
            fixed.append((str(DG.mode), queries.MODES[mode]))
        links = _entity_links(index, [(str(DG.speaker), speaker), (str(DG.addressee), addressee),
                                      (str(DG.about), about), (str(DG.accused), accused)])
        return queries.selection("statement", links=links, fixed=fixed, date_from=date_from, date_to=date_to, text=q)
    return await _listing(request, ctx, "statement", sel, cursor, limit, index)


@router.get("/statements/{statement_id}", tags=["Statements"], summary="One statement", response_model=StatementOut,
            responses={404: {"model": ErrorOut}, **ERRORS})
async def get_statement(ctx: Context, index: Index, statement_id: Annotated[str, Path(max_length=300)]) -> JSONResponse:
    """A statement by its id (the last segment of its IRI)."""
    iri = key_iri(STATEMENT_BASE, statement_id, "statement")
    items = await ctx.run(lambda: queries.records(ctx.store, "statement", [iri], index))
    if not items:
        raise NotFound(f"no statement {statement_id!r}")
    return JSONResponse(StatementOut.model_validate(items[0]).model_dump(mode="json"))


@router.get("/accusations", tags=["Events"], summary="Accusations, filtered", response_model=PageOut[StatementOut],
            responses={200: {"content": CSV_DOC}, **ERRORS})
async def list_accusations(
    request: Request, ctx: Context, index: Index,
    accuser: EntityParam = None, accused: EntityParam = None, about: EntityParam = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    q: Text = None, article: ArticleParam = None, cursor: Cursor = None, limit: Limit = 50,
) -> Response:
    """Accusations by accuser, accused, topic, date range, words of the alleged act, and article."""
    def sel() -> queries.Selection:
        links = _entity_links(index, [(str(DG.accuser), accuser), (str(DG.accused), accused), (str(DG.about), about)])
        return queries.selection("accusation", links=links, fixed=_article_iri(article), date_from=date_from,
                                 date_to=date_to, text=q)
    return await _listing(request, ctx, "accusation", sel, cursor, limit, index)


@router.get("/ceasefires", tags=["Events"], summary="Ceasefires, filtered", response_model=PageOut[CeasefireOut],
            responses={200: {"content": CSV_DOC}, **ERRORS})
async def list_ceasefires(
    request: Request, ctx: Context, index: Index,
    declared_by: EntityParam = None, location: EntityParam = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="Reported on or after")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="Reported on or before")] = None,
    q: Text = None, article: ArticleParam = None, cursor: Cursor = None, limit: Limit = 50,
) -> Response:
    """Ceasefires by who declared them, where, when reported, words of their name, and article."""
    def sel() -> queries.Selection:
        links = _entity_links(index, [(str(DG.declaredBy), declared_by), (str(DG.location), location)])
        return queries.selection("ceasefire", links=links, fixed=_article_iri(article), date_from=date_from,
                                 date_to=date_to, text=q)
    return await _listing(request, ctx, "ceasefire", sel, cursor, limit, index)


@router.get("/casualty-reports", tags=["Events"], summary="Casualty reports, filtered",
            response_model=PageOut[CasualtyReportOut], responses={200: {"content": CSV_DOC}, **ERRORS})
async def list_casualty_reports(
    request: Request, ctx: Context, index: Index,
    place: EntityParam = None, reported_by: EntityParam = None,
    min_killed: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    q: Text = None, article: ArticleParam = None, cursor: Cursor = None, limit: Limit = 50,
) -> Response:
    """Casualty reports by place, source, a least number killed, date range, words of the victims
    or cause, and article."""
    def sel() -> queries.Selection:
        links = _entity_links(index, [(str(DG.place), place), (str(DG.reportedBy), reported_by)])
        minimum = [(str(DG.killed), min_killed)] if min_killed is not None else []
        return queries.selection("casualty-report", links=links, fixed=_article_iri(article), date_from=date_from,
                                 date_to=date_to, text=q, minimum=minimum)
    return await _listing(request, ctx, "casualty-report", sel, cursor, limit, index)


@router.get("/meetings", tags=["Events"], summary="Meetings, filtered", response_model=PageOut[MeetingOut],
            responses={200: {"content": CSV_DOC}, **ERRORS})
async def list_meetings(
    request: Request, ctx: Context, index: Index,
    place: EntityParam = None, participant: EntityParam = None, topic: EntityParam = None,
    date_from: Annotated[dt.date | None, Query(alias="from")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to")] = None,
    q: Text = None, article: ArticleParam = None, cursor: Cursor = None, limit: Limit = 50,
) -> Response:
    """Meetings by place, participant, topic, date range, words of the outcome, and article."""
    def sel() -> queries.Selection:
        links = _entity_links(index, [(str(DG.place), place), (str(DG.participant), participant), (str(DG.topic), topic)])
        return queries.selection("meeting", links=links, fixed=_article_iri(article), date_from=date_from,
                                 date_to=date_to, text=q)
    return await _listing(request, ctx, "meeting", sel, cursor, limit, index)


# --- entities -----------------------------------------------------------------------------

#: The classes an entity search may be limited to (the keys of ``profiles.ENTITY_TYPES``).
EntityType = Literal["Person", "State", "Organization", "GovernmentBody", "ArmedGroup", "NewsAgency", "Place",
                     "Topic", "Agent"]


async def search_entities(ctx: WebContext, index: EntityIndex, q: str, types: Sequence[str], limit: int) -> dict[str, Any]:
    """Search results with their counts (shared by the API and the home page)."""
    hits = index.search(q, limit=limit, types=types)
    counts = await ctx.run(lambda: counts_for(ctx.store, [e.iri for e, _ in hits]))
    return {"query": q, "items": [{**e.summary(), "score": round(score, 1), "counts": counts[e.iri]} for e, score in hits]}


@router.get("/entities", tags=["Entities"], summary="Search entities by name", response_model=EntitySearchOut,
            responses=ERRORS)
async def list_entities(
    ctx: Context, index: Index,
    q: Annotated[str, Query(min_length=1, max_length=200, description="A name, alias or QID; typos are forgiven")],
    type: Annotated[list[EntityType] | None, Query(description="Only entities of these classes")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> JSONResponse:
    """Entities whose label or a name the articles use is like ``q``, best first."""
    body = EntitySearchOut.model_validate(await search_entities(ctx, index, q, type or [], limit))
    return JSONResponse(body.model_dump(mode="json"))


async def profile_of(ctx: WebContext, index: EntityIndex, entity_id: str) -> dict[str, Any]:
    """The profile of the entity with this id, or NotFound (shared by the API and the pages)."""
    entity = index.by_id(entity_id)
    if entity is None:
        raise NotFound(f"no entity {entity_id!r}: search for it with /api/v1/entities?q=")
    return await profile_data(ctx, index, entity)


async def profile_data(ctx: WebContext, index: EntityIndex, entity: Entity) -> dict[str, Any]:
    """The profile of ``entity``, with links to the full lists."""
    data = await ctx.run(lambda: entity_profile(ctx.store, index, entity), what="the entity profile")
    ref = entity.id
    data["links"] = {"said": f"/api/v1/statements?speaker={ref}", "said_about": f"/api/v1/statements?about={ref}",
                     "accusations_made": f"/api/v1/accusations?accuser={ref}",
                     "accusations_received": f"/api/v1/accusations?accused={ref}",
                     "page": f"/entity/{ref}", "data": f"/id/entity/{ref}"}
    return data


@router.get("/entities/by-wikidata/{qid}", tags=["Entities"], summary="An entity by its Wikidata QID",
            response_model=EntityProfileOut, responses={404: {"model": ErrorOut}, **ERRORS})
async def entity_by_wikidata(ctx: Context, index: Index, qid: Annotated[str, Path(max_length=20)]) -> JSONResponse:
    """The profile of the entity linked to this Wikidata item."""
    if not is_qid(qid):
        raise InputError(f"not a Wikidata QID: {qid!r} (Q followed by digits)")
    entity = index.by_wikidata(qid)
    if entity is None:
        raise NotFound(f"no entity is linked to Wikidata {qid}")
    return JSONResponse(EntityProfileOut.model_validate(await profile_data(ctx, index, entity)).model_dump(mode="json"))


@router.get("/entities/{entity_id}", tags=["Entities"], summary="An entity's profile", response_model=EntityProfileOut,
            responses={404: {"model": ErrorOut}, **ERRORS})
async def get_entity(ctx: Context, index: Index, entity_id: Annotated[str, Path(max_length=300)]) -> JSONResponse:
    """What the entity said, what was said about it, accusations made and received, who it is
    mentioned with, and a timeline by date."""
    return JSONResponse(EntityProfileOut.model_validate(await profile_of(ctx, index, entity_id)).model_dump(mode="json"))


# --- articles -----------------------------------------------------------------------------

@router.get("/articles", tags=["Articles"], summary="Articles, newest first", response_model=PageOut[ArticleRef],
            responses={200: {"content": CSV_DOC}, **ERRORS})
async def list_articles(
    request: Request, ctx: Context,
    date_from: Annotated[dt.date | None, Query(alias="from", description="Published on or after")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="Published on or before")] = None,
    q: Text = None, cursor: Cursor = None, limit: Limit = 50,
) -> Response:
    """The articles ingested, by publication date, with words of their title or source."""
    return await _listing(request, ctx, "article",
                          lambda: queries.selection("article", date_from=date_from, date_to=date_to, text=q), cursor, limit)


async def article_data(ctx: WebContext, iri: str, *, with_text: bool) -> dict[str, Any] | None:
    """An article with what was extracted from it (None when the store does not hold it)."""
    def read() -> dict[str, Any] | None:
        found = queries.records(ctx.store, "article", [iri])
        if not found:
            return None
        data = found[0]
        data["extracted"] = queries.article_contents(ctx.store, iri)
        data["statements"] = queries.records(ctx.store, "statement", queries.subjects_of(ctx.store, iri, "statement"))
        data["text"] = queries.article_text(ctx.store, iri) if with_text else None
        return data
    return await ctx.run(read, what="reading the article")


@router.get("/articles/{article_id}", tags=["Articles"], summary="One article and what was extracted from it",
            response_model=ArticleOut, responses={404: {"model": ErrorOut}, **ERRORS})
async def get_article(ctx: Context, article_id: Annotated[str, Path(max_length=300)],
                      text: Annotated[bool, Query(description="Include the article text")] = False) -> JSONResponse:
    """An article: its metadata, counts of what it holds, its statements and, asked, its text."""
    data = await article_data(ctx, key_iri(ARTICLE_BASE, article_id, "article"), with_text=text)
    if data is None:
        raise NotFound(f"no article {article_id!r}")
    return JSONResponse(ArticleOut.model_validate(data).model_dump(mode="json", by_alias=True))


def _extraction_of(body: Any) -> Extraction | ArticleIn:
    """What a POST body holds: an extraction (``diplograph-gold/1``) or an article to extract from."""
    if not isinstance(body, dict):
        raise InputError("the body must be a JSON object: an article {text, published, url, source, title} "
                         f"or an extraction in the {FORMAT} format")
    if body.get("format") == FORMAT or "statements" in body:
        return extraction_from_dict(body)
    try:
        return ArticleIn.model_validate(body)
    except ValueError as exc:
        raise InputError(f"not an article: {str(exc).splitlines()[0]} — send text, and optionally published "
                         f"(YYYY-MM-DD), url, source, title; or an extraction in the {FORMAT} format") from None


def _extract(article: ArticleIn) -> Extraction:
    try:
        from diplograph.extract import article_from_text, extract
    except ImportError:
        raise InputError("text extraction is not available in this build: send an extraction instead") from None
    if not article.text.strip():
        raise InputError("the article text is empty")
    return extract(article_from_text(article.text, published=article.published.isoformat() if article.published else None,
                                     url=article.url, source=article.source, title=article.title))


_ARTICLE_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {"oneOf": [
        {"$ref": "#/components/schemas/ArticleIn"},
        {"type": "object", "title": "Extraction", "required": ["format"],
         "description": f"An extraction in the {FORMAT} format (see the project's FORMAT documentation)",
         "properties": {"format": {"type": "string", "enum": [FORMAT]}, "text": {"type": "string"},
                        "article": {"type": "object"}, "statements": {"type": "array", "items": {"type": "object"}}}},
    ]}}},
}


@router.post("/articles", tags=["Articles"], summary="Ingest an article (bearer token)", status_code=201,
             response_model=IngestOut, openapi_extra={"requestBody": _ARTICLE_BODY},
             responses={200: {"model": IngestOut, "description": "Already stored as it is"},
                        401: {"model": ErrorOut, "description": "Missing or wrong token"},
                        403: {"model": ErrorOut, "description": "Writes are switched off: no token configured"},
                        413: {"model": ErrorOut}, 422: {"model": RejectedOut, "description": "Not stored: the SHACL report says why"},
                        **ERRORS})
async def post_article(request: Request, ctx: Context,
                       authorization: Annotated[str | None, Header(include_in_schema=False)] = None) -> JSONResponse:
    """Ingest an article — JSON ``{text, published, url, source, title}``, extracted here — or an
    extraction. 201 with what was stored; 422 with the SHACL report, and nothing stored."""
    ctx.check_token(authorization)
    raw = await request.body()
    if len(raw) > ctx.settings.max_body_bytes:
        raise PayloadTooLarge(f"the body is over {ctx.settings.max_body_bytes:,} bytes")
    try:
        parsed = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"the body is not JSON: {exc}") from None
    given = _extraction_of(parsed)
    ex = given if isinstance(given, Extraction) else await ctx.run(lambda: _extract(given), until_done=True)
    try:
        outcome = await ctx.run(lambda: ingest_extraction(ctx.store, ex), until_done=True)
    except ValidationError as exc:
        rejected = RejectedOut(error="ValidationError", status=422, message=exc.message, report=exc.report,
                               violations=exc.violations)
        return JSONResponse(rejected.model_dump(mode="json"), status_code=422)
    if outcome == "ingested":
        ctx.wrote()
    from diplograph.rdf.mapping import article_iri
    iri = str(article_iri(ex))
    data = await article_data(ctx, iri, with_text=False)
    if data is None:  # another writer removed it in between
        raise NotFound("the article was stored and then removed before it could be shown")
    body = IngestOut.model_validate({"outcome": outcome, "article": data})
    return JSONResponse(body.model_dump(mode="json", by_alias=True), status_code=201 if outcome == "ingested" else 200,
                        headers={"Location": f"/api/v1/articles/{data['id']}"})

