"""Events read from the text: accusations, ceasefires, casualty reports and meetings.

The words each reader looks for are in ``tables/events.json``; the readers work on the parse and
on the statements already found:

- **accusations**: statements whose cue accuses ("accused X of Y", "blamed X for Y"), and acts
  alleged inside what someone said ("… the groups that sabotaged the evacuation");
- **ceasefires**: truce mentions grouped by the place named with them, with who declared them,
  for how long, when they ended and whether a renewal is on the table;
- **casualty reports**: counts of the killed (in digits or words) with the "including" breakdown,
  place, day or period, cause and the source the count is attributed to;
- **meetings**: a meeting noun with its place, date, topic and outcome.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as DocSpan

from diplograph.extract import dates
from diplograph.extract.lexicon import EventWords, load_lexicon
from diplograph.extract.nlp import doc_text
from diplograph.extract.speakers import Referent, Registry
from diplograph.model import Accusation, AgentRef, CasualtyReport, Ceasefire, Meeting, Span, Statement

#: Cues whose statements accuse by themselves ("accused X of Y").
ACCUSING = {"accuse", "blame", "allege", "charge"}
#: Auxiliaries that make a clause a possibility, a wish or a plan rather than an alleged act.
MODALS = {"will", "would", "could", "can", "may", "might", "must", "should", "shall", "'ll"}
_FIRST_PERSON = {"i", "we", "us", "me", "our"}


def _words() -> EventWords:
    return load_lexicon().events


def _span(doc: Doc, start: int, end: int) -> Span:
    """A span of the text, without the spaces at its ends."""
    text = doc_text(doc)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(text=text[start:end], start=start, end=end)


def _tokens_span(doc: Doc, tokens: Iterable[Token]) -> Span | None:
    toks = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    while toks and toks[-1].is_punct:
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    if not toks:
        return None
    return _span(doc, toks[0].idx, toks[-1].idx + len(toks[-1].text))


# --- numbers ------------------------------------------------------------------------------

def number(word: str) -> int | None:
    """A count written in digits ("1,200") or words ("seven", "twenty-three", "a dozen")."""
    w = word.lower().replace(",", "").strip()
    if w.isdigit():
        return int(w)
    table = _words().numbers
    if w in table:
        return table[w]
    parts = re.split(r"[-\s]+", w)
    if len(parts) == 2 and parts[0] in table and parts[1] in table:
        if parts[1] in ("hundred", "thousand", "dozen"):
            return table[parts[0]] * table[parts[1]]
        if table[parts[0]] >= 20 and table[parts[1]] < 10:
            return table[parts[0]] + table[parts[1]]
    return None


@lru_cache(maxsize=1)
def _number_pattern() -> str:
    words = sorted((w for w in _words().numbers if len(w) > 2 and w not in ("another", "one")), key=len, reverse=True)
    return r"(?:\d[\d,]*|(?:" + "|".join(words) + r")(?:[- ](?:" + "|".join(words) + r"))?|an?|one)"


@lru_cache(maxsize=64)
def _count_pattern(extra: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """'16 civilians', 'seven people', 'twenty-three soldiers', 'at least 30 people', 'two women' — the
    victim nouns of the table, and ``extra`` nouns the sentence counts ("2,100 Palestinians")."""
    victims = "|".join(re.escape(v) for v in sorted({*_words().victims, *extra}, key=len, reverse=True))
    return re.compile(rf"\b(?P<n>{_number_pattern()})\s+(?:(?:more|other|further|[a-z]+-?[a-z]*)\s+)?(?P<who>{victims})\b",
                      re.IGNORECASE)


# --- accusations --------------------------------------------------------------------------

def find_accusations(doc: Doc, statements: list[Statement], registry: Registry) -> list[Accusation]:
    """Accusations: statements whose cue accuses, and acts alleged inside what was said."""
    out: list[Accusation] = []
    for st in statements:
        cue = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand") if st.cue is not None else None
        if cue is not None and cue.root.lemma_.lower() in ACCUSING:
            accusation = _cue_accusation(doc, st, cue.root, registry)
            if accusation is not None:
                out.append(accusation)
                continue
        out.extend(_alleged_acts(doc, st, registry))
    return out


def _agents_in(doc: Doc, registry: Registry, start: int, end: int) -> list[str]:
    labels: list[str] = []
    for ent in doc.ents:
        if start <= ent.start_char and ent.end_char <= end:
            if ent.root.tag_ == "JJ" or ent.root.dep_ == "amod" or doc_text(doc)[ent.end_char:ent.end_char + 1] == "-":
                continue  # "Russian-backed separatists", "the US-led coalition": a modifier, not the agent
            ref = registry.find(ent.text)
            if ref is None or not ref.listed:
                continue
            ref = registry.state_of(ref)
            if ref.is_agent and ref.label not in labels:
                labels.append(ref.label)
    return labels


def _cue_accusation(doc: Doc, st: Statement, verb: Token, registry: Registry) -> Accusation | None:
    """'accused X of Y', 'blamed X for Y': the accused before of/for, the act after it."""
    content = st.content
    m = re.search(r"\b(?:of|for)\s+(?=\w)", content.text)
    if m:
        head_end = content.start + m.start()
        act = _span(doc, content.start + m.end(), content.end)
        for ent in doc.ents:  # "accused X on Thursday of …": the day is not part of the accused
            if content.start < ent.start_char < head_end and ent.label_ in ("DATE", "TIME"):
                lead = re.search(r"\s+(?:on|in|at|last|this|early|late)?\s*$", doc_text(doc)[content.start:ent.start_char])
                head_end = content.start + (lead.start() if lead else ent.start_char - content.start)
                break
        accused = _agents_in(doc, registry, content.start, head_end)
        if not accused:
            label = _np_label(doc_text(doc)[content.start:head_end])
            accused = [label] if label else []
    else:  # "alleged that X did Y", "accused X" with what follows
        alleged = _alleged_acts(doc, st, registry)
        if alleged:
            return alleged[0]
        act = content
        accused = _agents_in(doc, registry, content.start, content.end)
    if not accused:
        return None
    return Accusation(accuser=list(st.speakers), accused=accused, act=act, means=_means(doc, verb), date=st.date)


def _np_label(text: str) -> str:
    words = text.strip(" ,;:").split()
    while words and words[0].lower() in ("the", "a", "an", "some", "its", "their", "his", "her"):
        words = words[1:]
    return " ".join(words)


def _means(doc: Doc, verb: Token) -> Span | None:
    """'…, saying they used threats and force', '… through intimidation': the means of the act."""
    for c in verb.children:
        if c.dep_ == "advcl" and c.lemma_ in ("say", "add"):
            comp = next((g for g in c.children if g.dep_ == "ccomp"), None)
            if comp is not None and comp.lemma_ in ("use", "employ", "resort", "rely"):
                obj = next((g for g in comp.children if g.dep_ in ("dobj", "prep")), None)
                if obj is not None:
                    toks = list(obj.subtree)
                    if obj.dep_ == "prep":
                        toks = toks[1:]
                    return _tokens_span(doc, toks)
        if c.dep_ == "prep" and c.lower_ in ("through", "by", "with", "using"):
            return _tokens_span(doc, list(c.subtree)[1:])
    return None


def _alleged_acts(doc: Doc, st: Statement, registry: Registry) -> list[Accusation]:
    """Acts a speaker alleges inside their words: a clause whose verb is an alleged act (sabotage,
    violate, shell …) done by an actor — a named agent or an actor noun ("the rebels", "groups that …").
    Negated, hypothetical and first-person clauses are not accusations."""
    ev = _words()
    region = doc.char_span(st.content.start, st.content.end, alignment_mode="contract")
    if region is None:
        return []
    speakers = {s.label for s in st.speakers}
    out: list[Accusation] = []
    for tok in region:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in ev.alleged_acts:
            continue
        kids = list(tok.children)
        if any(c.dep_ == "neg" for c in kids) or any(c.dep_ == "aux" and c.lower_ in MODALS for c in kids):
            continue
        if tok.tag_ in ("VB", "VBG") and tok.dep_ not in ("relcl", "ccomp", "conj"):
            continue  # "to attack", "attacking": a plan or a gerund, not an alleged deed
        actor = _actor(tok)
        if actor is None or actor.lower_ in _FIRST_PERSON:
            continue
        accused = _accused_label(doc, actor, registry, ev)
        if accused is None or accused in speakers:
            continue
        act_tokens = [t for t in tok.subtree if t.i >= tok.i and region.start <= t.i < region.end]
        act = _tokens_span(doc, act_tokens)
        if act is None:
            continue
        out.append(Accusation(accuser=list(st.speakers), accused=[accused], act=act, date=st.date))
    return out


def _actor(verb: Token) -> Token | None:
    """Who did it: the subject, the noun a relative clause describes, or the agent of a passive."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            if c.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                return verb.head
            return c
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if verb.dep_ == "relcl":
        return verb.head
    return None


def _accused_label(doc: Doc, actor: Token, registry: Registry, ev: EventWords) -> str | None:
    phrase = doc[actor.left_edge.i:actor.i + 1]
    for ent in doc.ents:
        if phrase.start <= ent.start and ent.end <= actor.i + 1 and ent.end > actor.i - 1:
            ref = registry.find(ent.text)
            if ref is not None and ref.listed:
                ref = registry.state_of(ref)
                if ref.is_agent:
                    return ref.label
    if actor.lower_ in ev.actor_nouns or actor.lemma_.lower() in ev.actor_nouns:
        label = _np_label(phrase.text)
        return label or None
    return None


# --- ceasefires ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _truce_pattern() -> re.Pattern[str]:
    words = sorted(_words().ceasefire_words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")s?\b", re.IGNORECASE)


_DURATION = re.compile(r"\b(?P<n>\d+|[a-z]+(?:-[a-z]+)?)[- ](?P<unit>day|hour|week)(?:-long|s?-long)?\b", re.IGNORECASE)
_FOR_DURATION = re.compile(r"\bfor\s+(?P<n>\d+|[a-z]+)\s+(?P<unit>day|hour|week)s\b", re.IGNORECASE)


def _days(n: int, unit: str) -> int:
    unit = unit.lower()
    return n * 7 if unit == "week" else max(1, round(n / 24)) if unit == "hour" else n


def find_ceasefires(doc: Doc, registry: Registry, anchor: dt.date | None, *, body_start: int = 0) -> list[Ceasefire]:
    """The truces an article reports, one per place named with them."""
    ev = _words()
    text = doc_text(doc)
    found: list[Ceasefire] = []
    for sent in doc.sents:
        if sent.end_char <= body_start:
            continue
        matches = list(_truce_pattern().finditer(text, max(sent.start_char, body_start), sent.end_char))
        if not matches:
            continue
        low = text[sent.start_char:sent.end_char].lower()
        for m in matches:
            place, nearby = _truce_place(doc, registry, sent, m.start(), m.end(), body_start)
            cf = _truce_for(found, place or (None if found else nearby))
            cf.mentions.append(_mention(doc, m.start(), m.end()))
            noun = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if noun is not None:
                for label in _declarers(doc, registry, noun.root, ev):
                    if label not in cf.declared_by:
                        cf.declared_by.append(label)
        cf = found[-1]
        if cf.duration_days is None:
            dm = _DURATION.search(low) or _FOR_DURATION.search(low)
            n = number(dm.group("n")) if dm else None
            if dm and n:
                cf.duration_days = _days(n, dm.group("unit"))
        if cf.ended is None and anchor is not None:
            cf.ended = _end_day(sent, ev, anchor)
        if cf.renewal is None and any(re.search(rf"\b{w}\b", low) for w in ev.ceasefire_renewed) \
                and not re.search(r"\b(not|no|never)\b", low):
            cf.renewal = "renewed"
        if any(p in low for p in ev.ceasefire_not_renewed) and re.search(r"\b(new|renew\w*|extend\w*|another)\b", low):
            cf.renewal = "not under consideration"
    if found and any(cf.location is None for cf in found):
        place = _conflict_place(doc, registry, body_start, ev)
        for cf in found:
            cf.location = cf.location or place
    for cf in found:
        cf.label = f"{cf.location} ceasefire" if cf.location else "ceasefire"
    return found


def _conflict_place(doc: Doc, registry: Registry, body_start: int, ev: EventWords) -> str | None:
    """The place the article's fighting is in: the first place or state named right after a word of
    conflict or truce ('the fighting in Syria', 'air strikes on Aleppo')."""
    words = "|".join(re.escape(w) for w in (*ev.conflict_words, *ev.ceasefire_words))
    lead = re.compile(rf"\b(?:{words})\s+(?:in|on|across|around|over|for|throughout)\s+(?:the\s+)?(?:[\w-]+\s+){{0,4}}$",
                      re.IGNORECASE)
    for ent in doc.ents:
        if ent.start_char < body_start or ent.root.tag_ == "JJ" or doc_text(doc)[ent.end_char:ent.end_char + 1] == "-":
            continue
        ref = registry.find(ent.text)
        if ref is not None and ref.kind in ("Place", "State") and lead.search(doc_text(doc)[max(0, ent.start_char - 80):ent.start_char]):
            return ref.label
    return None


def _truce_for(found: list[Ceasefire], place: str | None) -> Ceasefire:
    """The ceasefire a mention belongs to: the one at its place, else the latest (one truce per
    article unless another place is named with it)."""
    if place is not None:
        hit = next((c for c in found if c.location == place), None)
        if hit is not None:
            return hit
        unplaced = next((c for c in found if c.location is None), None)
        if unplaced is not None:
            unplaced.location = place
            return unplaced
    elif found:
        return found[-1]
    cf = Ceasefire(label="ceasefire", location=place)
    found.append(cf)
    return cf


def _mention(doc: Doc, start: int, end: int) -> Span:
    """The truce's noun phrase: 'a three-day cease-fire', 'the humanitarian pause'."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        for chunk in span.sent.noun_chunks:
            if chunk.start_char <= start and end <= chunk.end_char:
                return _span(doc, chunk.start_char, max(end, chunk.end_char))
    lead = re.search(r"\b(?:a|an|the|this|that|its)\s+(?:[\w-]+\s+){0,2}$", doc_text(doc)[max(0, start - 40):start],
                     re.IGNORECASE)
    if lead:
        start -= len(doc_text(doc)[max(0, start - 40):start]) - lead.start()
    return _span(doc, start, end)


def _truce_place(doc: Doc, registry: Registry, sent: DocSpan, start: int, end: int,
                 body_start: int) -> tuple[str | None, str | None]:
    """(the place named with a truce word — 'Aleppo truce', 'truce in the Syrian city of Aleppo' —,
    a place named in the truce's own clause — 'the truce in the city held', not 'X told reporters
    in Geneva that the truce …')."""
    noun = doc.char_span(start, end, alignment_mode="expand")
    if noun is None:
        return None, None
    root = noun.root
    phrase = {t.i for t in root.subtree}
    for t in root.children:  # a clause hung on the truce ("declared by …", "that ended …") is about other
        # things, and "between X and Y", "with X" name its parties, not its place
        if t.dep_ in ("acl", "relcl") or (t.dep_ == "prep" and t.lower_ in ("between", "with", "by", "among")):
            phrase -= {x.i for x in t.subtree}
    clause = root
    while clause.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    own = {t.i for t in clause.subtree}
    for t in clause.children:  # the content clause of a reporting verb is not the truce's clause
        if t.dep_ in ("ccomp", "parataxis") and root.i not in {x.i for x in t.subtree}:
            own -= {x.i for x in t.subtree}
    near: list[Referent] = []
    nearby: str | None = None
    for ent in sent.ents:
        if ent.start_char < body_start or ent.root.tag_ == "JJ" or ent.root.dep_ == "amod" \
                or doc_text(doc)[ent.end_char:ent.end_char + 1] == "-":
            continue  # the dateline, and adjectives ("the Syrian city", "Saudi-led"), name no place
        ref = registry.find(ent.text)
        if ref is None or ref.kind not in ("Place", "State"):
            continue
        if ent.root.i in phrase:
            near.append(ref)
        if nearby is None and ent.root.i in own and ref.kind == "Place":
            nearby = ref.label
    # the most specific place named with the truce: a city before its country
    near.sort(key=lambda r: r.kind != "Place")
    return (near[0].label if near else None), nearby


def _declarers(doc: Doc, registry: Registry, noun: Token, ev: EventWords) -> list[str]:
    """Who declared a truce: 'declared by Russia', 'Russia announced a truce', 'a Russian-declared truce'."""
    found: list[Token] = []
    for c in noun.children:  # "a truce declared by X"
        if c.dep_ == "acl" and c.lemma_.lower() in ev.ceasefire_declaring_verbs:
            for g in c.children:
                if g.dep_ == "agent":
                    found.extend(p for p in g.children if p.dep_ == "pobj")
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in ev.ceasefire_declaring_verbs:  # "X declared a truce"
        found.extend(c for c in head.children if c.dep_ == "nsubj")
    labels: list[str] = []
    for tok in found:  # the agents named in the phrase: "government ally Russia", "Russia and Turkey"
        phrase = doc[tok.left_edge.i:tok.right_edge.i + 1]
        named = _agents_in(doc, registry, phrase.start_char, phrase.end_char)
        if not named and (tok.lower_ in ev.actor_nouns or tok.lemma_.lower() in ev.actor_nouns):
            named = [_np_label(phrase.text)]  # "the Saudi-led coalition"
        labels += [label for label in named if label and label not in labels]
    return labels


def _end_day(sent: DocSpan, ev: EventWords, anchor: dt.date) -> str | None:
    """The day a truce ended: the time expression of the verb that says so ('ended at the weekend',
    'expired on Saturday'), or 'N days after … expired' counted back from the article's date."""
    doc = sent.doc
    ended = [t for t in sent if t.lower_ in {w.split()[0] for w in ev.ceasefire_ended} and t.pos_ == "VERB"]
    for verb in ended:
        tokens = [t for t in verb.subtree if t.i >= verb.i]
        stretch = doc[tokens[0].i:tokens[-1].i + 1].text.lower() if tokens else ""
        if "weekend" in stretch:
            return dates.weekend_end(anchor).isoformat()
        for ent in sent.ents:
            if ent.label_ in ("DATE", "TIME") and tokens and tokens[0].i <= ent.start and ent.end <= tokens[-1].i + 1:
                day = dates.resolve(ent.text, anchor)
                if day is not None:
                    return day.isoformat()
        m = re.search(r"\b(\w+)\s+days?\s+after\b", doc_text(doc)[sent.start_char:verb.idx], re.IGNORECASE)
        n = number(m.group(1)) if m else None
        if n is not None:
            return (anchor - dt.timedelta(days=n)).isoformat()
    return None


# --- casualties ----------------------------------------------------------------------------

_PLACE_LEAD = re.compile(r"\b(in|on|across|of|at|near|around|outside)\s+(the\s+)?([\w-]+\s+){0,3}$", re.IGNORECASE)
_SINGLES = re.compile(r"\b(?:another|an?|one)\s+(?:[a-z-]+\s+)?(man|woman|child|boy|girl|person|civilian)\b",
                      re.IGNORECASE)


def find_casualties(doc: Doc, registry: Registry, anchor: dt.date | None,
                    statements: list[Statement]) -> list[CasualtyReport]:
    """Counts of people killed (and wounded), with breakdown, place, day or period, cause and source."""
    ev = _words()
    death = re.compile(r"\b(" + "|".join(re.escape(w) for w in ev.death_words) + r")\b", re.IGNORECASE)
    wound = re.compile(r"\b(" + "|".join(re.escape(w) for w in ev.wound_words) + r")\b", re.IGNORECASE)
    text = doc_text(doc)
    out: list[CasualtyReport] = []
    last_place: str | None = None
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        s_text = text[s:e]
        place = _casualty_place(doc, registry, sent)
        if not (death.search(s_text) or wound.search(s_text)):
            last_place = place or last_place
            continue
        counted = _counts(s_text, death, wound, _counted_nouns(sent), _named_one_by_one(sent))
        if counted is None:
            last_place = place or last_place
            continue
        killed, wounded, who, including = counted
        if killed is None and out and not place and out[-1].wounded is None and out[-1].evidence is not None \
                and text[out[-1].evidence.end:s].strip() == "":
            out[-1].wounded = wounded  # "… were killed. Twelve others were wounded.": the same event
            continue
        place = place or last_place
        since = None
        day = None
        sm = re.search(r"\bsince\s+((?:last\s+)?\w+(?:\.?\s+\d{1,2})?)", s_text, re.IGNORECASE)
        if sm and anchor is not None:
            start = dates.resolve_start(sm.group(1), anchor)
            since = start.isoformat() if start else None
        if since is None and anchor is not None:
            for ent in sent.ents:
                if ent.label_ in ("DATE", "TIME"):
                    day = dates.resolve(ent.text, anchor)
                    if day:
                        break
            day = day or anchor
        out.append(CasualtyReport(
            killed=killed, wounded=wounded, who=who, including=including, place=place,
            date=day.isoformat() if day else None, since=since, cause=_cause(s_text, ev),
            reported_by=_reporter(doc, registry, sent, statements), evidence=_span(doc, s, e)))
        last_place = place or last_place
    return out


def _named_one_by_one(sent: DocSpan) -> int:
    """'A teacher and a nurse were killed': how many people the subject of a death names one by one."""
    for tok in sent:
        if tok.lemma_.lower() != "kill" or tok.pos_ != "VERB":
            continue
        subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subject is None:
            continue
        people = [subject, *subject.conjuncts]
        if all(any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in p.children)
               and not any(c.dep_ == "nummod" for c in p.children) and p.tag_ == "NN" for p in people):
            return len(people)
    return 0


def _counted_nouns(sent: DocSpan) -> frozenset[str]:
    """Plural nouns the sentence puts a number on ("2,100 Palestinians"): victims the table may lack."""
    return frozenset(t.lower_ for t in sent if t.tag_ in ("NNS", "NNPS") and any(c.dep_ == "nummod" for c in t.children))


def _counts(text: str, death: re.Pattern[str], wound: re.Pattern[str], extra: frozenset[str] = frozenset(),
            singles: int = 0) -> tuple[int | None, int | None, str | None, dict[str, int]] | None:
    """(killed, wounded, who, including) read from a sentence that reports deaths or injuries."""
    victims = _words().victims
    counting = _count_pattern(extra)
    incl_at = text.lower().find("including")
    including: dict[str, int] = {}
    if incl_at != -1:
        tail = re.split(r"\b(?:were|was|have|had|in|on|across|killed|died|wounded)\b|[.;]", text[incl_at + 9:])[0]
        for part in counting.finditer(tail):
            n = number(part.group("n"))
            group = victims.get(part.group("who").lower())
            if n is not None and group is not None:
                including[group] = including.get(group, 0) + n
    heads = [m for m in counting.finditer(text) if incl_at == -1 or m.start() < incl_at]
    killed = wounded = None
    who = None
    d = death.search(text)
    w = wound.search(text)
    if singles >= 2 and d is not None:  # "Another man and a woman were killed": people named one by one
        killed, who = singles, "people"
        heads = []
    for m in heads:
        n = number(m.group("n"))
        if n is None:
            continue
        # a count belongs to the nearest death or injury word after it, else before it
        after_death = d is not None and (d.start() > m.start() or w is None or w.start() < m.start())
        if w is not None and (d is None or (w.start() > m.end() and (d.start() < m.start() or w.start() < d.start()))):
            after_death = False
        if after_death and killed is None:
            killed, who = n, victims.get(m.group("who").lower(), m.group("who"))
            # "64 soldiers and six civilians were killed": the groups add up
            more = counting.match(re.sub(r"^\s*(?:,|and|,\s*and)\s+", "", text[m.end():m.end() + 60], count=1))
            if more and re.match(r"^\s*(?:,|and|,\s*and)\s+", text[m.end():]) and number(more.group("n")):
                extra_n = number(more.group("n")) or 0
                second = victims.get(more.group("who").lower(), more.group("who").lower())
                if not including:
                    including = {who: n, second: extra_n} if who != second else {}
                killed, who = n + extra_n, "people"
        elif not after_death and wounded is None and w is not None:
            wounded = n
    if wounded is None and w is not None:  # "… and 26 wounded"
        bare = re.search(rf"\b({_number_pattern()})\s+(?:were\s+|others?\s+)?(?:wounded|injured|hurt)\b", text, re.IGNORECASE)
        if bare and number(bare.group(1)):
            wounded = number(bare.group(1))
    if killed is None and singles == 1 and d is not None:
        one = _SINGLES.search(text)
        killed, who = 1, victims.get(one.group(1).lower(), "people") if one else "people"
    if killed is None and wounded is None:
        return None
    return killed, wounded, who, including


def _cause(text: str, ev: EventWords) -> str | None:
    """The earliest cause word of the sentence (the longest one where several start together)."""
    low = text.lower()
    best: tuple[int, int, str] | None = None
    for cause in ev.causes:
        m = re.search(rf"\b{re.escape(cause)}\b", low)
        if m and (best is None or (m.start(), -len(cause)) < (best[0], best[1])):
            best = (m.start(), -len(cause), cause)
    return best[2] if best else None


def _casualty_place(doc: Doc, registry: Registry, sent: DocSpan) -> str | None:
    """The place a sentence locates its events in: a place after 'in', 'on', 'across' … first."""
    best = None
    for ent in sent.ents:
        ref = registry.find(ent.text)
        if ref is None or ref.kind != "Place":
            continue
        best = best or ref.label
        if _PLACE_LEAD.search(doc_text(doc)[max(sent.start_char, ent.start_char - 40):ent.start_char]):
            return ref.label
        if ent.start_char - sent.start_char <= 3:  # "In Khan Sheikhun, …" or the place leads the sentence
            return ref.label
    return best


def _reporter(doc: Doc, registry: Registry, sent: DocSpan, statements: list[Statement]) -> str | None:
    """Who the count is attributed to: the statement holding the sentence, or 'according to X'."""
    s, e = sent.start_char, sent.end_char
    for st in statements:
        if st.speakers and st.content.start < e and st.content.end > s \
                and min(st.content.end, e) - max(st.content.start, s) >= 0.5 * (e - s - 2):
            return st.speakers[0].label
    m = re.search(r"\baccording to (?:the )?([A-Z][\w-]*(?: [A-Z][\w-]*)*)", doc_text(doc)[s:e])
    ref: Referent | None = registry.find(m.group(1)) if m else None
    return ref.label if ref is not None else None


# --- meetings ------------------------------------------------------------------------------

def find_meetings(doc: Doc, registry: Registry, anchor: dt.date | None, *, dateline: str | None = None,
                  body_start: int = 0) -> list[Meeting]:
    """Meetings with their place, date, topic, participants and outcome ('a Lausanne meeting on Oct. 15
    that ended with no breakthrough', 'talks with Lavrov in Geneva'). A meeting whose place is not
    named but whose participants are took place where the article was filed (its dateline)."""
    ev = _words()
    out = []
    for tok in doc:
        if (tok.lemma_.lower() not in ev.meeting_words and tok.lower_ not in ev.meeting_words) \
                or tok.pos_ != "NOUN" or tok.idx < body_start:
            continue
        place = None
        date = None
        topic = None
        participants: list[str] = []
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("GPE", "LOC", "FAC"):
                ref = registry.find(c.text)
                place = ref.label if ref else c.text
        for c in tok.children:
            if c.dep_ != "prep":
                continue
            for g in (g for g in c.children if g.dep_ == "pobj"):
                phrase = doc[g.left_edge.i:g.right_edge.i + 1]
                if c.lower_ in ("on", "in") and g.ent_type_ == "DATE" and anchor is not None:
                    day = dates.resolve(phrase.text, anchor)
                    date = day.isoformat() if day else date
                elif c.lower_ in ("in", "at") and g.ent_type_ in ("GPE", "LOC", "FAC") and place is None:
                    ref = registry.find(g.text) or registry.find(phrase.text)
                    place = ref.label if ref else g.text
                elif c.lower_ in ("on", "about", "over") and topic is None:
                    ref = registry.find(g.text) or registry.find(phrase.text)
                    topic = ref.label if ref else (phrase.text if g.ent_type_ else None)
                elif c.lower_ in ("with", "between"):
                    participants += [p for p in _agents_in(doc, registry, phrase.start_char, phrase.end_char)
                                     if p not in participants]
        outcome = None
        rel = next((c for c in tok.children if c.dep_ == "relcl" and c.lemma_.lower() in ev.meeting_outcome_verbs), None)
        if rel is None and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in ev.meeting_outcome_verbs:
            rel = tok.head  # "talks … ended in Washington on Friday without a deal"
            for c in rel.children:
                for g in (g for g in c.children if c.dep_ == "prep" and g.dep_ == "pobj"):
                    if c.lower_ in ("in", "at") and g.ent_type_ in ("GPE", "LOC", "FAC") and place is None:
                        ref = registry.find(g.text)
                        place = ref.label if ref else g.text
                    elif c.lower_ == "on" and g.ent_type_ == "DATE" and anchor is not None and date is None:
                        day = dates.resolve(g.text, anchor)
                        date = day.isoformat() if day else None
        if rel is not None:  # what the meeting ended with, without the reporter's asides ("…, X said, as …")
            aside = {x.i for c in rel.children if c.dep_ in ("parataxis", "advcl", "ccomp") for x in c.subtree}
            kept = [t for t in rel.subtree if t.i >= rel.i and t.i not in aside]
            run = [kept[0]] if kept else []
            for t in kept[1:]:
                if t.i != run[-1].i + 1:
                    break
                run.append(t)
            outcome = _tokens_span(doc, run)
        if place is None and participants and dateline is not None:
            place = dateline
        if place is None and date is None:
            continue
        if topic is None:
            for ent in tok.sent.ents:
                before = doc_text(doc)[max(0, ent.start_char - 6):ent.start_char].lower()
                ref = registry.find(ent.text) if re.search(r"\b(on|over|about) $", before) else None
                if ref is not None:
                    topic = ref.label
                    break
        out.append(Meeting(place=place, date=date, topic=topic, outcome=outcome, participants=participants))
    return out


__all__ = ["AgentRef", "find_accusations", "find_casualties", "find_ceasefires", "find_meetings", "number"]
