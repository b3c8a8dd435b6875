"""Distributed ingest on a Dask LocalCluster gives the same store as ingest in one process."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from tests.store.servers import Server, empty_store, free_port

from diplograph import api, synth
from diplograph.distributed import ingest_dask, ntriples_to_nquads
from diplograph.errors import ConfigError
from diplograph.namespaces import ONTOLOGY_GRAPH
from diplograph.rdf.mapping import to_graph
from diplograph.store.base import Store
from diplograph.store.embedded import EmbeddedStore


def quad_lines(store: Store) -> set[str]:
    """The articles' quads; the ontology graph (whose blank nodes differ per store) is checked by size."""
    ontology = f"<{ONTOLOGY_GRAPH}> ."
    lines = {line for line in store.dump("nquads").decode("utf-8").splitlines() if line.strip()}
    return {line for line in lines if not line.endswith(ontology)} | {f"ontology: {store.count(str(ONTOLOGY_GRAPH))}"}


def single_process_without_shapes(store: Store, files: list[Path]) -> None:
    """The single-process ingest path (read, map, replace the graph), the shapes check left out."""
    api.ensure_ontology(store)
    for f in files:
        graph = to_graph(api.read_extraction(f))
        store.replace_graph(str(graph.identifier), graph.serialize(format="nt"))


def test_ntriples_become_nquads_in_the_graph() -> None:
    nt = '<http://a> <http://b> "c . d" .\n\n<http://a> <http://b> <http://e> .\n'
    assert ntriples_to_nquads(nt, "http://g") == (
        '<http://a> <http://b> "c . d" <http://g> .\n<http://a> <http://b> <http://e> <http://g> .\n')


@pytest.mark.slow
def test_dask_ingest_of_2000_articles_gives_the_single_process_triples(tmp_path: Path, dask_client: Any) -> None:
    files = synth.write_corpus(tmp_path / "corpus", 2000, seed=11, texts=False).extractions
    dask_store = EmbeddedStore(tmp_path / "dask")
    # the shapes check (~0.2 s an article with pySHACL) is left out here to keep the test short;
    # test_dask_ingest_validates_and_rejects_like_single_process covers it on a smaller corpus
    summary = ingest_dask([tmp_path / "corpus"], dask_store, scheduler=dask_client, validate=False,
                          batch_size=250, shards_dir=tmp_path / "shards", checkpoint=tmp_path / "checkpoint.jsonl")
    assert summary.ok and len(summary.ingested) == 2000
    assert len(summary.shards) == 8 and all(s.is_file() for s in summary.shards)
    single = EmbeddedStore(None)  # in memory: the reference is the slow half of this test
    single_process_without_shapes(single, files)
    assert len(dask_store.graphs()) == 2001  # and the ontology's
    assert single.count() == dask_store.count() == summary.quads + single.count(str(ONTOLOGY_GRAPH))
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    missing = [q for q in dask_store.oxigraph if q.graph_name not in (ontology, ox.DefaultGraph())
               and q not in single.oxigraph]
    assert missing == []  # the stores have the same size, so they hold the same quads
    union = [len(list(s.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))) for s in (single, dask_store)]
    assert union[0] == union[1] > summary.quads // 2  # the union the queries see: the same size, each triple once


def test_dask_ingest_validates_and_rejects_like_single_process(tmp_path: Path, dask_client: Any) -> None:
    corpus = tmp_path / "corpus"
    files = synth.write_corpus(corpus, 24, seed=12, texts=False).extractions
    broken = json.loads(files[3].read_text(encoding="utf-8"))
    broken["statements"][0]["date"] = "24 October"  # not an xsd:date: the shapes reject it
    files[3].write_text(json.dumps(broken), encoding="utf-8")
    files[5].write_text("{ not json", encoding="utf-8")
    dask_store = EmbeddedStore(tmp_path / "dask")
    summary = ingest_dask([corpus], dask_store, scheduler=dask_client, batch_size=5,
                          quarantine=tmp_path / "quarantine")
    single = EmbeddedStore(tmp_path / "single")
    reference = api.ingest(single, [corpus])
    assert sorted(p for p, _ in summary.rejected) == sorted(p for p, _ in reference.rejected) == sorted(
        [str(files[3]), str(files[5])])
    assert sorted(summary.ingested) == sorted(reference.ingested)
    assert quad_lines(dask_store) == quad_lines(single)
    reports = sorted(p.name for p in (tmp_path / "quarantine").glob("*.report.txt"))
    assert len(reports) == 2


def test_rerun_skips_what_the_checkpoint_holds_and_redoes_changed_files(tmp_path: Path, dask_client: Any) -> None:
    corpus = tmp_path / "corpus"
    files = synth.write_corpus(corpus, 12, seed=13, texts=False).extractions
    checkpoint = tmp_path / "checkpoint.jsonl"
    store = EmbeddedStore(tmp_path / "store")
    first = ingest_dask([corpus], store, scheduler=dask_client, checkpoint=checkpoint, batch_size=4, validate=False)
    assert len(first.ingested) == 12
    before = quad_lines(store)

    again = ingest_dask([corpus], store, scheduler=dask_client, checkpoint=checkpoint, batch_size=4, validate=False)
    assert again.ingested == [] and len(again.skipped) == 12
    assert quad_lines(store) == before

    # a corrected article replaces its graph; a new article is added; the rest are skipped
    changed = json.loads(files[0].read_text(encoding="utf-8"))
    old_content = changed["statements"][0]["content"]["text"]
    changed["statements"][0]["act"] = "warning" if changed["statements"][0]["act"] != "warning" else "threat"
    files[0].write_text(json.dumps(changed), encoding="utf-8")
    os.utime(files[0], ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    synth.write_corpus(corpus, 1, seed=13, start=12, texts=False)
    third = ingest_dask([corpus], store, scheduler=dask_client, checkpoint=checkpoint, batch_size=4, validate=False)
    assert len(third.ingested) == 2 and len(third.skipped) == 11
    rows = api.query(store, f'SELECT ?act WHERE {{ ?s dg:content "{old_content}" ; dg:speechAct ?act }}')
    assert [r["act"].rsplit("#", 1)[-1] for r in rows] == [changed["statements"][0]["act"]]
    assert len(store.graphs()) == 14  # and the ontology's


def test_dask_ingest_loads_shards_into_a_remote_store(tmp_path: Path, dask_client: Any, oxigraph: Server) -> None:
    corpus = tmp_path / "corpus"
    synth.write_corpus(corpus, 30, seed=14, texts=False)
    remote = oxigraph.store()
    try:
        summary = ingest_dask([corpus], remote, scheduler=dask_client, batch_size=10, validate=False)
        assert len(summary.ingested) == 30
        embedded = EmbeddedStore(tmp_path / "embedded")
        ingest_dask([corpus], embedded, scheduler=dask_client, batch_size=10, validate=False)
        assert quad_lines(remote) == quad_lines(embedded)
    finally:
        empty_store(remote)
        remote.close()


def test_without_a_scheduler_a_local_cluster_is_started(tmp_path: Path) -> None:
    synth.write_corpus(tmp_path / "corpus", 6, seed=15, texts=False)
    store = EmbeddedStore(tmp_path / "store")
    summary = ingest_dask([tmp_path / "corpus"], store, workers=1, batch_size=3, validate=False)
    assert len(summary.ingested) == 6 and len(store.graphs()) == 7  # and the ontology's


def test_an_unreachable_scheduler_is_a_config_error(tmp_path: Path) -> None:
    synth.write_corpus(tmp_path / "corpus", 1, seed=16, texts=False)
    with pytest.raises(ConfigError, match="scheduler"):
        ingest_dask([tmp_path / "corpus"], EmbeddedStore(None), scheduler=f"tcp://127.0.0.1:{free_port()}",
                    scheduler_timeout=2)
