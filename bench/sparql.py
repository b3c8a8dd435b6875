"""The SPARQL endpoint against its baselines, on the same synthetic data, in one run (JSON on stdout).

    python bench/sparql.py [--sizes 100000,1000000] [--repeat 15] [--clients 16] [--seconds 5]

For each size: the median latency of a query mix (lookup by IRI, join, GROUP BY, FILTER regex,
CONSTRUCT) over HTTP to `diplograph serve`, against the same queries on in-process pyoxigraph
and over HTTP to rdflib-endpoint; and the throughput of 16 concurrent clients against
`diplograph serve` and `oxigraph serve` on the same data. Every figure is a ratio to its baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox

DG = "https://w3id.org/diplograph/ontology#"
ID = "https://w3id.org/diplograph/id/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

QUERIES = {
    "lookup": f"SELECT ?p ?o WHERE {{ <{ID}statement/s4242> ?p ?o }}",
    "join": f"SELECT ?s ?name WHERE {{ ?s <{DG}speaker> ?a . ?a <{LABEL}> ?name . ?a <{LABEL}> \"Speaker 7\" }}",
    "group_by": f"SELECT ?a (COUNT(?s) AS ?n) WHERE {{ ?s <{DG}speaker> ?a }} GROUP BY ?a ORDER BY DESC(?n) LIMIT 10",
    "regex": f"SELECT ?s WHERE {{ ?s <{DG}content> ?c FILTER regex(?c, \"truce number 77 \") }} LIMIT 20",
    "construct": f"CONSTRUCT {{ ?s <{DG}speaker> ?a }} WHERE {{ ?s <{DG}speaker> ?a ; <{DG}date> ?d }} LIMIT 200",
}
AGGREGATE = ("group_by", "regex")


def synthetic_ntriples(n_triples: int) -> str:
    """About n_triples of statement-shaped data, deterministic."""
    lines = []
    speakers = 500
    for a in range(speakers):
        lines.append(f'<{ID}entity/a{a}> <{LABEL}> "Speaker {a}" .')
        lines.append(f"<{ID}entity/a{a}> <{TYPE}> <{DG}Person> .")
    i = 0
    while len(lines) < n_triples:
        s = f"<{ID}statement/s{i}>"
        lines.append(f"{s} <{TYPE}> <{DG}Statement> .")
        lines.append(f"{s} <{DG}speaker> <{ID}entity/a{i % speakers}> .")
        lines.append(f'{s} <{DG}content> "the truce number {i % 1000} will hold, said speaker {i % speakers}" .')
        lines.append(f'{s} <{DG}date> "2016-{1 + i % 12:02d}-{1 + i % 28:02d}"^^<http://www.w3.org/2001/XMLSchema#date> .')
        lines.append(f"{s} <{DG}speechAct> <{DG}act{i % 15}> .")
        i += 1
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def process(cmd: list[str], url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        for _ in range(1200):
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def median_http(url: str, repeat: int) -> dict[str, float]:
    out = {}
    with httpx.Client(timeout=600) as client:
        for name, q in QUERIES.items():
            accept = "application/n-triples" if name == "construct" else "application/sparql-results+json"
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                r = client.get(url, params={"query": q}, headers={"Accept": accept})
                r.raise_for_status()
                times.append(time.perf_counter() - t0)
            out[name] = statistics.median(times)
    return out


def median_inprocess(store: ox.Store, repeat: int) -> dict[str, float]:
    out = {}
    for name, q in QUERIES.items():
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = store.query(q, use_default_graph_as_union=True)
            if isinstance(result, ox.QuerySolutions):
                result.serialize(format=ox.QueryResultsFormat.JSON)
            else:
                ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t0)
        out[name] = statistics.median(times)
    return out


def throughput(url: str, clients: int, seconds: float) -> float:
    """Queries answered per second by ``clients`` concurrent clients running the non-aggregate mix."""
    mix = [QUERIES["lookup"], QUERIES["join"], QUERIES["construct"]]

    async def run() -> int:
        done = 0
        deadline = time.monotonic() + seconds
        async with httpx.AsyncClient(timeout=120) as client:
            async def worker(k: int) -> None:
                nonlocal done
                j = k
                while time.monotonic() < deadline:
                    r = await client.get(url, params={"query": mix[j % len(mix)]},
                                         headers={"Accept": "application/sparql-results+json, application/n-triples"})
                    r.raise_for_status()
                    done += 1
                    j += 1
            await asyncio.gather(*(worker(k) for k in range(clients)))
        return done

    t0 = time.perf_counter()
    n = asyncio.run(run())
    return n / (time.perf_counter() - t0)


def bench_size(n: int, args: argparse.Namespace, work: Path) -> dict[str, object]:
    nt = synthetic_ntriples(n)
    data_file = work / f"data-{n}.nt"
    data_file.write_text(nt, encoding="utf-8")
    graph = f"{ID}article/bench"
    for name in ("served", "inproc", "oxigraph"):
        store = ox.Store(str(work / f"{name}-{n}"))
        store.bulk_load(path=str(data_file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        store.flush()
        del store
    inproc = ox.Store.read_only(str(work / f"inproc-{n}"))
    base = median_inprocess(inproc, args.repeat)
    del inproc
    result: dict[str, object] = {"triples": n, "inprocess_median_s": base}
    port = free_port()
    env = {**os.environ, "DIPLOGRAPH_QUERY_TIMEOUT": "600", "DIPLOGRAPH_MAX_CONCURRENT_QUERIES": str(args.clients)}
    with process([sys.executable, "-m", "diplograph", "serve", "--store", str(work / f"served-{n}"),
                  "--port", str(port)], f"http://127.0.0.1:{port}/sparql", env) as url:
        ours = median_http(url, args.repeat)
        ours_tp = throughput(url, args.clients, args.seconds)
    result["http_median_s"] = ours
    result["http_vs_inprocess"] = {k: round(ours[k] / base[k], 2) for k in QUERIES}
    oxi = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    with process([oxi, "serve-read-only", "--location", str(work / f"oxigraph-{n}"), "--bind", f"127.0.0.1:{port}",
                  "--union-default-graph"], f"http://127.0.0.1:{port}/query") as url:
        oxi_tp = throughput(url, args.clients, args.seconds)
    result["throughput_qps"] = {"diplograph": round(ours_tp, 1), "oxigraph_serve": round(oxi_tp, 1),
                                "ratio": round(ours_tp / oxi_tp, 2)}
    if not args.skip_rdflib:
        port = free_port()
        script = (
            "import sys, uvicorn, rdflib\n"
            "from rdflib_endpoint import SparqlEndpoint\n"
            "g = rdflib.Graph(); g.parse(sys.argv[1], format='nt')\n"
            "uvicorn.run(SparqlEndpoint(graph=g), host='127.0.0.1', port=int(sys.argv[2]), log_level='error')\n")
        with process([sys.executable, "-c", script, str(data_file), str(port)], f"http://127.0.0.1:{port}/") as url:
            theirs = median_http(url, max(3, args.repeat // 5))
        result["rdflib_endpoint_median_s"] = theirs
        result["speedup_vs_rdflib_endpoint"] = {k: round(theirs[k] / ours[k], 1) for k in QUERIES}
        result["speedup_vs_rdflib_endpoint_aggregates"] = {k: round(theirs[k] / ours[k], 1) for k in AGGREGATE}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--skip-rdflib", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = [bench_size(int(s), args, Path(tmp)) for s in args.sizes.split(",")]
    print(json.dumps({"benchmark": "sparql", "runs": runs}))


if __name__ == "__main__":
    main()
