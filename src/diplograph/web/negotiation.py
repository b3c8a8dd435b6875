"""Content negotiation: which of the media types we offer an ``Accept`` header prefers.

The offers are tables (media type → short format name of ``store.base``); :func:`choose`
applies RFC 9110 rules: q-values, then the more specific range (``text/turtle`` over
``text/*`` over ``*/*``), then the client's order; a range that matches several offers takes
the first offer in the table, so a table's order is its preference.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

#: SPARQL SELECT / ASK results.
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/xml": "xml",
    "text/xml": "xml",
}
#: RDF graphs (CONSTRUCT / DESCRIBE results, Linked Data, graph store).
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
#: Formats a graph is read from (graph store bodies), by media type.
RDF_INPUT_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "n3",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
#: URL suffixes that choose a format without an Accept header (Linked Data, ontology).
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".rdf": "rdfxml",
    ".html": "html",
}
#: The media type answered for each short format name.
MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "html": "text/html",
}


@dataclass(frozen=True)
class MediaRange:
    """One item of an Accept header."""

    type: str
    subtype: str
    q: float
    position: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed items are skipped, a bad q counts as 0."""
    ranges = []
    for position, item in enumerate(header.split(",")):
        fields = [f.strip() for f in item.split(";")]
        kind, slash, sub = fields[0].lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub, q, position))
    return ranges


def choose(accept: str | None, offers: Mapping[str, str], default: str | None = None) -> str | None:
    """The short format name of the offer ``accept`` prefers; ``default`` when there is no
    Accept header (or it is empty); None when nothing offered is acceptable."""
    if accept is None or not accept.strip():
        return default if default is not None else next(iter(offers.values()), None)
    # clients send the same few Accept headers again and again
    return _choose(accept, tuple(offers.items()), default)


@functools.lru_cache(maxsize=1024)
def _choose(accept: str, offers: tuple[tuple[str, str], ...], default: str | None) -> str | None:
    ranges = parse_accept(accept)
    if not ranges:
        return default
    best: tuple[float, int, int, int] | None = None
    chosen: str | None = None
    for index, (media_type, name) in enumerate(offers):
        # the most specific range that matches an offer decides its q (RFC 9110, 12.5.1)
        matching = [r for r in ranges if r.matches(media_type)]
        if not matching:
            continue
        decisive = max(matching, key=lambda r: (r.specificity, -r.position))
        if decisive.q <= 0:
            continue
        rank = (decisive.q, decisive.specificity, -decisive.position, -index)
        if best is None or rank > best:
            best, chosen = rank, name
    return chosen


def prefers_html(accept: str | None) -> bool:
    """Whether a client (a browser) wants HTML before any RDF or JSON format we offer."""
    if not accept:
        return False
    offers = {"text/html": "html", "application/xhtml+xml": "html", **GRAPH_TYPES}
    return choose(accept, offers) == "html" and any(
        r.type == "text" and r.subtype == "html" and r.q > 0 for r in parse_accept(accept))
