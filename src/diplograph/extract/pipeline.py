"""Text → extraction model: the whole extractor, one article at a time or in batches."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from diplograph.extract import dates, events
from diplograph.extract.nlp import load_nlp
from diplograph.extract.reader import ArticleInput
from diplograph.extract.speakers import Referent, Registry, SpeakerResolver
from diplograph.extract.statements import Candidate, find_candidates, trim
from diplograph.extract.tables import CEASEFIRE_WORDS, CONTENT_CUES, REPORT_WORDS
from diplograph.link.gazetteer import load_gazetteer
from diplograph.model import AgentRef, ArticleMeta, Entity, Extraction, Span, Statement

#: Texts longer than this are cut for the parser (spaCy's own limit is 1,000,000 characters).
MAX_PARSE_CHARS = 900_000


def speech_act(cand: Candidate, content: str, speakers: list[Referent]) -> str:
    """The speech act: the cue's own act, else the content's cues, else assertion or report."""
    if cand.verb_act is not None:
        return cand.verb_act
    # adverbs between negation and verb do not change the act: "not currently considering"
    low = re.sub(r"\b(currently|now|yet|still|really|even|at present)\s+", "", content.lower())
    for phrases, act in CONTENT_CUES:
        if any(p in low for p in phrases):
            return act
    reporters = {"Organization", "NewsAgency"}
    if speakers and all(s.kind in reporters for s in speakers) and any(w in low for w in REPORT_WORDS):
        return "report"
    return "assertion"


def statement_date(cand: Candidate, anchor: dt.date | None) -> str | None:
    """The day the statement was made: its own time expression, else the article's date."""
    if anchor is None:
        return None
    for tok in cand.date_tokens:
        day = dates.resolve(tok.text, anchor)
        if day is not None:
            return day.isoformat()
    if cand.cue_token is None or cand.past_perfect:
        return None  # "according to …" and "had said" carry no date of their own
    return anchor.isoformat()


def _about(doc: Doc, registry: Registry, start: int, end: int, ceasefire_topic: str | None) -> list[str]:
    labels: list[str] = []
    for ent in doc.ents:
        if ent.start_char >= start and ent.end_char <= end:
            ref = registry.find(ent.text)
            if ref is not None and ref.label not in labels:
                labels.append(ref.label)
    low = doc.text[start:end].lower()
    if ceasefire_topic and any(w in low for w in (*CEASEFIRE_WORDS, "pause")) and ceasefire_topic not in labels:
        labels.insert(0, ceasefire_topic)
    return labels


def _span(text: str, start: int, end: int) -> Span:
    return Span(text=text[start:end], start=start, end=end)


def extract_doc(doc: Doc, article: ArticleInput) -> Extraction:
    """Read one parsed article into the extraction model."""
    text = doc.text
    anchor = dates.parse_iso(article.published)
    registry = Registry(load_gazetteer())
    if article.dateline:
        hits = registry.gazetteer.lookup(article.dateline)
        if len(hits) == 1:
            registry.add_entry(hits[0], article.dateline, 0)
    for ent in doc.ents:
        registry.add_span(ent)
    resolver = SpeakerResolver(doc, registry)

    truces = events.find_ceasefires(doc, registry, anchor)
    topic = f"{truces[0].location} ceasefire" if truces and truces[0].location else None

    statements: list[Statement] = []
    for cand in sorted(find_candidates(doc), key=lambda c: c.cue_start):
        if cand.content_start < article.body_start:
            cand.content_start, cand.content_end = trim(text, article.body_start, cand.content_end)
            if cand.content_end - cand.content_start < 3:
                continue
        speakers = resolver.resolve(cand.source, cand.cue_start)
        content = text[cand.content_start:cand.content_end]
        addressee = None
        if cand.addressee is not None:
            ref = registry.find(cand.addressee.text)
            addressee = ref.label if ref is not None else cand.addressee.text
        about = _about(doc, registry, cand.content_start, cand.content_end, topic)
        if cand.extra_object is not None:
            for ent in cand.extra_object.ents:
                ref = registry.find(ent.text)
                if ref is not None and ref.label not in about:
                    about.append(ref.label)
        statements.append(Statement(
            speakers=[AgentRef(s.label, s.wikidata) for s in speakers],
            content=_span(text, cand.content_start, cand.content_end),
            mode=cand.mode,
            act=speech_act(cand, content, speakers),
            source=_span(text, cand.source.start_char, cand.source.end_char) if cand.source is not None else None,
            cue=_span(text, cand.cue_start, cand.cue_end),
            addressee=addressee,
            about=about,
            date=statement_date(cand, anchor),
        ))
    statements = [s for s in statements if s.speakers]
    statements.sort(key=lambda s: s.content.start)

    extraction = Extraction(
        article=ArticleMeta(published=article.published, dateline=article.dateline, file=article.file,
                            url=article.url, source=article.source, title=article.title),
        statements=statements,
        accusations=events.find_accusations(doc, statements, registry),
        ceasefires=truces,
        casualty_reports=events.find_casualties(doc, registry, anchor, statements),
        meetings=events.find_meetings(doc, registry, anchor),
        text=text,
    )
    extraction.entities = [
        Entity(label=r.label, kind="Country" if r.kind == "State" else r.kind, wikidata=r.wikidata,
               mentions=r.mentions)
        for r in sorted(registry.by_label.values(), key=lambda r: r.first)
    ]
    return extraction


def _parse_text(text: str) -> str:
    return text[:MAX_PARSE_CHARS]


def extract(article: ArticleInput) -> Extraction:
    """Extract statements, accusations, ceasefires, casualty reports and meetings from one article."""
    doc = load_nlp()(_parse_text(article.text))
    return extract_doc(doc, article)


def extract_many(articles: Iterable[ArticleInput], *, batch_size: int = 16, n_process: int = 1) -> Iterator[Extraction]:
    """Extract many articles, parsing them in batches (and processes) with ``nlp.pipe``."""
    items = list(articles)
    docs = load_nlp().pipe((_parse_text(a.text) for a in items), batch_size=batch_size, n_process=n_process)
    for doc, article in zip(docs, items, strict=True):
        yield extract_doc(doc, article)
