"""Under load — 50 clients at once for 60 s of mixed reads (SPARQL, REST, Linked Data, HTML
pages) against a real uvicorn process on loopback — every request is answered, none with an
error. The latencies are reported (bench/load.py), not asserted.

``DIPLOGRAPH_LOAD_SECONDS`` shortens the run on a laptop; CI runs the full 60 s.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bench.load import build_store, run_load

CLIENTS = 50
SECONDS = float(os.environ.get("DIPLOGRAPH_LOAD_SECONDS", "60"))


@pytest.mark.slow
@pytest.mark.xdist_group("load")
def test_fifty_clients_reading_at_once_get_no_error(tmp_path: Path) -> None:
    build_store(tmp_path / "store", 60)
    result = run_load(tmp_path / "store", CLIENTS, SECONDS)
    print("load:", json.dumps({k: result[k] for k in ("served", "errors", "requests_per_second", "p50_ms", "p99_ms")}))
    assert result["errors"] == 0, result["error_samples"]
    assert result["served"] >= CLIENTS, "every client should have been answered at least once"
    assert set(result["kinds"]) == {"sparql", "rest", "linked_data", "pages"}
    assert result["seconds"] >= SECONDS
