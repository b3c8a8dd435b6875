"""Quote marks: which passages of a text are quoted, as a reader would mark them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from diplograph.extract.quotes import QuoteIndex, find_quotes, trim, trim_mixed


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


def test_curly_quotes_without_their_closing_comma() -> None:
    text = "\u201cWe will not go back,\u201d the envoy said."
    assert quoted(text) == ["We will not go back"]


def test_straight_quotes_pair_up_in_order() -> None:
    text = 'He called it "a disgrace" and "a farce," aides said.'
    assert quoted(text) == ["a disgrace", "a farce"]


def test_doubled_apostrophes_of_newspaper_archives() -> None:
    text = "''It is more tinkering at the edges,'' said an economist."
    assert quoted(text) == ["It is more tinkering at the edges"]


def test_guillemets() -> None:
    assert quoted("Il a dit \u00abnon\u00bb hier.") == ["non"]


def test_apostrophes_inside_words_are_not_quote_marks() -> None:
    text = "\u201cIt\u2019s the rebels\u2019 choice,\u201d he said."
    assert quoted(text) == ["It\u2019s the rebels\u2019 choice"]


def test_a_quotation_over_two_paragraphs_is_one_part_per_paragraph() -> None:
    text = "\u201cThe first part runs on.\n\n\u201cThe second part ends here,\u201d she said."
    quotes = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == ["The first part runs on", "The second part ends here"]
    assert [q.closed for q in quotes] == [False, True]


def test_the_index_knows_which_offsets_are_quoted() -> None:
    text = 'Before "inside words" after.'
    index = QuoteIndex(text)
    assert index.around(text.index("inside")) is not None
    assert index.around(text.index("after")) is None
    assert len(index.within(0, len(text))) == 1


def test_trim_drops_marks_punctuation_and_a_leading_that() -> None:
    text = ' that "the plan is dead," '
    s, e = trim(text, 0, len(text))
    assert text[s:e] == "the plan is dead"


def test_trim_mixed_keeps_the_mark_that_closes_a_fragment() -> None:
    text = "it was acting instead of \u201creally helping.\u201d Next"
    s, e = trim_mixed(text, 0, text.index(" Next"))
    assert text[s:e] == "it was acting instead of \u201creally helping.\u201d"


@given(st.text(alphabet=st.sampled_from(list('ab “”"\'\u2019«»,.\n')), max_size=200))
def test_quotes_always_lie_inside_the_text_and_do_not_overlap(text: str) -> None:
    quotes = find_quotes(text)
    last = -1
    for q in quotes:
        assert 0 <= q.open_at < q.start <= q.end <= q.close_at <= len(text)
        assert q.open_at >= last
        last = q.close_at
