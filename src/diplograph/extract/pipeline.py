"""Text → extraction model: the whole extractor, one article at a time or in batches.

Example::

    >>> from diplograph.extract import article_from_text, extract
    >>> ex = extract(article_from_text(" date 2016-10-24 MOSCOW: Russia said on Sunday it would not attend."))
    >>> [(s.speakers[0].label, s.date, s.content.text) for s in ex.statements]
    [('Russia', '2016-10-23', 'it would not attend')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from diplograph.extract import dates, events
from diplograph.extract.acts import speech_act
from diplograph.extract.lexicon import Lexicon, load_lexicon
from diplograph.extract.nlp import doc_text, load_nlp, set_doc_text
from diplograph.extract.reader import ArticleInput, dateline_end, looks_english
from diplograph.extract.speakers import Referent, Registry, SpeakerResolver
from diplograph.extract.statements import Candidate, StatementFinder
from diplograph.link.gazetteer import load_gazetteer
from diplograph.model import AgentRef, ArticleMeta, Entity, Extraction, Span, Statement

#: Texts longer than this are cut for the parser (spaCy's own limit is 1,000,000 characters).
MAX_PARSE_CHARS = 900_000


def statement_date(cand: Candidate, anchor: dt.date | None) -> str | None:
    """The day the statement was made: the time expression its cue is tied to, else the article's
    date for a reporting verb ("said"); none for "according to" and for the past perfect ("had said")."""
    if anchor is None:
        return None
    for tok in cand.date_tokens:
        day = dates.resolve(tok.text, anchor)
        if day is not None:
            return day.isoformat()
    if cand.cue_token is None or cand.past_perfect or cand.cue_token.pos_ == "NOUN":
        return None
    return anchor.isoformat()


def _about(doc: Doc, registry: Registry, start: int, end: int, ceasefire_topic: str | None,
           lexicon: Lexicon) -> list[str]:
    """The entities a content names (places, agents) and the article's truce when it speaks of one."""
    labels: list[str] = []
    for ent in doc.ents:
        if ent.start_char >= start and ent.end_char <= end:
            ref = registry.find(ent.text)
            if ref is not None and ref.listed and ref.label not in labels:
                labels.append(ref.label)
    low = doc_text(doc)[start:end].lower()
    if ceasefire_topic and ceasefire_topic not in labels and any(
            w in low for w in (*lexicon.events.ceasefire_words, "pause")):
        labels.insert(0, ceasefire_topic)
    return labels


def _span(text: str, start: int, end: int) -> Span:
    return Span(text=text[start:end], start=start, end=end)


def _registry(doc: Doc, article: ArticleInput) -> Registry:
    registry = Registry(load_gazetteer())
    if article.dateline:
        hits = registry.gazetteer.lookup(article.dateline)
        if len(hits) == 1:
            registry.add_entry(hits[0], article.dateline, 0)
    for ent in doc.ents:
        registry.add_span(ent)
    return registry


def _dateline_place(registry: Registry, article: ArticleInput) -> str | None:
    if not article.dateline:
        return None
    ref = registry.find(article.dateline)
    return ref.label if ref is not None else article.dateline.title()


def _statement(doc: Doc, cand: Candidate, speakers: list[Referent], registry: Registry, anchor: dt.date | None,
               topic: str | None, lexicon: Lexicon) -> Statement:
    text = doc_text(doc)
    content = text[cand.content_start:cand.content_end]
    addressee = None
    if cand.addressee is not None:
        ref = registry.find(cand.addressee.text)
        addressee = ref.label if ref is not None else cand.addressee.text
    about = _about(doc, registry, cand.content_start, cand.content_end, topic, lexicon)
    if cand.extra_object is not None:
        for ent in cand.extra_object.ents:
            ref = registry.find(ent.text)
            if ref is not None and ref.listed and ref.label not in about:
                about.append(ref.label)
    return Statement(
        speakers=[AgentRef(s.label, s.wikidata) for s in speakers],
        content=_span(text, cand.content_start, cand.content_end),
        mode=cand.mode,
        act=speech_act(cand.verb_act, content, [s.kind for s in speakers], lexicon),
        source=_span(text, cand.source.start_char, cand.source.end_char) if cand.source is not None else None,
        cue=_span(text, cand.cue_start, cand.cue_end),
        addressee=addressee,
        about=about,
        date=statement_date(cand, anchor),
    )


def _meta(article: ArticleInput) -> ArticleMeta:
    return ArticleMeta(published=article.published, dateline=article.dateline, file=article.file,
                       url=article.url, source=article.source, title=article.title)


def extract_doc(doc: Doc, article: ArticleInput) -> Extraction:
    """Read one parsed article into the extraction model (an empty one for text that is not English)."""
    if not looks_english(doc_text(doc)):
        return Extraction(article=_meta(article), text=doc_text(doc))
    lexicon = load_lexicon()
    anchor = dates.parse_iso(article.published)
    registry = _registry(doc, article)
    resolver = SpeakerResolver(doc, registry, lexicon)

    truces = events.find_ceasefires(doc, registry, anchor, body_start=article.body_start)
    topic = f"{truces[0].location} ceasefire" if truces and truces[0].location else None

    statements: list[Statement] = []
    spoken: dict[tuple[int, int], list[Referent]] = {}
    finder = StatementFinder(doc, lexicon, body_start=article.body_start)
    for cand in sorted(finder.candidates(), key=lambda c: (c.cue_start, c.content_start)):
        key = (cand.cue_start, cand.cue_end)
        if key not in spoken:  # the parts of a quotation split by its attribution share one resolution
            spoken[key] = resolver.resolve(cand.source, cand.cue_start, cand.refers_to) \
                or resolver.as_written(cand.refers_to if cand.refers_to is not None else cand.source, cand.cue_start)
        speakers = spoken[key]
        if not speakers:
            continue
        statements.append(_statement(doc, cand, speakers, registry, anchor, topic, lexicon))
    statements.sort(key=lambda s: s.content.start)

    extraction = Extraction(
        article=_meta(article),
        statements=statements,
        accusations=events.find_accusations(doc, statements, registry),
        ceasefires=truces,
        casualty_reports=events.find_casualties(doc, registry, anchor, statements),
        meetings=events.find_meetings(doc, registry, anchor, dateline=_dateline_place(registry, article),
                                      body_start=article.body_start),
        text=doc_text(doc),
    )
    extraction.entities = [
        Entity(label=r.label, kind="Country" if r.kind == "State" else r.kind, wikidata=r.wikidata,
               mentions=r.mentions)
        for r in registry.entities()
    ]
    return extraction


def parse_text(article: ArticleInput) -> str:
    """What the parser reads: the text cut at the parser's limit, its dateline blanked out (so that
    "MOSCOW (Reuters) - Russia said" parses as "Russia said"), a Title Case headline in sentence case
    (see :func:`sentence_case_headline`), no-break spaces as spaces and a horizontal bar as a dash
    (the model reads both as words) — offsets unchanged; or nothing when the text is not English, so
    that no time goes on parsing a language the model lacks."""
    if not looks_english(article.text):
        return ""
    text = sentence_case_headline(_shown_text(article)).translate(_FOR_PARSER)
    if article.body_start == 0:
        # a headline, then the story with its dateline: "…\n\nWASHINGTON (AP) — The senator said …"
        head = re.match(r"[^\n]*\S[^\n]*\n\s*", text)
        if head is not None and (end := dateline_end(text[head.end():head.end() + 300])):
            text = text[:head.end()] + " " * end + text[head.end() + end:]
    return text


def _shown_text(article: ArticleInput) -> str:
    """The text as spans quote it: cut at the parser's limit, the dateline blanked out."""
    text = article.text[:MAX_PARSE_CHARS]
    cut = min(article.body_start, len(text))
    return re.sub(r"[^\n]", " ", text[:cut]) + text[cut:]


#: Characters the model misreads, each replaced by one it reads right (so offsets stay).
_FOR_PARSER = str.maketrans({"\xa0": " ", "\u200b": " ", "\u2015": "\u2014"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019.-]*")


def sentence_case_headline(text: str) -> str:
    """The text with a Title Case first line ("Senators Rip Envoy Over Leak") set in sentence case
    for the parser, which reads capitalized words as names: a word goes lower case unless the story
    itself writes it capitalized more often than in lower case (a name). Offsets and
    everything after the first line are unchanged."""
    end = text.find("\n")
    end = len(text) if end == -1 else end
    line, body = text[:end], text[end:]
    words = [m for m in _WORD.finditer(line) if len(m.group()) >= 4]
    if len(words) < 3 or sum(m.group()[0].isupper() for m in words) < 0.8 * len(words):
        return text
    out = list(line)
    for m in list(_WORD.finditer(line))[1:]:
        word = m.group()
        if not (word[0].isupper() and word[1:] == word[1:].lower()) or len(word[0].lower()) != 1:
            continue  # an acronym or a name written like one ("U.N.", "McConnell"), or the first word
        lower = len(re.findall(rf"\b{re.escape(word.lower())}\b", body))
        named = len(re.findall(rf"\b{re.escape(word)}\b", body))
        if named <= lower:
            out[m.start()] = word[0].lower()
    return "".join(out) + body


def _finish(doc: Doc, article: ArticleInput) -> Extraction:
    if not doc_text(doc) and article.text:
        return Extraction(article=_meta(article), text=article.text)
    set_doc_text(doc, _shown_text(article))  # spans quote the text as written, not as the parser read it
    extraction = extract_doc(doc, article)
    extraction.text = article.text
    return extraction


def extract(article: ArticleInput) -> Extraction:
    """Extract statements, accusations, ceasefires, casualty reports and meetings from one article."""
    return _finish(load_nlp()(parse_text(article)), article)


def extract_many(articles: Iterable[ArticleInput], *, batch_size: int = 16, n_process: int = 1) -> Iterator[Extraction]:
    """Extract many articles, parsing them in batches (and processes) with ``nlp.pipe``; lazily, in order."""
    items = list(articles)
    docs = load_nlp().pipe((parse_text(a) for a in items), batch_size=batch_size, n_process=n_process)
    for doc, article in zip(docs, items, strict=True):
        yield _finish(doc, article)
