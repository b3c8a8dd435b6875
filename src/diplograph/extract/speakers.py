"""Who is who: the article's entities, and speakers resolved from names, pronouns and titles."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from diplograph.extract.tables import (
    ORG_NOUNS,
    OUTLET_PEOPLE,
    PERSON_NOUNS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
)
from diplograph.link.gazetteer import Gazetteer, GazetteerEntry, name_key

_SPACY_KIND = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
_AGENT_KINDS = {"Person", "Organization", "State", "GovernmentBody", "ArmedGroup", "NewsAgency"}


@dataclass
class Referent:
    """An entity of the article: canonical label, kind, QID, and the forms the text uses."""

    label: str
    kind: str
    wikidata: str | None = None
    mentions: list[str] = field(default_factory=list)
    stands_for: str | None = None
    first: int = 0

    @property
    def is_agent(self) -> bool:
        return self.kind in _AGENT_KINDS


class Registry:
    """The entities of one article, found by the ruler and the NER, keyed by canonical label."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.by_label: dict[str, Referent] = {}
        self._surname: dict[str, str] = {}

    def add_entry(self, entry: GazetteerEntry, mention: str, at: int) -> Referent:
        ref = self.by_label.get(entry.label)
        if ref is None:
            ref = Referent(entry.label, entry.kind, entry.qid, [], entry.stands_for, at)
            self.by_label[entry.label] = ref
        if mention not in ref.mentions:
            ref.mentions.append(mention)
        if entry.kind == "Person":
            self._surname[name_key(entry.label).split()[-1]] = entry.label
        return ref

    def add_span(self, ent: Span) -> Referent | None:
        """Register an entity span; gazetteer names first, then person names by surname."""
        mention = ent.text.strip()
        if not mention or len(mention) < 2:
            return None
        entry = self._entry(ent)
        if entry is not None:
            return self.add_entry(entry, mention, ent.start_char)
        kind = _SPACY_KIND.get(ent.label_)
        if kind is None:
            return None
        label = _clean_label(mention)
        if not label:
            return None
        surname = self._surname.get(name_key(label))
        if surname is not None:  # a surname alone after the full name, whatever the NER thought
            label, kind = surname, "Person"
        if kind == "Person":
            words = name_key(label).split()
            if not words:
                return None
            known = self._surname.get(words[-1])
            if known is not None and len(words) == 1:
                label = known
            elif len(words) > 1:
                self._surname.setdefault(words[-1], label)
        ref = self.by_label.get(label)
        if ref is None:
            ref = Referent(label, kind, None, [], None, ent.start_char)
            self.by_label[label] = ref
        if mention not in ref.mentions:
            ref.mentions.append(mention)
        return ref

    def _entry(self, ent: Span) -> GazetteerEntry | None:
        if ent.ent_id_:
            hits = [e for e in self.gazetteer.entries if e.key == ent.ent_id_]
            if hits:
                return hits[0]
        hits = self.gazetteer.lookup(ent.text)
        return hits[0] if len(hits) == 1 else None

    def find(self, text: str) -> Referent | None:
        """The referent a name denotes: gazetteer names, labels, mentions, then surnames."""
        key = name_key(text)
        if not key:
            return None
        for ref in self.by_label.values():
            if name_key(ref.label) == key or any(name_key(m) == key for m in ref.mentions):
                return ref
        hits = self.gazetteer.lookup(text)
        if len(hits) == 1:
            return self.add_entry(hits[0], text, -1)
        last = key.split()[-1]
        if last in self._surname:
            return self.by_label.get(self._surname[last])
        for ref in self.by_label.values():  # "the Observatory" for the Syrian Observatory …
            words = name_key(ref.label).split()
            if len(key.split()) == 1 and ref.is_agent and ref.kind != "Person" and key in words and len(key) > 4:
                return ref
        return None

    def state_of(self, ref: Referent) -> Referent:
        """A capital or seat of power used as an actor stands for its state ('Moscow' → Russia)."""
        if ref.kind in ("Place", "GovernmentBody") and ref.stands_for and ref.stands_for != ref.wikidata:
            entry = self.gazetteer.by_qid(ref.stands_for)
            if entry is not None:
                if ref.kind == "Place":
                    return self.add_entry(entry, entry.label, -1)
        return ref


def _clean_label(mention: str) -> str:
    words = mention.replace("\u2019s", "").replace("'s", "").split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


@dataclass
class Resolution:
    """A resolved source: the referents that spoke."""

    speakers: list[Referent]


class SpeakerResolver:
    """Resolves source mentions to referents, remembering who spoke last."""

    def __init__(self, doc: Doc, registry: Registry) -> None:
        self.doc = doc
        self.registry = registry
        self.last_person: Referent | None = None
        self.last_group: Referent | None = None

    def _mentioned_before(self, kind_person: bool, before: int) -> Referent | None:
        """The latest agent of that kind named before an offset."""
        best: tuple[int, Referent] | None = None
        for ent in self.doc.ents:
            if ent.start_char >= before:
                break
            ref = self.registry.find(ent.text)
            if ref is None or not ref.is_agent or (ref.kind == "Person") != kind_person:
                continue
            best = (ent.start_char, ref)
        return best[1] if best else None

    def _mentioned_after(self, kind_person: bool, after: int, window: int = 400) -> Referent | None:
        for ent in self.doc.ents:
            if ent.start_char < after or ent.start_char > after + window:
                continue
            ref = self.registry.find(ent.text)
            if ref is not None and ref.is_agent and (ref.kind == "Person") == kind_person:
                return ref
        return None

    def resolve(self, source: Span | None, at: int) -> list[Referent]:
        """The speakers a source mention denotes; remembers them for later pronouns."""
        if source is None:
            return []
        speakers = self._resolve(source, at)
        for ref in speakers:
            if ref.kind == "Person":
                self.last_person = ref
            else:
                self.last_group = ref
        return speakers

    def _resolve(self, source: Span, at: int) -> list[Referent]:
        head = source.root
        low = head.lower_
        if head.pos_ == "PRON":
            if low in PRONOUNS_PERSON:
                ref = self.last_person or self._mentioned_before(True, at)
                return [ref] if ref else []
            if low in PRONOUNS_GROUP:
                ref = self.last_group or self._mentioned_before(False, at)
                return [ref] if ref else []
            return []
        # co-speakers: "the Kremlin and Foreign Minister Sergei Lavrov"
        parts = [head] + [t for t in head.conjuncts if t.i > head.i]
        found: list[Referent] = []
        for part in parts:
            ref = self._resolve_phrase(source, part.i, at)
            if ref is not None and ref not in found:
                found.append(ref)
        return found

    def _resolve_phrase(self, source: Span, head_i: int, at: int) -> Referent | None:
        doc = self.doc
        head = doc[head_i]
        # the entities inside the phrase (but not inside its prepositional tails)
        phrase_tokens = [t for t in head.subtree if t.i >= source.start and t.i < source.end]
        ents = [e for e in doc.ents if e.start >= source.start and e.end <= source.end
                and any(t.i in range(e.start, e.end) for t in phrase_tokens)]
        # "AFP's correspondent": the outlet speaks
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if head.lemma_.lower() in OUTLET_PEOPLE and poss is not None:
            ref = self.registry.find(poss.text)
            if ref is not None and ref.kind != "Person":
                return ref
        people = [e for e in ents if e.label_ == "PERSON" and e.end - 1 >= head_i - 0 and e.start <= head_i]
        if people:
            return self.registry.find(people[0].text) or self.registry.add_span(people[0])
        head_ents = [e for e in ents if e.start <= head_i < e.end]
        if head_ents:
            ref = self.registry.find(head_ents[0].text) or self.registry.add_span(head_ents[0])
            if ref is not None:
                return self.registry.state_of(ref) if ref.kind == "Place" else ref
        word = head.lemma_.lower()
        if head.pos_ == "PROPN":
            ref = self.registry.find(" ".join(t.text for t in phrase_tokens if t.pos_ == "PROPN"))
            if ref is not None:
                return self.registry.state_of(ref)
        det = next((c.lower_ for c in head.children if c.dep_ == "det"), "")
        if word in PERSON_NOUNS or head.lower_ in PERSON_NOUNS:
            if det in ("a", "an"):  # "a senior diplomat said …" is named further on
                return self._mentioned_after(True, source.end_char) or self.last_person
            return self.last_person or self._mentioned_before(True, at)
        if word in ORG_NOUNS or head.lower_ in ORG_NOUNS:
            if det in ("a", "an"):  # "a monitoring group said" names it later
                return self._mentioned_after(False, source.end_char) or self.last_group
            return self.last_group or self._mentioned_before(False, at)
        return None
