"""SPARQL for the everyday lookups: statements, accusations, ceasefires, casualty reports,
meetings and articles, filtered and paged — built so that no user input can change a query.

Every value a user gives reaches a query in one of three forms only:

- an IRI, checked against the IRI grammar (:func:`sparql_iri`), most of them resolved first
  from a name or a Wikidata QID to entity IRIs we hold (``profiles.EntityIndex.resolve``);
- a string literal with every quote, backslash and control character escaped
  (:func:`sparql_string`; a property test checks that the literal reads back as the input);
- a date or an integer, formatted from a parsed Python value.

Everything else in a query (predicates, classes, the shape of the pattern) comes from the
tables below. A lookup runs in up to three steps: one query picks a page of subjects, newest
first, in a stable order (date, then IRI: the last row's date and IRI make the opaque cursor of
the next page, and the next page starts after them — keyset pagination, no offset and no count);
one query reads the chosen predicates of those subjects; one reads the labels, offsets and titles
of the entities, spans and articles they point to. The first step starts from the most selective
pattern the filters give (an entity's statements, not all statements). When even that pattern
matches thousands, the page is read from the newest days down, in windows of days joined with
that pattern (:func:`select_page`), so its cost grows with what the page needs, not with the
size of the store.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from diplograph.errors import InputError
from diplograph.namespaces import ACT, DG, ID, OA, PROV, RDF, RDFS, SDO, XSD
from diplograph.store.base import Store


class _Strings:
    """A namespace's IRIs as plain strings, each made once: an rdflib Namespace makes and checks a
    new URIRef at every attribute access, and a page of 50 records reads a few thousand of them."""

    def __init__(self, namespace: object) -> None:
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> str:
        value = self._namespace + name
        setattr(self, name, value)
        return value


_DG, _RDFS, _OA, _PROV, _SDO, _RDF = (_Strings(ns) for ns in (DG, RDFS, OA, PROV, SDO, RDF))

#: The IRIs of our entities, statements and articles start with these.
ENTITY_BASE = str(ID) + "entity/"
STATEMENT_BASE = str(ID) + "statement/"
ARTICLE_BASE = str(ID) + "article/"

#: The largest page a client may ask for.
MAX_LIMIT = 500
#: IRIs per VALUES block when describing a page of subjects.
_CHUNK = 400

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f]*$")
_DATE = f"<{DG.date}>"
_KEY = re.compile(r"^[A-Za-z0-9_~\-][A-Za-z0-9._~\-]{0,200}$")
_ECHAR = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


# --- safe terms ---------------------------------------------------------------------------

def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal: quotes, backslashes and control characters escaped.

    >>> sparql_string('say "} UNION {"')
    '"say \\\\"} UNION {\\\\""'
    """
    out = []
    for ch in value:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or 0xD800 <= ord(ch) < 0xE000:
            out.append(f"\\u{ord(ch):04X}" if ord(ch) < 0xD800 else "\\uFFFD")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def is_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI that may stand between ``<`` and ``>`` in SPARQL."""
    return bool(_IRI.match(value)) and len(value) <= 2000


def sparql_iri(value: str) -> str:
    """``<value>``, after checking that ``value`` is an absolute IRI; InputError otherwise."""
    if not is_iri(value):
        raise InputError(f"not an IRI: {value[:200]!r} (IRIs have a scheme and no spaces, quotes or braces)")
    return f"<{value}>"


def sparql_date(value: dt.date) -> str:
    """An ``xsd:date`` literal."""
    return f'"{value.isoformat()}"^^<{XSD.date}>'


def key_iri(base: str, key: str, what: str) -> str:
    """The IRI ``base + key`` for a key given in a URL; InputError when the key is not one."""
    if not _KEY.match(key):
        raise InputError(f"not a {what} id: {key[:200]!r}")
    return base + key


def local_key(iri: str) -> str:
    """The key of one of our IRIs (``…/entity/Q159`` → ``Q159``)."""
    return iri.rsplit("/", 1)[-1] if iri.startswith(str(ID)) else iri


# --- cursors ------------------------------------------------------------------------------

def encode_cursor(key: str) -> str:
    """An opaque cursor for the page after the row with sort key ``key``."""
    return base64.urlsafe_b64encode(json.dumps({"after": key}).encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    """The sort key a cursor carries; InputError for one we did not make."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode("utf-8"))["after"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InputError("not a cursor from this service: use the 'next_cursor' of a previous page") from None
    if not isinstance(key, str):
        raise InputError("not a cursor from this service: use the 'next_cursor' of a previous page")
    return key


# --- selections: what a page query asks for -----------------------------------------------

@dataclass(frozen=True)
class Selection:
    """The subjects of one kind (``kind``: a class IRI) that satisfy every constraint.

    ``links`` are (predicate, IRIs): the subject points by the predicate at one of the IRIs
    (an empty tuple matches nothing: the name resolved to no entity). ``fixed`` are (predicate,
    IRI) that must hold. ``date_path`` is the SPARQL path to the date the page is ordered by
    (a constant of this module, never user input); ``date_from`` / ``date_to`` bound it.
    ``text`` is looked for, case-insensitively, in the literals at ``text_paths``.
    """

    kind: str
    date_path: str
    links: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fixed: tuple[tuple[str, str], ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str | None = None
    text_paths: tuple[str, ...] = ()
    minimum: tuple[tuple[str, int], ...] = ()
    #: Read only subjects of these dates (the day-by-day plan), or only those with no date.
    dates: tuple[dt.date, ...] = ()
    undated: bool = False

    def empty(self) -> bool:
        """Whether a constraint can match nothing, so no query is needed."""
        return any(not iris for _, iris in self.links)


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(sparql_iri(i) for i in iris)} }}"


def _where(sel: Selection, after: str | None) -> str:
    """The graph pattern of a selection, binding ``?s`` (and ``?date``, when it has one)."""
    lines: list[str] = []
    if len(sel.dates) == 1:  # the day-by-day plan: start from the subjects of one day
        lines.append(f"?s {sel.date_path} {sparql_date(sel.dates[0])} .")
        lines.append(f"BIND({sparql_date(sel.dates[0])} AS ?date)")
    elif sel.dates:
        lines.append(f"VALUES ?date {{ {' '.join(sparql_date(d) for d in sel.dates)} }}")
        lines.append(f"?s {sel.date_path} ?date .")
    # then the most selective pattern (unless the day leads), then the others row by row:
    # oxigraph evaluates a VALUES block that is not first as a join of its own, over every match
    links = sorted(sel.links, key=lambda link: len(link[1]))
    for n, (pred, iris) in enumerate(links):
        if n == 0 and not sel.dates:
            lines.append(_values(f"v{n}", iris))
            lines.append(f"?s {sparql_iri(pred)} ?v{n} .")
        elif len(iris) == 1:
            lines.append(f"?s {sparql_iri(pred)} {sparql_iri(iris[0])} .")
        else:
            lines.append(f"?s {sparql_iri(pred)} ?v{n} . FILTER(?v{n} IN ({', '.join(sparql_iri(i) for i in iris)}))")
    for pred, obj in sel.fixed:
        lines.append(f"?s {sparql_iri(pred)} {sparql_iri(obj)} .")
    lines.append(f"?s a {sparql_iri(sel.kind)} .")
    for n, (pred, least) in enumerate(sel.minimum):
        lines.append(f"?s {sparql_iri(pred)} ?m{n} . FILTER(?m{n} >= {int(least)})")
    if sel.dates:
        pass
    elif sel.undated:
        lines.append(f"FILTER NOT EXISTS {{ ?s {sel.date_path} ?anyDate }}")
    elif sel.date_from or sel.date_to:
        lines.append(f"?s {sel.date_path} ?date .")
        if sel.date_from:
            lines.append(f"FILTER(?date >= {sparql_date(sel.date_from)})")
        if sel.date_to:
            lines.append(f"FILTER(?date <= {sparql_date(sel.date_to)})")
    else:
        lines.append(f"OPTIONAL {{ ?s {sel.date_path} ?date }}")
    if sel.text:
        needle = sparql_string(sel.text.casefold())
        tests = []
        for n, path in enumerate(sel.text_paths):
            lines.append(f"OPTIONAL {{ ?s {path} ?t{n} }}")
            tests.append(f"CONTAINS(LCASE(STR(COALESCE(?t{n}, \"\"))), {needle})")
        lines.append(f"FILTER({' || '.join(tests) or 'false'})")
    if after is not None:
        lines.append(_after_filter(after))
    return "\n  ".join(lines)


#: The date part of the sort key of a subject with no date: before every date.
NO_DATE = "0000-00-00"


def sort_key(subject: str, date: str | None) -> str:
    """The sort key of a page row, also what a cursor carries: date (or NO_DATE), ``|``, IRI.
    Keys compare as the page order does: by date, then by IRI."""
    return f"{date or NO_DATE}|{subject}"


def _after_filter(after: str) -> str:
    """A FILTER keeping the rows after the key ``after`` in the page order (newest first). The
    subject's IRI is spelled out only on the cursor's own date: the key is not built per row."""
    day, bar, iri = after.partition("|")
    if not bar or not is_iri(iri):
        raise InputError("not a cursor from this service: use the 'next_cursor' of a previous page")
    tie = f"STR(?s) < {sparql_string(iri)}"
    if day == NO_DATE:
        return f"FILTER(!BOUND(?date) && {tie})"
    try:
        date = sparql_date(dt.date.fromisoformat(day))
    except ValueError:
        raise InputError("not a cursor from this service: use the 'next_cursor' of a previous page") from None
    return f"FILTER(!BOUND(?date) || ?date < {date} || (?date = {date} && {tie}))"


def page_query(sel: Selection, after: str | None, limit: int) -> str:
    """The query for one page: ``?s`` and its ``?date``, newest first (then by IRI, downwards);
    one row more than ``limit`` tells whether another page follows. The order is that of
    :func:`sort_key`, without making a key for every match (each IRI read from disk)."""
    return (f"SELECT DISTINCT ?s ?date WHERE {{\n  {_where(sel, after)}\n}}\n"
            f"ORDER BY DESC(?date) DESC(?s)\nLIMIT {int(limit) + 1}")


def _keyed(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows of :func:`page_query` as (``s``, ``key``)."""
    return [{"s": r["s"], "key": sort_key(r["s"], r.get("date"))} for r in rows]


def window_query(date_path: str, driver: str, days: Sequence[dt.date]) -> str:
    """The subjects dated on ``days`` that the ``driver`` pattern (a constraint binding ``?s``)
    matches, with their dates. Each side is read on its own through its index, in a subquery, and
    the two are joined by hash: as one pattern, oxigraph would look the constraint up once per
    subject of the days (a disk seek each), and with any other pattern beside them it starts
    from that pattern's every match instead — ten times slower on a million statements. (A
    subject the driver matches twice comes twice: the caller keeps one; DISTINCT here costs
    more than that.)"""
    dated = f"VALUES ?date {{ {' '.join(sparql_date(d) for d in days)} }} ?s {date_path} ?date"
    return (f"SELECT ?s ?date WHERE {{ {{ SELECT ?s ?date WHERE {{ {dated} }} }} "
            f"{{ SELECT ?s WHERE {{ {driver} }} }} }}")


def check_query(sel: Selection, subjects: Sequence[str]) -> str:
    """Which of ``subjects`` meet every constraint of ``sel`` but its dates and text, starting
    from the subjects (each check an index lookup)."""
    lines = [_values("s", subjects)]
    for n, (pred, iris) in enumerate(sel.links):
        if len(iris) == 1:
            lines.append(f"?s {sparql_iri(pred)} {sparql_iri(iris[0])} .")
        else:
            lines.append(f"?s {sparql_iri(pred)} ?v{n} . FILTER(?v{n} IN ({', '.join(sparql_iri(i) for i in iris)}))")
    lines += [f"?s {sparql_iri(pred)} {sparql_iri(obj)} ." for pred, obj in sel.fixed]
    lines.append(f"?s a {sparql_iri(sel.kind)} .")
    lines += [f"?s {sparql_iri(pred)} ?m{n} . FILTER(?m{n} >= {int(least)})" for n, (pred, least) in enumerate(sel.minimum)]
    return "SELECT DISTINCT ?s WHERE {\n  " + "\n  ".join(lines) + "\n}"


def count_query(sel: Selection) -> str:
    """How many subjects a selection holds."""
    return f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{\n  {_where(sel, None)}\n}}"


def describe_query(subjects: Sequence[str], predicates: Sequence[str]) -> str:
    """The values of ``predicates`` for each of ``subjects``, as rows (``i``, ``k``, ``o``): the
    position of the subject in ``subjects``, of the predicate in ``predicates``, and the value.

    Positions, not IRIs: each IRI in an answer is read back from the store's string table, one
    lookup per row and column, and those lookups were two thirds of the cost of a page's
    description; a position is a small number written as is. The predicate's position is worked
    out by comparing it with each wanted IRI, which needs no lookup."""
    # from each subject through the subject index; a VALUES block of predicates would make
    # oxigraph join two VALUES blocks first and then scan every quad
    pairs = " ".join(f"({sparql_iri(s)} {n})" for n, s in enumerate(subjects))
    wanted = ", ".join(sparql_iri(p) for p in predicates)
    position = "-1"
    for n in range(len(predicates) - 1, -1, -1):
        position = f"IF(?p = {sparql_iri(predicates[n])}, {n}, {position})"
    # no DISTINCT: a triple held by several article graphs comes once per graph, and the
    # caller keeps one (cheaper than oxigraph hashing every row)
    return (f"SELECT ?i ?k ?o WHERE {{ VALUES (?x ?i) {{ {pairs} }} ?x ?p ?o "
            f"FILTER(?p IN ({wanted})) BIND({position} AS ?k) }}")


# --- running ------------------------------------------------------------------------------

Facts = dict[str, dict[str, list[str]]]


class Catalogue(Protocol):
    """What a lookup can take from memory instead of the store (``profiles.EntityIndex``):
    every date the store holds, newest first, and each entity's label and QID. An entity's
    label sits in every article graph that names it, so reading it from the store costs more
    the more often the entity is named."""

    dates: list[str]
    #: How many subjects a constraint matches, counted up to a cap (``"cap|pattern"`` → count),
    #: kept as long as the catalogue is: they choose a plan, never a result, so a count made
    #: stale by a write costs time at most (and a write through this process makes a new one).
    match_counts: MutableMapping[str, int]

    def name_of(self, iri: str) -> tuple[str, str | None] | None:
        """The label and Wikidata QID of an entity, None when unknown."""
        ...


def select(store: Store, sparql: str) -> list[dict[str, str]]:
    """The rows of a SELECT as ``{variable: lexical value}`` (the usual store helper)."""
    from diplograph.store.base import select_rows
    return select_rows(store, sparql)


def describe(store: Store, subjects: Iterable[str], predicates: Sequence[str]) -> Facts:
    """``{subject: {predicate: [values]}}`` for the given predicates, values in a stable order."""
    facts: Facts = {}
    todo = sorted(set(subjects))
    for at in range(0, len(todo), _CHUNK):
        chunk = todo[at:at + _CHUNK]
        for row in select(store, describe_query(chunk, predicates)):
            facts.setdefault(chunk[int(row["i"])], {}).setdefault(predicates[int(row["k"])], []).append(row["o"])
    for props in facts.values():
        for p, values in props.items():
            props[p] = sorted(set(values))
    return facts


@dataclass
class Page:
    """One page of records and the cursor of the next (None: this was the last page)."""

    items: list[dict[str, Any]]
    next_cursor: str | None
    limit: int


#: A constraint that matches fewer subjects than this drives the page query (its matches are
#: sorted); past it, the page is read day by day from the newest date down, so a lookup costs
#: what the page needs, not what the whole match set holds.
DRIVE_LIMIT = 4000


#: Counts kept per catalogue: past this many, the oldest half is dropped.
MAX_KEPT_COUNTS = 4096


def _bounded_count(store: Store, pattern: str, cap: int, kept: MutableMapping[str, int] | None = None) -> int:
    """How many subjects ``pattern`` matches, counted up to ``cap``; taken from and put in
    ``kept`` when given (counting a constraint of an entity named in ten thousand statements
    reads every one of their ids, each time)."""
    key = f"{int(cap)}|{pattern}"
    if kept is not None and key in kept:
        return kept[key]
    rows = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT ?s WHERE {{ {pattern} }} LIMIT {int(cap)} }}")
    found = int(rows[0]["n"]) if rows else 0
    if kept is not None:
        if len(kept) >= MAX_KEPT_COUNTS:
            for old in list(kept)[:MAX_KEPT_COUNTS // 2]:
                kept.pop(old, None)
        kept[key] = found
    return found


def _patterns(sel: Selection) -> list[str]:
    """One pattern binding ``?s`` per link and fixed constraint of ``sel``."""
    patterns = [f"?s {sparql_iri(pred)} {sparql_iri(iris[0])}" if len(iris) == 1 else
                f"{_values('v', iris)} ?s {sparql_iri(pred)} ?v" for pred, iris in sel.links]
    return patterns + [f"?s {sparql_iri(pred)} {sparql_iri(obj)}" for pred, obj in sel.fixed]


def driver(store: Store, sel: Selection, cap: int = DRIVE_LIMIT,
           kept: MutableMapping[str, int] | None = None) -> tuple[str | None, int]:
    """The pattern of the most selective constraint of ``sel`` (None when it has none) and how
    many subjects it matches, counted up to ``cap`` (counts kept in ``kept``, when given)."""
    best: tuple[str | None, int] = (None, cap)
    for pattern in _patterns(sel):
        found = _bounded_count(store, pattern, cap, kept)
        if best[0] is None or found < best[1]:
            best = (pattern, found)
        if found < cap:
            break
    return best


def smallest_match(store: Store, sel: Selection, cap: int = DRIVE_LIMIT) -> int:
    """How many subjects the most selective constraint of ``sel`` matches, counted up to ``cap``."""
    return driver(store, sel, cap)[1]


#: Days the day-by-day plan reads, one query each, before it sorts what is left instead.
DAY_STEPS = 48
#: Days the windowed plan reads (8 + 16 + 32 + 64 at most) before it sorts what is left.
WINDOW_DAYS = 120
#: The fewest days in the first window of the windowed plan; each next window is twice as long.
FIRST_WINDOW = 8
#: The lead constraint's matches are counted up to this many to size the first window.
DENSITY_CAP = 100_000


def _day_by_day(store: Store, sel: Selection, after: str | None, limit: int, dates: Sequence[str],
                lead: str | None = None, kept: MutableMapping[str, int] | None = None) -> list[dict[str, str]]:
    """The rows of one page read from the newest date down.

    With a ``lead`` pattern (the most selective constraint), windows of days, each twice as
    long as the last, are joined with it (:func:`window_query`): a page of a constraint that
    matches a share ``p`` of the statements costs about ``limit / p`` subjects of the days read,
    whatever the size of the store. Without one, one day per query: oxigraph plans a one-date
    pattern as an index scan of that day (a VALUES block of dates it would join against every
    match instead). A selection too sparse to fill the page in ``DAY_STEPS`` days (``WINDOW_DAYS``
    in windows) has the rest of its page read by the sorting plan, bounded by the last day read."""
    after_day = after.split("|", 1)[0] if after else None
    days: list[dt.date] = []
    for text in dates:
        if after_day is not None and text > after_day:
            continue
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            continue
        if (sel.date_from and day < sel.date_from) or (sel.date_to and day > sel.date_to):
            continue
        days.append(day)
    rows: list[dict[str, str]] = []
    window = FIRST_WINDOW
    if lead is not None and days:
        # spread evenly over the store's days, the lead's matches fill a page in this many days
        # (counting them reads their ids only, no IRI); when they crowd elsewhere, the next
        # windows double
        matches = _bounded_count(store, lead, DENSITY_CAP, kept)
        window = max(FIRST_WINDOW, -(-(limit + 1) * len(dates) * 5 // (4 * max(1, matches))))
    read = 0
    budget = DAY_STEPS if lead is None else WINDOW_DAYS
    while read < min(budget, len(days)):
        if lead is None:
            chunk = days[read:read + 1]
            rows += _keyed(select(store, page_query(replace(sel, dates=tuple(chunk)), after, limit - len(rows))))
        else:
            chunk = days[read:min(read + window, budget)]
            rows += _window(store, sel, lead, chunk, after, limit + 1 - len(rows))
            window *= 2
        read += len(chunk)
        if len(rows) > limit:
            return rows
    if len(days) > read:  # the older days, sorted: the dated rest of the selection
        rest = replace(sel, date_to=days[read - 1] - dt.timedelta(days=1))
        rows += _keyed(select(store, page_query(rest, after, limit - len(rows))))
        if len(rows) > limit:
            return rows
    if not (sel.date_from or sel.date_to):
        rows += _keyed(select(store, page_query(replace(sel, undated=True), after, limit - len(rows))))  # the undated come last
    return rows


def _window(store: Store, sel: Selection, lead: str, days: Sequence[dt.date], after: str | None,
            wanted: int) -> list[dict[str, str]]:
    """Up to ``wanted`` rows (``s``, ``key``) of ``sel`` dated on ``days``, newest first: the
    subjects the lead constraint and the days share (:func:`window_query`), then the other
    constraints checked on the newest of those, a few at a time (:func:`check_query`); the sort
    key is made as the page query makes it."""
    found = select(store, window_query(sel.date_path, lead, days))
    keys = sorted({sort_key(r["s"], r.get("date")) for r in found}, reverse=True)
    keys = [k for k in keys if after is None or k < after]
    rows: list[dict[str, str]] = []
    at = 0
    while at < len(keys) and len(rows) < wanted:
        batch = keys[at:at + min(_CHUNK, max(16, wanted - len(rows)))]
        at += len(batch)
        kept = {r["s"] for r in select(store, check_query(sel, sorted({k.split("|", 1)[1] for k in batch})))}
        rows += [{"s": s, "key": k} for k in batch if (s := k.split("|", 1)[1]) in kept]
    return rows[:wanted]


def _sorted_then_checked(store: Store, sel: Selection, lead: str, after: str | None,
                         limit: int) -> list[dict[str, str]]:
    """The rows of one page of a selection with a single constraint (``lead``, matching fewer
    than DRIVE_LIMIT subjects): the lead's matches sorted as the page query sorts them, then the
    class (and any least values) checked on the newest of them only (:func:`check_query`).

    The page query would look the class up for every match before sorting (a disk seek each:
    half its cost for a speaker of a few hundred statements); here it is looked up for the
    page. What the checks turn away is made up from the next newest, and rarely is there any."""
    rows: list[dict[str, str]] = []
    wanted = limit + 1
    while True:
        where = f"{lead} OPTIONAL {{ ?s {sel.date_path} ?date }}"
        if after is not None:
            where += f" {_after_filter(after)}"
        found = _keyed(select(store, f"SELECT DISTINCT ?s ?date WHERE {{ {where} }}\n"
                                     f"ORDER BY DESC(?date) DESC(?s)\nLIMIT {int(wanted)}"))
        if found:
            kept = {r["s"] for r in select(store, check_query(sel, sorted({r["s"] for r in found})))}
            rows += [r for r in found if r["s"] in kept]
        if len(rows) > limit or len(found) < wanted:
            return rows
        after, wanted = found[-1]["key"], min(2 * wanted, MAX_LIMIT + 1)


def select_page(store: Store, sel: Selection, cursor: str | None, limit: int,
                dates: Sequence[str] | None = None,
                kept: MutableMapping[str, int] | None = None) -> tuple[list[str], str | None]:
    """The subjects of one page of ``sel`` and the cursor of the next.

    ``dates`` (every date the store holds, newest first) allows the day-by-day plan for a
    selection whose every constraint matches many subjects; ``kept`` keeps the counts that
    choose the plan from one lookup to the next (``Catalogue.match_counts``)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}")
    after = decode_cursor(cursor)
    if sel.empty():
        return [], None
    lead, matches = (None, DRIVE_LIMIT) if dates is None or sel.date_path != _DATE else driver(store, sel, kept=kept)
    if dates is not None and sel.date_path == _DATE and matches >= DRIVE_LIMIT:
        # words to look for are checked in OPTIONAL patterns, which the windows cannot hold
        rows = _day_by_day(store, sel, after, limit, dates, None if sel.text else lead, kept)
    elif lead is not None and len(_patterns(sel)) == 1 and not (sel.text or sel.date_from or sel.date_to):
        rows = _sorted_then_checked(store, sel, lead, after, limit)
    else:
        rows = _keyed(select(store, page_query(sel, after, limit)))
    more = len(rows) > limit
    rows = rows[:limit]
    return [r["s"] for r in rows], (encode_cursor(rows[-1]["key"]) if more and rows else None)


def store_dates(store: Store) -> list[str]:
    """Every statement, casualty or meeting date in the store, newest first."""
    rows = select(store, f"SELECT DISTINCT ?d WHERE {{ ?s {sparql_iri(_DG.date)} ?d }}")
    return sorted((r["d"] for r in rows), reverse=True)


def count(store: Store, sel: Selection) -> int:
    """How many subjects ``sel`` holds."""
    if sel.empty():
        return 0
    rows = select(store, count_query(sel))
    return int(rows[0]["n"]) if rows else 0


# --- reading records ----------------------------------------------------------------------

#: What is read of the nodes a record points to: entities, text spans, articles, parts.
LINKED = (_RDFS.label, _DG.wikidataId, _OA.exact, _OA.start, _OA.end, _DG.title,
          _DG.source, _SDO.url, _DG.published, _DG.dateline, _DG.fileName, _DG.textLength,
          _DG.group, str(DG["count"]))

STATEMENT_PREDICATES = (
    _RDF.type, _DG.speaker, _DG.addressee, _DG.about, _DG.mode, _DG.speechAct,
    _DG.content, _DG.cue, _DG.sourceMention, _DG.sentence, _DG.date, _DG.evidence,
    _PROV.wasDerivedFrom, _DG.accuser, _DG.accused, _DG.allegedAct, _DG.means,
    _DG.allegedActSpan,
)
CEASEFIRE_PREDICATES = (_RDFS.label, _DG.declaredBy, _DG.location, _DG.durationDays, _DG.endDate,
                        _DG.renewalStatus, _DG.evidence, _PROV.wasDerivedFrom)
CASUALTY_PREDICATES = (_DG.killed, _DG.wounded, _DG.victims, _DG.including, _DG.place,
                       _DG.date, _DG.since, _DG.cause, _DG.reportedBy, _DG.evidence,
                       _PROV.wasDerivedFrom)
MEETING_PREDICATES = (_DG.place, _DG.date, _DG.topic, _DG.participant, _DG.outcome,
                      _DG.evidence, _PROV.wasDerivedFrom)
ARTICLE_PREDICATES = (_DG.title, _DG.source, _SDO.url, _DG.published, _DG.dateline,
                      _DG.fileName, _DG.textLength, _DG.textHash, _DG.extractorVersion)


@dataclass
class Reader:
    """Turns facts about a page of subjects (and the nodes they point to) into records."""

    facts: Facts
    linked: Facts = field(default_factory=dict)

    def all(self, s: str, p: str) -> list[str]:
        return self.facts.get(s, {}).get(p, [])

    def one(self, s: str, p: str) -> str | None:
        values = self.all(s, p)
        return values[0] if values else None

    def linked_one(self, s: str, p: str) -> str | None:
        values = self.linked.get(s, {}).get(p, [])
        return values[0] if values else None

    def entity(self, iri: str) -> dict[str, Any]:
        labels = self.linked.get(iri, {}).get(_RDFS.label, [])
        return {"id": local_key(iri), "iri": iri, "label": min(labels, key=lambda t: (len(t), t)) if labels else local_key(iri),
                "wikidata": self.linked_one(iri, _DG.wikidataId)}

    def entities(self, s: str, p: str) -> list[dict[str, Any]]:
        return [self.entity(i) for i in self.all(s, p)]

    def maybe_entity(self, s: str, p: str) -> dict[str, Any] | None:
        iri = self.one(s, p)
        return None if iri is None else self.entity(iri)

    def span(self, iri: str) -> dict[str, Any]:
        start, end = self.linked_one(iri, _OA.start), self.linked_one(iri, _OA.end)
        return {"text": self.linked_one(iri, _OA.exact) or "", "start": int(start or 0), "end": int(end or 0)}

    def spans(self, s: str, p: str) -> list[dict[str, Any]]:
        return sorted((self.span(i) for i in self.all(s, p)), key=lambda sp: (sp["start"], sp["end"]))

    def article(self, s: str) -> dict[str, Any] | None:
        iri = self.one(s, _PROV.wasDerivedFrom)
        if iri is None:
            return None
        return article_record(iri, self.linked.get(iri, {}))

    def number(self, s: str, p: str) -> int | None:
        value = self.one(s, p)
        return None if value is None else int(value)


def article_record(iri: str, props: Mapping[str, list[str]]) -> dict[str, Any]:
    """An article as the API shows it (without its text)."""
    def one(p: str) -> str | None:
        values = props.get(p, [])
        return values[0] if values else None
    length = one(_DG.textLength)
    return {"id": local_key(iri), "iri": iri, "title": one(_DG.title), "source": one(_DG.source),
            "url": one(_SDO.url), "published": one(_DG.published), "dateline": one(_DG.dateline),
            "file": one(_DG.fileName), "text_length": int(length) if length else None}


def read(store: Store, subjects: Sequence[str], predicates: Sequence[str], catalogue: Catalogue | None = None) -> Reader:
    """Facts about ``subjects`` and about every node they point to (entities from the
    catalogue when one is given and knows them)."""
    facts = describe(store, subjects, predicates)
    pointed = {v for props in facts.values() for p, values in props.items() if p != _RDF.type
               for v in values if v.startswith(str(ID))}
    linked: Facts = {}
    if catalogue is not None:
        for iri in [i for i in pointed if i.startswith(ENTITY_BASE)]:
            known = catalogue.name_of(iri)
            if known is not None:
                label, qid = known
                linked[iri] = {_RDFS.label: [label], **({_DG.wikidataId: [qid]} if qid else {})}
                pointed.discard(iri)
    # spans, articles, casualty breakdowns (and entities the catalogue lacks): all our IRIs
    linked.update(describe(store, pointed, LINKED))
    return Reader(facts, linked)


def _after_hash(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def statement_record(r: Reader, s: str) -> dict[str, Any]:
    """A statement (and, when it is one, its accusation) as the API shows it."""
    types = [_after_hash(t) for t in r.all(s, _RDF.type) if t.startswith(str(DG))]
    act = r.one(s, _DG.speechAct)
    mode = r.one(s, _DG.mode)
    accusation = None
    if "Accusation" in types:
        alleged = r.one(s, _DG.allegedActSpan)
        accusation = {"accusers": r.entities(s, _DG.accuser), "accused": r.entities(s, _DG.accused),
                      "alleged_act": r.one(s, _DG.allegedAct), "means": r.one(s, _DG.means),
                      "alleged_act_evidence": None if alleged is None else r.span(alleged)}
    return {
        "id": local_key(s), "iri": s, "types": sorted(types),
        "speakers": r.entities(s, _DG.speaker), "addressee": r.maybe_entity(s, _DG.addressee),
        "about": r.entities(s, _DG.about),
        "act": None if act is None else act[len(str(ACT)):] if act.startswith(str(ACT)) else _after_hash(act),
        "mode": None if mode is None else _after_hash(mode).lower(),
        "content": r.one(s, _DG.content) or "", "cue": r.one(s, _DG.cue),
        "source_mention": r.one(s, _DG.sourceMention), "sentence": r.one(s, _DG.sentence),
        "date": r.one(s, _DG.date), "article": r.article(s), "evidence": r.spans(s, _DG.evidence),
        "accusation": accusation,
    }


def ceasefire_record(r: Reader, s: str) -> dict[str, Any]:
    """A ceasefire as the API shows it."""
    return {"id": local_key(s), "iri": s, "label": r.one(s, _RDFS.label) or "",
            "declared_by": r.entities(s, _DG.declaredBy), "location": r.maybe_entity(s, _DG.location),
            "duration_days": r.number(s, _DG.durationDays), "end_date": r.one(s, _DG.endDate),
            "renewal": r.one(s, _DG.renewalStatus), "article": r.article(s),
            "evidence": r.spans(s, _DG.evidence)}


def casualty_record(r: Reader, s: str) -> dict[str, Any]:
    """A casualty report as the API shows it."""
    including = []
    for part in r.all(s, _DG.including):
        group, n = r.linked_one(part, _DG.group), r.linked_one(part, str(DG["count"]))
        if group is not None and n is not None:
            including.append({"group": group, "count": int(n)})
    return {"id": local_key(s), "iri": s, "killed": r.number(s, _DG.killed),
            "wounded": r.number(s, _DG.wounded), "victims": r.one(s, _DG.victims),
            "including": sorted(including, key=lambda g: str(g["group"])), "place": r.maybe_entity(s, _DG.place),
            "date": r.one(s, _DG.date), "since": r.one(s, _DG.since), "cause": r.one(s, _DG.cause),
            "reported_by": r.maybe_entity(s, _DG.reportedBy), "article": r.article(s),
            "evidence": r.spans(s, _DG.evidence)}


def meeting_record(r: Reader, s: str) -> dict[str, Any]:
    """A meeting as the API shows it."""
    return {"id": local_key(s), "iri": s, "place": r.maybe_entity(s, _DG.place), "date": r.one(s, _DG.date),
            "topic": r.maybe_entity(s, _DG.topic), "participants": r.entities(s, _DG.participant),
            "outcome": r.one(s, _DG.outcome), "article": r.article(s), "evidence": r.spans(s, _DG.evidence)}


# --- the kinds of record, as tables --------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """One kind of record: its class, the date it is ordered by, what is read, how it is shown."""

    cls: str
    date_path: str
    predicates: tuple[str, ...]
    text_paths: tuple[str, ...]


_PUBLISHED = f"{sparql_iri(_PROV.wasDerivedFrom)}/{sparql_iri(_DG.published)}"

KINDS: dict[str, Kind] = {
    "statement": Kind(_DG.Statement, sparql_iri(_DG.date), STATEMENT_PREDICATES,
                      (sparql_iri(_DG.content), sparql_iri(_DG.sentence))),
    "accusation": Kind(_DG.Accusation, sparql_iri(_DG.date), STATEMENT_PREDICATES,
                       (sparql_iri(_DG.allegedAct), sparql_iri(_DG.content), sparql_iri(_DG.means))),
    "ceasefire": Kind(_DG.Ceasefire, _PUBLISHED, CEASEFIRE_PREDICATES,
                      (sparql_iri(_RDFS.label), sparql_iri(_DG.renewalStatus))),
    "casualty-report": Kind(_DG.CasualtyReport, sparql_iri(_DG.date), CASUALTY_PREDICATES,
                            (sparql_iri(_DG.victims), sparql_iri(_DG.cause))),
    "meeting": Kind(_DG.Meeting, sparql_iri(_DG.date), MEETING_PREDICATES, (sparql_iri(_DG.outcome),)),
    "article": Kind(_DG.Article, sparql_iri(_DG.published), ARTICLE_PREDICATES,
                    (sparql_iri(_DG.title), sparql_iri(_DG.source))),
}
_RECORDS = {"statement": statement_record, "accusation": statement_record, "ceasefire": ceasefire_record,
            "casualty-report": casualty_record, "meeting": meeting_record}

#: The speech acts and modes a filter may name (the ontology's scheme).
MODES = {"direct": _DG.Direct, "indirect": _DG.Indirect, "mixed": _DG.Mixed}


def selection(kind: str, *, links: Sequence[tuple[str, Sequence[str]]] = (), fixed: Sequence[tuple[str, str]] = (),
              date_from: dt.date | None = None, date_to: dt.date | None = None, text: str | None = None,
              minimum: Sequence[tuple[str, int]] = ()) -> Selection:
    """A :class:`Selection` of records of ``kind`` (a key of :data:`KINDS`)."""
    k = KINDS[kind]
    if date_from and date_to and date_from > date_to:
        raise InputError(f"'from' ({date_from}) is after 'to' ({date_to})")
    return Selection(kind=k.cls, date_path=k.date_path, links=tuple((p, tuple(i)) for p, i in links),
                     fixed=tuple(fixed), date_from=date_from, date_to=date_to, text=text or None,
                     text_paths=k.text_paths, minimum=tuple(minimum))


def records(store: Store, kind: str, subjects: Sequence[str], catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """Records of ``kind`` for these subjects, in their order (those not found are left out)."""
    if kind == "article":
        facts = describe(store, subjects, ARTICLE_PREDICATES)
        return [article_record(s, facts.get(s, {})) for s in subjects if s in facts]
    reader = read(store, subjects, KINDS[kind].predicates, catalogue)
    show = _RECORDS[kind]
    return [show(reader, s) for s in subjects if s in reader.facts]


def find(store: Store, kind: str, sel: Selection, cursor: str | None = None, limit: int = 50,
         catalogue: Catalogue | None = None) -> Page:
    """One page of records of ``kind`` that ``sel`` selects, newest first; with a catalogue
    the page may be read day by day (:func:`select_page`) and entities are named from memory."""
    subjects, next_cursor = select_page(store, sel, cursor, limit, None if catalogue is None else catalogue.dates,
                                        None if catalogue is None else catalogue.match_counts)
    return Page(records(store, kind, subjects, catalogue), next_cursor, limit)


def exists(store: Store, iri: str, cls: str) -> bool:
    """Whether ``iri`` is a ``cls`` in the store."""
    from diplograph.store.base import ask
    return ask(store, f"ASK {{ {sparql_iri(iri)} a {sparql_iri(cls)} }}")


def article_text(store: Store, iri: str) -> str | None:
    """The text of the article ``iri`` as ingested (None when the store does not hold it)."""
    rows = select(store, f"SELECT ?text WHERE {{ {sparql_iri(iri)} {sparql_iri(_DG.text)} ?text }} LIMIT 1")
    return rows[0]["text"] if rows else None


def article_contents(store: Store, iri: str) -> dict[str, int]:
    """How many records of each kind an article holds."""
    counts = {}
    for name, kind in KINDS.items():
        if name == "article":
            continue
        rows = select(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s {sparql_iri(_PROV.wasDerivedFrom)} "
                             f"{sparql_iri(iri)} ; a {sparql_iri(kind.cls)} }}")
        counts[name] = int(rows[0]["n"]) if rows else 0
    return counts


def subjects_of(store: Store, article: str, kind: str) -> list[str]:
    """The records of ``kind`` an article holds, in text order of their IRIs."""
    rows = select(store, f"SELECT DISTINCT ?s WHERE {{ ?s {sparql_iri(_PROV.wasDerivedFrom)} {sparql_iri(article)} ; "
                         f"a {sparql_iri(KINDS[kind].cls)} }}")
    return sorted((r["s"] for r in rows), key=_text_order)


def _text_order(iri: str) -> tuple[int, str]:
    tail = iri.rsplit("-", 2)
    try:
        return int(tail[-2]), iri
    except (ValueError, IndexError):
        return 0, iri
