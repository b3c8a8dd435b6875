"""Validation of mapped articles: good extractions conform, bad ones are refused with a report a
person can act on (which node, which property, what value, what is wrong)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from diplograph.errors import ValidationError
from diplograph.model import Extraction, Span, load_extraction
from diplograph.rdf.mapping import to_graph
from diplograph.rdf.validate import check_graph, validate_graph

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "gold"


def test_the_seed_annotation_conforms(seed_gold: Path) -> None:
    report = validate_graph(to_graph(load_extraction(seed_gold)))
    assert report.conforms, "\n".join(map(str, report.violations))


@pytest.mark.parametrize("gold", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_the_bundled_examples_conform(gold: Path) -> None:
    report = validate_graph(to_graph(load_extraction(gold)))
    assert report.conforms, "\n".join(map(str, report.violations))


def test_the_sample_conforms_and_check_graph_returns_its_report(sample: Extraction) -> None:
    assert check_graph(to_graph(sample)).conforms


def test_validation_leaves_the_article_graph_as_it_was(sample: Extraction) -> None:
    graph = to_graph(sample)
    before = set(graph)
    validate_graph(graph)
    assert set(graph) == before  # the ontology mixed in for checking is not left behind


def _no_speaker(ex: Extraction) -> None:
    ex.statements[1].speakers = []


def _negative_count(ex: Extraction) -> None:
    ex.casualty_reports[0].killed = -3


def _bad_date(ex: Extraction) -> None:
    ex.statements[1].date = "2016-13-45"


def _bad_qid(ex: Extraction) -> None:
    ex.entities[0].wikidata = "X12"


def _unknown_act(ex: Extraction) -> None:
    ex.statements[1].act = "gossip"


def _unknown_mode(ex: Extraction) -> None:
    ex.statements[1].mode = "shouted"


def _span_ends_before_it_starts(ex: Extraction) -> None:
    c = ex.statements[1].content
    ex.statements[1].content = Span(text=c.text, start=c.end, end=c.start)


def _span_past_the_end(ex: Extraction) -> None:
    assert ex.text is not None
    ex.statements[1].content = Span(text="hold", start=len(ex.text) + 10, end=len(ex.text) + 14)


def _negative_duration(ex: Extraction) -> None:
    ex.ceasefires[0].duration_days = -1


def _end_date_in_words(ex: Extraction) -> None:
    ex.ceasefires[0].ended = "last Thursday"


BREAKAGES: list[tuple[Callable[[Extraction], None], str, str, str]] = [
    # (what breaks, the path the report names, words of its message, the value it quotes)
    (_no_speaker, "dg:speaker", "at least one speaker", ""),
    (_negative_count, "dg:killed", "non-negative integer", '"-3"'),
    (_bad_date, "dg:date", "valid xsd:date", '"2016-13-45"'),
    (_bad_qid, "dg:wikidataId", "looks like Q159", '"X12"'),
    (_unknown_act, "dg:speechAct", "one of the scheme", "act:gossip"),
    (_unknown_mode, "dg:mode", "direct, indirect or mixed", ""),
    (_span_ends_before_it_starts, "oa:start", "start before it ends", ""),
    (_span_past_the_end, "", "past the end of the article text", ""),
    (_negative_duration, "dg:durationDays", "non-negative", '"-1"'),
    (_end_date_in_words, "dg:endDate", "valid xsd:date", '"last Thursday"'),
]


@pytest.mark.parametrize(("breakage", "path", "words", "value"), BREAKAGES, ids=[b[0].__name__[1:] for b in BREAKAGES])
def test_a_broken_extraction_is_refused_with_a_readable_report(
        sample: Extraction, breakage: Callable[[Extraction], None], path: str, words: str, value: str) -> None:
    breakage(sample)
    with pytest.raises(ValidationError) as caught:
        check_graph(to_graph(sample), what="sample.json")
    error = caught.value
    assert error.message.startswith("sample.json does not conform to the shapes: ")
    assert words in error.message  # the first (here the only) problem is in the one-line message
    first = error.violations[0]
    assert first["path"] == path and words in first["message"]
    assert first["focus"].startswith("id:")  # a short name, not a long IRI
    if value:
        assert first["value"] == value and value in error.message
    assert "Traceback" not in error.report and "http://www.w3.org/ns/shacl" not in error.report


def test_every_problem_is_reported_not_only_the_first(sample: Extraction) -> None:
    _no_speaker(sample)
    _negative_count(sample)
    _bad_qid(sample)
    with pytest.raises(ValidationError) as caught:
        check_graph(to_graph(sample))
    paths = {v["path"] for v in caught.value.violations}
    assert {"dg:speaker", "dg:killed", "dg:wikidataId"} <= paths
    assert "(and 2 more)" in caught.value.message
    assert len(caught.value.report.splitlines()) == 3
