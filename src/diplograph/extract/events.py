"""Events read from the text: accusations, ceasefires, casualty reports and meetings."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Token

from diplograph.extract import dates
from diplograph.extract.speakers import Registry
from diplograph.extract.tables import CASUALTY_NOUNS, CAUSE_WORDS, CEASEFIRE_WORDS, MEETING_WORDS, NUMBER_WORDS
from diplograph.model import Accusation, AgentRef, CasualtyReport, Ceasefire, Meeting, Span, Statement

_NUMBER = r"(?:\d[\d,]*|" + "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True)) + r")"
_GROUPS = "|".join(re.escape(n) for n in sorted(CASUALTY_NOUNS, key=len, reverse=True))
_PART = re.compile(rf"\b({_NUMBER}|a|an|one)\s+(?:[a-z-]+\s+)?({_GROUPS}|child|woman|man|rescue worker|fighter|soldier)\b",
                   re.I)


def number(word: str) -> int | None:
    """A count written in digits or words."""
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(text=doc.text[start:end], start=start, end=end)


# --- accusations --------------------------------------------------------------------------

def find_accusations(doc: Doc, statements: list[Statement], registry: Registry) -> list[Accusation]:
    """Accusations made by statements whose cue is 'accuse' or 'blame': accused, act and means."""
    out = []
    text = doc.text
    for st in statements:
        if st.act != "accusation" or st.cue is None:
            continue
        cue = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand")
        if cue is None:
            continue
        verb = cue.root
        region = doc.char_span(st.content.start, st.content.end, alignment_mode="expand")
        accused: list[str] = []
        act: Span | None = None
        # "accused X of doing Y", "blamed X for Y": the act starts at what follows of/for
        m = re.search(r"\b(?:of|for)\s+(?=\w)", st.content.text)
        head_end = st.content.start + (m.start() if m else len(st.content.text))
        if m:
            act = _span(doc, st.content.start + m.end(), st.content.end)
        if region is not None:
            for ent in region.ents:
                if ent.start_char >= head_end:
                    break
                ref = registry.find(ent.text)
                label = ref.label if ref is not None else ent.text
                if ref is not None and ref.kind == "Place":
                    continue
                if label not in accused:
                    accused.append(label)
        if not accused and m:
            accused.append(text[st.content.start:head_end].strip())
        if act is None:
            act = st.content
            if not accused:
                accused = list(st.about)
        if not accused:
            continue
        means = _means(doc, verb)
        out.append(Accusation(accuser=list(st.speakers), accused=accused, act=act, means=means, date=st.date))
    return out


def _means(doc: Doc, verb: Token) -> Span | None:
    """'…, saying they used threats and force': the means of the accused act."""
    for c in verb.children:
        if c.dep_ == "advcl" and c.lemma_ in ("say", "add"):
            comp = next((g for g in c.children if g.dep_ == "ccomp"), None)
            if comp is not None and comp.lemma_ in ("use", "employ", "resort"):
                obj = next((g for g in comp.children if g.dep_ in ("dobj", "prep")), None)
                if obj is not None:
                    toks = list(obj.subtree)
                    if obj.dep_ == "prep":
                        toks = toks[1:]
                    toks = [t for t in toks if not t.is_punct or t.text in ("-",)]
                    if toks:
                        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
                        return _span(doc, s, e)
        if c.dep_ == "prep" and c.lower_ in ("through", "by", "with", "using"):
            toks = list(c.subtree)[1:]
            if toks:
                return _span(doc, toks[0].idx, toks[-1].idx + len(toks[-1].text))
    return None


# --- ceasefires ----------------------------------------------------------------------------

_DURATION = re.compile(rf"\b({_NUMBER})[- ](day|hour|week)\b", re.I)
_CF_RE = re.compile("|".join(re.escape(w) for w in CEASEFIRE_WORDS), re.I)


def find_ceasefires(doc: Doc, registry: Registry, anchor: dt.date | None) -> list[Ceasefire]:
    """One ceasefire per place the article's truce mentions point to."""
    text = doc.text
    dateline = re.match(r"^\s*(?:date\s+\S+\s+)?[A-Z][A-Z .'\-]+(?:,[^(:]{0,20})?(?:\([^)]*\))?\s*[:\-–—]", text)
    dateline_end = dateline.end() if dateline else 0
    found: dict[str, Ceasefire] = {}
    order: list[str] = []
    for sent in doc.sents:
        matches = list(_CF_RE.finditer(text, sent.start_char, sent.end_char))
        if not matches:
            continue
        # the place named with the truce word: "truce in the Syrian city of Aleppo", "Aleppo truce"
        place = _place_in(doc, registry, max(sent.start_char, dateline_end, matches[0].start() - 25),
                          min(sent.end_char, matches[0].end() + 45))
        # one truce per article unless another place is named with it
        cf = found.get(place or "") or (found[order[0]] if order and (place is None or found[order[0]].location is None) else None)
        if cf is None:
            cf = Ceasefire(label=f"{place} ceasefire" if place else "ceasefire", location=place)
            found[place or ""] = cf
            order.append(place or "")
        elif cf.location is None and place is not None:
            cf.location, cf.label = place, f"{place} ceasefire"
        s_text = text[sent.start_char:sent.end_char]
        low = s_text.lower()
        for m in matches:
            start = m.start()
            det = re.search(r"(?:\b(?:a|an|the|this|that)\s+)(?:[\w-]+\s+){0,2}$", text[max(0, start - 40):start], re.I)
            if det:
                start = start - (len(text[max(0, start - 40):m.start()]) - det.start())
            cf.mentions.append(_span(doc, start, m.end()))
        dm = _DURATION.search(s_text)
        if dm and cf.duration_days is None:
            n = number(dm.group(1))
            if n is not None:
                unit = dm.group(2).lower()
                cf.duration_days = n if unit == "day" else (n * 7 if unit == "week" else max(1, n // 24))
        for ent in doc.ents:
            if sent.start_char <= ent.start_char < sent.end_char:
                pre = text[max(sent.start_char, ent.start_char - 40):ent.start_char].lower()
                if re.search(r"declared by (?:[\w-]+ ){0,3}$", pre) or re.search(r"\bby (?:government )?ally $", pre):
                    ref = registry.find(ent.text)
                    if ref is not None and ref.is_agent:
                        label = registry.state_of(ref).label
                        if label not in cf.declared_by:
                            cf.declared_by.append(label)
        if anchor is not None and cf.ended is None and re.search(r"\b(ended|expired|collapsed)\b", low):
            if "weekend" in low:
                cf.ended = dates.weekend_end(anchor).isoformat()
            else:
                for ent in sent.ents:
                    day = dates.resolve(ent.text, anchor) if ent.label_ == "DATE" else None
                    if day is not None:
                        cf.ended = day.isoformat()
                        break
        if re.search(r"\bnot (currently )?considering\b|\bnot relevant\b|\bno plans?\b|\bnot on the agenda\b|"
                     r"\bnot weighing\b|\bruled out\b", low) and re.search(r"\b(new|renew|another|extend)", low):
            cf.renewal = "not under consideration"
    return [found[k] for k in order]


def _place_in(doc: Doc, registry: Registry, start: int, end: int) -> str | None:
    for ent in doc.ents:
        if start <= ent.start_char < end and ent.label_ in ("GPE", "LOC", "FAC"):
            ref = registry.find(ent.text)
            if ref is not None and ref.kind == "Place":
                return ref.label
    return None


# --- casualties ----------------------------------------------------------------------------

_KILLED = re.compile(r"\b(killed|dead|died|lost their lives|wounded|injured)\b", re.I)


def find_casualties(doc: Doc, registry: Registry, anchor: dt.date | None,
                    statements: list[Statement]) -> list[CasualtyReport]:
    """Counts of people killed, with breakdown, place, date or period, cause and source."""
    text = doc.text
    out: list[CasualtyReport] = []
    last_place: str | None = None
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        s_text = text[s:e]
        place = _casualty_place(doc, registry, s, e)
        if not _KILLED.search(s_text):
            last_place = place or last_place
            continue
        report = _count_in(sent)
        if report is None:
            last_place = place or last_place
            continue
        killed, including = report
        if place is None and re.search(r"\bthe (northwest |northern |southern |)(province|town|city|region)\b", s_text):
            place = last_place
        place = place or last_place
        low = s_text.lower()
        cause = next((c for c in CAUSE_WORDS if c in low), None)
        date: str | None = None
        since: str | None = None
        sm = re.search(r"\bsince (\w+)", s_text, re.I)
        if sm and anchor is not None:
            day = dates.resolve(sm.group(1), anchor)
            since = day.isoformat() if day else None
        if since is None and anchor is not None:
            day = None
            for ent in sent.ents:
                if ent.label_ == "DATE":
                    day = dates.resolve(ent.text, anchor)
                    if day:
                        break
            date = (day or anchor).isoformat()
        reporter = next((st.speakers[0].label for st in statements
                         if st.speakers and st.content.start <= s + 5 and e - 5 <= st.content.end + 60
                         and st.content.start < e and st.content.end > s), None)
        if reporter is None:
            m = re.search(r"\baccording to (?:the )?([A-Z][\w-]*(?: [A-Z][\w-]*)*)", s_text)
            ref = registry.find(m.group(1)) if m else None
            reporter = ref.label if ref is not None else None
        out.append(CasualtyReport(killed=killed, who=_victims(s_text), including=including, place=place,
                                  date=date, since=since, cause=cause, reported_by=reporter,
                                  evidence=_span(doc, s, e)))
        last_place = place or last_place
    return out


def _victims(text: str) -> str | None:
    m = re.search(rf"\b{_NUMBER}\s+({_GROUPS})\b", text, re.I)
    return m.group(1).lower() if m else ("people" if re.search(r"\bpeople\b", text) else None)


def _count_in(sent: object) -> tuple[int, dict[str, int]] | None:
    """(killed, including breakdown) from a sentence reporting deaths."""
    text = str(sent)
    low = text
    m = re.search(rf"\b({_NUMBER})\s+(?:(?:more|other|further)\s+)?({_GROUPS})\b", low, re.I)
    incl_at = low.lower().find("including")
    including: dict[str, int] = {}
    if incl_at != -1:
        tail = low[incl_at + len("including"):]
        tail = re.split(r"\b(were|was|have|had|in|on|across|killed|died)\b|[.;]", tail)[0]
        for part in _PART.finditer(tail):
            n = number(part.group(1))
            group = part.group(2).lower()
            group = {"child": "children", "woman": "women", "man": "men", "rescue worker": "rescue workers",
                     "fighter": "fighters", "soldier": "soldiers"}.get(group, group)
            if n is not None:
                including[group] = including.get(group, 0) + n
    if m and (incl_at == -1 or m.start() < incl_at):
        n = number(m.group(1))
        if n is not None:
            return n, including
    # "Another man and a woman were killed": count the people named one by one
    head = re.split(r"\b(were|was|have been)\b", low)[0]
    singles = re.findall(r"\b(?:another|an?|one)\s+(?:[a-z-]+\s+)?(man|woman|child|boy|girl|person|civilian)\b",
                         head, re.I)
    if singles and re.search(r"\b(were|was) killed\b", low):
        return len(singles), including
    return None


_PLACE_LEAD = re.compile(r"\b(in|on|across|of|at)\s+(the\s+)?(nearby\s+)?(town\s+of\s+|city\s+of\s+|village\s+of\s+)?"
                         r"(rebel-held\s+)?$")


def _casualty_place(doc: Doc, registry: Registry, start: int, end: int) -> str | None:
    best = None
    for ent in doc.ents:
        if start <= ent.start_char < end and ent.label_ in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
            ref = registry.find(ent.text)
            if ref is None or ref.kind != "Place" or ref.label in ("Syria",):
                continue
            best = best or ref.label
            pre = doc.text[max(start, ent.start_char - 30):ent.start_char].lower()
            if _PLACE_LEAD.search(pre):
                return ref.label
    return best


# --- meetings ------------------------------------------------------------------------------

def find_meetings(doc: Doc, registry: Registry, anchor: dt.date | None) -> list[Meeting]:
    """Meetings with their place, date, topic and outcome ('a Lausanne meeting on Oct. 15 that ended …')."""
    out = []
    for tok in doc:
        if tok.lemma_.lower() not in MEETING_WORDS or tok.pos_ != "NOUN":
            continue
        place = None
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("GPE", "LOC"):
                ref = registry.find(c.text)
                place = ref.label if ref else c.text
        date = None
        topic = None
        for c in tok.children:
            if c.dep_ == "prep":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                for g in objs:
                    if c.lower_ in ("on", "in") and g.ent_type_ == "DATE" and anchor is not None:
                        day = dates.resolve(doc[g.left_edge.i:g.right_edge.i + 1].text, anchor)
                        date = day.isoformat() if day else date
                    elif c.lower_ in ("in",) and g.ent_type_ in ("GPE", "LOC") and place is None:
                        ref = registry.find(g.text)
                        place = ref.label if ref else g.text
                    elif c.lower_ in ("on", "about", "over") and g.ent_type_ in ("GPE", "ORG", "NORP"):
                        ref = registry.find(g.text)
                        topic = ref.label if ref else g.text
        outcome = None
        rel = next((c for c in tok.children if c.dep_ == "relcl" and c.lemma_ in ("end", "conclude", "produce", "yield")), None)
        if rel is not None:
            toks = [t for t in rel.subtree if t.dep_ != "nsubj" and t.lower_ not in ("that", "which")]
            if toks:
                outcome = _span(doc, toks[0].idx, toks[-1].idx + len(toks[-1].text))
        if place is None and date is None:
            continue
        if topic is None:
            for ent in tok.sent.ents:
                before = doc.text[max(0, ent.start_char - 6):ent.start_char].lower()
                ref = registry.find(ent.text) if re.search(r"\b(on|over|about) $", before) else None
                if ref is not None:
                    topic = ref.label
                    break
        out.append(Meeting(place=place, date=date, topic=topic, outcome=outcome))
    return out


__all__ = ["AgentRef", "find_accusations", "find_casualties", "find_ceasefires", "find_meetings"]
