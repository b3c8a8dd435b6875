"""Linking entities to Wikidata: offline from the gazetteer, online for the names it lacks.

Two paths, one rule — a wrong QID is worse than none:

* :func:`link_extraction` fills ``wikidata`` on an extraction's entities and speakers from the
  bundled gazetteer, only where a name matches exactly one entry. A place that stands for a
  state ("Moscow said") links the speaker to the state.
* :class:`WikidataLinker` asks Wikidata's API about entities the gazetteer lacks: an entity
  search, then the candidates' claims (P31 instance of, P17 country, P27 citizenship, P39
  position held) to check that the type fits the entity's kind. Below a confidence threshold, or
  when two candidates fit about equally well, the entity stays unlinked. Answers are cached on
  disk; requests are spaced (≥ 1 s), honour ``Retry-After`` on HTTP 429, time out, and carry a
  User-Agent naming diplograph and its version.

:func:`link_online` never replaces a link already made (by the gazetteer or by hand), and
returns a :class:`LinkRecord` for each link it makes: method, score and date.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
from rapidfuzz import fuzz

from diplograph.errors import DiplographError
from diplograph.link.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, name_key
from diplograph.model import AgentRef, Entity, Extraction

#: Wikidata's action API; tests point the linker at a local replay server instead.
DEFAULT_API = "https://www.wikidata.org/w/api.php"

#: Classes (P31 values) that fit each entity kind. A candidate whose P31 names none of its
#: kind's classes is rejected: precision first, so a city typed only by a narrow subclass
#: stays unlinked rather than risk a wrong QID.
KIND_CLASSES: Mapping[str, frozenset[str]] = {
    "Person": frozenset({"Q5"}),  # human
    "State": frozenset({"Q6256", "Q3624078", "Q7275"}),  # country, sovereign state, state
    "Country": frozenset({"Q6256", "Q3624078", "Q7275"}),
    "Place": frozenset({"Q515", "Q486972", "Q5119", "Q3957", "Q532", "Q1549591",
                        "Q1637706", "Q6256", "Q3624078"}),  # city, settlement, capital, town, village …
    "Organization": frozenset({"Q43229", "Q484652", "Q245065", "Q163740"}),
    "GovernmentBody": frozenset({"Q327333", "Q2659904", "Q192350"}),  # government agency, ministry
    "NewsAgency": frozenset({"Q192283", "Q1193236"}),  # news agency, news media
    "ArmedGroup": frozenset({"Q17149090", "Q7210356", "Q1520223", "Q43229"}),
}

#: Properties whose values name the country an item belongs to, by kind.
COUNTRY_PROPERTIES = {"Person": ("P27",), "Place": ("P17",), "Organization": ("P17",),
                      "GovernmentBody": ("P17",), "NewsAgency": ("P17",), "ArmedGroup": ("P17",)}


class WikidataUnavailable(DiplographError):
    """Wikidata did not answer usably: a timeout, too many 429s, an HTTP error, broken JSON."""


@dataclass(frozen=True)
class LinkRecord:
    """How one entity got its QID: ``method`` is "gazetteer" or "wikidata-search"."""

    label: str
    qid: str
    method: str
    score: float
    date: str


@dataclass(frozen=True)
class Candidate:
    """A Wikidata item considered for a name, with the evidence that scored it."""

    qid: str
    label: str
    score: float
    types: tuple[str, ...] = ()
    reason: str = ""


@dataclass
class LinkOutcome:
    """The answer for one name: the chosen candidate (or None) and why."""

    name: str
    kind: str
    chosen: Candidate | None
    candidates: list[Candidate] = field(default_factory=list)
    reason: str = ""


def _version() -> str:
    try:
        return metadata.version("diplograph")
    except metadata.PackageNotFoundError:
        return "0"


def user_agent(contact: str | None = None) -> str:
    """The User-Agent sent to Wikidata: diplograph, its version, and how to reach the operator."""
    who = contact or "https://w3id.org/diplograph"
    return f"diplograph/{_version()} ({who}) httpx/{httpx.__version__}"


class WikidataClient:
    """A polite, cached client for the two API calls the linker needs.

    ``cache_dir`` holds one JSON file per distinct request, so a re-run asks nothing twice.
    ``min_interval`` seconds separate requests; a 429 waits its ``Retry-After`` (capped at
    ``max_wait``) and tries again up to ``retries`` times; ``timeout`` bounds each request.
    """

    def __init__(self, base_url: str = DEFAULT_API, cache_dir: Path | None = None, *,
                 contact: str | None = None, min_interval: float = 1.0, timeout: float = 10.0,
                 retries: int = 2, max_wait: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base_url = base_url
        self.cache_dir = cache_dir
        self.min_interval = min_interval
        self.retries = retries
        self.max_wait = max_wait
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self.requests_sent = 0
        self._http = httpx.Client(timeout=timeout, headers={"User-Agent": user_agent(contact),
                                                            "Accept": "application/json"})

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._http.close()

    def __enter__(self) -> WikidataClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(self, name: str, *, language: str = "en", limit: int = 7) -> list[dict[str, Any]]:
        """Candidates from ``wbsearchentities``: id, label, description, aliases."""
        answer = self._get({"action": "wbsearchentities", "search": name, "language": language,
                            "uselang": language, "type": "item", "limit": str(limit), "format": "json"})
        hits = answer.get("search", [])
        if not isinstance(hits, list):
            raise WikidataUnavailable("wbsearchentities answered without a result list")
        return [h for h in hits if isinstance(h, dict) and isinstance(h.get("id"), str)]

    def entities(self, qids: Iterable[str], *, language: str = "en") -> dict[str, dict[str, Any]]:
        """Labels, aliases and claims of items from ``wbgetentities`` (50 at most a call)."""
        ids = sorted(set(qids))[:50]
        if not ids:
            return {}
        answer = self._get({"action": "wbgetentities", "ids": "|".join(ids), "languages": language,
                            "props": "labels|aliases|claims", "format": "json"})
        found = answer.get("entities", {})
        if not isinstance(found, dict):
            raise WikidataUnavailable("wbgetentities answered without entities")
        return {q: e for q, e in found.items() if isinstance(e, dict) and "missing" not in e}

    # -- transport -------------------------------------------------------------------------

    def _cache_path(self, params: Mapping[str, str]) -> Path | None:
        if self.cache_dir is None:
            return None
        key = json.dumps([self.base_url, sorted(params.items())], ensure_ascii=False)
        return self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()}.json"

    def _get(self, params: Mapping[str, str]) -> dict[str, Any]:
        path = self._cache_path(params)
        if path is not None and path.exists():
            try:
                cached: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
                return cached
            except (OSError, json.JSONDecodeError):
                pass  # a damaged cache file is asked again
        answer = self._fetch(params)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        return answer

    def _wait_turn(self) -> None:
        if self._last is not None:
            gap = self.min_interval - (self._clock() - self._last)
            if gap > 0:
                self._sleep(gap)
        self._last = self._clock()

    def _fetch(self, params: Mapping[str, str]) -> dict[str, Any]:
        for attempt in range(self.retries + 1):
            self._wait_turn()
            self.requests_sent += 1
            try:
                response = self._http.get(self.base_url, params=dict(params))
            except httpx.TimeoutException:
                raise WikidataUnavailable(f"Wikidata did not answer within the timeout ({self.base_url})") from None
            except httpx.HTTPError as exc:
                raise WikidataUnavailable(f"Wikidata could not be reached: {exc}") from None
            if response.status_code == 429 or response.status_code == 503:
                if attempt == self.retries:
                    break
                self._sleep(min(self.max_wait, _retry_after(response.headers.get("Retry-After"))))
                continue
            if response.status_code != 200:
                raise WikidataUnavailable(f"Wikidata answered HTTP {response.status_code}")
            try:
                answer = response.json()
            except ValueError:
                raise WikidataUnavailable("Wikidata answered with malformed JSON") from None
            if not isinstance(answer, dict):
                raise WikidataUnavailable("Wikidata answered with JSON of an unexpected shape")
            if "error" in answer:
                raise WikidataUnavailable(f"Wikidata refused the request: {answer['error']}")
            return answer
        raise WikidataUnavailable(f"Wikidata kept answering 429 after {self.retries + 1} tries")


def _retry_after(value: str | None, default: float = 5.0) -> float:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


# --- scoring ---------------------------------------------------------------------------------


def _claim_ids(entity: Mapping[str, Any], prop: str) -> tuple[str, ...]:
    ids = []
    for claim in entity.get("claims", {}).get(prop, []) or []:
        try:
            value = claim["mainsnak"]["datavalue"]["value"]["id"]
        except (KeyError, TypeError):
            continue
        if isinstance(value, str):
            ids.append(value)
    return tuple(ids)


def _names(entity: Mapping[str, Any], language: str = "en") -> list[str]:
    names = []
    label = entity.get("labels", {}).get(language, {})
    if isinstance(label, dict) and isinstance(label.get("value"), str):
        names.append(label["value"])
    for alias in entity.get("aliases", {}).get(language, []) or []:
        if isinstance(alias, dict) and isinstance(alias.get("value"), str):
            names.append(alias["value"])
    return names


def score_candidate(name: str, kind: str, entity: Mapping[str, Any], *,
                    country: str | None = None) -> Candidate:
    """How well an item fits a name of a kind: 0 when its type or country rules it out."""
    qid = str(entity.get("id", ""))
    names = _names(entity)
    label = names[0] if names else qid
    types = _claim_ids(entity, "P31")
    allowed = KIND_CLASSES.get(kind)
    if allowed is None:
        return Candidate(qid, label, 0.0, types, f"no type check for kind {kind!r}")
    if not set(types) & allowed:
        return Candidate(qid, label, 0.0, types, "type does not fit the kind")
    key = name_key(name)
    similarity = max((fuzz.ratio(key, name_key(n)) / 100 for n in names), default=0.0)
    score = similarity
    if country:
        places = [c for p in COUNTRY_PROPERTIES.get(kind, ()) for c in _claim_ids(entity, p)]
        if places and country not in places:
            return Candidate(qid, label, 0.0, types, "country does not fit")
        if country in places:
            score = min(1.0, score + 0.05)
    if kind == "Person" and _claim_ids(entity, "P39"):
        score = min(1.0, score + 0.02)  # office holders are who diplomacy news quotes
    return Candidate(qid, label, round(score, 3), types, "fits")


class WikidataLinker:
    """Links names Wikidata knows but the gazetteer does not.

    ``threshold`` is the least score a link needs; ``margin`` the least lead the best candidate
    needs over the next one that fits, else the name is ambiguous and stays unlinked.
    """

    def __init__(self, client: WikidataClient, *, threshold: float = 0.9, margin: float = 0.1,
                 search_limit: int = 7) -> None:
        self.client = client
        self.threshold = threshold
        self.margin = margin
        self.search_limit = search_limit

    def link(self, name: str, kind: str, *, country: str | None = None) -> LinkOutcome:
        """The best-fitting item for a name, or an outcome with ``chosen`` None and a reason."""
        try:
            hits = self.client.search(name, limit=self.search_limit)
            if not hits:
                return LinkOutcome(name, kind, None, [], "no search hit")
            entities = self.client.entities(h["id"] for h in hits)
        except WikidataUnavailable as exc:
            return LinkOutcome(name, kind, None, [], str(exc))
        scored = sorted((score_candidate(name, kind, entities[h["id"]], country=country)
                         for h in hits if h["id"] in entities),
                        key=lambda c: c.score, reverse=True)
        fitting = [c for c in scored if c.score > 0]
        if not fitting:
            return LinkOutcome(name, kind, None, scored, "no candidate of a fitting type")
        best = fitting[0]
        if best.score < self.threshold:
            return LinkOutcome(name, kind, None, scored, f"best score {best.score} below {self.threshold}")
        if len(fitting) > 1 and best.score - fitting[1].score < self.margin:
            return LinkOutcome(name, kind, None, scored, f"ambiguous: {best.qid} and {fitting[1].qid}")
        return LinkOutcome(name, kind, best, scored, "linked")


# --- extractions -----------------------------------------------------------------------------


def _unique(gazetteer: Gazetteer, names: Iterable[str]) -> GazetteerEntry | None:
    """The one gazetteer entry with a QID that all these names point to, else None."""
    found: dict[str, GazetteerEntry] = {}
    for name in names:
        hits = [e for e in gazetteer.lookup(name) if e.qid]
        if len(hits) > 1:
            return None  # an ambiguous name spoils the whole entity
        for e in hits:
            found[e.key] = e
    return next(iter(found.values())) if len(found) == 1 else None


def _speaker_entry(gazetteer: Gazetteer, label: str) -> tuple[GazetteerEntry, bool] | None:
    """The entry a speaker's label names, and whether it is the state a place stands for."""
    entry = _unique(gazetteer, [label])
    if entry is None:
        return None
    if entry.kind in ("Place", "GovernmentBody") and entry.stands_for and entry.stands_for != entry.qid:
        state = gazetteer.by_qid(entry.stands_for)
        if state is not None:
            return state, True  # "Moscow said": the speaker is the state the city stands for
    return entry, False


def link_extraction(ex: Extraction, gazetteer: Gazetteer | None = None, *,
                    today: dt.date | None = None) -> tuple[Extraction, list[LinkRecord]]:
    """Fill missing QIDs from the gazetteer; returns the new extraction and how each link was made.

    An entity is linked when its label and mentions point to exactly one gazetteer entry with a
    QID; a speaker (AgentRef) when its label does. A QID already present is never replaced.
    A place or seat of power standing for a state links a speaker to the state.
    """
    gaz = gazetteer or load_gazetteer()
    day = (today or dt.date.today()).isoformat()
    records: list[LinkRecord] = []
    entities = []
    for ent in ex.entities:
        if ent.wikidata is None:
            entry = _unique(gaz, [ent.label, *ent.mentions])
            if entry is not None and entry.qid and _kind_fits(ent.kind, entry.kind):
                ent = replace(ent, wikidata=entry.qid)
                records.append(LinkRecord(ent.label, entry.qid, "gazetteer", 1.0, day))
        entities.append(ent)

    def speaker(ref: AgentRef) -> AgentRef:
        if ref.wikidata is not None:
            return ref
        found = _speaker_entry(gaz, ref.label)
        if found is None or found[0].qid is None:
            return ref
        entry, metonymy = found
        return AgentRef(label=entry.label if metonymy else ref.label, wikidata=entry.qid)

    statements = [replace(s, speakers=[speaker(r) for r in s.speakers]) for s in ex.statements]
    accusations = [replace(a, accuser=[speaker(r) for r in a.accuser]) for a in ex.accusations]
    return replace(ex, entities=entities, statements=statements, accusations=accusations), records


def _kind_fits(entity_kind: str, entry_kind: str) -> bool:
    """Whether an extracted kind and a gazetteer kind can name the same thing."""
    if entity_kind == entry_kind:
        return True
    agents = {"Organization", "GovernmentBody", "ArmedGroup", "NewsAgency"}
    if entity_kind in ("Country", "State") and entry_kind == "State":
        return True
    if entity_kind == "Place" and entry_kind in ("Place", "State"):
        return True
    return entity_kind in agents and entry_kind in agents


def link_online(ex: Extraction, linker: WikidataLinker, *, today: dt.date | None = None,
                country: str | None = None) -> tuple[Extraction, list[LinkRecord], list[LinkOutcome]]:
    """Ask Wikidata about the entities still without a QID (after the gazetteer pass).

    Entities that have a QID keep it — never overwritten. Returns the new extraction, a record
    for each link made, and every outcome (including the names left unlinked, with why).
    """
    day = (today or dt.date.today()).isoformat()
    records: list[LinkRecord] = []
    outcomes: list[LinkOutcome] = []
    entities: list[Entity] = []
    for ent in ex.entities:
        if ent.wikidata is None and ent.kind in KIND_CLASSES:
            outcome = linker.link(ent.label, ent.kind, country=country)
            outcomes.append(outcome)
            if outcome.chosen is not None:
                ent = replace(ent, wikidata=outcome.chosen.qid)
                records.append(LinkRecord(ent.label, outcome.chosen.qid, "wikidata-search",
                                          outcome.chosen.score, day))
        entities.append(ent)
    by_label = {e.label: e.wikidata for e in entities if e.wikidata}

    def speaker(ref: AgentRef) -> AgentRef:
        return ref if ref.wikidata or ref.label not in by_label else AgentRef(ref.label, by_label[ref.label])

    statements = [replace(s, speakers=[speaker(r) for r in s.speakers]) for s in ex.statements]
    accusations = [replace(a, accuser=[speaker(r) for r in a.accuser]) for a in ex.accusations]
    return (replace(ex, entities=entities, statements=statements, accusations=accusations),
            records, outcomes)


def link(ex: Extraction, *, online: bool = False, client: WikidataClient | None = None,
         gazetteer: Gazetteer | None = None, today: dt.date | None = None,
         threshold: float = 0.9) -> tuple[Extraction, list[LinkRecord]]:
    """The ``diplograph link`` command as a library call: the gazetteer first, then (when
    ``online``) Wikidata for what remains. A CLI passes a client built from its settings."""
    linked, records = link_extraction(ex, gazetteer, today=today)
    if online:
        if client is None:
            raise DiplographError("linking online needs a Wikidata client")
        linked, more, _ = link_online(linked, WikidataLinker(client, threshold=threshold), today=today)
        records += more
    return linked, records


_QID = re.compile(r"^Q[1-9][0-9]*$")


def is_qid(value: str) -> bool:
    """Whether a string is a well-formed Wikidata item id (``Q`` and digits, no leading zero)."""
    return bool(_QID.match(value))
