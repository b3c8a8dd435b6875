"""Content negotiation rules (web/negotiation.py): q-values, specificity, wildcards, order."""

from __future__ import annotations

import pytest

from diplograph.web.negotiation import GRAPH_TYPES, SOLUTION_TYPES, choose, prefers_html


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "json"),
    ("", "json"),
    ("*/*", "json"),
    ("text/csv", "csv"),
    ("text/csv;q=0.5, application/sparql-results+xml", "xml"),
    ("application/sparql-results+xml;q=0.5, text/*", "csv"),  # text/* q=1 beats xml q=0.5
    ("text/*;q=0.9, text/tab-separated-values", "tsv"),
    ("TEXT/CSV", "csv"),
    ("text/csv;q=0", None),
    ("*/*;q=0.1, text/csv;q=0", "json"),  # the specific q=0 rules csv out, the rest is still fine
    ("image/png", None),
    ("application/json;q=bogus, text/csv;q=0.3", "csv"),  # a bad q counts as 0
    ("garbage, text/tab-separated-values", "tsv"),
])
def test_choose_a_results_format(accept: str | None, expected: str | None) -> None:
    assert choose(accept, SOLUTION_TYPES, "json") == expected


def test_equal_preferences_keep_the_clients_order() -> None:
    assert choose("application/n-triples, text/turtle", GRAPH_TYPES, "turtle") == "ntriples"
    assert choose("text/turtle, application/n-triples", GRAPH_TYPES, "turtle") == "turtle"


@pytest.mark.parametrize(("accept", "html"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),  # a browser
    ("*/*", False),  # curl
    (None, False),
    ("text/turtle, text/html;q=0.5", False),
    ("text/html;q=0", False),
    ("application/ld+json", False),
])
def test_browsers_are_told_apart(accept: str | None, html: bool) -> None:
    assert prefers_html(accept) is html
