"""What the extractor reads from wire text, on articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.errors import InputError
from diplograph.extract import article_from_text, extract, read_article
from diplograph.extract.reader import parse_dateline
from diplograph.model import Extraction, Statement

ARTICLE = (
    " date 2019-03-14 ANKARA: Turkey said on Wednesday it would not withdraw its troops from northern Syria.\n\n"
    "\u201cWe will stay as long as the threat remains,\u201d Foreign Minister Mevlut Cavusoglu told reporters "
    "in Ankara.\n\n"
    "Cavusoglu also said that Washington must stop arming Kurdish fighters.\n\n"
    "\u201cOur patience has limits,\u201d he said. \u201cThe region needs peace.\u201d\n\n"
    "According to the Syrian Observatory for Human Rights, twelve civilians, including four children, "
    "were killed in shelling on the town of Tal Rifaat since Monday.\n\n"
    "Moscow rejected the plan, the Kremlin said.\n"
)


@pytest.fixture(scope="module")
def article() -> Extraction:
    return extract(article_from_text(ARTICLE, file="turkey.txt"))


def by_content(ex: Extraction, fragment: str) -> Statement:
    found = [s for s in ex.statements if fragment in s.content.text]
    assert found, f"no statement with {fragment!r}: {[s.content.text for s in ex.statements]}"
    return found[0]


def test_dateline_sets_the_article_date_and_place(article: Extraction) -> None:
    assert article.article.published == "2019-03-14"
    assert article.article.dateline == "ANKARA"


def test_indirect_speech_of_a_state(article: Extraction) -> None:
    st_ = by_content(article, "would not withdraw its troops")
    assert [s.label for s in st_.speakers] == ["Turkey"]
    assert st_.mode == "indirect"
    assert st_.date == "2019-03-13"  # "on Wednesday" before a Thursday dateline
    assert st_.cue is not None and st_.cue.text == "said"


def test_direct_quote_with_addressee(article: Extraction) -> None:
    st_ = by_content(article, "We will stay as long as the threat remains")
    assert st_.mode == "direct"
    assert st_.speakers[0].label.endswith("Cavusoglu")
    assert st_.addressee == "reporters"
    assert st_.content.text == "We will stay as long as the threat remains"


def test_surname_and_pronoun_resolve_to_the_full_name(article: Extraction) -> None:
    demand = by_content(article, "stop arming Kurdish fighters")
    assert demand.speakers[0].label.endswith("Cavusoglu")
    assert demand.act == "demand"
    patience = by_content(article, "Our patience has limits")
    assert patience.source is not None and patience.source.text == "he"
    assert patience.speakers[0].label == demand.speakers[0].label


def test_quote_split_by_its_attribution_gives_both_parts(article: Extraction) -> None:
    second = by_content(article, "The region needs peace")
    assert second.speakers[0].label.endswith("Cavusoglu")
    assert second.mode == "direct"


def test_according_to_names_the_source(article: Extraction) -> None:
    st_ = by_content(article, "twelve civilians")
    assert st_.speakers[0].label == "Syrian Observatory for Human Rights"
    assert st_.cue is not None and st_.cue.text.lower() == "according to"
    assert st_.act == "report"


def test_casualties_in_words_with_breakdown_and_period(article: Extraction) -> None:
    report = next(c for c in article.casualty_reports if c.killed == 12)
    assert report.including == {"children": 4}
    assert report.since == "2019-03-11"
    assert report.cause == "shelling"


def test_capital_as_speaker_stands_for_its_state() -> None:
    ex = extract(article_from_text(" date 2016-10-24 BEIRUT: Damascus said on Sunday it had not used chemical "
                                   "weapons, calling the claims fabricated.\n"))
    st_ = ex.statements[0]
    assert [s.label for s in st_.speakers] == ["Syria"]
    assert st_.date == "2016-10-23"


def test_offsets_index_the_text_as_read(article: Extraction) -> None:
    for st_ in article.statements:
        assert ARTICLE[st_.content.start:st_.content.end] == st_.content.text
        if st_.source is not None:
            assert ARTICLE[st_.source.start:st_.source.end] == st_.source.text


def test_wire_datelines() -> None:
    assert parse_dateline("MOSCOW (Reuters) - Russia said …")[0] == "MOSCOW"
    place, date, agency = parse_dateline("MOSCOW, Oct 24 (AFP) - Russia said …", "2016-10-24")
    assert (place, date, agency) == ("MOSCOW", "2016-10-24", "AFP")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"\xff\xfe\xfa not utf-8", "UTF-8"),
    (b"x" * 2_100_000, "too large"),
])
def test_bad_files_are_refused_with_a_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_article(f)


def test_non_english_text_gives_an_empty_extraction_not_an_error() -> None:
    ex = extract(article_from_text("Москва заявила в понедельник, что не рассматривает новое перемирие."))
    assert ex.statements == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_unicode_never_crashes(text: str) -> None:
    ex = extract(article_from_text(text))
    for st_ in ex.statements:
        assert text[st_.content.start:st_.content.end] == st_.content.text
