"""Statements: reporting cues, their sources and their contents.

A statement is found from its cue, looked up in the tables of :mod:`diplograph.extract.lexicon`:

- a reporting verb ("said", "accused", "called for"), its source the verb's subject (or the
  noun a "who" clause hangs on), its content the clause it governs, the quotation beside it,
  the rest of the sentence around a parenthetical "…, he said, …", or its object;
- a verb of expressing with a stance noun ("expressed concern at …");
- a message noun with its clause ("his claim that …");
- a source phrase ("according to X").

Quotations that no cue takes borrow the attribution of the quotation just before them in the
paragraph, or of the paragraph before when they make a paragraph of their own ("“…,” he said. /
“…”"). The mode follows the quote marks: all inside → direct, in part → mixed, none → indirect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from diplograph.extract.lexicon import Lexicon, SpeechVerb, load_lexicon
from diplograph.extract.nlp import doc_text
from diplograph.extract.quotes import Quote, QuoteIndex, trim, trim_mixed

#: Participles that only elaborate the statement of the verb they hang from ("…, saying …").
ELABORATING = {"say", "add"}
#: Subjects that are relative pronouns: the source is the noun the clause hangs on.
RELATIVE = {"who", "that", "which", "whom"}
#: Verbs whose object is the addressee, not the content.
ADDRESSED = {"tell", "inform", "assure", "reassure", "brief", "warn", "remind"}
#: Verbs whose bare object is not what was said ("said nothing", "told them").
NO_OBJECT_CONTENT = {"say", "tell", "add", "write", "state", "continue", "reply", "respond", "answer", "explain",
                     "comment", "remark", "think", "believe", "feel", "hope", "ask", "inform", "assure",
                     "reassure", "brief", "joke", "shout", "boast", "testify", "argue", "insist", "wonder"}
#: Verbs of going on: their to-clause says what goes on, not what was said ("continued to rise").
ASPECTUAL = {"continue"}
#: Verbs of asking: an "if"/"whether" clause the parser hung on them is the question asked.
ASKING = {"ask", "wonder", "inquire", "question"}
#: Subordinators whose clause, hung on the cue by the parser, goes on with the reported content.
_GOES_ON = {"because", "although", "though", "while", "if", "unless", "until", "since", "so", "whereas"}
#: Subordinators of a concession ("…, though she acknowledged …").
_CONCESSIVE = {"though", "although", "while", "but"}
_TAIL_PREPS = {"of", "for", "as", "over", "about", "on", "to", "against", "with", "that", "at"}


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
    extra_object: Span | None = None  # "accused X of …": X
    refers_to: Span | None = None  # "who said …": the noun the relative clause describes
    continuation: bool = False  # a quotation that borrows the attribution of the one before

    @property
    def length(self) -> int:
        return self.content_end - self.content_start


class StatementFinder:
    """Finds the statement candidates of one parsed article."""

    def __init__(self, doc: Doc, lexicon: Lexicon | None = None, *, body_start: int = 0) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.lex = lexicon or load_lexicon()
        self.quotes = QuoteIndex(doc_text(doc))
        self.body_start = body_start

    # --- cues -------------------------------------------------------------------------------

    def verb_entry_ok(self, verb: Token) -> bool:
        """A reporting verb of the table, with what it needs ("rule out", "call for")."""
        return self.sense(verb) is not None

    def sense(self, verb: Token) -> SpeechVerb | None:
        """The sense of the speech verb table a verb token has, or None when it reports no speech."""
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("amod", "compound"):
            return None
        if verb.dep_ == "pcomp" and (verb.tag_ != "VBG" or self.clause(verb) is None) \
                and not (verb.tag_ == "VBG" and any(c.dep_ == "nsubj" for c in verb.children)):
            # "began by saying (that) …" and "with X calling Y a liar" report; "known for speaking" does not
            return None
        if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children) \
                and (verb.dep_ in ("acl", "advcl") or any(c.dep_ == "auxpass" for c in verb.children)):
            return None  # a passive or participle ("the plan announced by …", "was reported to …")
        senses = self.lex.speech_verbs.get(verb.lemma_.lower())
        if not senses:
            return self.clause_verb(verb)
        kids = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "dative", "agent")}
        if self.for_clause(verb) is not None:
            kids.add("for")  # "is calling for the allies to send aid": the parser made "for" a clause's mark
        if any(self.as_predicate(c) for c in verb.children):
            kids.add("as")  # "sees the militia as poorly trained": the parser made "as …" a clause
        kids |= {c.dep_ for c in verb.children}
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and (obj.ent_type_ in ("PERSON", "ORG", "NORP") or obj.pos_ == "PROPN"
                                or obj.lower_ in ("him", "her", "them")):
            kids.add("@person")
        if obj is not None and any(c.dep_ in ("appos", "oprd") and self.quoted(c.idx, c.idx + len(c.text))
                                   for c in obj.children):
            kids.add("@label")  # "called his actions “a crucial step”": the parser hung the label on the object
        kids.add("@quote")  # checked on the contents found (see verb_candidates)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and obj is not None and (
                subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she")
                or self.lex.referring_nouns.get(subj.lemma_.lower()) == "person"):
            kids.add("@by-person")  # "the senator attacked the plan": words, where "jets attacked the town" are not
        if obj is not None and obj.lower_ == "it" and self.as_aside(verb):
            kids.add("@as-it")  # "…, as the memo put it"
        for sense in senses:
            if not sense.needs or kids & sense.needs:
                return sense
        return None

    def clause_verb(self, verb: Token) -> SpeechVerb | None:
        """A verb outside the table that still attributes a proposition to its subject: it takes a
        that-clause ("the study concludes that …", "she has long maintained that …"). Verbs of the
        exclusion table ("make sure that", "mean that") do not."""
        lemma = verb.lemma_.lower()
        if lemma in self.lex.not_reporting or not lemma.isalpha():
            return None
        for c in verb.children:
            if c.dep_ == "ccomp" and c.i > verb.i and any(
                    g.dep_ == "mark" and g.lower_ == "that" and g.i < c.i for g in c.children):
                return SpeechVerb(lemma, None, frozenset(), True)
        return None

    def stance_noun(self, verb: Token) -> Token | None:
        """'expressed concern', 'voiced hope': the stance noun a verb of expressing takes."""
        if verb.lemma_.lower() not in self.lex.stance_verbs:
            return None
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass"):
                cue = self.lex.noun_cues.get(c.lemma_.lower())
                if cue is not None and cue.use == "stance":
                    return c
        return None

    def quoted(self, start: int, end: int) -> bool:
        q = self.quotes.around(start, end)
        return q is not None and q.start <= start and end <= q.end + 1

    # --- sources ----------------------------------------------------------------------------

    def subject(self, verb: Token) -> Token | None:
        """The verb's subject, or the subject of the verb it elaborates ("…, saying"; "…and said")."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            # "“… Full stop,” said X": the parser may take a quoted word for a second subject
            return next((c for c in subjects if not self.quoted(c.idx, c.idx + len(c.text))), subjects[0])
        if (inverted := self.inverted_subject(verb)) is not None:
            return inverted
        for c in verb.children:  # "X was quoted as saying": the quoted one
            if c.dep_ == "nsubjpass" and verb.lemma_ in ("quote", "cite"):
                return c
        if verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i:
            if verb.dep_ == "advcl" and verb.tag_ not in ("VBG", "VBN"):
                return None  # "because X said …" has a subject of its own
            # the parser may hang "…, adding that" or "…, and urged" inside the content of the cue
            # before it: the subject is that cue's, not the content's
            for ancestor in verb.ancestors:
                if ancestor.sent.start != verb.sent.start:
                    break
                if self.verb_entry_ok(ancestor) and (clause := self.clause(ancestor)) is not None \
                        and clause.left_edge.i <= verb.i <= clause.right_edge.i and verb.i != clause.i:
                    return self.subject(ancestor)
            return self.subject(verb.head)
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
            # "X began by saying …", "X was criticized for saying …": the one who did the governing verb
            governor = verb.head.head
            passive = next((c for c in governor.children if c.dep_ == "nsubjpass"), None)
            return passive if passive is not None else self.subject(governor)
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            return verb.head  # "officials saying …"
        return None

    def inverted_subject(self, verb: Token) -> Token | None:
        """'“…,” said Rana Haddad, who heads Save the Valley': after a quotation, the name right
        after "said" that the parser made the subject of a later word (here "Save")."""
        doc = self.doc
        if verb.i == 0 or verb.i + 1 >= len(doc) or doc[verb.i - 1].text not in ("”", '"', "''", "“") \
                or doc[verb.i - 1].i < verb.sent.start:
            return None
        for t in doc[verb.i + 1:min(verb.i + 7, verb.sent.end)]:
            if t.dep_ == "nsubj" and t.head.i > t.i and t.left_edge.i == verb.i + 1 and t.pos_ in ("PROPN", "NOUN"):
                return t
        return None

    def source_span(self, subject: Token, verb: Token) -> Span:
        """The source mention: the subject's phrase, without anything past the cue or trailing commas."""
        doc = self.doc
        toks = [t for t in subject.subtree if not (subject.i < verb.i <= t.i) and not (t.i >= verb.i > subject.i)]
        if subject.i > verb.i:  # "…, said X, a lawyer": everything of the subject after the verb
            toks = [t for t in subject.subtree if t.i > verb.i]
        dated = {x.i for c in subject.children if c.dep_ in ("prep", "npadvmod")
                 and any(g.ent_type_ in ("DATE", "TIME") for g in c.subtree) for x in c.subtree}
        toks = [t for t in toks if not self.quoted(t.idx, t.idx + len(t.text)) and t.i not in dated
                and t.idx >= self.body_start]
        # a parse that runs over a paragraph break (a headline, a time stamp) has taken words of
        # another paragraph: the source is in the verb's own
        para = self.text.rfind("\n", 0, verb.idx)
        if subject.idx < para < verb.idx and (near := self.name_before(verb)) is not None and near.start_char > para:
            return near  # the parser took a headline's word for the subject: the name before the verb
        colon = self.text.rfind(":", subject.idx, verb.idx)
        if colon != -1 and subject.i < verb.i and not self.quoted(colon, colon + 1) \
                and (near := self.name_before(verb)) is not None and near.start_char > colon:
            return near  # "The Latest: Envoy urges …": the label before the colon is no speaker
        toks = [t for t in toks if t.idx > para] if subject.idx > para else toks
        opened = sum(t.text == "(" for t in toks)
        while toks and (toks[-1].is_punct or toks[-1].is_space) and not (toks[-1].text == ")" and opened):
            toks.pop()
        # "Both X and Y", "Even China": a focusing word is no part of the name
        paired = any(c.dep_ == "conj" for c in subject.children)
        while toks and (toks[0].is_punct or toks[0].is_space or (toks[0].i < subject.i and (
                toks[0].dep_ in ("preconj", "advmod") or (paired and toks[0].lower_ == "both")))):
            toks.pop(0)
        if not toks:
            return doc[subject.i:subject.i + 1]
        # keep one contiguous stretch around the head
        start = end = subject.i
        index = {t.i for t in toks}
        while start - 1 in index:
            start -= 1
        while end + 1 in index:
            end += 1
        return doc[start:end + 1]

    def name_before(self, verb: Token) -> Span | None:
        """The noun or name right before a verb, with its compounds and determiner ("the Trump team")."""
        if verb.i == 0:
            return None
        last = self.doc[verb.i - 1]
        if last.pos_ not in ("PROPN", "NOUN", "PRON") or last.i < verb.sent.start:
            return None
        first = last.i
        while first - 1 >= verb.sent.start and self.doc[first - 1].dep_ in ("compound", "det", "amod", "poss", "case") \
                and self.doc[first - 1].head.i <= last.i:
            first -= 1
        return self.doc[first:last.i + 1]

    def stray_subject(self, verb: Token) -> Span | None:
        """A subject the parser hung inside the content: the noun phrase right before the verb,
        after the comma or closing quote that ends the content ("…, the Observatory said")."""
        doc = self.doc
        if verb.i == 0:
            return None
        sent = verb.sent
        comma = max((t.i for t in doc[sent.start:verb.i] if t.text in _CONTENT_ENDS), default=sent.start - 1)
        best = None
        node = doc[verb.i - 1]
        while True:
            if node.right_edge.i == verb.i - 1 and node.left_edge.i > comma and node.pos_ in ("PROPN", "NOUN", "PRON"):
                best = node
            if node.head.i == node.i or node.head.i >= verb.i:
                break
            node = node.head
        if best is None:
            return None
        return doc[best.left_edge.i:verb.i]

    # --- contents ---------------------------------------------------------------------------

    def clause(self, verb: Token) -> Token | None:
        """The clause a verb governs: its clausal complement (or a clause the parser hung beside it)."""
        for c in verb.children:
            if c.dep_ == "ccomp":
                return c
        for c in verb.children:
            if c.dep_ == "parataxis" and c.pos_ in ("VERB", "AUX") and c.i > verb.i:
                return c
            if c.dep_ == "xcomp" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                return c
            if c.dep_ == "advcl" and c.i > verb.i and c.pos_ in ("VERB", "AUX"):
                marks = [g.lower_ for g in c.children if g.dep_ == "mark" or (g.dep_ == "advmod" and g.tag_ == "WRB")]
                # "said that …" or a subject of its own with no "because", "after", "if" …; "asked if …"
                asked = marks in (["if"], ["whether"]) and verb.lemma_.lower() in ASKING
                if marks == ["that"] or asked or (not marks and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
                                         and c.tag_ not in ("VBG", "VBN")):
                    return c
        if (clause := self.for_clause(verb)) is not None:
            return clause
        if verb.lemma_.lower() in ADDRESSED:
            # "told a meeting of leaders that few people understood …": the parser hung the that-clause
            # on the addressee as if it described them; with a subject of its own it is what was said
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            for t in obj.subtree if obj is not None else ():
                if t.dep_ in ("relcl", "acl") and t.pos_ in ("VERB", "AUX") and any(
                        g.dep_ in ("mark", "dobj") and g.lower_ == "that" and g.i == t.left_edge.i for g in t.children) \
                        and any(g.dep_ in ("nsubj", "nsubjpass", "expl") and g.lower_ != "that" for g in t.children):
                    return t
        return None

    def tokens_span(self, tokens: list[Token]) -> tuple[int, int] | None:
        tokens = [t for t in tokens if not t.is_space]
        if not tokens:
            return None
        tokens.sort(key=lambda t: t.i)
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def stretch(self, head: Token, attribution: set[int], end: int | None = None) -> list[Token]:
        """The tokens from a head's left edge to its right edge (or ``end``), less those of the attribution."""
        sent = head.sent
        last = head.right_edge.i if end is None else end
        return [t for t in self.doc[max(head.left_edge.i, sent.start):min(last + 1, sent.end)]
                if t.i not in attribution]

    def subtree_without(self, head: Token, *excluded: Token) -> list[Token]:
        skip: set[int] = set()
        for t in excluded:
            skip.update(x.i for x in t.subtree)
        return [t for t in head.subtree if t.i not in skip]

    def pieces(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """Runs of consecutive tokens as trimmed character spans (a content broken by its attribution)."""
        runs: list[list[Token]] = []
        for t in sorted(tokens, key=lambda t: t.i):
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
        out = []
        for run in runs:
            span = self.tokens_span(run)
            if span is None:
                continue
            s, e = trim(self.text, *span)
            if e - s >= 2 and re.search(r"\w", self.text[s:e]):
                out.append((s, e))
        return out

    def same_paragraph(self, pieces: list[tuple[int, int]], at: int) -> list[tuple[int, int]]:
        """The parts of a content in the cue's paragraph: a parse that runs past a paragraph break has
        gone wrong, and what lies beyond belongs to someone else."""
        text = self.text
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        out = []
        for s, e in pieces:
            s, e = max(s, start), min(e, end)
            if e - s >= 2:
                out.append(trim(text, s, e))
        return [(s, e) for s, e in out if e - s >= 2]

    def adjacent_quote(self, verb: Token, lo: int, hi: int) -> Quote | None:
        """A quotation the cue attributes as a whole: just before its clause ("“…,” he said") or just
        after it ("he said: “…”"), with nothing but the attribution between."""
        sent = verb.sent
        text = self.text
        for q in self.quotes.within(max(0, sent.start_char - 400), sent.end_char + 400):
            if q.close_at <= verb.idx:
                if q.close_at > lo:
                    continue  # a quotation after the source ("X described it as “…” and called …") is no lead-in
                between = text[q.close_at:lo if lo < verb.idx else verb.idx]
                if len(between) <= 3 and re.fullmatch(r"[ \t,.!?—–-]*", between):
                    return q
            elif q.open_at >= hi:
                between = text[hi:q.open_at]
                if len(between) <= 3 and re.fullmatch(r"[ \t,:—–-]*", between):
                    return q
                if re.fullmatch(r"[ \t]*:\s*", between):  # "He said:" and the quotation in the next paragraph
                    return q
        return None

    def block_after(self, end: int) -> tuple[int, int] | None:
        """'The minister added:' closing its paragraph, and the speaker's words set as the next
        paragraph without quote marks (a block quotation): that paragraph, or None."""
        text = self.text
        found = re.match(r"[ \t\xa0]*:[ \t\xa0]*\n\s*", text[end:end + 40])
        if found is None:
            return None
        start = end + found.end()
        stop = text.find("\n", start)
        stop = len(text) if stop == -1 else stop
        s, e = trim(text, start, stop)
        if e - s < 12 or text[s] in "“\"‘'":  # a quotation is adjacent_quote's
            return None
        return s, e

    def content(self, verb: Token, subject_tokens: set[int]) -> tuple[list[tuple[int, int]], Span | None] | None:
        """The content of a verb cue as one or more spans, and its object when the content is one."""
        doc = self.doc
        comp = self.clause(verb)
        stance = self.stance_noun(verb)
        lemma = verb.lemma_.lower()
        if stance is not None:
            return self.stance_content(stance) or self.stance_content(verb, after=stance.i)
        if comp is not None:
            # the clause's stretch of text, less the attribution wherever the parser hung it;
            # "said A, and B" with B a clause of its own hung on the verb: B was said too (but not in
            # "“A,” she said, and B", where B is the reporter's)
            inside = {t.i for t in comp.subtree}
            last = comp.right_edge.i
            for c in verb.children:
                if c.dep_ == "conj" and verb.i < comp.i < c.i and not self.verb_entry_ok(c) \
                        and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children):
                    inside |= {t.i for t in c.subtree} | {t.i for t in self.doc[last + 1:c.left_edge.i]
                                                          if t.dep_ in ("punct", "cc") and t.head.i in (verb.i, c.i)}
                    last = max(last, c.right_edge.i)
            if verb.i < comp.i:
                for c in self.continuations(verb, last):
                    inside |= {t.i for t in c.subtree} | {t.i for t in doc[last + 1:c.left_edge.i] if t.dep_ in ("punct", "cc")}
                    last = max(last, c.right_edge.i)
            attribution = {t.i for t in verb.subtree} - inside | subject_tokens | self.own_statements(comp, verb)
            if comp == self.for_clause(verb):  # "calling for X to Y": "for" belongs to the cue
                attribution |= {g.i for g in comp.children if g.dep_ == "mark"}
            return self.pieces(self.stretch(comp, attribution, end=last)), None
        # "…, he said." / "A, he said, B": the reporting clause is parenthetical to the content
        head = verb.head
        commas = {doc[i].text for i in (verb.left_edge.i - 1, verb.left_edge.i, verb.right_edge.i, verb.right_edge.i + 1)
                  if 0 <= i < len(doc) and i != verb.i}
        aside = self.as_aside(verb)
        subordinate = (any(c.dep_ == "mark" for c in verb.children) and not aside) or any(
            c.dep_ == "advmod" and c.tag_ == "WRB" for c in verb.children)
        participle = verb.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        if head.i != verb.i and commas & {",", "—", "–"} and not subordinate and not participle and (
                verb.dep_ == "parataxis" or (verb.dep_ in ("ccomp", "advcl") and (head.i < verb.i or aside))):
            attribution = {t.i for t in verb.subtree} | subject_tokens
            return self.pieces(self.stretch(head, attribution)), None
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
        saying = next((c for c in verb.children if c.dep_ == "advcl" and c.lemma_ in ELABORATING
                       and self.clause(c) is not None), None)
        if obj is not None:
            # "accused X of Y", "hailed X as Y": what follows the object up to an elaborating
            # "…, saying" clause or a clause of its own ("as it faced …", "after …")
            tail = [c for c in verb.children if c.i > obj.i and c.dep_ not in ("punct", "cc", "conj", "npadvmod")
                    and not (c.dep_ == "advcl" and (c.lemma_ in ELABORATING or self.verb_entry_ok(c)))
                    # "questioned X, encouraging Y": the reporter's account of what the speaker did next
                    and not (c.dep_ == "advcl" and c.tag_ == "VBG" and self.doc[c.left_edge.i - 1].text == ",")
                    and (self.as_predicate(c) or not any(g.dep_ == "mark" for g in c.children)) and c.ent_type_ != "DATE"
                    # "endorsed X on Tuesday", "posted X on Twitter", "mentioned X to me": the reporter's
                    and not self.circumstantial(c)]
            of_clause = any(_gerund_charge(t) and t.i > obj.i for t in obj.subtree)
        else:
            tail = [c for c in verb.children if c.i > verb.i and (
                c.dep_ in ("xcomp", "oprd") or (c.dep_ in ("prep", "pcomp") and c.lower_ in _TAIL_PREPS))
                # "spoke on condition of anonymity", "speaking on the same show": how, not what
                and not self.circumstantial(c)]
            if lemma in ASPECTUAL:
                tail = [c for c in tail if c.dep_ != "xcomp"]  # "continued to rise": no content of its own
            of_clause = False
        if obj is not None and saying is not None and not tail and not of_clause and self.agentive(obj):
            # "chastised X, saying (that) …": the saying clause says what the criticism was
            inner = self.clause(saying)
            assert inner is not None
            return self.pieces(list(inner.subtree)), doc[obj.left_edge.i:obj.right_edge.i + 1]
        if lemma in NO_OBJECT_CONTENT:
            # "said nothing", "told them": no content; "commented on X", "asked about X": X
            # but a to-clause is what was said: "hopes to win", "told his aides to leave" (the object is
            # the addressee)
            tail = [c for c in tail if (c.dep_ == "xcomp" and c.tag_ == "VB")
                    or (obj is None and c.dep_ == "prep" and c.lower_ in ("about", "on", "of"))]
            if not tail:
                return None
        if obj is None and not tail:
            return None
        if obj is not None and obj.lower_ in RELATIVE and verb.dep_ == "relcl" and obj.i < verb.i \
                and verb.head.pos_ in ("NOUN", "PROPN"):
            # "the talks, which Lavrov described as “constructive”": the object is the noun the clause
            # hangs on, and the content its words with the rest, never the source or the cue
            noun = verb.head
            toks = list(self.doc[noun.left_edge.i:noun.i + 1]) + [t for p in tail if p.i > verb.i for t in p.subtree]
            pieces = self.pieces(toks)
            return (pieces, doc[noun.left_edge.i:noun.i + 1]) if pieces else None
        xcomp = next((c for c in tail if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
        if xcomp is not None and verb.tag_ != "VB":
            # "wants to double X, expand Y and open Z": base forms the parser coordinated with the
            # cue go on with its to-clause
            tail += [c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VB" and c.i > xcomp.i
                     and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
        parts = ([obj] if obj is not None else []) + tail
        toks = [t for p in parts for t in p.subtree]
        if obj is None and tail[0].dep_ == "prep":  # "called for X", "spoke about X": X
            toks = [t for t in toks if t.i != tail[0].i]
        span = self.tokens_span(toks)
        if span is None:
            return None
        s, e = trim(self.text, *span)
        named = obj is not None and obj.pos_ == "PROPN" and not tail
        if len(self.text[s:e].split()) < 2 and not named:
            return None  # "denied it", "welcomed this": nothing to report; "endorsed Cruz" names its object
        return [(s, e)], (doc[obj.left_edge.i:obj.right_edge.i + 1] if obj is not None else None)

    def for_clause(self, verb: Token) -> Token | None:
        """A "for X to Y" clause after a verb that reports with "for" ("called for the allies to send
        aid …"), which the parser hung on the verb as a clause of its own; or None."""
        if not any("for" in sense.needs for sense in self.lex.speech_verbs.get(verb.lemma_.lower(), ())):
            return None
        return next((c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and c.tag_ == "VB"
                     and [g.lower_ for g in c.children if g.dep_ == "mark"] == ["for"]
                     and any(g.dep_ == "nsubj" for g in c.children)), None)

    def as_predicate(self, clause: Token) -> bool:
        """Whether a clause the parser hung on a verb is an "as …" predicate of its object ("sees X as
        poorly trained", "sees X as unfit to lead"): an adjective or participle with "as" first and no subject."""
        return clause.dep_ == "advcl" and clause.tag_ in ("JJ", "JJR", "JJS", "VBN") \
            and self.doc[clause.left_edge.i].lower_ == "as" \
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in clause.children)

    def as_aside(self, verb: Token) -> bool:
        """Whether a verb heads an "as X noted" aside on the clause it hangs on: "As the minister noted,
        the truce held", "the truce held, as he put it"."""
        return verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in ("ccomp", "xcomp") for c in verb.children) and [
            c.lower_ for c in verb.children if c.dep_ == "mark"] == ["as"]

    def circumstantial(self, phrase: Token) -> bool:
        """Whether a prepositional phrase on a cue says when, where or how it was said (see
        :meth:`circumstance`) rather than what."""
        return phrase.dep_ == "prep" and any(g.dep_ == "pobj" and self.circumstance(phrase, g) for g in phrase.children)

    def circumstance(self, prep: Token, noun: Token) -> bool:
        """Whether a verb's prepositional phrase after its object says when, where or to whom it was
        said rather than what: a day, a medium ("on Twitter", "in an interview"), a pronoun
        addressee ("to me")."""
        if noun.ent_type_ in ("DATE", "TIME"):
            return True
        if prep.lower_ in ("on", "in", "during", "at", "via") and self.medium(noun):
            return True
        return prep.lower_ == "to" and noun.pos_ == "PRON"

    def medium(self, noun: Token) -> bool:
        """Whether a noun names where or how something was said (table medium_nouns.tsv)."""
        return noun.lemma_.lower() in self.lex.medium_nouns

    def continuations(self, verb: Token, last: int) -> list[Token]:
        """Clauses the parser hung on the cue that go on with what was said: "said A, because B",
        "said A until B", "said A, allowing B", "said they had A but could not B". Not the reporter's
        circumstances (dates, "in an interview", "after the meeting") nor another cue ("…, adding")."""
        out = []
        for c in verb.children:
            if c.i <= last or c.ent_type_ in ("DATE", "TIME") or self.verb_entry_ok(c) or c.lemma_ in ELABORATING:
                continue
            marks = {g.lower_ for g in c.children if g.dep_ == "mark"}
            reason = c.dep_ == "advcl" and bool(marks & _GOES_ON or (not marks and c.tag_ == "VBG"))
            # "said they had A but could not B" goes on; "said A, but gave no details" is the speaker's
            # next act, told by the reporter in the cue's own tense
            shared_subject = c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not any(
                g.dep_ in ("nsubj", "nsubjpass") for g in c.children) and not (
                c.tag_ == verb.tag_ and not any(g.dep_ in ("aux", "auxpass", "neg") for g in c.children))
            # "said A was B, and of C" / "said A has B and C was D": a phrase or a second clause the parser
            # hung on the cue goes on with the content (a cue is coordinated with verbs only)
            more = (c.dep_ == "conj" and c.pos_ in ("ADP", "NOUN", "PROPN", "ADJ")) or c.dep_ == "ccomp"
            if reason or shared_subject or more:
                out.append(c)
        return out

    def agentive(self, noun: Token) -> bool:
        """Whether a noun names someone (a person, a state, a group) rather than something."""
        if noun.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or noun.lower_ in ("him", "her", "them", "it", "us"):
            return True
        lemma = noun.lemma_.lower()
        return lemma in self.lex.referring_nouns or lemma in self.lex.events.actor_nouns

    def folded(self, participle: Token) -> bool:
        """Whether a '…, saying/adding (that) …' participle is part of the statement of the cue it hangs
        on: it is when it hangs on a cue and is not a statement of its own (see :meth:`own_statement`)."""
        head = participle.head
        if not (participle.dep_ == "advcl" and participle.lemma_.lower() in ELABORATING and head.i != participle.i
                and (self.verb_entry_ok(head) or self.stance_noun(head) is not None)
                and not self.own_statement(participle)):
            return False
        # folded only where the head's statement takes the participle's words for its content
        # ("chastised X, saying …"); "responded, saying …" and "rejected the request, saying …" leave
        # them to the participle
        if any(_gerund_charge(t) and t.i < participle.i for t in head.subtree):
            return True  # "accused X of Y, saying …": the saying gives the grounds of that accusation
        inner = self.clause(participle)
        found = self.content(head, set())
        if inner is None or found is None:
            return found is not None
        lo, hi = inner.left_edge.idx, inner.right_edge.idx + len(inner.right_edge.text)
        return any(s < hi and lo < e for s, e in found[0])

    def own_statement(self, participle: Token) -> bool:
        """'said A, adding that B': an added clause is a statement of its own when the cue it hangs on
        has a content of its own; a 'saying' clause never is (it says what the cue's act was)."""
        head = participle.head
        return participle.lemma_.lower() == "add" and self.clause(participle) is not None \
            and self.clause(head) is not None and self.clause(head) != participle

    def own_statements(self, comp: Token, verb: Token) -> set[int]:
        """Tokens inside a content clause that belong to other statements or to the reporter: elaborating
        participles ("…, adding that …") and reporting verbs coordinated with the cue ("…, and urged …")."""
        out: set[int] = set()
        for t in comp.subtree:
            if t.i == comp.i or t.pos_ not in ("VERB", "AUX") or self.quoted(t.idx, t.idx + len(t.text)):
                continue  # a verb inside quotation marks is the speaker's own word
            elaborating = t.dep_ == "advcl" and t.tag_ == "VBG" and self.verb_entry_ok(t)
            # "said A, though she acknowledged B": a concession with its own cue and subject is a
            # statement of its own, not more of A
            conceded = t.dep_ == "advcl" and self.verb_entry_ok(t) and any(
                g.dep_ == "mark" and g.lower_ in _CONCESSIVE for g in t.children) and any(
                g.dep_ in ("nsubj", "nsubjpass") for g in t.children)
            coordinated = t.dep_ == "conj" and self.reporter_act(t, verb) and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
            if elaborating or coordinated or conceded:
                first = t.left_edge.i
                while first > comp.left_edge.i and self.doc[first - 1].dep_ in ("punct", "cc"):
                    first -= 1
                out |= set(range(first, t.right_edge.i + 1))
        return out

    def reporter_act(self, conj: Token, verb: Token) -> bool:
        """Whether a reporting verb coordinated inside a content clause is the reporter's next act of
        the same speaker ("said A, and urged B") rather than more of the content ("say he posed a
        threat and refused to drop the gun"): it has the cue's tense and reports by itself, not
        through a to-clause or a belief."""
        sense = self.sense(conj)
        return sense is not None and conj.tag_ == verb.tag_ and not sense.belief and "xcomp" not in sense.needs

    def stance_content(self, noun: Token, after: int = -1) -> tuple[list[tuple[int, int]], Span | None] | None:
        """What a stance is about: "concern at/over/about X", "hope that …" (on the noun, or on the verb
        after the noun where the parser hung it there)."""
        for c in noun.children:
            if c.i <= after:
                continue
            if c.dep_ in ("acl", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("at", "about", "over", "for", "with", "on")):
                toks = list(c.subtree)
                if c.dep_ == "prep":
                    toks = toks[1:]
                return (self.pieces(toks), None) if toks else None
        return None

    # --- modes ------------------------------------------------------------------------------

    def with_mode(self, start: int, end: int) -> tuple[int, int, str]:
        """The content with its mode: direct when it is one quotation, mixed when it holds one."""
        text = self.text
        s, e = trim(text, start, end)
        inner = [q for q in self.quotes.within(s, e) if q.end > s and q.start < e]
        if not inner:
            return s, e, "indirect"
        if len(inner) == 1:
            q = inner[0]
            if q.start - 2 <= s and e <= q.end + 2 and (q.end - q.start) >= 0.8 * (e - s):
                return q.start, q.end, "direct"
            if q.open_at <= start + 1 and q.close_at >= end - 1:
                return q.start, q.end, "direct"
        s, e = trim_mixed(text, start, end)
        return s, e, "mixed"

    # --- the cues of a document -------------------------------------------------------------

    def verb_candidates(self) -> list[Candidate]:
        """Statements hanging on reporting verbs and on verbs of expressing with a stance noun."""
        out: list[Candidate] = []
        for verb in self.doc:
            stance = self.stance_noun(verb)
            entry = self.sense(verb)
            if entry is None and stance is None:
                continue
            if verb.idx < self.body_start or self.quoted(verb.idx, verb.idx + len(verb.text)):
                continue  # a verb inside a quotation is the speaker's words, not the reporter's
            if any(c.dep_ == "neg" and c.i < verb.i and not self.quoted(c.idx, c.idx + len(c.text)) for c in verb.children):
                continue  # "he did not say when …", "did not rule out": not a statement of that content
            if self.folded(verb):
                continue  # "accused X of Y, saying …": the saying clause belongs to the head's statement
            if any(self.folded(a) for a in verb.ancestors):
                continue  # "welcomed it, saying it showed …": inside those words, not the reporter's cue
            if entry is not None and entry.belief and not entry.needs - {"ccomp"} and self.clause(verb) is None \
                    and stance is None:
                continue  # "I believe in …": a belief reports a stance only with its clause
            found_source = self.source_of(verb)
            if found_source is None:
                continue
            source, refers_to, stray = found_source
            cue_end = verb.idx + len(verb.text)
            if stance is not None:
                cue_end = stance.idx + len(stance.text)
            else:
                particle = next((c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1), None)
                if particle is None and (clause := self.for_clause(verb)) is not None and clause.left_edge.i == verb.i + 1:
                    particle = clause.left_edge  # "calling for"
                if particle is not None:  # "ruled out", "pointed out"
                    cue_end = particle.idx + len(particle.text)
                elif entry is not None and "@as-it" in entry.needs:  # "as he put it"
                    it = next(c for c in verb.children if c.dep_ == "dobj")
                    cue_end = it.idx + len(it.text)
            spans, extra = self.contents_of(verb, source, stray, cue_end)
            if entry is not None and "@quote" in entry.needs:
                # "read the report" reports nothing; "chanted “What curfew?”" does
                spans = [sp for sp in spans if sp[2] != "indirect" or self.quoted(sp[0], sp[1])]
            if not spans:
                continue
            act = (self.lex.noun_cues[stance.lemma_.lower()].act if stance is not None
                   else entry.act if entry is not None else None)
            addressee = None
            if verb.lemma_.lower() in ADDRESSED:
                addressee = next((c for c in verb.children if c.dep_ in ("dobj", "dative")
                                  and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
            for s, e, mode in spans:
                out.append(Candidate(
                    cue_start=verb.idx, cue_end=cue_end, cue_token=verb, source=source,
                    content_start=s, content_end=e, mode=mode, verb_act=act,
                    addressee=self.doc[addressee.left_edge.i:addressee.i + 1] if addressee is not None else None,
                    date_tokens=date_tokens(verb), past_perfect=past_perfect(verb), extra_object=extra,
                    refers_to=refers_to))
        return out

    def source_of(self, verb: Token) -> tuple[Span, Span | None, Span | None] | None:
        """(the source mention, the noun a relative "who" stands for, a stray subject) of a cue, or None."""
        subject = self.subject(verb)
        stray = self.stray_subject(verb)
        if subject is not None and stray is not None and subject.i < stray.start - 1 < verb.i \
                and self.doc[stray.start - 1].text in _CONTENT_ENDS and subject.i < verb.i:
            subject = None  # "…, killed seven people, the Observatory said": the parser took "people"
        elif subject is not None:
            stray = None
        if subject is None:
            clause = self.clause(verb)
            if clause is not None and clause.i > verb.i:
                # "In a meeting with the board Trump said that …": the parser hung the name in the phrase
                # before; the speaker is the name right before the verb, the content the clause after it
                near = self.name_before(verb)
                return (near, None, None) if near is not None else None
            return (stray, None, stray) if stray is not None else None
        if subject.lower_ in RELATIVE:
            if verb.dep_ != "relcl":
                return None
            noun = verb.head  # "Omar Said, who said …": Omar Said
            return self.source_span(subject, verb), self.doc[noun.left_edge.i:noun.i + 1], None
        return self.source_span(subject, verb), None, None

    def contents_of(self, verb: Token, source: Span, stray: Span | None,
                    cue_end: int) -> tuple[list[tuple[int, int, str]], Span | None]:
        """The content spans of a cue with their modes, and the object when the content is one."""
        subject_tokens = {t.i for t in source}
        found = self.content(verb, subject_tokens)
        q = self.adjacent_quote(verb, min(verb.idx, source.start_char), max(cue_end, source.end_char))
        spans: list[tuple[int, int, str]] = []
        extra = None
        if found is not None and found[0]:
            pieces, extra = found
            pieces = self.same_paragraph(pieces, verb.idx)
            covered = sum(e - s for s, e in pieces)
            if q is not None and covered < 12 and not any(s <= q.start < e or q.start <= s < q.end for s, e in pieces):
                spans = [(q.start, q.end, "direct")]  # "…,” he said briefly." – the quotation is what he said
            else:
                spans = [self.with_mode(s, e) for s, e in pieces]
        elif q is not None:
            spans = [(q.start, q.end, "direct")]
        if not spans and (block := self.block_after(max(cue_end, source.end_char))) is not None:
            spans = [self.with_mode(*block)]
        if stray is not None:
            # "…, killed 30 people, the Observatory said": the parser split the content; it is
            # what the sentence says before the source
            # with no content found, what the sentence says before ", the monitors said"
            after_comma = stray.start > 0 and self.doc[stray.start - 1].text in _CONTENT_ENDS
            first = min((s for s, _, _ in spans), default=verb.sent.start_char if after_comma else stray.start_char)
            start = min(first, verb.sent.start_char) if first < stray.start_char else first
            spans = [self.with_mode(start, stray.start_char)] if start < stray.start_char else []
        spans = [(s, e, m) if s >= self.body_start else (*trim(self.text, self.body_start, e), m) for s, e, m in spans]
        spans = [(s, e, m) for s, e, m in spans if e - s >= 3]
        if not spans:
            return [], None
        spans = self._after_dates(verb, spans)
        spans = [(self._without_connective(s, e), self._without_dangling(s, e), m) if m != "direct" else (s, e, m)
                 for s, e, m in spans]
        spans = [(s, self.without_asides(s, e), m) if m != "direct" else (s, e, m) for s, e, m in spans if e - s >= 3]
        if not spans:
            return [], None
        if len(spans) == 1 and spans[0][2] == "indirect" and any(
                verb.left_edge.idx <= q.open_at and q.close_at <= verb.right_edge.idx + len(verb.right_edge.text)
                for q in self.quotes.within(verb.left_edge.idx, verb.right_edge.idx + 1)):
            spans = [(spans[0][0], spans[0][1], "mixed")]  # the reporter's sentence quotes the speaker in part
        rest = self.after_aside(verb, source, spans)
        if rest is not None:
            spans.append(self.with_mode(*rest))
        lead = self.before_aside(verb, source, spans)
        if lead is not None:
            spans.insert(0, self.with_mode(*lead))
        if len(spans) > 1:  # "In 1986, he said, the court blocked …": the reporter's lead-in is no content
            spans = [(s, e, m) for s, e, m in spans if not (e <= source.start_char and m != "direct"
                                                            and self._lead_in(s, e))] or spans
        coordinated = self.coordinated_clauses(verb)
        if coordinated and len(spans) == 1 and spans[0][2] == "indirect":
            spans = [(s, e, "indirect") for s, e in coordinated]
        return spans, extra

    def after_aside(self, verb: Token, source: Span, spans: list[tuple[int, int, str]]) -> tuple[int, int] | None:
        """'A, the agency said, until B.': an attribution set off by commas inside the sentence it
        reports; what follows it to the end of the sentence goes on with A. Not the reporter's own
        additions: another cue (", adding …"), a circumstance (", in an interview"), "and"/"but"."""
        doc = self.doc
        if not spans or (source.start < verb.i and max(e for _, e, _ in spans) > source.start_char) \
                or (source.start > verb.i and max(e for _, e, _ in spans) > verb.idx):
            return None  # the content is not all before the attribution
        i = self.closing_comma(verb, source, spans)
        if i is None:
            return None
        sent_end = verb.sent.end
        rest = [t for t in doc[i + 1:sent_end] if not (t.is_punct and t.i == sent_end - 1)]
        if len(rest) < 3 or self.quoted(doc[i].idx, doc[i].idx + 1):
            return None
        first = rest[0]
        if first.dep_ in ("cc", "prep", "npadvmod", "relcl") or first.lower_ in ("who", "which", "as", "when", "after",
                                                                                   "before", "according", "adding") \
                or first.ent_type_ in ("DATE", "TIME") or any(t.pos_ == "VERB" and self.sense(t) is not None for t in rest):
            return None
        start, end = trim(self.text, first.idx, rest[-1].idx + len(rest[-1].text))
        return (start, end) if end - start >= 8 else None

    def closing_comma(self, verb: Token, source: Span, spans: list[tuple[int, int, str]]) -> int | None:
        """The comma that closes an attribution set off inside its sentence, past the attribution's
        own words ("…, the agency said in a June report, …", "…, he said Monday, …"), or None."""
        doc = self.doc
        attribution = {t.i for t in verb.subtree if not any(s <= t.idx < e for s, e, _ in spans)} | {t.i for t in source}
        i = max(verb.i, source.end - 1) + 1
        while i < verb.sent.end:
            if doc[i].text == ",":
                # "said at a rally in Dayton, Ohio, that …": a comma inside the attribution's own words
                if i + 1 < verb.sent.end and i + 1 in attribution and doc[i + 1].pos_ == "PROPN":
                    i += 1
                    continue
                return i
            if i not in attribution:
                return None
            i += 1
        return None

    def _without_connective(self, start: int, end: int) -> int:
        """Where a fronted content starts once the reporter's sentence connective is cut: "But the
        talks, he said, were over" → "the talks … were over"."""
        found = _CONNECTIVE.match(self.text, start, end)
        return found.end() if found is not None and end - found.end() >= 8 else start

    def before_aside(self, verb: Token, source: Span, spans: list[tuple[int, int, str]]) -> tuple[int, int] | None:
        """'Every time you say that, he said, you give ammunition …': the words before an attribution
        set off by commas start the content that goes on after it. Not the reporter's lead-ins ("On
        Monday, he said …", "Asked about it, she said …", "In an interview, …")."""
        doc = self.doc
        sent = verb.sent
        if not spans or source.start > verb.i or min(s for s, _, _ in spans) < verb.idx or source.start <= sent.start:
            return None
        if doc[source.start - 1].text != "," or self.quoted(doc[source.start - 1].idx, source.start_char):
            return None
        if self.closing_comma(verb, source, spans) is None:
            return None  # "X, he said that …" is no aside
        lead = [t for t in doc[sent.start:source.start - 1] if not t.is_space]
        if not lead or lead[0].idx < self.body_start or lead[0].lower_ in _LEAD_INS \
                or any(t.ent_type_ in ("DATE", "TIME") for t in lead) \
                or any(t.pos_ == "VERB" and (self.sense(t) is not None or t.tag_ == "VBN") for t in lead):
            return None
        start, end = trim(self.text, lead[0].idx, lead[-1].idx + len(lead[-1].text))
        return (start, end) if end - start >= 3 else None

    def _lead_in(self, start: int, end: int) -> bool:
        """Whether a stretch before an attribution is the reporter's lead-in: a time, a place, an
        occasion ("In 1986", "During his years in office", "On Monday")."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and len(span) > 0 and (span[0].lower_ in _LEAD_INS or all(
            t.ent_type_ in ("DATE", "TIME") or t.is_punct for t in span))

    def _without_dangling(self, start: int, end: int) -> int:
        """Where a content ends once what hangs off it is dropped: a conjunction left by a cut
        clause ("… would be more intense — and", the rest being the reporter's "he noted …"), a
        phrase of the medium ("… on Twitter")."""
        found = _DANGLING.search(self.text, start, end)
        if found is not None and found.start() - start >= 8:
            end = found.start()
        # "reported her presence on Twitter": the medium closing a content is the reporter's
        found = _MEDIUM_END.search(self.text, start, end)
        noun = self.doc.char_span(*found.span("noun")) if found is not None else None
        if found is not None and noun is not None and self.medium(noun.root) and found.start() - start >= 8:
            end = found.start()
        return end

    def without_asides(self, start: int, end: int) -> int:
        """Where a reported content ends once the reporter's asides after it are cut: a comment on
        someone named in it (", who has not been charged …", ", which makes him …"). Quoted words are
        never cut."""
        if end - start < 3:
            return end
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return end
        for tok in span:
            if tok.i == span.start or self.doc[tok.i - 1].text != ",":
                continue
            aside = tok.lower_ in ("which", "who") and tok.head.dep_ == "relcl"
            # an aside in the middle ("pledged to set up a team, which would include officers, to …")
            # is left in: what follows it goes on with the content
            inside = aside and any(t.i > tok.head.right_edge.i + 1 and not t.is_punct for t in span)
            if not aside or inside or self.quoted(tok.idx, tok.idx + len(tok.text)):
                continue
            cut = self.doc[tok.i - 1].idx
            if cut - start >= 12:
                return trim(self.text, start, cut)[1]
        dashes = 0
        for tok in span:
            # "said A; B": what follows a semicolon is the reporter's next sentence
            if tok.text == ";" and tok.idx - start >= 12 and not self.quoted(tok.idx, tok.idx + 1):
                return trim(self.text, start, tok.idx)[1]
            if tok.text not in _DASHES or self.quoted(tok.idx, tok.idx + 1):
                continue
            dashes += 1
            # "said A -- a comment of the reporter's": a dash that opens an aside no dash closes
            if dashes % 2 and tok.idx - start >= 12 and not any(t.text in _DASHES for t in self.doc[tok.i + 1:span.end]):
                return trim(self.text, start, tok.idx)[1]
        return end

    def _after_dates(self, verb: Token, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """'said on Wednesday it …': a date right after the cue is the reporter's, not the content's."""
        out = []
        for s, e, m in spans:
            for tok in date_tokens(verb):
                if s <= tok.idx < min(s + 16, e) and tok.i > verb.i:  # the day inside the content's start
                    s = tok.idx + len(tok.text)
                    while s < e and self.text[s] in " ,":
                        s += 1
            out.append((s, e, m))
        return out

    def coordinated_clauses(self, verb: Token) -> list[tuple[int, int]]:
        """'said that A and that B': one content per clause, when each has its own 'that'."""
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if comp is None:
            return []
        conjs = [c for c in comp.children if c.dep_ == "conj" and any(g.dep_ == "mark" for g in c.children)]
        if not conjs:
            return []
        cc = [c for c in comp.children if c.dep_ in ("cc", "punct") and c.i > comp.i]
        first = self.tokens_span(self.subtree_without(comp, *conjs, *cc))
        spans = [trim(self.text, *first)] if first else []
        for c in conjs:
            span = self.tokens_span(list(c.subtree))
            if span:
                spans.append(trim(self.text, *span))
        return [sp for sp in spans if sp[1] - sp[0] >= 3]

    def message_candidates(self) -> list[Candidate]:
        """'his claim that …', 'a warning by X that …': a message noun and its clause."""
        out: list[Candidate] = []
        for noun in self.doc:
            if noun.pos_ != "NOUN" or noun.idx < self.body_start:
                continue
            cue = self.lex.noun_cues.get(noun.lemma_.lower())
            if cue is None or cue.use != "message":
                continue
            # "the claim that …", or an intention's to-clause: "his plan to …", "a pledge to …"
            clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and (
                any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                or (c.dep_ == "acl" and c.tag_ == "VB" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)))),
                None)
            if clause is None or self.quoted(noun.idx, noun.idx + len(noun.text)):
                continue
            source = next((c for c in noun.children if c.dep_ == "poss"), None)
            if source is None:
                by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
                source = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
            if source is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.lex.stance_verbs:
                source = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)  # "X made the claim that …"
            if source is None:
                continue
            span = self.doc[source.left_edge.i:source.right_edge.i + 1] if source.dep_ != "poss" else \
                self.doc[source.left_edge.i:source.i + 1]
            toks = list(clause.subtree)
            pieces = self.pieces(toks)
            if not pieces:
                continue
            s, e, mode = self.with_mode(*pieces[0])
            out.append(Candidate(cue_start=noun.idx, cue_end=noun.idx + len(noun.text), cue_token=noun, source=span,
                                 content_start=s, content_end=e, mode=mode, verb_act=cue.act,
                                 date_tokens=[], past_perfect=False))
        return out

    def according_to_candidates(self) -> list[Candidate]:
        """'According to X, …' and '…, according to X': the rest of the sentence is the content."""
        out = []
        lower = self.text.lower()
        for sent in self.doc.sents:
            if sent.end_char <= self.body_start:
                continue
            for phrase in self.lex.source_phrases:
                for m in re.finditer(re.escape(phrase), lower[sent.start_char:sent.end_char]):
                    cue_start = sent.start_char + m.start()
                    cue_end = cue_start + len(phrase)
                    if self.quoted(cue_start, cue_end):
                        continue
                    rest = self.doc.char_span(cue_end, sent.end_char, alignment_mode="expand")
                    if rest is None:
                        continue
                    obj = next((t for t in rest if t.dep_ == "pobj"), None)
                    if obj is None:
                        continue
                    source = self.doc[obj.left_edge.i:obj.right_edge.i + 1]
                    if source.start_char < cue_end:
                        source = self.doc[rest.start:obj.right_edge.i + 1]
                    comma = next((t.i for t in source if t.i > obj.i and t.text in (",", ";", "—")), None)
                    if comma is not None:  # an apposition hung on the name belongs to the content
                        source = self.doc[source.start:comma]
                    if source.end_char - cue_end > 80:
                        continue
                    lead = self.text[sent.start_char:cue_start]
                    if len(lead.strip(" \n\"“”'")) <= 2:  # "According to X, content."
                        c_start, c_end = source.end_char, sent.end_char
                    else:  # "content, according to X."
                        c_start, c_end = sent.start_char, cue_start
                    start, end, mode = self.with_mode(max(c_start, self.body_start), c_end)
                    if mode != "direct":
                        start = self._without_connective(start, end)
                    if end - start < 8:
                        continue
                    out.append(Candidate(cue_start=cue_start, cue_end=cue_end, cue_token=None, source=source,
                                         content_start=start, content_end=end, mode=mode, verb_act=None))
        return out

    def passive_candidates(self) -> list[Candidate]:
        """A reporting verb in the passive with its agent: "the plan was criticized by X", "the story
        was first reported by Y". The agent is the source, the passive subject what the act was about."""
        out: list[Candidate] = []
        for verb in self.doc:
            if verb.tag_ != "VBN" or verb.idx < self.body_start or verb.lemma_.lower() not in self.lex.speech_verbs:
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            by = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            if subject is None or agent is None or by is None or subject.pos_ == "PRON" \
                    or any(c.dep_ == "neg" for c in verb.children) or self.quoted(verb.idx, verb.idx + len(verb.text)):
                continue
            clause = self.clause(verb)
            # "X was asked by Y whether …": the clause is what was said, not the one it was said to
            asked = clause is not None and clause.i > by.i
            content = self.tokens_span(list(clause.subtree if clause is not None and asked else subject.subtree))
            source = self.doc[by.left_edge.i:by.right_edge.i + 1]
            if content is None or not source.text.strip():
                continue
            s, e, mode = self.with_mode(*trim(self.text, *content))
            if len(self.text[s:e].split()) < 2:
                continue
            first = min((c.i for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i), default=verb.i)
            sense = self.lex.speech_verbs[verb.lemma_.lower()][0]
            out.append(Candidate(cue_start=self.doc[first].idx, cue_end=agent.idx + len(agent.text), cue_token=verb,
                                 source=source, content_start=s, content_end=e, mode=mode, verb_act=sense.act,
                                 date_tokens=date_tokens(verb), past_perfect=past_perfect(verb)))
        return out

    def line_candidates(self) -> list[Candidate]:
        """Lines that attribute by punctuation alone: a transcript's "NAME: words", a headline's
        "Name: words", and a pull quote signed "“…” ― Name". The label must be a speaker's name as
        the parser reads it (a person) or a transcript's capitals, so "Editor's note:" or a dateline
        "WASHINGTON ―" attributes nothing."""
        out: list[Candidate] = []
        pos = 0
        first = True
        for line in self.text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            headline, first = first and bool(line.strip()), first and not line.strip()
            if start < self.body_start or len(line.strip()) < 12:
                continue
            labelled = _LABEL_LINE.match(line)
            signed = _SIGNED_LINE.match(line)
            if labelled is not None:
                source = self._label_source(start + labelled.start("label"), start + labelled.end("label"), caps=True,
                                            headline=headline)
                cue = (start + labelled.start("cue"), start + labelled.end("cue"))
                content = (start + labelled.start("content"), start + labelled.end("content"))
            elif signed is not None:
                label_end = start + signed.end("label") - (1 if signed.group("label").endswith(".") else 0)
                source = self._label_source(start + signed.start("label"), label_end, caps=False, signed=True)
                cue = (start + signed.start("cue"), start + signed.end("cue"))
                content = (start + signed.start("content"), start + signed.end("content"))
            else:
                continue
            if source is None:
                continue
            s, e, mode = self.with_mode(*content)
            s, e = max(s, content[0]), min(e, content[1])  # a quote mark opening the line holds the label too
            if e - s < 8:
                continue
            out.append(Candidate(cue_start=cue[0], cue_end=cue[1], cue_token=None, source=source,
                                 content_start=s, content_end=e, mode=mode, verb_act=None))
        return out

    def _label_source(self, start: int, end: int, *, caps: bool, headline: bool = False,
                      signed: bool = False) -> Span | None:
        """A line's label as a source: a person's name, (for a transcript) a name in capitals, in an
        article's headline any name of up to four capitalized words ("Poll: …", "Kremlin: …"), and
        under a signed quotation two to five capitalized words ("― Carla Diaz")."""
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None or not len(span):
            return None
        if signed and 2 <= len(span) <= 5 and all(t.text[:1].isupper() for t in span) \
                and not any(t.pos_ in ("VERB", "AUX") for t in span):
            return span
        if headline and len(span) <= 4 and all(t.text[:1].isupper() or t.is_punct for t in span) \
                and span.text.upper() not in _NOT_SPEAKERS:
            return span
        if caps and re.fullmatch(r"[A-Z][A-Z.'’ -]{2,30}", span.text) and span.text not in _NOT_SPEAKERS:
            return span
        if any(e.label_ == "PERSON" and e.start == span.start and e.end == span.end for e in self.doc.ents):
            return span
        return None

    def quotation_candidates(self, taken: list[Candidate]) -> list[Candidate]:
        """Quotations no cue took, attributed to the quotation before them: in the same paragraph
        ("“A,” he said. “B.”"), or in the paragraph before when they make a paragraph of their own."""
        text = self.text
        out: list[Candidate] = []
        direct = sorted((c for c in taken if c.mode in ("direct", "mixed")), key=lambda c: c.content_end)
        claimed = [(c.content_start, c.content_end) for c in taken]
        for q in self.quotes:
            if q.end - q.start < 15 or q.open_at < self.body_start:
                continue
            if any(s < q.end and q.start < e for s, e in claimed):
                continue
            para_start = text.rfind("\n", 0, q.open_at) + 1
            para_end = text.find("\n", q.close_at)
            para_end = len(text) if para_end == -1 else para_end
            lead = text[para_start:q.open_at]
            prior = [c for c in direct + out if max(c.content_end, c.cue_end) <= q.open_at]
            if not prior:
                continue
            last = max(prior, key=lambda c: max(c.content_end, c.cue_end))
            last_end = max(last.content_end, last.cue_end, last.source.end_char if last.source is not None else 0)
            gap = text[last_end:q.open_at]
            # the rest of the attribution's sentence (", emphasizing …", "after the meeting.") may lie
            # between, even a sentence of the reporter's, but no one else's statement
            someone_else = any(last_end <= c.cue_start < q.open_at and not _same_source(c, last) for c in taken)
            same_paragraph = "\n" not in gap and len(gap) <= _CONTINUATION_GAP and not someone_else \
                and re.fullmatch(r"[^“”\"]*", gap) is not None \
                and (re.search(r"[.!?]\W*$", gap) is not None or re.fullmatch(r"\W*(?:but|and|then)?\W*", gap) is not None)
            # the paragraph holds nothing but quotations, and follows the attributed one
            own_paragraph = not lead.strip() and not _outside_quotes(text, para_start, para_end, self.quotes.quotes) \
                and gap.count("\n") >= 1 and not re.search(r"\w", _strip_quotes(gap))
            if not (same_paragraph or own_paragraph):
                continue
            out.append(Candidate(cue_start=last.cue_start, cue_end=last.cue_end, cue_token=last.cue_token,
                                 source=last.source, content_start=q.start, content_end=q.end, mode="direct",
                                 verb_act=last.verb_act, date_tokens=last.date_tokens,
                                 past_perfect=last.past_perfect, refers_to=last.refers_to, continuation=True))
            claimed.append((q.start, q.end))
        return out

    def candidates(self) -> list[Candidate]:
        """All statement candidates of the document, without duplicates, in text order."""
        found = self.verb_candidates()
        found += self.message_candidates()
        found += self.according_to_candidates()
        found += self.line_candidates()
        found += self.passive_candidates()
        found = self._drop_nested(found)
        found += self.quotation_candidates(found)
        found.sort(key=lambda c: (c.content_start, -c.length))
        kept: list[Candidate] = []
        for c in found:
            if c.length < 3:
                continue
            if any(_overlap(k, c) >= 0.8 for k in kept):
                continue
            kept.append(c)
        return sorted(kept, key=lambda c: c.content_start)

    def _drop_nested(self, found: list[Candidate]) -> list[Candidate]:
        """A cue inside someone's reported words is part of what they said, not a statement of its own
        ("… said it was criticizing X"): keep the outer statement only."""
        def inside(c: Candidate, o: Candidate) -> bool:
            return o is not c and o.content_start <= c.cue_start < o.content_end and o.cue_start != c.cue_start

        # two cues each inside the other's content: the parser read the first as the second's aside,
        # but the first cue is the one that reports ("X said the campaign planned …, though …")
        return [c for c in found
                if not any(inside(c, o) and not (inside(o, c) and c.cue_start < o.cue_start) for o in found)]


#: A connective opening the reporter's sentence, not part of what was said.
_CONNECTIVE = re.compile(r"(?:But|And|Yet|So|Still|Instead|However|Meanwhile|Also|In addition)\b,?\s+")
#: First words of a reporter's lead-in before "…, he said, …": a time, a place, an occasion.
_LEAD_INS = frozenset({"on", "in", "at", "during", "after", "before", "when", "while", "asked", "speaking",
                       "addressing", "according", "last", "earlier", "later", "then", "now", "today",
                       "yesterday", "meanwhile", "separately", "elsewhere", "as", "since", "from"})
#: Marks that close a content before the attribution that follows it ("…, the agency said").
_CONTENT_ENDS = frozenset({",", "”", '"', "''"})
#: Dashes that set off an aside.
_DASHES = frozenset({"--", "—", "–"})
#: A conjunction at the end of a content, with the punctuation before it.
_DANGLING = re.compile(r"[\s,;:\u2014\u2013-]*\b(?:and|but|or)\s*$")
#: A phrase of where something was said closing a content: "on Twitter", "in a radio interview".
_MEDIUM_END = re.compile(r"\s+(?:on|in|during|via)\s+(?:(?:the|a|an|his|her|its|their|our|my)\s+)?"
                         r"(?:[\w-]+\s+)?(?P<noun>[\w-]+)\s*$", re.IGNORECASE)
#: The most characters between a quotation and the next one that goes on with it in its paragraph.
_CONTINUATION_GAP = 200
#: "NAME: words" / "Name: words" at the start of a line (after an opening quote mark, as transcripts have).
_LABEL_LINE = re.compile(r"^[\"“]?(?P<label>[A-Z][\w.'’ -]{1,38}[\w.])(?P<cue>:)[ \t]+(?P<content>\S.*?)\s*$")
#: "“words” ― Name": a quotation signed by its speaker after a dash, alone on its line.
_SIGNED_LINE = re.compile(r"^\s*(?P<content>[“\"”].{6,}[”\"])\s*(?P<cue>[―—–]|--)\s*(?P<label>[A-Z][\w.'’ -]{1,58}[\w.])\s*$")
#: Capitalised labels that are no speaker.
_NOT_SPEAKERS = frozenset({"UPDATE", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "WATCH", "READ MORE", "RELATED", "PHOTOS",
                           "VIDEO", "BREAKING", "CORRECTION", "CLARIFICATION", "THE LATEST", "ANALYSIS",
                           "EXCLUSIVE", "OPINION", "LIVE", "FACT CHECK", "Q", "A"})


def _gerund_charge(t: Token) -> bool:
    """An "of"/"for" phrase with a gerund: what someone is accused or blamed of ("of obstructing …")."""
    return t.dep_ == "prep" and t.lower_ in ("of", "for") and any(g.tag_ == "VBG" for g in t.children)


def _same_source(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates have one source mention ("“A,” she said, adding …": the adding is hers)."""
    return a.source is not None and b.source is not None and a.source.start == b.source.start \
        and a.source.end == b.source.end


def _strip_quotes(text: str) -> str:
    return re.sub(r"[“”\"«»]", "", text)


def _outside_quotes(text: str, start: int, end: int, quotes: list[Quote]) -> bool:
    """Whether a stretch of text has words outside its quotations."""
    pos = start
    for q in quotes:
        if q.close_at <= start or q.open_at >= end:
            continue
        if re.search(r"\w", text[pos:q.open_at]):
            return True
        pos = max(pos, q.close_at)
    return re.search(r"\w", text[pos:end]) is not None


def _overlap(a: Candidate, b: Candidate) -> float:
    inter = min(a.content_end, b.content_end) - max(a.content_start, b.content_start)
    return max(0, inter) / max(a.length, b.length, 1)


_DAY_WORD = re.compile(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
                       r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


def _day(tok: Token) -> bool:
    return tok.ent_type_ in ("DATE", "TIME") and _DAY_WORD.match(tok.text) is not None


def date_tokens(verb: Token) -> list[Token]:
    """The day the cue is tied to: "said on Wednesday", "said Monday", "X on Friday accused"."""
    doc = verb.doc
    nxt = [doc[i] for i in range(verb.i + 1, min(verb.i + 3, len(doc)))]
    if nxt and _day(nxt[0]) and not (len(nxt) > 1 and nxt[1].tag_ == "POS"):  # not "welcomed Monday's vote"
        return [nxt[0]]
    if len(nxt) == 2 and nxt[0].lower_ == "on" and _day(nxt[1]):
        return [nxt[1]]
    out = []
    for c in verb.children:
        if c.dep_ == "npadvmod" and _day(c):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("on", "in"):
            out.extend(g for g in c.children if _day(g))
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None:  # "Lavrov on Friday accused"
        for c in subj.children:
            if c.dep_ == "prep" and c.lower_ == "on":
                out.extend(g for g in c.children if _day(g))
    return out


def past_perfect(verb: Token) -> bool:
    """'had said', 'had hailed': reported before the article's time, so no date of its own."""
    if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children):
        return True
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and past_perfect(verb.head)


def find_candidates(doc: Doc, *, body_start: int = 0, lexicon: Lexicon | None = None) -> list[Candidate]:
    """All statement candidates of a parsed document, in text order."""
    return StatementFinder(doc, lexicon, body_start=body_start).candidates()
