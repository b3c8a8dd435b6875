"""The SPARQL endpoint against its baselines on the same synthetic data; one JSON line out.

    python bench/sparql.py [--sizes 100000,1000000 | --full] [--repeat 11] [--clients 16]
                           [--seconds 5] [--skip-rdflib]

For each size (quick: 100k triples; ``--full``: 100k and 1M) a store is built from mapped
synthetic articles (``diplograph.synth``, replicated as in bench/rss.py), then:

- in process: the median time of each query of the mix (lookup by IRI, join, GROUP BY,
  FILTER regex, CONSTRUCT) on pyoxigraph directly, answer written as SPARQL JSON / N-Triples;
- over HTTP: the median latency of the same queries sent one at a time to a real
  ``diplograph serve`` process, and to rdflib-endpoint serving the same triples;
- throughput: queries answered per second by 16 concurrent clients (the whole mix, and the
  light part of it) from ``diplograph serve`` and from ``oxigraph serve`` on the same store.

The HTTP clients are a minimal keep-alive HTTP/1.1 client on raw sockets, so on a small
machine the client costs the servers as little CPU as it can. Every figure is also given as
a ratio to its baseline. Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script

import pyoxigraph as ox
from bench._common import emit, free_port, machine, ratio, replicated_nquads, serving

from diplograph import synth
from diplograph.namespaces import sparql_prefixes
from diplograph.rdf.mapping import to_graph

TEMPLATE_ARTICLES = 300
QUERIES: dict[str, str] = {
    "lookup": "SELECT ?p ?o WHERE { <{statement}> ?p ?o }",
    "join": 'SELECT ?statement ?content WHERE { ?who rdfs:label "{speaker}" . ?statement dg:speaker ?who ; '
            "dg:content ?content } LIMIT 100",
    # statements per speech act
    "group_by": "SELECT ?act (COUNT(?statement) AS ?n) WHERE { ?statement a dg:Statement ; dg:speechAct ?act } "
                "GROUP BY ?act ORDER BY DESC(?n)",
    # the twenty most quoted speakers, with their names: counted first, named after
    "speakers": "SELECT ?who ?n (SAMPLE(?label) AS ?name) WHERE { { SELECT ?who (COUNT(?statement) AS ?n) "
                "WHERE { ?statement a dg:Statement ; dg:speaker ?who } GROUP BY ?who ORDER BY DESC(?n) LIMIT 20 } "
                "?who rdfs:label ?label } GROUP BY ?who ?n ORDER BY DESC(?n)",
    # accusations per accused party and month
    "accused_by_month": "SELECT ?accused ?month (COUNT(?accusation) AS ?n) WHERE { ?accusation a dg:Accusation ; "
                        "dg:accused ?accused ; dg:date ?date BIND(SUBSTR(STR(?date), 1, 7) AS ?month) } "
                        "GROUP BY ?accused ?month ORDER BY ?month DESC(?n)",
    "regex": 'SELECT (COUNT(?statement) AS ?n) WHERE { ?statement dg:content ?content '
             'FILTER regex(?content, "ceasefire|truce", "i") }',
    "construct": "CONSTRUCT { ?accusation dg:accuser ?who . ?who rdfs:label ?name } WHERE { ?accusation a dg:Accusation ; "
                 "dg:accuser ?who . ?who rdfs:label ?name } LIMIT 500",
}
#: The aggregate queries (whole-store scans) the rdflib-endpoint goal is about: what a
#: researcher counts (per speech act, per speaker, per accused and month) and a text search.
AGGREGATES = ("group_by", "speakers", "accused_by_month", "regex")
#: The queries of the light mix (index lookups).
LIGHT = ("lookup", "join", "construct")
SOLUTIONS = "application/sparql-results+json"
TRIPLES = "application/n-triples"


# --- data ---------------------------------------------------------------------------------------

def template_nquads(articles: int) -> list[str]:
    """N-Quads lines of ``articles`` mapped synthetic articles, each in its own graph."""
    lines: list[str] = []
    for art in synth.articles(articles, seed=2016):
        graph = to_graph(art.extraction)
        name = f"<{graph.identifier}>"
        for line in graph.serialize(format="nt").splitlines():
            if line.strip():
                lines.append(line.rstrip()[:-1].rstrip() + f" {name} .\n")
    return lines


def build_store(folder: Path, triples: int, template: list[str]) -> int:
    """About ``triples`` quads of replicated articles bulk-loaded into ``folder``; the count."""
    copies = max(1, round(triples / len(template)))
    store = ox.Store(str(folder))
    chunk = max(1, 2_000_000 // len(template))
    for start in range(0, copies, chunk):
        data = "".join(replicated_nquads(template, min(chunk, copies - start), start)).encode("utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    # the default graph kept as the union of the named graphs, as diplograph's store keeps it
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.optimize()
    store.flush()
    count = len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    del store
    gc.collect()
    return count


def concrete_queries(folder: Path) -> dict[str, str]:
    """The mix with a real statement and speaker of the store filled in, prefixes in front."""
    store = ox.Store.read_only(str(folder))
    prefixes = sparql_prefixes()
    statement = _first(store, prefixes + "SELECT ?s WHERE { ?s a dg:Statement } LIMIT 1")
    speaker = _first(store, prefixes + "SELECT ?name WHERE { ?s dg:speaker/rdfs:label ?name } LIMIT 1")
    del store
    gc.collect()
    return {name: prefixes + q.replace("{statement}", statement).replace("{speaker}", speaker) for name, q in QUERIES.items()}


def _first(store: ox.Store, sparql: str) -> str:
    solutions = store.query(sparql)
    assert isinstance(solutions, ox.QuerySolutions)
    term = next(iter(solutions))[0]
    assert term is not None
    return str(term.value)


def accept_for(name: str) -> str:
    return TRIPLES if name == "construct" else SOLUTIONS


# --- in process ---------------------------------------------------------------------------------

def run_in_process(store: ox.Store, sparql: str) -> float:
    """Seconds to answer ``sparql`` on pyoxigraph itself, written as the server would write it."""
    started = time.perf_counter()
    result = store.query(sparql)
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        result.serialize(format=ox.QueryResultsFormat.JSON)
    else:
        result.serialize(format=ox.RdfFormat.N_TRIPLES)
    return time.perf_counter() - started


# --- HTTP ---------------------------------------------------------------------------------------

def request_bytes(url: str, sparql: str, accept: str) -> bytes:
    parts = urlsplit(url)
    return (f"GET {parts.path or '/'}?query={quote(sparql)} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Accept: {accept}\r\nConnection: keep-alive\r\n\r\n").encode("ascii")


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request on a kept-alive connection and read its whole response; the status."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _latencies(url: str, queries: dict[str, str], repeat: int,
                     store: ox.Store | None) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds per query over HTTP (and, given ``store``, in process), the two taken in
    turn so that a change in the machine's load falls on both alike."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    http: dict[str, list[float]] = {name: [] for name in queries}
    local: dict[str, list[float]] = {name: [] for name in queries}
    for round_ in range(repeat + 1):
        for name, sparql in queries.items():
            request = request_bytes(url, sparql, accept_for(name))
            started = time.perf_counter()
            status = await exchange(reader, writer, request)
            took = time.perf_counter() - started
            if status != 200:
                raise RuntimeError(f"{url} answered {status} to {name}")
            in_process = run_in_process(store, sparql) if store is not None else 0.0
            if round_:  # the first round warms caches
                http[name].append(took)
                local[name].append(in_process)
    writer.close()
    return ({n: statistics.median(t) for n, t in http.items()}, {n: statistics.median(t) for n, t in local.items()})


def http_medians(url: str, queries: dict[str, str], repeat: int) -> dict[str, float]:
    """Median latency per query, one request at a time on one kept-alive connection."""
    return asyncio.run(_latencies(url, queries, repeat, None))[0]


def http_and_in_process_medians(url: str, queries: dict[str, str], repeat: int,
                                store: ox.Store) -> tuple[dict[str, float], dict[str, float]]:
    """Median latency per query over HTTP and on ``store`` in process, measured in turn."""
    return asyncio.run(_latencies(url, queries, repeat, store))


def throughput(url: str, queries: dict[str, str], names: tuple[str, ...], clients: int, seconds: float) -> float:
    """Answers per second to ``clients`` concurrent clients cycling through ``names``."""
    requests = [request_bytes(url, queries[n], accept_for(n)) for n in names]
    parts = urlsplit(url)

    async def client(k: int, deadline: float) -> int:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        done = 0
        while time.monotonic() < deadline:
            if await exchange(reader, writer, requests[(k + done) % len(requests)]) != 200:
                raise RuntimeError(f"{url} failed under load")
            done += 1
        writer.close()
        return done

    async def run() -> tuple[int, float]:
        started = time.perf_counter()
        deadline = time.monotonic() + seconds
        counts = await asyncio.gather(*(client(k, deadline) for k in range(clients)))
        return sum(counts), time.perf_counter() - started

    answered, took = asyncio.run(run())
    return answered / took


RDFLIB_SERVER = """
import sys, uvicorn, rdflib
from rdflib_endpoint import SparqlEndpoint
graph = rdflib.Graph()
graph.parse(sys.argv[1], format="nt")
uvicorn.run(SparqlEndpoint(graph=graph), host="127.0.0.1", port=int(sys.argv[2]), log_level="error")
"""


# --- one size -----------------------------------------------------------------------------------

def bench_size(size: int, template: list[str], args: argparse.Namespace, work: Path) -> dict[str, Any]:
    folder, copy = work / f"store-{size}", work / f"store-{size}-copy"
    started = time.perf_counter()
    quads = build_store(folder, size, template)
    shutil.copytree(folder, copy)  # oxigraph serve and the in-process runs read the copy
    result: dict[str, Any] = {"triples": quads, "build_s": round(time.perf_counter() - started, 1)}
    queries = concrete_queries(folder)
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if oxigraph is None:
        raise SystemExit("the oxigraph program (the baseline) is not installed")

    ours_port, theirs_port = free_port(), free_port()
    ours_url, theirs_url = f"http://127.0.0.1:{ours_port}/sparql", f"http://127.0.0.1:{theirs_port}/query"
    env = {**os.environ, "DIPLOGRAPH_QUERY_TIMEOUT": "600", "DIPLOGRAPH_MAX_CONCURRENT_QUERIES": str(args.clients),
           "DIPLOGRAPH_MAX_RESULT_ROWS": "10000000"}
    env.pop("DIPLOGRAPH_TOKEN", None)
    ours_cmd = [sys.executable, "-m", "diplograph", "serve", "--store", str(folder), "--port", str(ours_port)]
    theirs_cmd = [oxigraph, "serve-read-only", "--location", str(copy), "--bind", f"127.0.0.1:{theirs_port}"]
    with serving(ours_cmd, ours_url, env), serving(theirs_cmd, theirs_url):
        local = ox.Store.read_only(str(copy))
        ours, base = http_and_in_process_medians(ours_url, queries, args.repeat, local)
        del local
        gc.collect()
        # throughput in alternating windows, so that other load on the machine falls on both alike
        samples: dict[tuple[str, str], list[float]] = {}
        window = args.seconds / args.rounds
        for _ in range(args.rounds):
            for mix_name, names in (("mix", tuple(queries)), ("light_mix", LIGHT)):
                for server, url in (("diplograph", ours_url), ("oxigraph_serve", theirs_url)):
                    samples.setdefault((mix_name, server), []).append(throughput(url, queries, names, args.clients, window))
    result["in_process_median_ms"] = _ms(base)
    result["http_median_ms"] = _ms(ours)
    result["http_over_in_process"] = {n: ratio(ours[n], base[n]) for n in queries}
    result["http_over_in_process_total"] = ratio(sum(ours.values()), sum(base.values()))
    result["http_over_in_process_aggregates"] = ratio(sum(ours[n] for n in AGGREGATES), sum(base[n] for n in AGGREGATES))
    qps = {key: statistics.median(v) for key, v in samples.items()}
    result["throughput_qps"] = {"clients": args.clients, "rounds": args.rounds} | {
        mix: {"diplograph": round(qps[(mix, "diplograph")], 1), "oxigraph_serve": round(qps[(mix, "oxigraph_serve")], 1),
              "ratio": ratio(qps[(mix, "diplograph")], qps[(mix, "oxigraph_serve")])}
        for mix in ("mix", "light_mix")}

    if not args.skip_rdflib:
        data = work / f"data-{size}.nt"
        store = ox.Store.read_only(str(copy))
        _dump_triples(store, data)
        del store
        gc.collect()
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        loading = time.perf_counter()
        with serving([sys.executable, "-c", RDFLIB_SERVER, str(data), str(port)], url, wait=3600), \
                serving(ours_cmd, ours_url, env):
            result["rdflib_endpoint_load_s"] = round(time.perf_counter() - loading, 1)
            theirs = http_medians(url, queries, max(2, args.repeat // 4))
            ours_again = http_medians(ours_url, queries, args.repeat)  # same moment, same load
        result["rdflib_endpoint_median_ms"] = _ms(theirs)
        result["speedup_over_rdflib_endpoint"] = {n: ratio(theirs[n], ours_again[n]) for n in queries}
        result["speedup_over_rdflib_endpoint_aggregates"] = ratio(sum(theirs[n] for n in AGGREGATES),
                                                                  sum(ours_again[n] for n in AGGREGATES))
        # the total time is led by the slowest query; the geometric mean weighs each query alike
        result["speedup_over_rdflib_endpoint_aggregates_geomean"] = round(statistics.geometric_mean(
            [theirs[n] / ours_again[n] for n in AGGREGATES]), 3)
        # the ceiling for any endpoint over pyoxigraph: the engine alone, in process, against rdflib-endpoint
        result["in_process_speedup_over_rdflib_endpoint_aggregates_geomean"] = round(statistics.geometric_mean(
            [theirs[n] / base[n] for n in AGGREGATES]), 3)
        data.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(copy, ignore_errors=True)
    return result


def _dump_triples(store: ox.Store, target: Path) -> None:
    """The union of the store's graphs (its default graph): rdflib-endpoint serves one graph."""
    with target.open("wb") as out:
        ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), out,
                     format=ox.RdfFormat.N_TRIPLES)


def _ms(seconds: dict[str, float]) -> dict[str, float]:
    return {name: round(s * 1000, 3) for name, s in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help="triples per run, comma-separated (default 100000; --full: 100000,1000000)")
    parser.add_argument("--full", action="store_true", help="the full sizes: 100k and 1M triples")
    parser.add_argument("--repeat", type=int, default=11, help="timed runs per query (the median is kept)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients for throughput")
    parser.add_argument("--seconds", type=float, default=8.0, help="time each server gets for each throughput mix")
    parser.add_argument("--rounds", type=int, default=4, help="alternating windows the throughput time is cut into")
    parser.add_argument("--skip-rdflib", action="store_true", help="leave rdflib-endpoint out (it is slow to load)")
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or ("100000,1000000" if args.full else "100000")).split(",")]
    work = Path(tempfile.mkdtemp(prefix="diplograph-bench-sparql-"))
    try:
        template = template_nquads(TEMPLATE_ARTICLES)
        runs = [bench_size(size, template, args, work) for size in sizes]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures = {str(run["triples"]): {
        "http_over_in_process_total": run["http_over_in_process_total"],
        "http_over_in_process_aggregates": run["http_over_in_process_aggregates"],
        "speedup_over_rdflib_endpoint_aggregates": run.get("speedup_over_rdflib_endpoint_aggregates"),
        "speedup_over_rdflib_endpoint_aggregates_geomean": run.get("speedup_over_rdflib_endpoint_aggregates_geomean"),
        "in_process_speedup_over_rdflib_endpoint_aggregates_geomean":
            run.get("in_process_speedup_over_rdflib_endpoint_aggregates_geomean"),
        "speedup_over_rdflib_endpoint": run.get("speedup_over_rdflib_endpoint"),
        "throughput_over_oxigraph_serve": run["throughput_qps"]["mix"]["ratio"],
        "throughput_over_oxigraph_serve_light_mix": run["throughput_qps"]["light_mix"]["ratio"],
    } for run in runs}
    emit({"benchmark": "sparql", "machine": machine(), "queries": QUERIES, "figures": figures, "runs": runs})


if __name__ == "__main__":
    main()
