"""Statements: reporting cues, their sources and contents, quote marks and modes.

A statement is found from its cue: a reporting verb of the lexicon (``said``, ``accused``),
a verb + noun cue (``expressed concern``), or a source preposition (``according to``). The
source is the cue's subject; the content its clausal complement, its object, or the quotation
next to it. Quotations with no cue in their sentence borrow the nearest attribution of their
paragraph, as in "“…. …,” he said".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from diplograph.extract.tables import (
    NOUN_CUE_VERBS,
    NOUN_CUES,
    PARTICLE_CUES,
    SOURCE_PREPOSITIONS,
    SPEECH_VERBS,
)

#: Verbs whose participle only elaborates the statement it hangs from ("…, saying …").
ELABORATING = {"say", "add"}

_QUOTE_PAIRS = re.compile(r"“([^”]{1,3000})”|\"([^\"\n]{1,3000})\"|«([^»]{1,3000})»")
_TRIM = " \t\n,;:.\"“”'‘’«»—–-"


@dataclass
class Quote:
    """A passage inside quote marks: offsets of the inner text."""

    start: int
    end: int


@dataclass
class Candidate:
    """A statement before its speaker is resolved."""

    cue_start: int
    cue_end: int
    cue_token: Token | None
    source: Span | None
    content_start: int
    content_end: int
    mode: str
    verb_act: str | None
    addressee: Span | None = None
    date_tokens: list[Token] = field(default_factory=list)
    past_perfect: bool = False
    extra_object: Span | None = None  # "accused X of …": X; "chastised X": X


def find_quotes(text: str) -> list[Quote]:
    """Quoted passages (curly, straight and guillemet quotes), inner offsets without end punctuation."""
    quotes = []
    for m in _QUOTE_PAIRS.finditer(text):
        group = next(i for i in (1, 2, 3) if m.group(i) is not None)
        start, end = m.start(group), m.end(group)
        while end > start and text[end - 1] in " ,;:.":
            end -= 1
        if end > start:
            quotes.append(Quote(start, end))
    return quotes


def inside(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The quote that contains [start, end), if any."""
    return next((q for q in quotes if q.start <= start and end <= q.end), None)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets shrunk past spaces, punctuation and quote marks at both ends; a leading 'that' goes."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    m = re.match(r"(that|whether)\s+", text[start:end])
    if m:
        start += m.end()
    return start, end


def trim_mixed(text: str, start: int, end: int) -> tuple[int, int]:
    """Like trim, but a closing quote mark that closes a quote opened inside the span stays."""
    s, e = trim(text, start, end)
    opened = text[s:e].count("“") > text[s:e].count("”")
    if opened:
        close = text.find("”", e, end + 3)
        if close != -1:
            e = close + 1
    return s, e


def subtree_span(doc: Doc, token: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    """Character offsets of a token's subtree, leaving out the subtrees of ``exclude``."""
    skip: set[int] = set()
    for t in exclude:
        skip.update(x.i for x in t.subtree)
    toks = [t for t in token.subtree if t.i not in skip]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def source_span(doc: Doc, subject: Token) -> Span:
    """The source mention: the subject's subtree without relative clauses or trailing commas."""
    drop = [c for c in subject.children if c.dep_ in ("relcl", "acl") and c.i > subject.i]
    skip: set[int] = set()
    for c in drop:
        skip.update(x.i for x in c.subtree)
    toks = [t for t in subject.subtree if t.i not in skip]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    if not toks:
        return doc[subject.i:subject.i + 1]
    return doc[toks[0].i:toks[-1].i + 1]


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.dep_ != "nsubjpass":
            return c
    # "…, saying …" and "…, insisting …": the subject of the verb they hang from
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _stray_subject(doc: Doc, verb: Token) -> Span | None:
    """A subject the parser hung inside the complement: the noun phrase right before the verb."""
    if verb.i == 0:
        return None
    prev = doc[verb.i - 1]
    comma = max((t.i for t in doc[verb.sent.start:verb.i] if t.text in (",", "”", '"')), default=verb.sent.start - 1)
    best = None
    node = prev
    while True:
        if node.right_edge.i == verb.i - 1 and node.left_edge.i > comma and node.pos_ in ("PROPN", "NOUN", "PRON"):
            best = node
        if node.head.i == node.i or node.head.i >= verb.i:
            break
        node = node.head
    if best is None:
        return None
    return doc[best.left_edge.i:verb.i]


def _is_cue(verb: Token) -> bool:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in SPEECH_VERBS:
        return False
    particles = PARTICLE_CUES.get(verb.lemma_.lower())
    if particles is not None:
        kids = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")}
        if not kids & particles:
            return False
    return True


def _date_tokens(verb: Token) -> list[Token]:
    doc = verb.doc
    # "said on Wednesday it …", "said Monday": the parser often hangs the date on the complement
    nxt = [doc[i] for i in range(verb.i + 1, min(verb.i + 3, len(doc)))]
    if nxt and nxt[0].ent_type_ == "DATE":
        return [nxt[0]]
    if len(nxt) == 2 and nxt[0].lower_ == "on" and nxt[1].ent_type_ == "DATE":
        return [nxt[1]]
    out = []
    for c in verb.children:
        if c.dep_ == "npadvmod" and c.ent_type_ == "DATE":
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("on", "in"):
            out.extend(g for g in c.children if g.ent_type_ == "DATE")
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None:  # "Lavrov on Friday accused"
        for c in subj.children:
            if c.dep_ == "prep" and c.lower_ == "on":
                out.extend(g for g in c.children if g.ent_type_ == "DATE")
    return out


def _past_perfect(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def verb_candidates(doc: Doc, quotes: list[Quote]) -> list[Candidate]:
    """Statements hanging on reporting verbs and verb + noun cues."""
    text = doc.text
    out: list[Candidate] = []
    for verb in doc:
        if not (_is_cue(verb) or _noun_cue(verb)):
            continue
        if inside(quotes, verb.idx, verb.idx + len(verb.text)):
            continue  # a verb inside a quotation is the speaker's words, not the reporter's
        if verb.dep_ == "advcl" and verb.lemma_.lower() in ELABORATING and (_is_cue(verb.head) or _noun_cue(verb.head)):
            continue  # "accused X of Y, saying …": the saying clause elaborates the head's statement
        subject = _subject(verb)
        stray = _stray_subject(doc, verb)
        if subject is not None and stray is not None and subject.i < stray.start - 1 \
                and doc[stray.start - 1].text in (",", "”", '"') and subject.i < verb.i:
            subject = None  # "…, killed seven people, the Observatory said": the parser took "people"
        elif subject is not None:
            stray = None
        if subject is None and stray is None:
            continue
        if subject is not None and subject.lower_ in ("who", "which", "that"):
            continue
        cand = _content_of(doc, verb, quotes)
        if cand is None:
            continue
        start, end, mode, extra = cand
        for tok in _date_tokens(verb):  # "said on Wednesday it …": the date is the reporter's
            if start <= tok.idx < start + 16:
                start, end = trim(text, tok.idx + len(tok.text), end)
        pieces = _coordinated_clauses(doc, verb)
        if pieces and mode == "indirect":
            (start, end), rest = pieces[0], pieces[1:]
        else:
            rest = []
        if stray is not None:
            # "…, the Observatory said" parsed inside the complement: the content stops before it
            end = min(end, stray.start_char)
            start, end = trim(text, start, end)
            if end - start < 3:
                continue
        if mode == "indirect" and any(verb.left_edge.idx <= q.start and q.end <= verb.right_edge.idx for q in quotes):
            mode = "mixed"  # the reporter's sentence quotes the speaker's own words in part
        noun = _noun_cue(verb)
        cue_end = (noun.idx + len(noun.text)) if noun is not None else verb.idx + len(verb.text)
        act = NOUN_CUES[noun.lemma_.lower()] if noun is not None else SPEECH_VERBS.get(verb.lemma_.lower())
        addressee = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and verb.lemma_ == "tell"
                          and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
        out.append(Candidate(
            cue_start=verb.idx, cue_end=cue_end, cue_token=verb,
            source=source_span(doc, subject) if subject is not None else stray,
            content_start=start, content_end=end, mode=mode, verb_act=act,
            addressee=source_span(doc, addressee) if addressee is not None else None,
            date_tokens=_date_tokens(verb), past_perfect=_past_perfect(verb), extra_object=extra))
        for c_start, c_end in rest:
            first = out[-1]
            out.append(Candidate(
                cue_start=first.cue_start, cue_end=first.cue_end, cue_token=verb, source=first.source,
                content_start=c_start, content_end=c_end, mode="indirect", verb_act=act,
                addressee=first.addressee, date_tokens=first.date_tokens, past_perfect=first.past_perfect))
    return out


def _coordinated_clauses(doc: Doc, verb: Token) -> list[tuple[int, int]]:
    """'said that A and that B': one content per clause, when each has its own 'that'."""
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return []
    conjs = [c for c in comp.children if c.dep_ == "conj" and any(g.dep_ == "mark" for g in c.children)]
    if not conjs:
        return []
    cc = [c for c in comp.children if c.dep_ in ("cc", "punct") and c.i > comp.i]
    spans = [trim(doc.text, *subtree_span(doc, comp, exclude=conjs + cc))]
    spans += [trim(doc.text, *subtree_span(doc, c)) for c in conjs]
    return [sp for sp in spans if sp[1] - sp[0] >= 3]


def _noun_cue(verb: Token) -> Token | None:
    if verb.lemma_.lower() not in NOUN_CUE_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in NOUN_CUES), None)


def _content_of(doc: Doc, verb: Token, quotes: list[Quote]) -> tuple[int, int, str, Span | None] | None:
    """(start, end, mode, object) of what the verb reports, or None when it reports nothing."""
    text = doc.text
    comp = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis")
                 or (c.dep_ == "xcomp" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))), None)
    # "X, saying (that) …" gives the content of a verb that has only an object
    saying = next((c for c in verb.children if c.dep_ == "advcl" and c.lemma_ in ("say", "add")
                   and any(g.dep_ == "ccomp" for g in c.children)), None)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
    noun = _noun_cue(verb)
    if comp is not None:
        start, end = subtree_span(doc, comp)
        q = _adjacent_quote(text, quotes, start, end, verb)
        if q is not None:
            # "In order to renew it, “we must …,” he said": reporter's words lead into the quote
            outside = [t for t in comp.subtree if (t.idx < q.start - 1 or t.idx >= q.end + 1) and t.is_alpha]
            return q.start, q.end, "mixed" if len(outside) >= 2 else "direct", None
        return _with_mode(text, quotes, start, end) + (None,)
    if noun is not None:
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("at", "about", "over", "for", "with", "that")), None)
        if prep is None:
            return None
        start, end = subtree_span(doc, prep)
        return _with_mode(text, quotes, start + len(prep.text), end) + (None,)
    if saying is not None and obj is not None and verb.lemma_ not in ("accuse", "blame"):
        scomp = next(c for c in saying.children if c.dep_ == "ccomp")
        start, end = subtree_span(doc, scomp)
        return _with_mode(text, quotes, start, end) + (doc[obj.left_edge.i:obj.right_edge.i + 1],)
    if obj is not None and verb.lemma_ != "tell":
        # "accused X of Y", "hailed X as Y", "rejected the draft": the object and what follows it,
        # up to an elaborating "…, saying" clause
        tail = [c for c in verb.children if c.i > obj.i and c.dep_ not in ("punct", "cc", "conj")
                and not (c.dep_ == "advcl" and (_is_cue(c) or c.lemma_ in ("face", "come", "as")))
                and not any(g.dep_ == "mark" for g in c.children)]
        pieces = [obj, *tail]
        last = max(pieces, key=lambda t: t.right_edge.i)
        start = obj.left_edge.idx
        end = last.right_edge.idx + len(last.right_edge.text)
        mode_span = _with_mode(text, quotes, start, end)
        return mode_span + (doc[obj.left_edge.i:obj.right_edge.i + 1],)
    # "“…,” he said." with no complement in the parse: the quote just before the verb
    q = _adjacent_quote(text, quotes, verb.idx, verb.idx, verb)
    if q is not None:
        return q.start, q.end, "direct", None
    return None


def _adjacent_quote(text: str, quotes: list[Quote], start: int, end: int, verb: Token) -> Quote | None:
    """A quotation that the verb attributes as a whole: right before its clause or right after it."""
    for q in quotes:
        between = text[q.end:verb.idx]
        if 0 <= len(between) <= 80 and q.end <= verb.idx and re.fullmatch(r"[,.!?]?[”\"»]?\s*[,—–-]?\s*[^.“”\"]{0,70}", between):
            if q.start <= end and (q.end >= start - 3 or start == end):
                return q
        after = text[verb.idx + len(verb.text):q.start]
        if q.start >= verb.idx and len(after) <= 40 and re.fullmatch(r"[^.“”\"]{0,30}[,:]\s*[“\"«]", after):
            return q
    return None


def _with_mode(text: str, quotes: list[Quote], start: int, end: int) -> tuple[int, int, str]:
    inner = [q for q in quotes if start - 2 <= q.start and q.end <= end + 2]
    s, e = trim(text, start, end)
    if inner:
        whole = inner[0]
        if len(inner) == 1 and whole.start - 2 <= s and e <= whole.end + 2 and (whole.end - whole.start) >= 0.8 * (e - s):
            return whole.start, whole.end, "direct"
        s, e = trim_mixed(text, start, end)
        return s, e, "mixed"
    return s, e, "indirect"


def according_to_candidates(doc: Doc, quotes: list[Quote]) -> list[Candidate]:
    """'According to X, …' and the like: the rest of the sentence is the content."""
    out = []
    lower = doc.text.lower()
    for sent in doc.sents:
        s_lower = lower[sent.start_char:sent.end_char]
        for prep in SOURCE_PREPOSITIONS:
            pos = s_lower.find(prep)
            if pos == -1:
                continue
            cue_start = sent.start_char + pos
            cue_end = cue_start + len(prep)
            if inside(quotes, cue_start, cue_end):
                continue
            span = doc.char_span(cue_end, sent.end_char, alignment_mode="expand")
            if span is None:
                continue
            obj = next((t for t in span if t.dep_ == "pobj"), None)
            if obj is None:
                continue
            source = source_span(doc, obj)
            comma = next((t.i for t in source if t.i > obj.i and t.text in (",", ";", "—")), None)
            if comma is not None:  # an apposition hung on the name belongs to the content
                source = doc[source.start:comma]
            if source.end_char - cue_end > 60:
                continue
            lead = doc.text[sent.start_char:cue_start]
            if len(lead.strip()) <= 2 or "\n" in lead:  # "According to X, content."
                c_start, c_end = source.end_char, sent.end_char
            else:  # "content, according to X."
                c_start, c_end = sent.start_char, cue_start
            start, end, mode = _with_mode(doc.text, quotes, c_start, c_end)
            if end - start < 8:
                continue
            out.append(Candidate(cue_start=cue_start, cue_end=cue_end, cue_token=None, source=source,
                                 content_start=start, content_end=end, mode=mode, verb_act=None))
    return out


def orphan_quote_candidates(doc: Doc, quotes: list[Quote], taken: list[Candidate]) -> list[Candidate]:
    """Quotations no cue took: attributed to the cue nearest after them in their paragraph."""
    out = []
    text = doc.text
    for q in quotes:
        if q.end - q.start < 15:
            continue
        if any(c.content_start <= q.end and q.start <= c.content_end for c in taken):
            continue
        para_end = text.find("\n", q.end)
        para_end = len(text) if para_end == -1 else para_end
        follower = next((c for c in sorted(taken, key=lambda c: c.cue_start)
                         if q.end <= c.cue_start <= para_end and c.cue_start - q.end <= 60), None)
        if follower is None:
            # "“A,” he said. “B.”": a quote that continues the one just attributed
            para_start = text.rfind("\n", 0, q.start) + 1
            follower = next((c for c in sorted(taken, key=lambda c: -c.cue_end)
                             if para_start <= c.cue_end <= q.start and q.start - c.cue_end <= 30
                             and c.mode == "direct"), None)
        if follower is None:
            continue
        out.append(Candidate(cue_start=follower.cue_start, cue_end=follower.cue_end, cue_token=follower.cue_token,
                             source=follower.source, content_start=q.start, content_end=q.end, mode="direct",
                             verb_act=follower.verb_act, date_tokens=follower.date_tokens,
                             past_perfect=follower.past_perfect))
    return out


def find_candidates(doc: Doc) -> list[Candidate]:
    """All statement candidates of a document, without duplicates, in text order."""
    quotes = find_quotes(doc.text)
    found = verb_candidates(doc, quotes)
    found += according_to_candidates(doc, quotes)
    found += orphan_quote_candidates(doc, quotes, found)
    # a verb of doing inside someone's reported words ("… said it was criticizing X") is part
    # of what they said, not a statement of its own; reported "said" inside stays (nested speech)
    found = [c for c in found if c.cue_token is None or c.cue_token.lemma_ in ("say", "tell")
             or not any(o is not c and o.content_start <= c.cue_start < o.content_end for o in found)]
    # a quotation split by "he said" may be reported by the verb twice: keep the wider reading
    found.sort(key=lambda c: (c.content_start, -(c.content_end - c.content_start)))
    kept: list[Candidate] = []
    for c in found:
        if c.content_end - c.content_start < 3:
            continue
        dup = next((k for k in kept if _overlap(k, c) >= 0.8), None)
        if dup is None:
            kept.append(c)
    return sorted(kept, key=lambda c: c.content_start)


def _overlap(a: Candidate, b: Candidate) -> float:
    inter = min(a.content_end, b.content_end) - max(a.content_start, b.content_start)
    longest = max(a.content_end - a.content_start, b.content_end - b.content_start, 1)
    return max(0, inter) / longest
