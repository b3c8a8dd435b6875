"""The synthetic corpus: deterministic by seed, exact annotations, wire-like density, valid graphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplograph import api, synth
from diplograph.model import Span
from diplograph.rdf.mapping import article_key


def spans(article: synth.SyntheticArticle) -> list[Span]:
    ex = article.extraction
    out: list[Span] = []
    for st in ex.statements:
        out += [st.content, *(s for s in (st.source, st.cue) if s is not None)]
    for acc in ex.accusations:
        out += [acc.act, *([acc.means] if acc.means else [])]
    for cf in ex.ceasefires:
        out += cf.mentions
    out += [c.evidence for c in ex.casualty_reports if c.evidence is not None]
    out += [m.outcome for m in ex.meetings if m.outcome is not None]
    return out


def test_same_seed_same_corpus_and_any_slice_regenerates_alone() -> None:
    first = [a.text for a in synth.articles(30, seed=4)]
    assert first == [a.text for a in synth.articles(30, seed=4)]
    assert [a.text for a in synth.articles(10, seed=4, start=20)] == first[20:]
    assert synth.article(7, seed=4).extraction == synth.article(7, seed=4).extraction
    assert first != [a.text for a in synth.articles(30, seed=5)]


def test_every_span_is_exactly_where_the_annotation_says() -> None:
    for article in synth.articles(150, seed=8):
        for span in spans(article):
            assert article.text[span.start:span.end] == span.text, (article.name, span)


def test_density_looks_like_wire_copy() -> None:
    stats = synth.corpus_stats(list(synth.articles(300, seed=9)))
    assert 150 <= stats["words"] <= 600
    assert 5 <= stats["statements"] <= 15
    assert 0.5 <= stats["accusations"] <= 1.5
    for kind in ("casualty_reports", "ceasefires", "meetings"):
        assert 0.2 <= stats[kind] <= 0.8, kind
    assert stats["speakers"] >= 3


def test_articles_have_a_dateline_and_distinct_keys() -> None:
    items = list(synth.articles(400, seed=10))
    for art in items:
        dateline = art.extraction.article.dateline
        assert dateline and dateline in art.text[:60]
    assert len({article_key(a.extraction) for a in items}) == len(items)


def test_generated_graphs_conform_to_the_shapes() -> None:
    for article in synth.articles(4, seed=12):
        graph, ntriples = api.graph_triples(article.extraction)  # raises ValidationError otherwise
        assert graph.endswith(article_key(article.extraction)) and ntriples


def test_written_corpus_reads_back_as_the_same_extractions(tmp_path: Path) -> None:
    files = synth.write_corpus(tmp_path, 5, seed=13)
    assert len(files.texts) == len(files.extractions) == 5
    for path, article in zip(files.extractions, synth.articles(5, seed=13), strict=True):
        assert api.read_extraction(path) == article.extraction
    assert files.texts[0].read_text(encoding="utf-8") == synth.article(0, seed=13).text


def test_command_line_writes_a_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert synth.main(["3", str(tmp_path), "--seed", "2", "--no-texts"]) == 0
    assert json.loads(capsys.readouterr().out) == {"texts": 0, "extractions": 3, "folder": str(tmp_path)}
    assert len(list((tmp_path / "extractions").glob("*.json"))) == 3
