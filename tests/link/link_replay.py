"""Recorded shapes of Wikidata API answers, and the replay server's script, for the link tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Reply:
    """What the replay server answers: a status, a body (JSON value or raw text), headers, a delay."""

    body: object = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: str | None = None
    delay: float = 0.0


@dataclass
class Replay:
    """The server's script: ``answer(params)`` gives the reply; ``requests`` logs what came in."""

    base_url: str
    answer: Callable[[dict[str, str]], Reply] = lambda params: Reply({"search": []})
    requests: list[dict[str, str]] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)


def search_hits(*items: tuple[str, str, str]) -> dict[str, object]:
    """A ``wbsearchentities`` answer in Wikidata's shape: (id, label, description) per hit."""
    return {"searchinfo": {"search": "…"}, "search": [
        {"id": q, "title": q, "pageid": 1, "repository": "wikidata", "concepturi": f"http://www.wikidata.org/entity/{q}",
         "label": label, "description": desc, "match": {"type": "label", "language": "en", "text": label}}
        for q, label, desc in items], "success": 1}


def entity(qid: str, label: str, *, types: tuple[str, ...], aliases: tuple[str, ...] = (),
           country: str | None = None, citizenship: str | None = None,
           positions: tuple[str, ...] = ()) -> dict[str, object]:
    """One ``wbgetentities`` item in Wikidata's shape, with the claims the linker reads."""
    def claim(prop: str, value: str) -> dict[str, object]:
        return {"mainsnak": {"snaktype": "value", "property": prop, "datatype": "wikibase-item",
                             "datavalue": {"type": "wikibase-entityid",
                                           "value": {"entity-type": "item", "id": value}}},
                "type": "statement", "rank": "normal"}
    claims: dict[str, list[object]] = {"P31": [claim("P31", t) for t in types]}
    if country:
        claims["P17"] = [claim("P17", country)]
    if citizenship:
        claims["P27"] = [claim("P27", citizenship)]
    if positions:
        claims["P39"] = [claim("P39", p) for p in positions]
    return {"type": "item", "id": qid, "labels": {"en": {"language": "en", "value": label}},
            "aliases": {"en": [{"language": "en", "value": a} for a in aliases]}, "claims": claims}


def entities(*items: dict[str, object]) -> dict[str, object]:
    """A ``wbgetentities`` answer holding these items."""
    return {"entities": {str(i["id"]): i for i in items}, "success": 1}
