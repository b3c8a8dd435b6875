"""The extraction model: what diplograph reads out of one article.

The dataclasses mirror the JSON shape ``diplograph-gold/1`` (see the project README), so the
hand annotations used for evaluation load as they are and the extractor's output can be
scored against them. ``load_extraction`` / ``dump_extraction`` convert both ways; a value of
the wrong shape raises :class:`~diplograph.errors.InputError` naming the field.

Example::

    >>> ex = load_extraction_json('{"format": "diplograph-gold/1", "article": {"published": "2016-10-24"}}')
    >>> ex.article.published
    '2016-10-24'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from diplograph.errors import InputError

FORMAT = "diplograph-gold/1"

MODES = ("direct", "indirect", "mixed")

#: The speech acts of the ontology's SKOS scheme (see ontology/diplograph.ttl).
SPEECH_ACTS = (
    "assertion", "rejection", "demand", "criticism", "praise", "concern", "accusation",
    "report", "denial", "proposal", "agreement", "threat", "warning", "appeal", "announcement",
)

#: Entity kinds as written in the JSON, each mapped to an ontology class in rdf/mapping.py.
ENTITY_KINDS = (
    "Person", "Organization", "Country", "State", "GovernmentBody", "ArmedGroup", "NewsAgency",
    "Place", "Topic",
)


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: ``text == article_text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class AgentRef:
    """An agent as a statement names it: its resolved label and, when verified, its QID."""

    label: str
    wikidata: str | None = None


@dataclass
class Entity:
    """Something the article names: a person, organization, state, armed group, place …"""

    label: str
    kind: str
    wikidata: str | None = None
    mentions: list[str] = field(default_factory=list)


@dataclass
class Statement:
    """Something an agent said: who, to whom, about what, how (mode, act), when, and where in the text."""

    speakers: list[AgentRef]
    content: Span
    mode: str
    act: str
    source: Span | None = None
    cue: Span | None = None
    addressee: str | None = None
    about: list[str] = field(default_factory=list)
    date: str | None = None
    optional: bool = False


@dataclass
class Accusation:
    """An agent accusing others of an act, optionally by some means."""

    accuser: list[AgentRef]
    accused: list[str]
    act: Span
    means: Span | None = None
    date: str | None = None
    optional: bool = False


@dataclass
class Ceasefire:
    """A truce or humanitarian pause the article reports."""

    label: str
    declared_by: list[str] = field(default_factory=list)
    location: str | None = None
    duration_days: int | None = None
    ended: str | None = None
    renewal: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class CasualtyReport:
    """A count of people killed (and wounded), with its breakdown, place, time, cause and source."""

    killed: int | None = None
    wounded: int | None = None
    who: str | None = None
    including: dict[str, int] = field(default_factory=dict)
    place: str | None = None
    date: str | None = None
    since: str | None = None
    cause: str | None = None
    reported_by: str | None = None
    evidence: Span | None = None


@dataclass
class Meeting:
    """A meeting the article reports: where, when, on what, with whom, and how it ended."""

    place: str | None = None
    date: str | None = None
    topic: str | None = None
    outcome: Span | None = None
    participants: list[str] = field(default_factory=list)


@dataclass
class ArticleMeta:
    """The article an extraction is about."""

    published: str | None = None
    dateline: str | None = None
    file: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None


@dataclass
class Extraction:
    """Everything read out of one article; ``text`` is the article text when it is known."""

    article: ArticleMeta
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    accusations: list[Accusation] = field(default_factory=list)
    ceasefires: list[Ceasefire] = field(default_factory=list)
    casualty_reports: list[CasualtyReport] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    text: str | None = None

    def entity(self, label: str) -> Entity | None:
        """The entity with this label, or None."""
        return next((e for e in self.entities if e.label == label), None)


# --- loading -------------------------------------------------------------------------------

T = TypeVar("T")


def _req(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj or obj[key] is None:
        raise InputError(f"{where}: missing '{key}'")
    return obj[key]


def _typed(value: Any, kind: type[T] | tuple[type, ...], where: str) -> Any:
    if isinstance(value, bool) and kind is int:
        raise InputError(f"{where}: expected a number, got {value!r}")
    if not isinstance(value, kind):
        name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InputError(f"{where}: expected {name}, got {type(value).__name__}")
    return value


def _opt_str(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    return None if value is None else str(_typed(value, str, f"{where}.{key}"))


def _opt_int(obj: Mapping[str, Any], key: str, where: str) -> int | None:
    value = obj.get(key)
    return None if value is None else int(_typed(value, int, f"{where}.{key}"))


def _list(obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key)
    return [] if value is None else list(_typed(value, list, f"{where}.{key}"))


def _items(obj: Mapping[str, Any], key: str, where: str, read: Callable[[Any, str], T]) -> list[T]:
    return [read(_typed(item, dict, f"{where}.{key}[{i}]"), f"{where}.{key}[{i}]")
            for i, item in enumerate(_list(obj, key, where))]


def _span(obj: Any, where: str) -> Span:
    _typed(obj, dict, where)
    text = _typed(_req(obj, "text", where), str, f"{where}.text")
    start = _typed(_req(obj, "start", where), int, f"{where}.start")
    end = _typed(_req(obj, "end", where), int, f"{where}.end")
    return Span(text=text, start=start, end=end)


def _opt_span(obj: Mapping[str, Any], key: str, where: str) -> Span | None:
    value = obj.get(key)
    return None if value is None else _span(value, f"{where}.{key}")


def _agent(obj: Any, where: str) -> AgentRef:
    if isinstance(obj, str):
        return AgentRef(label=obj)
    _typed(obj, dict, where)
    return AgentRef(label=_typed(_req(obj, "label", where), str, f"{where}.label"),
                    wikidata=_opt_str(obj, "wikidata", where))


def _labels(obj: Mapping[str, Any], key: str, where: str) -> list[str]:
    return [_typed(v, str, f"{where}.{key}[{i}]") for i, v in enumerate(_list(obj, key, where))]


def _entity(obj: Mapping[str, Any], where: str) -> Entity:
    return Entity(label=_typed(_req(obj, "label", where), str, f"{where}.label"),
                  kind=_typed(obj.get("kind") or "Topic", str, f"{where}.kind"),
                  wikidata=_opt_str(obj, "wikidata", where),
                  mentions=_labels(obj, "mentions", where))


def _statement(obj: Mapping[str, Any], where: str) -> Statement:
    return Statement(
        speakers=[_agent(a, f"{where}.speakers[{i}]") for i, a in enumerate(_list(obj, "speakers", where))],
        content=_span(_req(obj, "content", where), f"{where}.content"),
        mode=_typed(_req(obj, "mode", where), str, f"{where}.mode"),
        act=_typed(_req(obj, "act", where), str, f"{where}.act"),
        source=_opt_span(obj, "source", where),
        cue=_opt_span(obj, "cue", where),
        addressee=_opt_str(obj, "addressee", where),
        about=_labels(obj, "about", where),
        date=_opt_str(obj, "date", where),
        optional=bool(obj.get("optional", False)),
    )


def _accusation(obj: Mapping[str, Any], where: str) -> Accusation:
    return Accusation(
        accuser=[_agent(a, f"{where}.accuser[{i}]") for i, a in enumerate(_list(obj, "accuser", where))],
        accused=_labels(obj, "accused", where),
        act=_span(_req(obj, "act", where), f"{where}.act"),
        means=_opt_span(obj, "means", where),
        date=_opt_str(obj, "date", where),
        optional=bool(obj.get("optional", False)),
    )


def _ceasefire(obj: Mapping[str, Any], where: str) -> Ceasefire:
    return Ceasefire(
        label=_typed(obj.get("label") or "ceasefire", str, f"{where}.label"),
        declared_by=_labels(obj, "declared_by", where),
        location=_opt_str(obj, "location", where),
        duration_days=_opt_int(obj, "duration_days", where),
        ended=_opt_str(obj, "ended", where),
        renewal=_opt_str(obj, "renewal", where),
        mentions=[_span(s, f"{where}.mentions[{i}]") for i, s in enumerate(_list(obj, "mentions", where))],
    )


def _casualty_report(obj: Mapping[str, Any], where: str) -> CasualtyReport:
    including = obj.get("including") or {}
    _typed(including, dict, f"{where}.including")
    return CasualtyReport(
        killed=_opt_int(obj, "killed", where),
        wounded=_opt_int(obj, "wounded", where),
        who=_opt_str(obj, "who", where),
        including={str(k): int(_typed(v, int, f"{where}.including.{k}")) for k, v in including.items()},
        place=_opt_str(obj, "place", where),
        date=_opt_str(obj, "date", where),
        since=_opt_str(obj, "since", where),
        cause=_opt_str(obj, "cause", where),
        reported_by=_opt_str(obj, "reported_by", where),
        evidence=_opt_span(obj, "evidence", where),
    )


def _meeting(obj: Mapping[str, Any], where: str) -> Meeting:
    return Meeting(
        place=_opt_str(obj, "place", where),
        date=_opt_str(obj, "date", where),
        topic=_opt_str(obj, "topic", where),
        outcome=_opt_span(obj, "outcome", where),
        participants=_labels(obj, "participants", where),
    )


def extraction_from_dict(obj: Any, *, text: str | None = None) -> Extraction:
    """Build an :class:`Extraction` from the parsed JSON shape; raises InputError on a bad shape."""
    _typed(obj, dict, "extraction")
    fmt = obj.get("format", FORMAT)
    if fmt != FORMAT:
        raise InputError(f"extraction: unknown format {fmt!r} (expected {FORMAT!r})")
    art = obj.get("article") or {}
    _typed(art, dict, "article")
    article = ArticleMeta(
        published=_opt_str(art, "published", "article"),
        dateline=_opt_str(art, "dateline", "article"),
        file=_opt_str(art, "file", "article"),
        url=_opt_str(art, "url", "article"),
        source=_opt_str(art, "source", "article"),
        title=_opt_str(art, "title", "article"),
    )
    body = obj.get("text", text)
    return Extraction(
        article=article,
        entities=_items(obj, "entities", "", _entity),
        statements=_items(obj, "statements", "", _statement),
        accusations=_items(obj, "accusations", "", _accusation),
        ceasefires=_items(obj, "ceasefires", "", _ceasefire),
        casualty_reports=_items(obj, "casualty_reports", "", _casualty_report),
        meetings=_items(obj, "meetings", "", _meeting),
        text=None if body is None else _typed(body, str, "text"),
    )


def load_extraction_json(data: str | bytes, *, text: str | None = None) -> Extraction:
    """Parse extraction JSON; broken JSON or a wrong shape raises InputError."""
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:  # RecursionError: nested too deep
        raise InputError(f"not valid JSON: {exc}") from None
    return extraction_from_dict(obj, text=text)


def load_extraction(path: str | Path) -> Extraction:
    """Load an extraction (or gold) JSON file, with its article text when it can be found.

    The text is looked for at ``article.file`` relative to the JSON file, then in sibling
    ``corpus/`` and ``articles/`` folders (the layouts of the evaluation data and examples/).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from None
    try:
        extraction = load_extraction_json(raw)
    except InputError as exc:
        raise InputError(f"{p}: {exc.message}") from None
    if extraction.text is None and extraction.article.file:
        extraction.text = _find_article_text(p, extraction.article.file)
    return extraction


def _find_article_text(json_path: Path, file: str) -> str | None:
    """The text of ``file``, looked for beside the JSON, in ../corpus/ and in ../articles/."""
    name = Path(file).name
    for candidate in (json_path.parent / file, json_path.parent / name,
                      json_path.parent.parent / "corpus" / name, json_path.parent.parent / "articles" / name):
        if not candidate.is_file():
            continue
        try:
            raw = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if candidate.suffix.lower() != ".json":
            return raw
        try:  # an article in JSON carries its text in "text"
            body = json.loads(raw).get("text")
        except (ValueError, AttributeError):
            continue
        if isinstance(body, str):
            return body
    return None


# --- dumping -------------------------------------------------------------------------------

def _span_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


def _agent_dict(agent: AgentRef) -> dict[str, Any]:
    return {"label": agent.label, "wikidata": agent.wikidata}


def extraction_to_dict(ex: Extraction, *, include_text: bool = False) -> dict[str, Any]:
    """The JSON shape of an extraction (``diplograph-gold/1``)."""
    art: dict[str, Any] = {"file": ex.article.file, "published": ex.article.published,
                           "dateline": ex.article.dateline}
    for key in ("url", "source", "title"):
        value = getattr(ex.article, key)
        if value is not None:
            art[key] = value
    out: dict[str, Any] = {
        "format": FORMAT,
        "article": art,
        "entities": [{"label": e.label, "wikidata": e.wikidata, "kind": e.kind, "mentions": e.mentions}
                     for e in ex.entities],
        "statements": [{
            "speakers": [_agent_dict(a) for a in s.speakers], "source": _span_dict(s.source),
            "cue": _span_dict(s.cue), "mode": s.mode, "content": _span_dict(s.content), "act": s.act,
            "addressee": s.addressee, "about": s.about, "date": s.date, "optional": s.optional,
        } for s in ex.statements],
        "accusations": [{
            "accuser": [_agent_dict(a) for a in a_.accuser], "accused": a_.accused,
            "act": _span_dict(a_.act), **({"means": _span_dict(a_.means)} if a_.means else {}),
            "date": a_.date, "optional": a_.optional,
        } for a_ in ex.accusations],
        "ceasefires": [{
            "label": c.label, "declared_by": c.declared_by, "location": c.location,
            "duration_days": c.duration_days, "ended": c.ended, "renewal": c.renewal,
            "mentions": [_span_dict(m) for m in c.mentions],
        } for c in ex.ceasefires],
        "casualty_reports": [_casualty_dict(c) for c in ex.casualty_reports],
        "meetings": [{
            "place": m.place, "date": m.date, "topic": m.topic, "outcome": _span_dict(m.outcome),
            **({"participants": m.participants} if m.participants else {}),
        } for m in ex.meetings],
    }
    if include_text and ex.text is not None:
        out["text"] = ex.text
    return out


def _casualty_dict(c: CasualtyReport) -> dict[str, Any]:
    out: dict[str, Any] = {"killed": c.killed, "who": c.who, "including": c.including, "place": c.place}
    if c.since is not None:
        out["since"] = c.since
    else:
        out["date"] = c.date
    if c.wounded is not None:
        out["wounded"] = c.wounded
    out.update({"cause": c.cause, "reported_by": c.reported_by})
    if c.evidence is not None:
        out["evidence"] = _span_dict(c.evidence)
    return out


def dump_extraction(ex: Extraction, *, include_text: bool = False) -> str:
    """The extraction as pretty JSON text."""
    return json.dumps(extraction_to_dict(ex, include_text=include_text), ensure_ascii=False, indent=1)
