"""Entities: finding them by name (typo-tolerant), resolving filter values, and profiles.

An :class:`EntityIndex` holds every entity's labels, mentions (the names the articles use),
Wikidata QID and classes, read from the store in four scans of one predicate each. It serves

- :meth:`EntityIndex.search`: fuzzy search over labels and mentions with rapidfuzz, so
  "Lavorv" finds Sergei Lavrov;
- :meth:`EntityIndex.resolve`: what a filter value (an id, an IRI, a QID or a name) means as a
  set of entity IRIs — a name means every entity one of whose names contains all its words,
  so ``about=Aleppo`` takes in "Aleppo" and "Aleppo ceasefire".

:class:`IndexCache` keeps one index per store and rebuilds it after a write through this
process at once, and after ``ttl`` seconds in the background (another process may write to a
remote store; reading a million statements' entities takes seconds), so no lookup waits for a
rebuild it did not cause.

:func:`entity_profile` gathers what an entity said, what was said about it, the accusations it
made and received, who it is mentioned with and a timeline by date.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from diplograph import queries
from diplograph.errors import InputError
from diplograph.namespaces import DG, OWL, PROV, RDFS, WD
from diplograph.queries import ENTITY_BASE, sparql_iri
from diplograph.store.base import Store

#: The classes an entity may have, by the name the API uses for them.
ENTITY_TYPES: dict[str, str] = {
    "Person": str(DG.Person), "State": str(DG.State), "Organization": str(DG.Organization),
    "GovernmentBody": str(DG.GovernmentBody), "ArmedGroup": str(DG.ArmedGroup), "NewsAgency": str(DG.NewsAgency),
    "Place": str(DG.Place), "Topic": str(DG.Topic), "Agent": str(PROV.Agent),
}
_TYPE_NAMES = {iri: name for name, iri in ENTITY_TYPES.items()}
_QID = re.compile(r"^Q[1-9][0-9]{0,12}$")
#: Search scores (0-100) below this are not shown.
SEARCH_CUTOFF = 68.0


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name as compared: case-folded, accents dropped, punctuation as spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return tuple(re.sub(r"[^0-9a-z]+", " ", plain).split())


def is_qid(value: str) -> bool:
    """Whether ``value`` is a Wikidata item id (Q…)."""
    return bool(_QID.match(value))


@dataclass
class Entity:
    """What the index knows of one entity."""

    iri: str
    labels: set[str] = field(default_factory=set)
    mentions: set[str] = field(default_factory=set)
    wikidata: str | None = None
    types: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return self.iri[len(ENTITY_BASE):] if self.iri.startswith(ENTITY_BASE) else self.iri

    @property
    def label(self) -> str:
        return min(self.labels, key=lambda t: (len(t), t)) if self.labels else self.id

    @property
    def aliases(self) -> list[str]:
        return sorted((self.labels | self.mentions) - {self.label})

    def names(self) -> list[str]:
        return [self.label, *self.aliases]

    def summary(self) -> dict[str, Any]:
        """The entity as the API shows it in lists."""
        return {"id": self.id, "iri": self.iri, "label": self.label, "aliases": self.aliases,
                "wikidata": self.wikidata, "types": sorted(_TYPE_NAMES[t] for t in self.types if t in _TYPE_NAMES)}


class EntityIndex:
    """Every entity of the store, for search and for resolving names."""

    def __init__(self, entities: Iterable[Entity], dates: Iterable[str] = ()) -> None:
        self.entities: dict[str, Entity] = {e.iri: e for e in entities}
        #: Every date of the store, newest first: lets a lookup read day by day (queries.select_page).
        self.dates: list[str] = sorted(dates, reverse=True)
        #: Counts of constraints' matches that chose a lookup's plan (``queries.Catalogue``): an
        #: index lives until the next write through this process, and so do they.
        self.match_counts: MutableMapping[str, int] = {}
        self.by_qid: dict[str, list[str]] = defaultdict(list)
        self._names: list[str] = []
        self._owners: list[str] = []
        self._words: list[tuple[frozenset[str], str]] = []
        for e in sorted(self.entities.values(), key=lambda x: x.iri):
            if e.wikidata:
                self.by_qid[e.wikidata].append(e.iri)
            for name in e.names():
                self._names.append(name)
                self._owners.append(e.iri)
                self._words.append((frozenset(name_words(name)), e.iri))

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, iri: str) -> Entity | None:
        """The entity with this IRI."""
        return self.entities.get(iri)

    def name_of(self, iri: str) -> tuple[str, str | None] | None:
        """The label and QID of an entity (``queries.Catalogue``)."""
        entity = self.entities.get(iri)
        return None if entity is None else (entity.label, entity.wikidata)

    def by_id(self, key: str) -> Entity | None:
        """The entity whose id (the last segment of its IRI) is ``key``."""
        return self.entities.get(ENTITY_BASE + key)

    def by_wikidata(self, qid: str) -> Entity | None:
        """The entity linked to a Wikidata item (the one keyed on the QID when several are)."""
        iris = self.by_qid.get(qid, [])
        if ENTITY_BASE + qid in iris:
            return self.entities[ENTITY_BASE + qid]
        return self.entities[iris[0]] if iris else None

    def named(self, name: str) -> list[str]:
        """Entities one of whose names holds every word of ``name`` (in any order)."""
        wanted = frozenset(name_words(name))
        if not wanted:
            return []
        return sorted({iri for words, iri in self._words if wanted <= words})

    def resolve(self, value: str) -> list[str]:
        """The entity IRIs a filter value means: an entity id, an IRI (ours or Wikidata's), a
        QID, or a name. An IRI that is not well-formed raises InputError."""
        value = value.strip()
        if not value:
            raise InputError("an empty name matches nothing: leave the filter out instead")
        if value.startswith(("http://", "https://")):
            queries.sparql_iri(value)  # refuse what cannot be an IRI before anything else
            if value.startswith(str(WD)):
                return sorted(self.by_qid.get(value[len(str(WD)):], []))
            return [value]
        if is_qid(value):
            return sorted(set(self.by_qid.get(value, [])) | ({ENTITY_BASE + value} & set(self.entities)))
        if ENTITY_BASE + value in self.entities:
            return [ENTITY_BASE + value]
        return self.named(value)

    def search(self, text: str, *, limit: int = 10, types: Iterable[str] = (),
               cutoff: float = SEARCH_CUTOFF) -> list[tuple[Entity, float]]:
        """Entities whose label or a mention is like ``text``, best first, scored 0-100.

        An exact name (case and accents aside) scores 100; otherwise rapidfuzz's WRatio, which
        forgives typos and matches a surname against a full name.
        """
        wanted_types = {ENTITY_TYPES.get(t, t) for t in types}
        query_words = name_words(text)
        if not query_words:
            return []
        if is_qid(text.strip()):
            hit = self.by_wikidata(text.strip())
            return [(hit, 100.0)] if hit else []
        best: dict[str, float] = {}
        for name, score, i in process.extract(" ".join(query_words), self._names, scorer=name_score,
                                              processor=lambda s: " ".join(name_words(s)),
                                              score_cutoff=cutoff, limit=max(50, limit * 5)):
            iri = self._owners[i]
            score = 100.0 if name_words(name) == query_words else min(float(score), 99.0)
            best[iri] = max(best.get(iri, 0.0), score)
        hits = [(self.entities[iri], s) for iri, s in best.items()
                if not wanted_types or self.entities[iri].types & wanted_types]
        hits.sort(key=lambda h: (-h[1], len(h[0].label), h[0].label))
        return hits[:limit]


def name_score(query: str, name: str, **kwargs: Any) -> float:
    """How like ``name`` a query is (0-100): rapidfuzz's WRatio, which forgives typos and finds
    a surname in a full name — except against a name much shorter than the query, where a
    partial match means little ("us" inside "Rusia"), so the plain ratio counts."""
    if len(name) * 4 < len(query) * 3:
        return float(fuzz.ratio(query, name, **kwargs))
    return float(fuzz.WRatio(query, name, **kwargs))


def _scan(store: Store, sparql: str) -> list[dict[str, str]]:
    return queries.select(store, sparql)


def load_index(store: Store) -> EntityIndex:
    """Read every entity's labels, mentions, QID and classes (and the store's dates) from the store."""
    entities: dict[str, Entity] = {}

    def entity(iri: str) -> Entity:
        if iri not in entities:
            entities[iri] = Entity(iri)
        return entities[iri]

    prefix = queries.sparql_string(ENTITY_BASE)
    for row in _scan(store, f"SELECT DISTINCT ?e ?v WHERE {{ ?e {sparql_iri(str(RDFS.label))} ?v "
                            f"FILTER(STRSTARTS(STR(?e), {prefix})) }}"):
        entity(row["e"]).labels.add(row["v"])
    for row in _scan(store, f"SELECT DISTINCT ?e ?v WHERE {{ ?e {sparql_iri(str(DG.mention))} ?v }}"):
        entity(row["e"]).mentions.add(row["v"])
    for row in _scan(store, f"SELECT DISTINCT ?e ?v WHERE {{ ?e {sparql_iri(str(DG.wikidataId))} ?v }}"):
        if is_qid(row["v"]):
            entity(row["e"]).wikidata = row["v"]
    # a link recorded only as owl:sameAs a Wikidata item (the link graph) counts as well
    wikidata = queries.sparql_string(str(WD))
    for row in _scan(store, f"SELECT DISTINCT ?e ?v WHERE {{ ?e {sparql_iri(str(OWL.sameAs))} ?v "
                            f"FILTER(STRSTARTS(STR(?v), {wikidata})) }}"):
        qid = row["v"][len(str(WD)):]
        if is_qid(qid) and row["e"].startswith(ENTITY_BASE) and entity(row["e"]).wikidata is None:
            entity(row["e"]).wikidata = qid
    classes = " ".join(sparql_iri(c) for c in ENTITY_TYPES.values())
    for row in _scan(store, f"SELECT DISTINCT ?e ?t WHERE {{ VALUES ?t {{ {classes} }} ?e a ?t }}"):
        if row["e"].startswith(ENTITY_BASE):
            entity(row["e"]).types.add(row["t"])
    return EntityIndex((e for e in entities.values() if e.labels), queries.store_dates(store))


class IndexCache:
    """One :class:`EntityIndex` per store, rebuilt at once after a write through this process
    (``generation`` changes) and in the background once it is ``ttl`` seconds old."""

    def __init__(self, ttl: float = 300.0, loader: Callable[[Store], EntityIndex] = load_index) -> None:
        self.ttl = ttl
        self.loader = loader
        self._lock = threading.Lock()
        self._index: EntityIndex | None = None
        self._generation = -1
        self._built = 0.0
        self._refreshing = False

    def get(self, store: Store, generation: int = 0) -> EntityIndex:
        """The index, current for ``generation``."""
        with self._lock:
            index, fresh = self._index, self._generation == generation
            stale = time.monotonic() - self._built > self.ttl
            if index is not None and fresh and stale and not self._refreshing:
                self._refreshing = True
                threading.Thread(target=self._refresh, args=(store, generation), daemon=True,
                                 name="diplograph-entity-index").start()
        if index is not None and fresh:
            return index
        return self._rebuild(store, generation)

    def _rebuild(self, store: Store, generation: int) -> EntityIndex:
        index = self.loader(store)
        with self._lock:
            if generation >= self._generation:
                self._index, self._generation, self._built = index, generation, time.monotonic()
        return index

    def _refresh(self, store: Store, generation: int) -> None:
        try:
            self._rebuild(store, generation)
        except Exception:
            with self._lock:
                self._built = 0.0
        finally:
            with self._lock:
                self._refreshing = False


# --- profiles -----------------------------------------------------------------------------

#: What a profile lists of each kind before pointing at the filtered list for the rest.
PROFILE_ITEMS = 20
#: Co-mentions are counted over at most this many of the entity's articles.
CO_MENTION_ARTICLES = 2000

_ROLES = {"said": str(DG.speaker), "said_about": str(DG.about), "addressed": str(DG.addressee)}


def _timeline(store: Store, iri: str) -> list[dict[str, Any]]:
    """Statements by the entity and about it, per date."""
    me = sparql_iri(iri)
    rows = queries.select(store, f"""
SELECT ?date ?role (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  {{ ?s {sparql_iri(str(DG.speaker))} {me} BIND("said" AS ?role) }}
  UNION {{ ?s {sparql_iri(str(DG.about))} {me} BIND("said_about" AS ?role) }}
  ?s {sparql_iri(str(DG.date))} ?date .
}} GROUP BY ?date ?role ORDER BY ?date""")
    days: dict[str, dict[str, Any]] = {}
    for row in rows:
        day = days.setdefault(row["date"], {"date": row["date"], "said": 0, "said_about": 0})
        day[row["role"]] = int(row["n"])
    return [days[d] for d in sorted(days)]


def _co_mentioned(store: Store, index: EntityIndex, iri: str, limit: int) -> list[dict[str, Any]]:
    """Entities named in the same articles, with how many articles they share."""
    me = sparql_iri(iri)
    mentioned, derived = sparql_iri(str(DG.mentionedIn)), sparql_iri(str(PROV.wasDerivedFrom))
    roles = "|".join(sparql_iri(p) for p in (str(DG.speaker), str(DG.about), str(DG.addressee), str(DG.accused)))
    rows = queries.select(store, f"""
SELECT ?other (COUNT(DISTINCT ?a) AS ?n) WHERE {{
  {{ SELECT DISTINCT ?a WHERE {{ {{ {me} {mentioned} ?a }} UNION {{ ?st {roles} {me} ; {derived} ?a }} }}
     LIMIT {CO_MENTION_ARTICLES} }}
  {{ ?other {mentioned} ?a }} UNION {{ ?st2 {derived} ?a ; {roles} ?other }}
  FILTER(?other != {me})
}} GROUP BY ?other ORDER BY DESC(?n) ?other LIMIT {int(limit) * 3}""")
    out = []
    for row in rows:
        other = index.get(row["other"])
        if other is not None:
            out.append({"entity": other.summary(), "articles": int(row["n"])})
    return out[:limit]


COUNTS = ("said", "said_about", "addressed", "accusations_made", "accusations_received", "articles")


def counts_for(store: Store, iris: Iterable[str]) -> dict[str, dict[str, int]]:
    """For each entity: statements it made, about it, addressed to it; accusations it made and
    received; articles that name it."""
    wanted = sorted(set(iris))
    out = {iri: dict.fromkeys(COUNTS, 0) for iri in wanted}
    if not wanted:
        return out
    values = " ".join(sparql_iri(i) for i in wanted)
    rows = queries.select(store, f"""
SELECT ?e ?role (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  VALUES ?e {{ {values} }}
  {{ ?s {sparql_iri(str(DG.speaker))} ?e BIND("said" AS ?role) }}
  UNION {{ ?s {sparql_iri(str(DG.about))} ?e BIND("said_about" AS ?role) }}
  UNION {{ ?s {sparql_iri(str(DG.addressee))} ?e BIND("addressed" AS ?role) }}
  UNION {{ ?s {sparql_iri(str(DG.accuser))} ?e BIND("accusations_made" AS ?role) }}
  UNION {{ ?s {sparql_iri(str(DG.accused))} ?e BIND("accusations_received" AS ?role) }}
  UNION {{ ?e {sparql_iri(str(DG.mentionedIn))} ?s BIND("articles" AS ?role) }}
}} GROUP BY ?e ?role""")
    for row in rows:
        out[row["e"]][row["role"]] = int(row["n"])
    return out


def entity_counts(store: Store, iri: str) -> dict[str, int]:
    """The counts of :func:`counts_for` for one entity."""
    return counts_for(store, [iri])[iri]


def entity_profile(store: Store, index: EntityIndex, entity: Entity, *, items: int = PROFILE_ITEMS) -> dict[str, Any]:
    """Everything the API and the entity page show about one entity."""
    iri = entity.iri

    def page(kind: str, predicate: str) -> list[dict[str, Any]]:
        sel = queries.selection(kind, links=[(predicate, [iri])])
        return queries.find(store, kind, sel, None, items, index).items

    return {
        "entity": entity.summary(),
        "counts": entity_counts(store, iri),
        "said": page("statement", _ROLES["said"]),
        "said_about": page("statement", _ROLES["said_about"]),
        "accusations_made": page("accusation", str(DG.accuser)),
        "accusations_received": page("accusation", str(DG.accused)),
        "co_mentioned": _co_mentioned(store, index, iri, items),
        "timeline": _timeline(store, iri),
    }
