"""An ingest killed with SIGKILL part-way leaves every article wholly present or wholly absent,
and a re-run converges to exactly what a clean run stores — in the embedded store, and in a
remote store (a real Oxigraph server), where each article is one update request.

Virtuoso is left out: ``ingest --endpoint`` cannot load the ontology there yet (Virtuoso refuses
the blank nodes of the ontology graph in the INSERT DATA that RemoteStore.replace_graphs sends).

The clean run's per-article triples (embedded) are the reference for all three. The tests share
it, so they run in one xdist group, one after another.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from tests.store.servers import oxigraph_server, start_or_skip, virtuoso_server

from diplograph import synth
from diplograph.store.base import Store
from diplograph.store.embedded import EmbeddedStore
from diplograph.store.remote import RemoteStore

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 1000
ONTOLOGY = "/graph/ontology"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crash-safety")]


def ingest(folder: Path, *target: str) -> subprocess.Popen[bytes]:
    """``diplograph ingest folder`` into ``--store DIR`` or ``--endpoint URL``."""
    return subprocess.Popen([sys.executable, "-m", "diplograph", "ingest", str(folder), *target],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def article_triples(store: Store) -> dict[str, set[str]]:
    """Each graph's triples, written by pyoxigraph so that every store's answers read alike
    (the ontology graph, with its blank nodes, by size)."""
    by_graph: dict[str, set[str]] = defaultdict(set)
    for quad in ox.parse(store.dump("nquads"), format=ox.RdfFormat.N_QUADS):
        assert isinstance(quad.graph_name, ox.NamedNode)
        by_graph[quad.graph_name.value].add(str(ox.Triple(quad.subject, quad.predicate, quad.object)))
    return {g: {f"{len(t)} triples"} if g.endswith(ONTOLOGY) else t for g, t in by_graph.items()}


def embedded_triples(folder: Path) -> dict[str, set[str]]:
    db = EmbeddedStore(folder, read_only=True)
    try:
        return article_triples(db)
    finally:
        db.close()
        del db
        gc.collect()  # pyoxigraph lets go of the folder when the store is dropped


def triple_count(graphs: dict[str, set[str]]) -> int:
    """All the triples of ``graphs`` (as :func:`article_triples` gives them)."""
    return sum(int(next(iter(t)).split()[0]) if g.endswith(ONTOLOGY) else len(t) for g, t in graphs.items())


def kill_part_way(proc: subprocess.Popen[bytes], progressed: Callable[[], bool]) -> None:
    """SIGKILL ``proc`` as soon as ``progressed()`` says it has stored some articles."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None and not progressed():
        time.sleep(0.3)
    assert proc.poll() is None, "the ingest finished before it could be killed; give it more articles"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def assert_whole_or_absent(partial: dict[str, set[str]], clean: dict[str, set[str]]) -> int:
    """Every graph of ``partial`` is exactly the clean run's; the number of articles checked."""
    assert 1 < len(partial) < len(clean), "the kill should land part-way"
    for name, triples in partial.items():
        assert triples == clean[name], f"{name} is only partly stored"
    return sum(1 for name in partial if not name.endswith(ONTOLOGY))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 1,000 synthetic extractions."""
    written = synth.write_corpus(tmp_path_factory.mktemp("crash") / "corpus", ARTICLES, seed=11, texts=False)
    return written.extractions[0].parent


#: How many bytes the clean run's store folder holds: the embedded ingest is killed once its own
#: folder has grown to a third of that (a sign of progress that does not depend on the machine's speed).
CLEAN_BYTES: list[int] = []


def folder_bytes(folder: Path) -> int:
    """The bytes of the files under ``folder`` (files may vanish while the store compacts)."""
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            total += path.stat().st_size if path.is_file() else 0
    return total


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """What an ingest that nobody interrupts stores, per article graph."""
    store = tmp_path_factory.mktemp("clean") / "store"
    assert ingest(corpus, "--store", str(store)).wait(timeout=1800) == 0
    triples = embedded_triples(store)
    CLEAN_BYTES.append(folder_bytes(store))
    assert len(triples) == ARTICLES + 1  # the articles and the ontology
    return triples


def test_sigkill_mid_ingest_loses_no_article_half_embedded(corpus: Path, clean: dict[str, set[str]],
                                                           tmp_path: Path) -> None:
    store = tmp_path / "crashed"
    proc = ingest(corpus, "--store", str(store))
    kill_part_way(proc, lambda: folder_bytes(store) > CLEAN_BYTES[0] / 3)
    checked = assert_whole_or_absent(embedded_triples(store), clean)
    print(f"embedded: {checked} articles whole after SIGKILL")

    assert ingest(corpus, "--store", str(store)).wait(timeout=1800) == 0
    assert embedded_triples(store) == clean
    db = EmbeddedStore(store, read_only=True)
    try:
        assert db.count() == triple_count(clean)
    finally:
        db.close()


@contextlib.contextmanager
def remote_server(kind: str, data: Path) -> Iterator[str]:
    """A fresh server of ``kind`` with its data in ``data``; its endpoint URL."""
    with contextlib.ExitStack() as stack:
        factory = oxigraph_server(data / "data") if kind == "oxigraph" else virtuoso_server(data / "virtuoso")
        yield start_or_skip(factory, stack).endpoint


@pytest.mark.parametrize("kind", ["oxigraph"])
def test_sigkill_mid_ingest_loses_no_article_half_remote(kind: str, corpus: Path, clean: dict[str, set[str]],
                                                         tmp_path: Path) -> None:
    with remote_server(kind, tmp_path) as endpoint:
        watcher = RemoteStore(endpoint, timeout=30.0)
        try:
            proc = ingest(corpus, "--endpoint", endpoint)
            kill_part_way(proc, lambda: len(watcher.graphs()) > ARTICLES // 3)
            checked = assert_whole_or_absent(article_triples(watcher), clean)
            print(f"{kind}: {checked} articles whole after SIGKILL")

            assert ingest(corpus, "--endpoint", endpoint).wait(timeout=1800) == 0
            assert article_triples(watcher) == clean
            assert watcher.count() == triple_count(clean)
        finally:
            watcher.close()
