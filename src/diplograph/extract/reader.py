"""Reading articles: plain text with a dateline, or JSON with metadata.

Offsets of everything extracted index the text exactly as read here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from diplograph.errors import InputError

#: Articles larger than this are refused: wire copy is a few kilobytes.
MAX_ARTICLE_BYTES = 2_000_000

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

# " date 2016-10-24 MOSCOW: …" (the layout of the evaluation corpus)
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+([A-Z][A-Za-z .'\-]*?)\s*:")
# "MOSCOW (Reuters) -", "MOSCOW, Oct 24 (AFP) -", "UNITED NATIONS, Oct. 8 (Agency) —"
_WIRE = re.compile(
    r"^\s*([A-Z][A-Z .'\-]{1,40}?)(?:,\s*([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:,\s*(\d{4}))?)?\s*"
    r"\(([^)]{1,60})\)\s*[-–—]+")
# "MOSCOW - " with no agency
_BARE = re.compile(r"^\s*([A-Z][A-Z .'\-]{2,40}?)\s*[-–—]+\s")


@dataclass(frozen=True)
class ArticleInput:
    """An article ready for extraction."""

    text: str
    published: str | None = None
    dateline: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    file: str | None = None
    body_start: int = 0  # where the story begins, after the dateline


#: Words of any English news text; a long text with almost none of them is in another language.
_FUNCTION_WORDS = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "that", "said", "for", "on", "was", "with", "by", "at", "as", "it", "from",
})


def looks_english(text: str) -> bool:
    """Whether a text may be English: mostly Latin letters and, when long enough, some of the most
    common English words. Short texts get the benefit of the doubt."""
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < 40:
        return True
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if latin < 0.6 * letters:
        return False
    words = re.findall(r"[A-Za-z]+", text[:20_000].lower())
    if len(words) < 30:
        return True
    return sum(1 for w in words if w in _FUNCTION_WORDS) >= 0.04 * len(words)


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def dateline_end(text: str) -> int:
    """The offset where the story starts, after a dateline if there is one."""
    for pattern in (_DATE_LINE, _WIRE, _BARE):
        m = pattern.match(text[:300])
        if m:
            end = m.end()
            while end < len(text) and text[end] in " \t":
                end += 1
            return end
    return 0


def parse_dateline(text: str, published: str | None = None) -> tuple[str | None, str | None, str | None]:
    """(dateline place, publication date, agency) read from the article's first line."""
    first = text[:300]
    m = _DATE_LINE.match(first)
    if m:
        return m.group(2).strip(), _valid_date(m.group(1)) or published, None
    m = _WIRE.match(first)
    if m:
        place, month, day, year, agency = m.groups()
        date = published
        if month and day and month[:3].lower() in _MONTHS:
            base_year = int(year) if year else (int(published[:4]) if published else None)
            if base_year is not None:
                with contextlib.suppress(ValueError):
                    date = date or dt.date(base_year, _MONTHS[month[:3].lower()], int(day)).isoformat()
        return place.strip().rstrip(","), date, agency.strip()
    m = _BARE.match(first)
    if m and len(m.group(1).split()) <= 4:
        return m.group(1).strip(), published, None
    return None, published, None


def article_from_text(text: str, *, published: str | None = None, url: str | None = None,
                      source: str | None = None, title: str | None = None, file: str | None = None) -> ArticleInput:
    """An article from its text; the dateline (place, date, agency) is read from the first line."""
    if not isinstance(text, str):
        raise InputError("the article text must be a string")
    place, date, agency = parse_dateline(text, _valid_date(published))
    return ArticleInput(text=text, published=date, dateline=place, url=url, source=source or agency,
                        title=title, file=file, body_start=dateline_end(text) if place else 0)


def read_article(path: str | Path) -> ArticleInput:
    """Read a .txt or .json article; a clear InputError for anything that is not one."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise InputError(f"{p}: the file is empty")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise InputError(f"{p}: {len(raw):,} bytes is too large for one article (limit {MAX_ARTICLE_BYTES:,})")
    if b"\x00" in raw[:4096]:
        raise InputError(f"{p}: this is a binary file, not an article")
    try:
        body = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if p.suffix.lower() != ".json":
        return article_from_text(body, file=p.name)
    try:
        obj = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not valid JSON: {exc}") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise InputError(f"{p}: an article in JSON needs a 'text' string")
    meta = {k: obj.get(k) if isinstance(obj.get(k), str) else None for k in ("published", "url", "source", "title")}
    return article_from_text(obj["text"], file=p.name, **meta)
