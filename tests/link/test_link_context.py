"""Context decides what an ambiguous name links to: "Moscow" the government or the city, and a
surname alone after the full name (the extractor and the linker read the one gazetteer)."""

from __future__ import annotations

import pytest

from diplograph.extract import extract
from diplograph.extract.reader import article_from_text
from diplograph.link.wikidata import link_extraction
from diplograph.model import Extraction

ARTICLE = (
    " date 2016-10-24 GENEVA: Moscow said on Monday it would extend the pause in Aleppo.\n\n"
    "Foreign Minister Sergei Lavrov met the envoy in Moscow on Sunday.\n\n"
    "Lavrov said the rebels had to leave the city.\n\n"
    "Damascus said it would not accept the plan.\n"
)


@pytest.fixture(scope="module")
def article() -> Extraction:
    linked, _ = link_extraction(extract(article_from_text(ARTICLE, file="context.txt")))
    return linked


def _speakers(ex: Extraction, fragment: str) -> list[tuple[str, str | None]]:
    found = [s for s in ex.statements if fragment in s.content.text]
    assert found, f"no statement with {fragment!r}: {[s.content.text for s in ex.statements]}"
    return [(r.label, r.wikidata) for r in found[0].speakers]


def test_moscow_speaking_is_the_russian_state(article: Extraction) -> None:
    assert _speakers(article, "extend the pause") == [("Russia", "Q159")]


def test_moscow_as_a_place_is_the_city(article: Extraction) -> None:
    moscow = article.entity("Moscow")
    assert moscow is not None and moscow.kind == "Place" and moscow.wikidata == "Q649"


def test_damascus_speaking_is_the_syrian_state(article: Extraction) -> None:
    assert _speakers(article, "not accept the plan") == [("Syria", "Q858")]


def test_a_surname_alone_after_the_full_name_is_that_person(article: Extraction) -> None:
    assert [label for label, _ in _speakers(article, "the rebels had to leave")] == ["Sergei Lavrov"]
    lavrov = article.entity("Sergei Lavrov")
    assert lavrov is not None and lavrov.kind == "Person" and "Lavrov" in lavrov.mentions
    assert article.entity("Lavrov") is None  # no second entity for the surname
