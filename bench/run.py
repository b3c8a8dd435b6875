"""Run every benchmark in bench/ and print one JSON summary (``make bench``).

Each ``bench/NAME.py`` (files starting with ``_`` are helpers) runs in its own process, quick
by default or with ``--full``, and prints one JSON object as its last line of output; the
summary holds them under their names, with the headline ratios gathered in ``figures``.
A benchmark that fails or prints no JSON is reported with its error; the others still run.

    python bench/run.py [--full] [--only ingest,rss] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: The headline figure of each benchmark: (benchmark, path of keys into its JSON, name in the summary).
FIGURES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("ingest", ("end_to_end", "ratio_ingest_over_spacy"), "ingest_end_to_end_over_bare_spacy"),
    ("ingest", ("bulk_load", "ratio_speed_vs_raw"), "bulk_load_speed_vs_raw_pyoxigraph"),
    ("ingest", ("throughput", "ratio_dask_over_single_rate"), "dask_ingest_rate_over_single_process"),
    ("rss", ("diplograph", "peak_rss_mb"), "peak_rss_mb_serving"),
    ("rss", ("triples",), "triples_served"),
    ("rss", ("ratio_peak_rss_vs_oxigraph_serve",), "peak_rss_vs_oxigraph_serve"),
    ("load", ("served",), "load_requests_served"),
    ("load", ("errors",), "load_errors"),
    ("load", ("p50_ms",), "load_p50_ms"),
    ("load", ("p99_ms",), "load_p99_ms"),
)


def benchmarks(only: set[str] | None) -> list[Path]:
    scripts = sorted(p for p in HERE.glob("*.py") if not p.name.startswith("_") and p.name != "run.py")
    return [p for p in scripts if only is None or p.stem in only]


def last_json(stdout: str) -> dict[str, Any] | None:
    """The last line of output that is a JSON object."""
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return None


def run_one(script: Path, full: bool, timeout: float) -> dict[str, Any]:
    command = [sys.executable, str(script), *(["--full"] if full else [])]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=HERE.parent, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout:g} s"}
    seconds = round(time.perf_counter() - started, 1)
    result = last_json(done.stdout)
    if done.returncode != 0 or result is None:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        return {"error": f"exit code {done.returncode}, no JSON result" if result is None else
                f"exit code {done.returncode}", "stderr_tail": tail, "seconds": seconds}
    result.setdefault("seconds", seconds)
    return result


def dig(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def ratios(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted path, value) of every key named ``ratio…`` in a benchmark's JSON."""
    found: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}{key}"
            if key.startswith("ratio") and not isinstance(inner, dict | list):
                found.append((path, inner))
            else:
                found.extend(ratios(inner, path + "."))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the diplograph benchmarks; print one JSON summary.")
    parser.add_argument("--full", action="store_true", help="full sizes (slow); the default is a quick run")
    parser.add_argument("--only", help="comma-separated benchmark names, e.g. ingest,rss")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds allowed to each benchmark")
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",")} if args.only else None
    summary: dict[str, Any] = {"mode": "full" if args.full else "quick", "benchmarks": {}}
    for script in benchmarks(only):
        print(f"running {script.name} …", file=sys.stderr, flush=True)
        summary["benchmarks"][script.stem] = run_one(script, args.full, args.timeout)
    figures = {name: dig(summary["benchmarks"].get(bench), path)
               for bench, path, name in FIGURES if bench in summary["benchmarks"]}
    named = {(bench, ".".join(path)) for bench, path, _ in FIGURES}
    for bench, result in summary["benchmarks"].items():  # every other ratio, under its dotted path
        figures.update({f"{bench}.{key}": value for key, value in ratios(result) if (bench, key) not in named})
    summary["figures"] = figures
    json.dump(summary, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    failed = [name for name, result in summary["benchmarks"].items() if "error" in result]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
