"""The seed article: the figures the extractor must reach, by the project's scorer and ../shared's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from diplograph.extract import extract, read_article
from diplograph.extract.evaluate import evaluate
from diplograph.model import dump_extraction


def test_seed_figures(seed_gold: Path) -> None:
    figures = evaluate([seed_gold])
    assert figures["detection"]["f1"] >= 0.95
    assert figures["full"]["f1"] >= 0.90
    assert figures["linking"]["precision"] == 1.0
    assert figures["linking"]["recall"] >= 0.95
    for kind in ("accusations", "ceasefires", "casualty_reports"):
        assert figures[kind]["r"] > 0, f"no {kind} found"


def test_project_scorer_agrees_with_the_shared_scorer(seed_gold: Path, seed_text: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.json"
    pred.write_text(dump_extraction(extract(read_article(seed_text))), encoding="utf-8")
    shared = seed_gold.parent / "score.py"
    res = subprocess.run([sys.executable, str(shared), str(seed_gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    theirs = json.loads(res.stdout.strip().splitlines()[-1])
    assert evaluate([seed_gold]) == theirs


def test_ingested_seed_text_conforms_and_answers(seed_text: Path) -> None:
    import diplograph

    store = diplograph.open_store(None)
    summary = diplograph.ingest(store, [seed_text])
    assert summary.ingested and not summary.rejected
    rows = diplograph.query(store, """
        SELECT ?accused WHERE { ?a a dg:Accusation ; dg:accuser/rdfs:label "Sergei Lavrov" ;
                                   dg:accused/rdfs:label ?accused }""")
    assert {r["accused"] for r in rows} >= {"Ahrar al-Sham", "Jabhat Fatah al-Sham"}
