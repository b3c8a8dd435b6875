"""Quotations: the passages of an article inside quote marks.

News copy uses curly quotes (“…”), straight quotes ("…"), guillemets («…») and, in some
archives, doubled apostrophes (''…''). A quotation that runs over several paragraphs leaves
each paragraph open and reopens the next one; each paragraph's part is then its own
:class:`Quote` (``closed`` is False for the parts left open). Single quote marks are not
read: they are apostrophes or quotations nested inside a quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

#: Marks that only open, only close, or do both (the straight and doubled forms).
OPENING = ("“", "«")
CLOSING = ("”", "»")
BOTH = ('"', "''")

_MARK = re.compile(r"''|[“”«»\"]")
_INNER_TRIM_END = " \t\n,;:.—–-"
_OUTER_TRIM = " \t\n,;:.\"“”'‘’«»—–-"


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``start``/``end`` bound the words inside the marks (without the comma or
    full stop that closes them); ``open_at``/``close_at`` bound the passage with its marks."""

    start: int
    end: int
    open_at: int
    close_at: int
    closed: bool = True


def _looks_closing(text: str, at: int, width: int) -> bool:
    """A straight mark that ends a quotation: a word or punctuation mark just before it."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + width] if at + width < len(text) else " "
    if before.isspace() or before in "([{—–":
        return not (after.isalnum() or after in "‘'…")
    return True


def find_quotes(text: str) -> list[Quote]:
    """The quotations of a text in order, each within one paragraph."""
    quotes: list[Quote] = []
    for para in re.finditer(r"[^\n]+", text):
        open_at: int | None = None
        for m in _MARK.finditer(text, para.start(), para.end()):
            mark, at = m.group(), m.start()
            if mark in OPENING:
                if open_at is not None:  # an opener inside an open quote: the first one was never closed
                    _add(quotes, text, open_at, at, closed=False)
                open_at = at
            elif mark in CLOSING:
                if open_at is not None:
                    _add(quotes, text, open_at, m.end(), closed=True)
                    open_at = None
            elif open_at is None:
                if not _looks_closing(text, at, len(mark)):
                    open_at = at
            else:
                _add(quotes, text, open_at, m.end(), closed=True)
                open_at = None
        if open_at is not None:
            _add(quotes, text, open_at, para.end(), closed=False)
    return quotes


def _add(quotes: list[Quote], text: str, open_at: int, close_at: int, *, closed: bool) -> None:
    width = 2 if text.startswith("''", open_at) else 1
    start = open_at + width
    end = close_at
    if closed:
        end -= 2 if text.startswith("''", close_at - 2) and close_at - 2 >= start else 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _INNER_TRIM_END:
        end -= 1
    if end > start:
        quotes.append(Quote(start, end, open_at, close_at, closed))


class QuoteIndex:
    """The quotations of one text, with fast 'is this offset quoted?' look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quotes = find_quotes(text)
        self._starts = [q.open_at for q in self.quotes]

    def __iter__(self) -> Iterator[Quote]:
        return iter(self.quotes)

    def around(self, start: int, end: int | None = None) -> Quote | None:
        """The quotation whose marks enclose [start, end), if any."""
        end = start + 1 if end is None else end
        i = bisect_right(self._starts, start) - 1
        if i >= 0:
            q = self.quotes[i]
            if q.open_at <= start and end <= q.close_at:
                return q
        return None

    def within(self, start: int, end: int) -> list[Quote]:
        """The quotations that overlap [start, end)."""
        return [q for q in self.quotes if q.open_at < end and start < q.close_at]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets shrunk past spaces, punctuation and quote marks; a leading 'that' or 'whether' goes too."""
    while start < end and text[start] in _OUTER_TRIM:
        start += 1
    while end > start and text[end - 1] in _OUTER_TRIM:
        end -= 1
    m = re.match(r"(?:that|whether)\s+", text[start:end])
    if m and end - start > m.end():
        start += m.end()
        while start < end and text[start] in _OUTER_TRIM:
            start += 1
    return start, end


def trim_mixed(text: str, start: int, end: int) -> tuple[int, int]:
    """Like :func:`trim`, but a closing mark (and the stop before it) that closes a quotation opened
    inside the span stays: the content of a mixed statement keeps its quoted fragment whole."""
    s, e = trim(text, start, end)
    body = text[s:e]
    if body.count("“") > body.count("”"):
        close = text.find("”", e, end + 3)
        if close != -1:
            e = close + 1
    elif body.count('"') % 2 == 1 and text.find('"', e, end + 3) != -1:
        e = text.find('"', e, end + 3) + 1
    elif body.count("''") % 2 == 1 and text.find("''", e, end + 3) != -1:  # ''…'' in some papers' copy
        e = text.find("''", e, end + 3) + 2
    return s, e
