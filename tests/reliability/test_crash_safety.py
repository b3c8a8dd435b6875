"""An ingest killed with SIGKILL part-way leaves every article wholly present or wholly absent,
and a re-run converges to exactly what a clean run stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diplograph import synth
from diplograph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 1000


def ingest(folder: Path, store: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "diplograph", "ingest", str(folder), "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def graphs(store_dir: Path) -> dict[str, set[str]]:
    """Each article graph's triples (the ontology graph, with its blank nodes, by size)."""
    db = EmbeddedStore(store_dir, read_only=True)
    try:
        return {g: set(db.dump("ntriples", graph=g).decode("utf-8").splitlines())
                if not g.endswith("/graph/ontology") else {f"{db.count(g)} triples"} for g in db.graphs()}
    finally:
        db.close()


@pytest.mark.slow
def test_sigkill_mid_ingest_loses_no_article_half(tmp_path: Path) -> None:
    corpus = synth.write_corpus(tmp_path / "corpus", ARTICLES, seed=11, texts=False)
    folder = corpus.extractions[0].parent
    clean_dir, crash_dir = tmp_path / "clean", tmp_path / "crashed"
    assert ingest(folder, clean_dir).wait(timeout=1800) == 0
    clean = graphs(clean_dir)
    assert len(clean) == ARTICLES + 1  # the articles and the ontology

    proc = ingest(folder, crash_dir)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if crash_dir.exists() and sum(f.stat().st_size for f in crash_dir.rglob("*") if f.is_file()) > 2_000_000:
            break
    assert proc.poll() is None, "the ingest finished before it could be killed; give it more articles"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    partial = graphs(crash_dir)
    assert 0 < len(partial) < len(clean), "the kill should land part-way"
    for name, triples in partial.items():
        assert triples == clean[name], f"{name} is only partly stored"

    assert ingest(folder, crash_dir).wait(timeout=1800) == 0
    assert graphs(crash_dir) == clean
