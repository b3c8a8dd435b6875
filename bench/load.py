"""Many clients at once reading from a real ``diplograph serve`` (uvicorn) on loopback; one JSON line out.

    python bench/load.py [--full] [--clients 50] [--seconds S] [--articles 100]

A store of synthetic articles (``diplograph.synth``) is served; ``--clients`` clients then
read for ``--seconds`` (quick: 10 s; ``--full``: 60 s), each sending one request after another
drawn from a fixed mix of reads:

- ``sparql``: SPARQL queries (a SELECT with a join, a GROUP BY count, an ASK) by GET and POST;
- ``rest``: ``/api/v1/statements`` (filtered by speaker, and a plain page), ``/api/v1/entities``
  searches and profiles, ``/api/v1/articles``;
- ``linked_data``: ``/id/entity/…`` and ``/id/statement/…`` as Turtle and as HTML;
- ``pages``: the HTML pages ``/``, ``/entity/…``, ``/statement/…``, ``/article/…``.

Reported: requests served, errors (any status but 200, or a failed connection), requests per
second, and p50 / p99 latency (ms) over all requests and per kind. The test suite runs the same
load (tests/reliability/test_reliability_load.py) and asserts zero errors; the latencies are
figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script

import httpx
from bench._common import emit, machine
from tests.store.servers import serve_diplograph

from diplograph import synth
from diplograph.api import ensure_ontology, ingest_extraction
from diplograph.store.embedded import EmbeddedStore

PREFIXES = "PREFIX dg: <https://w3id.org/diplograph/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
QUERIES = (
    PREFIXES + "SELECT ?speaker ?content WHERE { ?s a dg:Statement ; dg:speaker/rdfs:label ?speaker ; dg:content ?content } LIMIT 25",
    PREFIXES + "SELECT ?act (COUNT(*) AS ?n) WHERE { ?s dg:speechAct ?act } GROUP BY ?act ORDER BY DESC(?n)",
    PREFIXES + "ASK { ?s a dg:Statement }",
)


@dataclass(frozen=True)
class Read:
    """One request of the mix."""

    kind: str
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    accept: str = "*/*"


def build_store(folder: Path, articles: int) -> None:
    """An embedded store in ``folder`` holding ``articles`` synthetic articles and the ontology."""
    store = EmbeddedStore(folder)
    try:
        ensure_ontology(store)
        for article in synth.articles(articles, seed=23):
            ingest_extraction(store, article.extraction)
    finally:
        store.close()
        del store
        gc.collect()  # pyoxigraph lets go of the folder when the store is dropped


def reads(base: str) -> list[Read]:
    """The mix of reads, with statement, entity and article ids taken from the running service."""
    statements = httpx.get(base + "/api/v1/statements", params={"limit": "40"}, timeout=60).json()["items"]
    articles = httpx.get(base + "/api/v1/articles", params={"limit": "20"}, timeout=60).json()["items"]
    people = sorted({(p["id"], p["label"]) for s in statements for p in s["speakers"]})
    if not statements or not articles or not people:
        raise RuntimeError("the served store holds no statements to read")
    mix: list[Read] = []
    for i, query in enumerate(QUERIES):
        mix.append(Read("sparql", "GET", "/sparql", {"query": query}, "application/sparql-results+json"))
        mix.append(Read("sparql", "POST", "/sparql", {"query": query}, ("text/csv", "application/sparql-results+xml",
                                                                          "application/sparql-results+json")[i]))
    for key, label in people[:8]:
        mix.append(Read("rest", "GET", "/api/v1/statements", {"speaker": label, "limit": "20"}, "application/json"))
        mix.append(Read("rest", "GET", f"/api/v1/entities/{key}", accept="application/json"))
        mix.append(Read("rest", "GET", "/api/v1/entities", {"q": label.split()[-1]}, "application/json"))
        mix.append(Read("linked_data", "GET", f"/id/entity/{key}", accept="text/turtle"))
        mix.append(Read("linked_data", "GET", f"/id/entity/{key}", accept="text/html"))
        mix.append(Read("pages", "GET", f"/entity/{key}", accept="text/html"))
    mix.append(Read("rest", "GET", "/api/v1/statements", {"limit": "50"}, "application/json"))
    mix.append(Read("rest", "GET", "/api/v1/articles", {"limit": "20"}, "application/json"))
    for statement in statements[:8]:
        mix.append(Read("linked_data", "GET", f"/id/statement/{statement['id']}", accept="text/turtle"))
        mix.append(Read("pages", "GET", f"/statement/{statement['id']}", accept="text/html"))
    for article in articles[:4]:
        mix.append(Read("pages", "GET", f"/article/{article['id']}", accept="text/html"))
    mix.append(Read("pages", "GET", "/", accept="text/html"))
    return mix


@dataclass
class Tally:
    """What the clients saw."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


async def _client(http: httpx.AsyncClient, mix: list[Read], until: float, rng: random.Random, tally: Tally) -> None:
    while time.monotonic() < until:
        read = rng.choice(mix)
        started = time.perf_counter()
        try:
            if read.method == "GET":
                response = await http.get(read.path, params=read.params, headers={"Accept": read.accept})
            else:
                response = await http.post(read.path, data=read.params, headers={"Accept": read.accept})
            await response.aread()
        except httpx.HTTPError as exc:
            tally.errors.append(f"{read.method} {read.path}: {type(exc).__name__}: {exc}")
            continue
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            tally.errors.append(f"{read.method} {read.path}: {response.status_code} {response.text[:200]}")
            continue
        tally.latencies.setdefault(read.kind, []).append(elapsed)


def _percentiles(seconds: list[float]) -> dict[str, float | None]:
    if not seconds:
        return {"p50_ms": None, "p99_ms": None}
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p99_ms": round(p99 * 1000, 1)}


async def hammer(base: str, mix: list[Read], clients: int, seconds: float, seed: int = 5) -> dict[str, Any]:
    """``clients`` clients reading ``mix`` from ``base`` for ``seconds``; the figures."""
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=httpx.Timeout(120.0)) as http:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(_client(http, mix, until, random.Random(seed * 1000 + i), tally) for i in range(clients)))
        wall = time.monotonic() - started
    every = [s for values in tally.latencies.values() for s in values]
    return {
        "clients": clients, "seconds": round(wall, 1), "requests": len(every) + len(tally.errors),
        "served": len(every), "errors": len(tally.errors), "error_samples": tally.errors[:5],
        "requests_per_second": round(len(every) / wall, 1) if wall > 0 else None, **_percentiles(every),
        "kinds": {kind: {"requests": len(values), **_percentiles(values)} for kind, values in sorted(tally.latencies.items())},
    }


@contextlib.contextmanager
def serve(store_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``diplograph serve`` over ``store_dir`` on a free loopback port until the block ends; its URL."""
    with serve_diplograph(store_dir, {**os.environ, **(env or {})}) as base:
        yield base


def run_load(store_dir: Path, clients: int, seconds: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Serve ``store_dir`` with ``diplograph serve`` and put it under load; the figures."""
    with serve(store_dir, env) as base:
        mix = reads(base)
        result = asyncio.run(hammer(base, mix, clients, seconds))
    result["mix"] = len(mix)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true", help="the full run: 60 s")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, help="how long the clients read (quick: 10; --full: 60)")
    parser.add_argument("--articles", type=int, default=100, help="synthetic articles in the served store")
    args = parser.parse_args()
    seconds = args.seconds if args.seconds is not None else (60.0 if args.full else 10.0)
    with tempfile.TemporaryDirectory(prefix="diplograph-load-") as work:
        store_dir = Path(work) / "store"
        build_store(store_dir, args.articles)
        result = run_load(store_dir, args.clients, seconds)
    emit({"benchmark": "load", "machine": machine(), "articles": args.articles, **result})


if __name__ == "__main__":
    main()
