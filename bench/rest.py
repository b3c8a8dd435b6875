"""Statement lookups through the REST API at growing store sizes; one JSON line out.

    python bench/rest.py [--sizes 10000,1000000 | --full] [--lookups 300] [--keep DIR]

For each size (default: 10k statements; ``--full``: 10k and 1M) a store on disk is filled with
that many synthetic statements, written straight as N-Quads in the shape rdf/mapping.py gives
them (one graph per article of five statements; entity labels, types and QIDs repeated in
every article graph; text spans with offsets; 10 % of statements accusations). The world is
``diplograph.synth``'s: its 2,000 invented people, its states, armed groups and places — so at
1M statements a person has ~500 statements and a state ~10,000. Then ``/api/v1/statements``
is asked, through the whole application in process (FastAPI, the entity index, the query
runner), a fixed mix of lookups drawn with a fixed seed:

- ``speaker``: a person by name; ``speaker_act``: a person and a speech act;
- ``state_speaker``: a state by Wikidata QID (a large match set);
- ``accused``: an armed group by name (a large match set);
- ``speaker_about``: a person and a place; ``range``: a state within one month;
- ``by_id``: one statement by its id.

Reported per size: p50 and p99 latency (ms) over all lookups and per kind, and for the largest
size the ratio of its p99 to the smallest size's (the goal: at most 3 at 1M vs 10k).
Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script

import pyoxigraph as ox
from bench._common import emit, machine, ratio

from diplograph.namespaces import ACT, DG, ID, OA, PROV, RDF, RDFS, WD, XSD
from diplograph.synth import ALLEGED_ACTS, ARMED_GROUPS, CLAIMS, CONFLICT_PLACES, FIRST_NAMES, LAST_NAMES, STATES

STATEMENTS_PER_ARTICLE = 5
FIRST_DAY = date(2014, 1, 1)
DAYS = 7 * 365
MODES = (DG.Direct, DG.Indirect, DG.Mixed)


def _iri(term: Any) -> str:
    return f"<{term}>"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _typed(value: object, datatype: Any) -> str:
    return f'"{value}"^^<{datatype}>'


def _slug(label: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in label.lower()).split())


class World:
    """The entities of diplograph.synth, with their IRIs and classes."""

    def __init__(self) -> None:
        self.people = [(f"{first} {last}", ID[f"entity/{_slug(first + ' ' + last)}"]) for first, _ in FIRST_NAMES
                       for last in LAST_NAMES]
        self.states = [(label, ID[f"entity/{qid}"], qid) for label, qid, *_ in STATES]
        self.groups = [(label, ID[f"entity/{_slug(label)}"]) for label, _ in ARMED_GROUPS]
        self.places = [(label, ID[f"entity/{qid}" if qid else f"entity/{_slug(label)}"]) for label, qid, _ in CONFLICT_PLACES]
        self.acts = sorted(CLAIMS)

    def entity_quads(self, kind: str, index: int, graph: str) -> list[str]:
        if kind == "person":
            label, iri = self.people[index]
            return [f"{_iri(iri)} {_iri(RDF.type)} {_iri(DG.Person)} {graph} .",
                    f"{_iri(iri)} {_iri(RDFS.label)} {_lit(label)} {graph} ."]
        if kind == "state":
            label, iri, qid = self.states[index]
            return [f"{_iri(iri)} {_iri(RDF.type)} {_iri(DG.State)} {graph} .",
                    f"{_iri(iri)} {_iri(RDFS.label)} {_lit(label)} {graph} .",
                    f"{_iri(iri)} {_iri(DG.wikidataId)} {_lit(qid)} {graph} .",
                    f"{_iri(iri)} <http://www.w3.org/2002/07/owl#sameAs> {_iri(WD[qid])} {graph} ."]
        if kind == "group":
            label, iri = self.groups[index]
            return [f"{_iri(iri)} {_iri(RDF.type)} {_iri(DG.ArmedGroup)} {graph} .",
                    f"{_iri(iri)} {_iri(RDFS.label)} {_lit(label)} {graph} ."]
        label, iri = self.places[index]
        return [f"{_iri(iri)} {_iri(RDF.type)} {_iri(DG.Place)} {graph} .",
                f"{_iri(iri)} {_iri(RDFS.label)} {_lit(label)} {graph} ."]

    def iri(self, kind: str, index: int) -> Any:
        table: Any = {"person": self.people, "state": self.states, "group": self.groups, "place": self.places}[kind]
        return table[index][1]


def article_quads(world: World, number: int, rng: random.Random) -> Iterator[str]:
    """The N-Quads of synthetic article ``number``: its graph, metadata and five statements."""
    key = f"{number:020x}"
    article = ID[f"article/{key}"]
    graph = _iri(article)
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    yield f"{graph} {_iri(RDF.type)} {_iri(DG.Article)} {graph} ."
    yield f"{graph} {_iri(DG.published)} {_typed(day.isoformat(), XSD.date)} {graph} ."
    yield f"{graph} {_iri(DG['title'])} {_lit(f'Synthetic report {number}')} {graph} ."
    yield f"{graph} {_iri(DG.source)} {_lit('Diplograph Wire')} {graph} ."
    used: set[tuple[str, int]] = set()
    offset = 40
    for n in range(STATEMENTS_PER_ARTICLE):
        speaker = ("state", rng.randrange(len(world.states))) if rng.random() < 0.2 else \
            ("person", rng.randrange(len(world.people)))
        about = ("place", rng.randrange(len(world.places)))
        used |= {speaker, about}
        act = rng.choice(world.acts)
        content = f"synthetic claim {number}-{n} about {world.places[about[1]][0]}"
        start, end = offset, offset + len(content)
        offset = end + 60
        st = _iri(ID[f"statement/{key}-{start}-{end}"])
        span = _iri(ID[f"span/{key}-{start}-{end}"])
        when = day - timedelta(days=rng.randrange(2))
        yield f"{st} {_iri(RDF.type)} {_iri(DG.Statement)} {graph} ."
        yield f"{st} {_iri(PROV.wasDerivedFrom)} {graph} {graph} ."
        yield f"{st} {_iri(DG.speaker)} {_iri(world.iri(*speaker))} {graph} ."
        yield f"{st} {_iri(DG.about)} {_iri(world.iri(*about))} {graph} ."
        yield f"{st} {_iri(DG.mode)} {_iri(rng.choice(MODES))} {graph} ."
        yield f"{st} {_iri(DG.speechAct)} {_iri(ACT[act])} {graph} ."
        yield f"{st} {_iri(DG.content)} {_lit(content)} {graph} ."
        yield f"{st} {_iri(DG.cue)} {_lit(CLAIMS[act][0])} {graph} ."
        yield f"{st} {_iri(DG.sentence)} {_lit('The speaker said ' + content + '.')} {graph} ."
        yield f"{st} {_iri(DG.date)} {_typed(when.isoformat(), XSD.date)} {graph} ."
        yield f"{st} {_iri(DG.evidence)} {span} {graph} ."
        yield f"{span} {_iri(RDF.type)} {_iri(DG.TextSpan)} {graph} ."
        yield f"{span} {_iri(OA.exact)} {_lit(content)} {graph} ."
        yield f"{span} {_iri(OA.start)} {_typed(start, XSD.integer)} {graph} ."
        yield f"{span} {_iri(OA.end)} {_typed(end, XSD.integer)} {graph} ."
        yield f"{span} {_iri(DG.inArticle)} {graph} {graph} ."
        if rng.random() < 0.1:
            accused = ("group", rng.randrange(len(world.groups)))
            used.add(accused)
            yield f"{st} {_iri(RDF.type)} {_iri(DG.Accusation)} {graph} ."
            yield f"{st} {_iri(DG.accuser)} {_iri(world.iri(*speaker))} {graph} ."
            yield f"{st} {_iri(DG.accused)} {_iri(world.iri(*accused))} {graph} ."
            place = world.places[about[1]][0]
            yield f"{st} {_iri(DG.allegedAct)} {_lit(rng.choice(ALLEGED_ACTS).format(place=place))} {graph} ."
    for kind, index in sorted(used):
        yield from world.entity_quads(kind, index, graph)
        yield f"{_iri(world.iri(kind, index))} {_iri(DG.mentionedIn)} {graph} {graph} ."


def build_store(folder: Path, statements: int, world: World) -> dict[str, float]:
    """A store on disk with ``statements`` synthetic statements; how long it took."""
    rng = random.Random(f"bench-rest:{statements}")
    started = time.perf_counter()
    store = ox.Store(str(folder))
    batch: list[str] = []
    quads = 0
    for number in range(max(1, statements // STATEMENTS_PER_ARTICLE)):
        batch.extend(article_quads(world, number, rng))
        if len(batch) > 500_000:
            store.bulk_load("\n".join(batch).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            quads += len(batch)
            batch = []
    if batch:
        store.bulk_load("\n".join(batch).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        quads += len(batch)
    # the default graph kept as the union of the article graphs, as diplograph's store keeps it
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.optimize()
    store.flush()
    del store
    gc.collect()
    return {"quads": quads, "load_seconds": round(time.perf_counter() - started, 1)}


def lookups(world: World, count: int, some_statement: str) -> list[tuple[str, dict[str, str]]]:
    """A fixed mix of lookups, drawn with a fixed seed (the same at every size)."""
    rng = random.Random("bench-rest-lookups")
    mix: list[tuple[str, dict[str, str]]] = []
    kinds = ["speaker", "speaker_act", "state_speaker", "accused", "speaker_about", "range", "by_id"]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        person = world.people[rng.randrange(len(world.people))][0]
        state = world.states[rng.randrange(len(world.states))]
        if kind == "speaker":
            mix.append((kind, {"speaker": person}))
        elif kind == "speaker_act":
            mix.append((kind, {"speaker": person, "act": rng.choice(world.acts)}))
        elif kind == "state_speaker":
            mix.append((kind, {"speaker": state[2]}))
        elif kind == "accused":
            mix.append((kind, {"accused": world.groups[rng.randrange(len(world.groups))][0]}))
        elif kind == "speaker_about":
            mix.append((kind, {"speaker": person, "about": world.places[rng.randrange(len(world.places))][0]}))
        elif kind == "range":
            start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 31))
            mix.append((kind, {"speaker": state[2], "from": start.isoformat(),
                               "to": (start + timedelta(days=30)).isoformat()}))
        else:
            mix.append((kind, {"id": some_statement}))
    return mix


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(folder: Path, world: World, count: int) -> dict[str, Any]:
    """Latency of the lookup mix through the application, after a warm-up."""
    from fastapi.testclient import TestClient

    from diplograph.config import Settings
    from diplograph.store.embedded import EmbeddedStore
    from diplograph.web import create_app

    store = EmbeddedStore(folder, read_only=True)
    some = next(iter(store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(DG.Statement)))))
    assert isinstance(some.subject, ox.NamedNode)
    some_id = some.subject.value.rsplit("/", 1)[-1]
    times: dict[str, list[float]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with TestClient(create_app(Settings(query_timeout=120.0), store)) as client:
            started = time.perf_counter()
            client.get("/api/v1/statements", params={"speaker": "Russia", "limit": 1})  # builds the entity index
            index_seconds = time.perf_counter() - started
            mix = lookups(world, count, some_id)
            for kind, params in mix[:14]:  # warm-up: caches and code paths
                _get(client, kind, params)
            for kind, params in mix:
                started = time.perf_counter()
                found = _get(client, kind, params)
                times.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
                times.setdefault("_found_" + kind, []).append(found)
    store.close()
    every = [t for k, v in times.items() if not k.startswith("_") for t in v]
    return {
        "lookups": len(every), "index_build_seconds": round(index_seconds, 2),
        "p50_ms": round(_percentile(every, 0.5), 2), "p99_ms": round(_percentile(every, 0.99), 2),
        "by_kind": {k: {"p50_ms": round(_percentile(v, 0.5), 2), "p99_ms": round(_percentile(v, 0.99), 2),
                        "mean_results": round(statistics.fmean(times["_found_" + k]), 1)}
                    for k, v in sorted(times.items()) if not k.startswith("_")},
    }


def _get(client: Any, kind: str, params: dict[str, str]) -> float:
    if kind == "by_id":
        response = client.get(f"/api/v1/statements/{params['id']}")
        response.raise_for_status()
        return 1.0
    response = client.get("/api/v1/statements", params={**params, "limit": 50})
    response.raise_for_status()
    return float(len(response.json()["items"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help="statements per run, comma-separated (default 10000; --full: 10000,1000000)")
    parser.add_argument("--full", action="store_true", help="10k and 1M statements")
    parser.add_argument("--lookups", type=int, default=350, help="lookups measured per size")
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder (reused when present)")
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or ("10000,1000000" if args.full else "10000")).split(",")]
    world = World()
    work = args.keep or Path(tempfile.mkdtemp(prefix="diplograph-bench-rest-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    try:
        for size in sizes:
            folder = work / f"store-{size}"
            built = {"reused": True} if folder.is_dir() and args.keep else build_store(folder, size, world)
            results[str(size)] = {"statements": size, **built, **measure(folder, world, args.lookups)}
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    summary: dict[str, Any] = {"benchmark": "rest", "machine": machine(), "sizes": results}
    if len(sizes) > 1:
        small, large = results[str(min(sizes))], results[str(max(sizes))]
        summary["p99_ratio_largest_vs_smallest"] = ratio(large["p99_ms"], small["p99_ms"])
        summary["p50_ratio_largest_vs_smallest"] = ratio(large["p50_ms"], small["p50_ms"])
    emit(summary)


if __name__ == "__main__":
    main()
