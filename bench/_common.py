"""What the benchmark scripts share: timing, the machine's description, synthetic N-Quads.

Every bench/*.py script prints one JSON object on stdout (its last line) and takes ``--full``
for the full sizes; bench/run.py gathers them into one summary.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def arguments(description: str) -> argparse.Namespace:
    """The common command line: ``--full`` for the full sizes (the default is quick)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--full", action="store_true", help="full sizes (slow); the default is a quick run")
    return parser.parse_args()


def timed(work: Callable[[], T]) -> tuple[float, T]:
    """Seconds ``work`` took (wall clock), and what it returned."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def machine() -> dict[str, Any]:
    """Enough about the machine to compare runs."""
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def emit(result: dict[str, Any]) -> None:
    """Print the script's result as one JSON line."""
    sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
    sys.stdout.flush()


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, rounded; None when the denominator is zero."""
    return round(numerator / denominator, 3) if denominator > 0 else None


_KEY = re.compile(r"(/id/[a-z-]+/)([0-9a-f]{20})")
_STORY = re.compile(r"story (\d+)-(\d+)\)")


def replicated_nquads(template: list[str], copies: int, start: int = 0) -> Iterator[str]:
    """N-Quads lines of ``copies`` articles made from the articles of ``template``.

    Mapping articles with rdflib costs ~15 ms each, too slow for ten million triples; each copy
    renames the article keys in the IRIs (and the story number in the text), so copies are
    distinct articles with distinct graphs, statements, spans and texts, while entities stay
    shared across articles as in a real corpus.
    """
    for copy in range(start, start + copies):
        tag = f"{copy:08x}"
        for line in template:
            line = _KEY.sub(lambda m, tag=tag: m.group(1) + m.group(2)[:12] + tag, line)  # type: ignore[misc]
            yield _STORY.sub(lambda m, c=copy: f"story {m.group(1)}-{m.group(2)}c{c})", line)  # type: ignore[misc]


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(command: list[str], probe: str, env: dict[str, str] | None = None,
            wait: float = 600) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server until the block ends; ready when ``probe`` answers ``ASK {}``."""
    import httpx  # only the benches that serve need it

    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                err = (process.stderr.read() if process.stderr else b"").decode("utf-8", "replace")
                raise RuntimeError(f"{command[0]} exited: {err[-500:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(probe, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} not ready after {wait:g} s")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
