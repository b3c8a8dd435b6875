"""Rejected input is kept, not lost: each article that fails extraction, loading or SHACL is
copied to the quarantine folder with a report of why; ``ingest`` prints a summary and exits 1;
the good articles are stored all the same; and no file name, however odd, puts a copy outside
the quarantine folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from diplograph import synth
from diplograph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_rejected_articles_go_to_quarantine_with_their_reports(tmp_path: Path) -> None:
    corpus = synth.write_corpus(tmp_path / "corpus", 4, seed=5, texts=False)
    folder = corpus.extractions[0].parent
    good = sorted(folder.glob("*.json"))
    # one extraction breaks a SHACL shape: a negative death toll
    data = json.loads(good[0].read_text(encoding="utf-8"))
    assert data["casualty_reports"], "the first synthetic article reports casualties"
    data["casualty_reports"][0]["killed"] = -3
    (folder / "negative-toll.json").write_text(json.dumps(data), encoding="utf-8")
    good[0].unlink()
    # others cannot be read or extracted at all; some carry names that try to leave the folder
    (folder / "cut-short.json").write_text(good[1].read_text(encoding="utf-8")[:300], encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\xff\xfe\x00\x01 not an article")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "..%2f..%2fescaped.json").write_text("{", encoding="utf-8")
    (folder / "..json").write_text("[1, 2", encoding="utf-8")
    rejected = {"negative-toll.json", "cut-short.json", "binary.txt", "empty.txt", "..%2f..%2fescaped.json", "..json"}
    store, kept = tmp_path / "store", tmp_path / "kept"
    before = files_under(tmp_path)

    done = subprocess.run([sys.executable, "-m", "diplograph", "ingest", str(folder), "--store", str(store),
                           "--quarantine", str(kept)], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "ingested 3, unchanged 0, rejected 6" in done.stdout
    assert str(kept) in done.stdout and "Traceback" not in done.stderr
    for name in rejected:
        assert name in done.stderr, f"{name} is not named among the rejected"
    # every rejected file is in the quarantine folder, byte for byte, beside its report
    copies = {p for p in kept.iterdir() if not p.name.endswith(".report.txt")}
    assert len(copies) == len(rejected)
    originals = {(folder / name).read_bytes() for name in rejected}
    assert {c.read_bytes() for c in copies} == originals
    for copy in copies:
        report = copy.with_name(copy.name + ".report.txt").read_text(encoding="utf-8")
        assert "error:" in report and str(folder) in report
    toll = next(c for c in copies if c.name.startswith("negative-toll"))
    assert "SHACL report" in toll.with_name(toll.name + ".report.txt").read_text(encoding="utf-8")
    # nothing was written anywhere but the store and the quarantine folder
    made = files_under(tmp_path) - before
    assert all(p.is_relative_to(store) or p.parent == kept for p in made), sorted(map(str, made))
    # and the good articles are stored
    db = EmbeddedStore(store, read_only=True)
    try:
        assert sum(1 for g in db.graphs() if "/article/" in g) == 3
    finally:
        db.close()
