"""Whatever text comes in, the extractor answers with an extraction whose spans index that text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.extract import article_from_text, extract
from diplograph.model import Extraction, Span

# pieces of news copy, so that random text also reaches the rules (cues, quotes, numbers, truces)
PIECES = [
    "said", "told", "accused", "according to", "the minister", "he", "they", "Russia", "Aleppo", "Moscow",
    "\u201c", "\u201d", '"', "''", ",", ".", "\n\n", " date 2016-10-24 MOSCOW: ", "MOSCOW (Reuters) - ",
    "killed", "including", "three children", "44 civilians", "truce", "three-day cease-fire", "on Monday",
    "since Thursday", "talks in Geneva", "expressed concern at", "of", "that", "saying", "adding that",
]
news_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map(" ".join)


def spans_of(ex: Extraction) -> list[Span]:
    spans = [sp for s in ex.statements for sp in (s.content, s.cue, s.source) if sp is not None]
    spans += [a.act for a in ex.accusations] + [a.means for a in ex.accusations if a.means is not None]
    spans += [m for c in ex.ceasefires for m in c.mentions]
    spans += [c.evidence for c in ex.casualty_reports if c.evidence is not None]
    spans += [m.outcome for m in ex.meetings if m.outcome is not None]
    return spans


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), news_like))
def test_any_text_gives_an_extraction_with_honest_offsets(text: str) -> None:
    ex = extract(article_from_text(text, published="2016-10-24"))
    assert ex.text == text
    for sp in spans_of(ex):
        assert 0 <= sp.start <= sp.end <= len(text)
        assert text[sp.start:sp.end] == sp.text
    for s in ex.statements:
        assert s.speakers and s.mode in ("direct", "indirect", "mixed")
