"""Reading articles: datelines, JSON metadata, offsets into the text as read, and input that is no article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplograph.errors import InputError
from diplograph.extract import article_from_text, extract, read_article
from diplograph.extract.reader import looks_english, parse_dateline

CORPUS_STYLE = " date 2018-11-05 ADEN: The governor said on Sunday that the port had reopened.\n"


def test_corpus_first_line_gives_date_and_place_and_offsets_index_the_raw_text(tmp_path: Path) -> None:
    f = tmp_path / "aden.txt"
    f.write_text(CORPUS_STYLE, encoding="utf-8")
    article = read_article(f)
    assert (article.published, article.dateline, article.file) == ("2018-11-05", "ADEN", "aden.txt")
    ex = extract(article)
    [st] = ex.statements
    assert CORPUS_STYLE[st.content.start:st.content.end] == st.content.text == "the port had reopened"
    assert st.date == "2018-11-04"
    assert ex.text == CORPUS_STYLE


@pytest.mark.parametrize(("first_line", "published", "expected"), [
    ("MOSCOW (Reuters) - Russia said ...", "2016-10-24", ("MOSCOW", "2016-10-24", "Reuters")),
    ("MOSCOW, Oct 24 (AFP) - Russia said ...", None, ("MOSCOW", None, "AFP")),  # no year: no date
    ("UNITED NATIONS, Oct. 8 (AP) \u2014 The council met ...", None, ("UNITED NATIONS", None, "AP")),
    ("BEIRUT - A car bomb exploded ...", None, ("BEIRUT", None, None)),
    ("Officials said on Monday ...", "2016-10-24", (None, "2016-10-24", None)),
])
def test_wire_datelines(first_line: str, published: str | None, expected: tuple[str | None, ...]) -> None:
    assert parse_dateline(first_line, published) == expected


def test_a_dateline_year_comes_from_the_published_date() -> None:
    assert parse_dateline("MOSCOW, Oct 24 (AFP) - x", "2016-10-30")[1] == "2016-10-30"
    article = article_from_text("KABUL, March 3 (Wire) - The minister said the road was open.", published="2020-03-03")
    assert article.text[article.body_start:].startswith("The minister")


def test_json_articles_carry_their_metadata(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"text": "SANAA (Wire) - The rebels said they had taken the hill.",
                             "published": "2019-02-01T10:00:00Z", "url": "https://example.org/a",
                             "source": "Example Wire", "title": "Hill taken"}), encoding="utf-8")
    article = read_article(f)
    assert (article.published, article.url, article.source, article.title) == (
        "2019-02-01", "https://example.org/a", "Example Wire", "Hill taken")
    ex = extract(article)
    assert ex.article.url == "https://example.org/a"
    assert [s.content.text for s in ex.statements] == ["they had taken the hill"]


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeffThe mayor said the water was safe.".encode())
    article = read_article(f)
    assert article.text.startswith("The mayor")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "d\u00e9j\u00e0 vu".encode("latin-1"), "UTF-8"),
    ("huge.txt", b"word " * 1_000_000, "too large"),
    ("broken.json", b'{"text": "unfinished', "not valid JSON"),
    ("list.json", b'["text"]', "'text' string"),
])
def test_input_that_is_no_article_is_refused_with_a_clear_message(
        tmp_path: Path, name: str, content: bytes, message: str) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_article(f)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_article(tmp_path / "nowhere.txt")


@pytest.mark.parametrize("text", [
    "\u041c\u043e\u0441\u043a\u0432\u0430 \u0437\u0430\u044f\u0432\u0438\u043b\u0430, \u0447\u0442\u043e "
    "\u043f\u0435\u0440\u0435\u043c\u0438\u0440\u0438\u0435 \u0437\u0430\u043a\u043e\u043d\u0447\u0438\u043b\u043e\u0441\u044c. " * 5,
    "Le ministre a d\u00e9clar\u00e9 lundi que la tr\u00eave \u00e9tait termin\u00e9e et que les combats "
    "avaient repris dans la ville, selon une source diplomatique fran\u00e7aise. " * 3,
])
def test_text_in_another_language_gives_an_empty_extraction(text: str) -> None:
    assert not looks_english(text)
    ex = extract(article_from_text(text))
    assert ex.statements == [] and ex.entities == [] and ex.text == text


def test_short_or_english_text_is_read() -> None:
    assert looks_english("Hi.")
    assert looks_english(CORPUS_STYLE * 3)
