"""Memory while serving a large store: peak RSS of ``diplograph serve`` answering a SPARQL
workload over N triples, against ``oxigraph serve`` on the same store with the same workload.

Quick: 1M triples; ``--full``: 10M (target: ≤ 1 GB). The store is made by replicating mapped
synthetic articles (see ``_common.replicated_nquads``) and bulk-loaded with pyoxigraph. When
``diplograph serve`` is not available, the embedded store is measured answering the same
queries inside one process, and the result says so.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script

import httpx
import psutil
import pyoxigraph as ox
from bench._common import ROOT, arguments, emit, free_port, machine, ratio, replicated_nquads, serving, timed

from diplograph import synth
from diplograph.distributed import article_nquads
from diplograph.namespaces import sparql_prefixes

TRIPLES = {"quick": 1_000_000, "full": 10_000_000}
TEMPLATE_ARTICLES = 300

WORKLOAD = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?act (COUNT(?st) AS ?n) WHERE { ?st a dg:Statement ; dg:speechAct ?act } GROUP BY ?act",
    "SELECT ?st ?content WHERE { ?st dg:speaker ?who ; dg:content ?content . ?who rdfs:label ?name "
    "FILTER (STRSTARTS(?name, \"Elena\")) } LIMIT 200",
    "SELECT ?accuser ?accused (COUNT(*) AS ?n) WHERE { ?a a dg:Accusation ; dg:accuser ?accuser ; "
    "dg:accused ?accused } GROUP BY ?accuser ?accused ORDER BY DESC(?n) LIMIT 20",
    "SELECT ?article ?date WHERE { ?article a dg:Article ; dg:published ?date } ORDER BY DESC(?date) LIMIT 50",
)


def build_store(folder: Path, triples: int) -> int:
    """Bulk-load about ``triples`` quads of replicated synthetic articles; the quads loaded."""
    template: list[str] = []
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = folder.parent / "template.json"
    for art in synth.articles(TEMPLATE_ARTICLES, seed=404):
        scratch.write_text(art.extraction_json(), encoding="utf-8")
        template.extend(article_nquads(str(scratch), validate=False)[1].splitlines(keepends=True))
    copies = max(1, round(triples / len(template)))
    db = ox.Store(str(folder))
    chunk = max(1, 2_000_000 // len(template))  # about two million quads per bulk load
    for start in range(0, copies, chunk):
        data = "".join(replicated_nquads(template, min(chunk, copies - start), start)).encode("utf-8")
        db.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    # the default graph kept as the union of the article graphs, as diplograph's store keeps it
    db.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    db.optimize()
    db.flush()
    count = len(db) - sum(1 for _ in db.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    del db
    return count


class PeakRss:
    """Samples the RSS of a process and its children in a thread; ``peak`` in bytes."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.process = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> int:
        total = 0
        with contextlib.suppress(psutil.Error):
            for p in [self.process, *self.process.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.now())
            time.sleep(self.every)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.now())


def run_workload(url: str, extra: dict[str, str]) -> float:
    prefixes = sparql_prefixes()
    with httpx.Client(timeout=600) as client:
        started = time.perf_counter()
        for sparql in WORKLOAD:
            response = client.post(url, data={"query": prefixes + sparql, **extra},
                                   headers={"Accept": "application/sparql-results+json"})
            response.raise_for_status()
        return time.perf_counter() - started


def measure_http(name: str, command: list[str], url: str, extra: dict[str, str]) -> dict[str, Any]:
    with serving(command, url, wait=120) as process, PeakRss(process.pid) as rss:
        idle = rss.now()
        seconds = run_workload(url, extra)
    return {"server": name, "idle_rss_mb": round(idle / 2**20, 1), "peak_rss_mb": round(rss.peak / 2**20, 1),
            "workload_s": round(seconds, 3)}


IN_PROCESS = """
import json, sys, time
from diplograph.store.embedded import EmbeddedStore
from diplograph.namespaces import sparql_prefixes
store = EmbeddedStore(sys.argv[1], read_only=True)
print("ready", flush=True)
sys.stdin.readline()
started = time.perf_counter()
for sparql in json.loads(sys.argv[2]):
    store.query(sparql_prefixes() + sparql)
print(time.perf_counter() - started, flush=True)
"""


def measure_in_process(store_dir: Path) -> dict[str, Any]:
    process = subprocess.Popen([sys.executable, "-c", IN_PROCESS, str(store_dir), json.dumps(WORKLOAD)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)
    assert process.stdin is not None and process.stdout is not None
    process.stdout.readline()
    with PeakRss(process.pid) as rss:
        idle = rss.now()
        process.stdin.write(b"go\n")
        process.stdin.flush()
        seconds = float(process.stdout.readline())
    process.wait(timeout=60)
    return {"server": "embedded store in one process (diplograph serve unavailable)",
            "idle_rss_mb": round(idle / 2**20, 1), "peak_rss_mb": round(rss.peak / 2**20, 1),
            "workload_s": round(seconds, 3)}


def main() -> None:
    args = arguments(__doc__ or "")
    mode = "full" if args.full else "quick"
    work = Path(tempfile.mkdtemp(prefix="diplograph-bench-rss-"))
    try:
        store_dir = work / "store"
        build_s, quads = timed(lambda: build_store(store_dir, TRIPLES[mode]))
        result: dict[str, Any] = {"mode": mode, "machine": machine(), "triples": quads,
                                  "build_s": round(build_s, 1)}
        oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
        if oxigraph is None:
            result["error"] = "the oxigraph program (the baseline) is not installed"
            emit(result)
            return
        port = free_port()
        baseline = measure_http("oxigraph serve", [oxigraph, "serve", "--location", str(store_dir), "--bind",
                                                   f"127.0.0.1:{port}"], f"http://127.0.0.1:{port}/query",
                                {})
        diplograph = shutil.which("diplograph", path=str(Path(sys.executable).parent))
        port = free_port()
        try:
            if diplograph is None:
                raise RuntimeError("no diplograph command")
            ours = measure_http("diplograph serve", [diplograph, "serve", "--store", str(store_dir), "--host",
                                                     "127.0.0.1", "--port", str(port)],
                                f"http://127.0.0.1:{port}/sparql", {})
        except (RuntimeError, httpx.HTTPError) as exc:
            ours = measure_in_process(store_dir)
            ours["why"] = " ".join(re.sub(r"[^\w\s'.:/-]", " ", str(exc)).split())[:200]
        result.update({
            "baseline": baseline, "diplograph": ours,
            "ratio_peak_rss_vs_oxigraph_serve": ratio(ours["peak_rss_mb"], baseline["peak_rss_mb"]),
            "ratio_workload_time_vs_oxigraph_serve": ratio(ours["workload_s"], baseline["workload_s"]),
            "target_peak_rss_mb_max": 1024,
        })
        emit(result)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
