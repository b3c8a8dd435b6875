"""Which other hosts a query or update would reach (SERVICE, LOAD), and refusing those not on
the allow-list.

pyoxigraph fetches a SERVICE endpoint or a LOAD source itself, so a public endpoint that ran
any query would let anybody make it connect anywhere (including hosts inside our network).
The check:

1. A request whose text does not hold the words ``service`` or ``load`` in any case — also
   after ``\\u`` / ``\\U`` escapes are expanded, as the SPARQL grammar allows — cannot name
   another host. This costs a regular expression, so ordinary queries pay nothing more.
2. Otherwise the text is parsed with rdflib's SPARQL parser and its algebra walked for
   service patterns and LOAD operations (in subqueries, EXISTS filters and every operation
   of an update too), with BASE and prefixes resolved to full IRIs.
3. A text that mentions either word but that rdflib cannot parse is refused: we cannot show
   it is harmless. A SERVICE whose endpoint is a variable is refused as well.

The allow-list holds endpoint IRIs, compared exactly.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator

from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef, Variable

from diplograph.errors import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def expand_escapes(text: str) -> str:
    """``text`` with SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` codepoint escapes expanded."""

    def char(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _ESCAPE.sub(char, text)


def mentions_remote_access(sparql: str) -> bool:
    """Whether ``sparql`` holds a word that could start a SERVICE pattern or a LOAD."""
    if "\\u" in sparql or "\\U" in sparql:
        sparql = sparql + " " + expand_escapes(sparql)
    lowered = sparql.lower()
    return "service" in lowered or "load" in lowered


def _walk(node: object) -> Iterator[tuple[str, object]]:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            yield "SERVICE", node.get("term")
        elif node.name == "Load":
            yield "LOAD", node.get("iri")
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value)


def remote_targets(sparql: str, *, update: bool, base_iri: str | None = None) -> list[tuple[str, str]]:
    """``(keyword, target)`` for each SERVICE pattern or LOAD in ``sparql``; a variable
    target is given as ``?name``. Raises QueryError when the text cannot be parsed."""
    if not mentions_remote_access(sparql):
        return []
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if update:
                algebra: object = list(translateUpdate(parseUpdate(sparql), base=base_iri).algebra)
            else:
                algebra = translateQuery(parseQuery(sparql), base=base_iri).algebra
    except Exception as exc:  # rdflib raises many kinds; any of them means "cannot check"
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError("this request mentions SERVICE or LOAD, and its target could not be checked "
                         f"(diplograph's checking parser says: {first_line})") from None
    targets = []
    for keyword, term in _walk(algebra):
        if isinstance(term, Variable):
            targets.append((keyword, "?" + str(term)))
        elif isinstance(term, URIRef):
            targets.append((keyword, str(term)))
        else:
            targets.append((keyword, repr(term)))
    return targets


def refuse_unlisted(sparql: str, allowlist: Iterable[str], *, update: bool, base_iri: str | None = None) -> None:
    """Raise QueryError when ``sparql`` would reach an endpoint that is not on ``allowlist``."""
    allowed = set(allowlist)
    for keyword, target in remote_targets(sparql, update=update, base_iri=base_iri):
        if target.startswith("?"):
            raise QueryError(f"{keyword} with a variable endpoint ({target}) is refused: name the endpoint")
        if target not in allowed:
            hint = " (this server allows none)" if not allowed else f" (allowed: {', '.join(sorted(allowed))})"
            raise QueryError(f"{keyword} <{target}> is refused: the endpoint is not on this server's allow-list{hint}")
