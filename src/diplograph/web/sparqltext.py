"""A small scanner over SPARQL text, for what the protocol needs to know or change before a
request reaches the store: a query's form, and ``USING`` clauses for an update's
``using-graph-uri`` / ``using-named-graph-uri``.

It knows strings, IRIs, comments and braces — enough to find keywords at the top level of an
update — and is no parser: what it gets wrong the store's parser then rejects. It is never
used to decide what is safe (see ``federation``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from diplograph.errors import QueryError

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[A-Za-z0-9_:.\-?$@\u00B7\u00C0-\uFFFF]+)
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)


# the prologue (white space, comments, BASE and PREFIX declarations), then the form: one match
_FORM = re.compile(r"(?:\s+|\#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
                   re.IGNORECASE)


def query_form(sparql: str) -> str | None:
    """``select``, ``ask``, ``construct`` or ``describe``; None when the text does not start so."""
    m = _FORM.match(sparql)
    return m.group(1).lower() if m else None


@dataclass(frozen=True)
class Token:
    """One token: its kind (string, iri, word, punct), text and offset."""

    kind: str
    text: str
    start: int


def tokens(sparql: str) -> Iterator[Token]:
    """The tokens of ``sparql``, without white space and comments."""
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield Token(kind, m.group(0), m.start())


def add_using(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """``update`` with ``USING`` / ``USING NAMED`` clauses before each operation's WHERE.

    The protocol's ``using-graph-uri`` / ``using-named-graph-uri`` set the dataset of every
    operation; an update that names its own (USING or WITH) cannot take them (400).
    """
    if not using and not using_named:
        return update
    for iri in [*using, *using_named]:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise QueryError(f"not an IRI: {iri!r}") from None
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    depth = 0
    previous = ""
    inserts: list[int] = []
    for token in tokens(update):
        text = token.text.lower()
        if token.kind == "punct" and text == "{":
            depth += 1
        elif token.kind == "punct" and text == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and token.kind == "word":
            if text in ("using", "with"):
                raise QueryError(f"the update names its own dataset ({text.upper()}): "
                                 "using-graph-uri / using-named-graph-uri cannot apply as well")
            if text == "where":
                if previous == "delete":
                    raise QueryError("using-graph-uri / using-named-graph-uri cannot apply to DELETE WHERE; "
                                     "write DELETE { … } WHERE { … }")
                inserts.append(token.start)
        if depth == 0 or (token.kind == "punct" and text == "{"):
            previous = text
    for position in reversed(inserts):
        update = update[:position] + clause + update[position:]
    return update
