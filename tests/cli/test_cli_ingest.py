"""The command line as a user meets it: ingest, query, validate, export, stats, bad input."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, store: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "diplograph", *map(str, args)]
    if store is not None:
        cmd += ["--store", str(store)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)


def query_json(store: Path, sparql: str) -> list[dict[str, str]]:
    res = run("query", "--format", "json", sparql, store=store)
    assert res.returncode == 0, res.stderr
    rows: list[dict[str, str]] = json.loads(res.stdout)
    return rows


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, seed_gold: Path) -> Path:
    store = tmp_path_factory.mktemp("cli") / "data"
    res = run("ingest", seed_gold, store=store)
    assert res.returncode == 0, res.stderr
    assert "ingested 1" in res.stdout
    return store


def test_ryabkov_statements_about_the_ceasefire_come_with_evidence(seeded: Path) -> None:
    rows = query_json(seeded, """
        SELECT ?content ?exact ?start WHERE {
          ?s dg:speaker/rdfs:label "Sergei Ryabkov" ; dg:about/rdfs:label ?topic ;
             dg:content ?content ; dg:evidence ?span .
          ?span oa:exact ?exact ; oa:start ?start .
          FILTER(CONTAINS(LCASE(?topic), "ceasefire"))
        } ORDER BY ?start""")
    assert len(rows) >= 3
    assert all(r["exact"] == r["content"] for r in rows)
    assert any("humanitarian pause" in r["content"] for r in rows)


def test_lavrov_accused_both_groups(seeded: Path) -> None:
    rows = query_json(seeded, """
        SELECT ?accused ?act WHERE {
          ?a a dg:Accusation ; dg:accuser/rdfs:label "Sergei Lavrov" ;
             dg:accused/rdfs:label ?accused ; dg:allegedAct ?act }""")
    assert {r["accused"] for r in rows} == {"Jabhat Fatah al-Sham", "Ahrar al-Sham"}
    assert all("obstructing the departure" in r["act"] for r in rows)


def test_ingesting_twice_leaves_the_triple_count_unchanged(seeded: Path, seed_gold: Path) -> None:
    before = run("stats", store=seeded).stdout
    res = run("ingest", seed_gold, store=seeded)
    assert res.returncode == 0
    assert "unchanged 1" in res.stdout
    assert run("stats", store=seeded).stdout == before


def _broken(seed_gold: Path, tmp_path: Path, edit: str) -> Path:
    data: dict[str, Any] = json.loads(seed_gold.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    if edit == "no-speaker":
        data["statements"][0]["speakers"] = []
    elif edit == "negative-count":
        data["casualty_reports"][0]["killed"] = -3
    elif edit == "bad-date":
        data["statements"][1]["date"] = "2016-13-45"
    elif edit == "bad-qid":
        data["entities"][0]["wikidata"] = "X159"
    out = tmp_path / f"{edit}.gold.json"
    if edit == "broken-json":
        out.write_text(seed_gold.read_text(encoding="utf-8")[:500], encoding="utf-8")
    else:
        out.write_text(json.dumps(data), encoding="utf-8")
    # the article text is found next to the annotation, as in ../shared
    (tmp_path / "aleppo-truce-2016-10-24.txt").write_text(
        (seed_gold.parent.parent / "corpus" / "aleppo-truce-2016-10-24.txt").read_text(encoding="utf-8"),
        encoding="utf-8")
    return out


@pytest.mark.parametrize("edit", ["no-speaker", "negative-count", "bad-date", "bad-qid", "broken-json"])
def test_invalid_input_is_rejected_and_the_store_is_unchanged(
        seeded: Path, seed_gold: Path, tmp_path: Path, edit: str) -> None:
    before = run("export", "--format", "nquads", store=seeded).stdout
    res = run("ingest", _broken(seed_gold, tmp_path, edit), store=seeded)
    assert res.returncode != 0
    assert "rejected 1" in res.stdout
    assert "Traceback" not in res.stderr
    assert run("export", "--format", "nquads", store=seeded).stdout == before


@pytest.mark.parametrize(("edit", "code"), [("no-speaker", 1), ("bad-date", 1), ("broken-json", 2)])
def test_validate_exit_codes_follow_pyshacl(seed_gold: Path, tmp_path: Path, edit: str, code: int) -> None:
    res = run("validate", _broken(seed_gold, tmp_path, edit))
    assert res.returncode == code, res.stdout + res.stderr
    assert "Traceback" not in res.stderr


def test_validate_accepts_the_gold(seed_gold: Path) -> None:
    res = run("validate", seed_gold)
    assert res.returncode == 0, res.stdout
    assert "conforms" in res.stdout


def test_errors_are_one_readable_line(tmp_path: Path) -> None:
    res = run("ingest", tmp_path / "nowhere.json", store=tmp_path / "data")
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    res = run("query", "SELECT ?s WHERE {", store=tmp_path / "data")
    assert res.returncode == 2
    assert res.stderr.strip().startswith("error:") and len(res.stderr.strip().splitlines()) == 1


def test_export_writes_trig_that_parses(seeded: Path, tmp_path: Path) -> None:
    import pyoxigraph as ox

    out = tmp_path / "dump.trig"
    assert run("export", "--format", "trig", "-o", out, store=seeded).returncode == 0
    quads = list(ox.parse(out.read_bytes(), format=ox.RdfFormat.TRIG))
    assert len(quads) > 100
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads)


def test_rejected_files_are_kept_with_their_report(seed_gold: Path, tmp_path: Path) -> None:
    broken = _broken(seed_gold, tmp_path, "negative-count")
    kept = tmp_path / "kept"
    res = run("ingest", broken, "--quarantine", kept, store=tmp_path / "data")
    assert res.returncode == 1
    copies = [p for p in kept.iterdir() if p.suffix == ".json"]
    assert len(copies) == 1 and copies[0].read_bytes() == broken.read_bytes()
    report = copies[0].with_name(copies[0].name + ".report.txt").read_text(encoding="utf-8")
    assert "dg:killed" in report or "killed" in report


def test_dask_engine_ingests_like_the_local_one(tmp_path: Path) -> None:
    gold = ROOT / "examples" / "gold"
    local = run("ingest", gold, store=tmp_path / "local")
    dask = run("ingest", gold, "--engine", "dask", "--checkpoint", tmp_path / "done.jsonl", store=tmp_path / "dask")
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    assert "ingested 3" in dask.stdout
    assert run("stats", store=tmp_path / "local").stdout == run("stats", store=tmp_path / "dask").stdout
    again = run("ingest", gold, "--engine", "dask", "--checkpoint", tmp_path / "done.jsonl", store=tmp_path / "dask")
    assert "skipped 3" in again.stdout
