"""Map an :class:`~diplograph.model.Extraction` to RDF: one named graph per article.

IRIs are deterministic, so ingesting the same article twice gives the same triples:

- article     ``id:article/{key}``: key = hash of the URL when given, else of the normalized text
  (else of file name and date); the article IRI also names the article's graph;
- statement   ``id:statement/{key}-{start}-{end}`` (its content span);
- events      ``id:ceasefire/{key}-{n}``, ``id:casualty-report/{key}-{n}``, ``id:meeting/{key}-{n}``;
- spans       ``id:span/{key}-{start}-{end}``;
- entities    ``id:entity/{QID}`` when linked, else ``id:entity/{slug of the label}``.

Every extracted node carries ``prov:wasDerivedFrom`` its article and ``dg:evidence`` text spans
(``oa:TextPositionSelector`` + ``oa:TextQuoteSelector``: exact text and offsets).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from diplograph import __version__
from diplograph.model import AgentRef, Extraction, Span, Statement
from diplograph.namespaces import ACT, DG, ID, OA, OWL, PREFIXES, PROV, RDF, RDFS, SDO, WD, XSD

#: JSON entity kinds → ontology classes.
KIND_CLASS: dict[str, URIRef] = {
    "Person": DG.Person,
    "Organization": DG.Organization,
    "Country": DG.State,
    "State": DG.State,
    "GovernmentBody": DG.GovernmentBody,
    "ArmedGroup": DG.ArmedGroup,
    "NewsAgency": DG.NewsAgency,
    "Place": DG.Place,
    "Topic": DG.Topic,
    "Agent": PROV.Agent,
}
MODE_IRI: dict[str, URIRef] = {"direct": DG.Direct, "indirect": DG.Indirect, "mixed": DG.Mixed}

_QID = re.compile(r"^Q[1-9][0-9]*$")


def normalize_text(text: str) -> str:
    """Text as compared for identity: NFC, whitespace runs collapsed, ends stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def slug(label: str) -> str:
    """A stable IRI-safe key for a label: ASCII, lower case, words joined by '-'."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_label).split()
    if words:
        return "-".join(words)[:120]
    return "x" + hashlib.sha256(label.encode("utf-8")).hexdigest()[:16]


def article_key(ex: Extraction) -> str:
    """The article's stable key (see module docstring)."""
    if ex.article.url:
        basis = "url:" + ex.article.url.strip()
    elif ex.text is not None:
        basis = "text:" + normalize_text(ex.text)
    else:
        basis = f"file:{ex.article.file or ''}|{ex.article.published or ''}|{ex.article.dateline or ''}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]


def article_iri(ex: Extraction) -> URIRef:
    """The IRI of the article, which also names its graph."""
    return ID[f"article/{article_key(ex)}"]


def entity_iri(label: str, wikidata: str | None = None) -> URIRef:
    """The IRI of an entity: keyed on its QID when linked, else on its normalized label."""
    if wikidata and _QID.match(wikidata):
        return ID[f"entity/{wikidata}"]
    return ID[f"entity/{slug(label)}"]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_date(value: str) -> bool:
    """Whether ``value`` is a real day written YYYY-MM-DD (so "2016-13-45" is not)."""
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def date_literal(value: str) -> Literal:
    """``value`` as an xsd:date literal; a malformed date stays a plain string.

    The shapes then reject it as "not a valid xsd:date" with the value in the report, and rdflib
    never tries to parse it (which logs a traceback for every ill-formed xsd:date it builds).
    """
    return Literal(value, datatype=XSD.date) if is_date(value) else Literal(value)


def text_hash(text: str) -> str:
    """sha256 of the article text as read."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n")


def sentence_around(text: str, span: Span) -> Span:
    """The sentence (or sentences) of ``text`` that contain ``span``; a heuristic splitter."""
    start, end = max(0, span.start), min(len(text), span.end)
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    s = max((b for b in bounds if b <= start), default=0)
    e = min((b for b in bounds if b >= end), default=len(text))
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(text=text[s:e], start=s, end=e)


class _Builder:
    """Collects the triples of one article's graph."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.key = article_key(ex)
        self.article = ID[f"article/{self.key}"]
        self.graph = Graph(identifier=self.article)
        for prefix, namespace in PREFIXES.items():  # so a Turtle dump reads dg:speaker, not ns1:speaker
            self.graph.bind(prefix, namespace)
        self.entities: dict[str, URIRef] = {}
        self.labels: dict[URIRef, str] = {}
        self.kinds = {e.label: e for e in ex.entities}

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        self.graph.add((s, p, o))

    # entities -------------------------------------------------------------------------
    def entity(self, label: str, wikidata: str | None = None, *, default_kind: str = "Topic") -> URIRef:
        if label in self.entities:
            return self.entities[label]
        known = self.kinds.get(label)
        if known is not None and wikidata is None:
            wikidata = known.wikidata
        iri = entity_iri(label, wikidata)
        self.entities[label] = iri
        kind = known.kind if known is not None else default_kind
        self.add(iri, RDF.type, KIND_CLASS.get(kind, DG.Topic))
        first = self.labels.setdefault(iri, label)
        if first == label:
            self.add(iri, RDFS.label, Literal(label))
        else:
            # two labels with one key ("Congress" and "congress", or two names of one QID): the
            # entity keeps the label it got first and the other is one more way it is written
            self.add(iri, DG.mention, Literal(label))
        if wikidata:
            self.add(iri, DG.wikidataId, Literal(wikidata))
            if _QID.match(wikidata):
                self.add(iri, OWL.sameAs, WD[wikidata])
        if known is not None:
            for mention in known.mentions:
                self.add(iri, DG.mention, Literal(mention))
        return iri

    def agent(self, ref: AgentRef) -> URIRef:
        iri = self.entity(ref.label, ref.wikidata, default_kind="Agent")
        known = self.kinds.get(ref.label)
        if known is None or KIND_CLASS.get(known.kind) in (DG.Place, DG.Topic, None):
            # a speaker is an agent even where the entity list does not say which kind
            self.graph.remove((iri, RDF.type, DG.Topic))
            self.add(iri, RDF.type, PROV.Agent)
        return iri

    def agent_by_label(self, label: str) -> URIRef:
        known = self.kinds.get(label)
        return self.agent(AgentRef(label=label, wikidata=known.wikidata if known else None))

    # spans ----------------------------------------------------------------------------
    def span(self, span: Span) -> URIRef:
        iri = ID[f"span/{self.key}-{span.start}-{span.end}"]
        self.add(iri, RDF.type, DG.TextSpan)
        self.add(iri, OA.exact, Literal(span.text))
        self.add(iri, OA.start, Literal(span.start, datatype=XSD.integer))
        self.add(iri, OA.end, Literal(span.end, datatype=XSD.integer))
        self.add(iri, DG.inArticle, self.article)
        return iri

    def date(self, node: URIRef, prop: URIRef, value: str | None) -> None:
        if value:
            self.add(node, prop, date_literal(value))

    def provenance(self, node: URIRef) -> None:
        self.add(node, PROV.wasDerivedFrom, self.article)

    # article --------------------------------------------------------------------------
    def build_article(self) -> None:
        a, art = self.article, self.ex.article
        self.add(a, RDF.type, DG.Article)
        self.date(a, DG.published, art.published)
        if art.dateline:
            self.add(a, DG.dateline, Literal(art.dateline))
        if art.file:
            self.add(a, DG.fileName, Literal(art.file))
        if art.url:
            self.add(a, SDO.url, URIRef(art.url) if re.match(r"^https?://\S+$", art.url) else Literal(art.url))
        if art.source:
            self.add(a, DG.source, Literal(art.source))
        if art.title:
            self.add(a, DG["title"], Literal(art.title))
        if self.ex.text is not None:
            self.add(a, DG.text, Literal(self.ex.text))
            self.add(a, DG.textLength, Literal(len(self.ex.text), datatype=XSD.integer))
            self.add(a, DG.textHash, Literal(text_hash(self.ex.text)))
        self.add(a, DG.extractorVersion, Literal(__version__))

    # statements -----------------------------------------------------------------------
    def statement(self, st: Statement) -> URIRef:
        node = ID[f"statement/{self.key}-{st.content.start}-{st.content.end}"]
        self.add(node, RDF.type, DG.Statement)
        self.provenance(node)
        for ref in st.speakers:
            self.add(node, DG.speaker, self.agent(ref))
        if st.addressee:
            self.add(node, DG.addressee, self.agent_by_label(st.addressee))
        for label in st.about:
            self.add(node, DG.about, self.entity(label))
        self.add(node, DG.mode, MODE_IRI.get(st.mode, DG[f"mode-{slug(st.mode)}"]))
        self.add(node, DG.speechAct, ACT[slug(st.act)])
        self.add(node, DG.content, Literal(st.content.text))
        self.add(node, DG.evidence, self.span(st.content))
        if st.cue is not None:
            self.add(node, DG.cue, Literal(st.cue.text))
            self.add(node, DG.cueSpan, self.span(st.cue))
        if st.source is not None:
            self.add(node, DG.sourceMention, Literal(st.source.text))
            self.add(node, DG.sourceSpan, self.span(st.source))
        if self.ex.text is not None and 0 <= st.content.start < st.content.end <= len(self.ex.text):
            self.add(node, DG.sentence, Literal(sentence_around(self.ex.text, st.content).text))
        self.date(node, DG.date, st.date)
        return node

    def accusations(self, statements: list[tuple[Statement, URIRef]]) -> None:
        for acc in self.ex.accusations:
            host = _enclosing_statement(acc.act, acc.accuser, statements)
            if host is None:
                mode = "direct" if self.ex.text and _quoted(self.ex.text, acc.act) else "indirect"
                host = self.statement(Statement(speakers=acc.accuser, content=acc.act, mode=mode,
                                                act="accusation", about=acc.accused, date=acc.date))
            self.add(host, RDF.type, DG.Accusation)
            for ref in acc.accuser:
                self.add(host, DG.accuser, self.agent(ref))
            for label in acc.accused:
                self.add(host, DG.accused, self.agent_by_label(label))
            self.add(host, DG.allegedAct, Literal(acc.act.text))
            self.add(host, DG.allegedActSpan, self.span(acc.act))
            if acc.means is not None:
                self.add(host, DG.means, Literal(acc.means.text))
                self.add(host, DG.meansSpan, self.span(acc.means))

    def events(self) -> None:
        for n, cf in enumerate(self.ex.ceasefires, 1):
            node = ID[f"ceasefire/{self.key}-{n}"]
            self.add(node, RDF.type, DG.Ceasefire)
            self.provenance(node)
            self.add(node, RDFS.label, Literal(cf.label))
            for label in cf.declared_by:
                self.add(node, DG.declaredBy, self.agent_by_label(label))
            if cf.location:
                self.add(node, DG.location, self.entity(cf.location, default_kind="Place"))
            if cf.duration_days is not None:
                self.add(node, DG.durationDays, Literal(cf.duration_days, datatype=XSD.integer))
            self.date(node, DG.endDate, cf.ended)
            if cf.renewal:
                self.add(node, DG.renewalStatus, Literal(cf.renewal))
            for mention in cf.mentions:
                self.add(node, DG.evidence, self.span(mention))
        for n, cr in enumerate(self.ex.casualty_reports, 1):
            node = ID[f"casualty-report/{self.key}-{n}"]
            self.add(node, RDF.type, DG.CasualtyReport)
            self.provenance(node)
            if cr.killed is not None:
                self.add(node, DG.killed, Literal(cr.killed, datatype=XSD.integer))
            if cr.wounded is not None:
                self.add(node, DG.wounded, Literal(cr.wounded, datatype=XSD.integer))
            if cr.who:
                self.add(node, DG.victims, Literal(cr.who))
            for i, (group, count) in enumerate(sorted(cr.including.items()), 1):
                part = ID[f"casualty-report/{self.key}-{n}/including-{i}"]
                self.add(node, DG.including, part)
                self.add(part, RDF.type, DG.CasualtyGroup)
                self.add(part, DG.group, Literal(group))
                self.add(part, DG["count"], Literal(count, datatype=XSD.integer))
            if cr.place:
                self.add(node, DG.place, self.entity(cr.place, default_kind="Place"))
            self.date(node, DG.date, cr.date)
            self.date(node, DG.since, cr.since)
            if cr.cause:
                self.add(node, DG.cause, Literal(cr.cause))
            if cr.reported_by:
                self.add(node, DG.reportedBy, self.agent_by_label(cr.reported_by))
            if cr.evidence is not None:
                self.add(node, DG.evidence, self.span(cr.evidence))
        for n, mt in enumerate(self.ex.meetings, 1):
            node = ID[f"meeting/{self.key}-{n}"]
            self.add(node, RDF.type, DG.Meeting)
            self.provenance(node)
            if mt.place:
                self.add(node, DG.place, self.entity(mt.place, default_kind="Place"))
            self.date(node, DG.date, mt.date)
            if mt.topic:
                self.add(node, DG.topic, self.entity(mt.topic))
            for label in mt.participants:
                self.add(node, DG.participant, self.agent_by_label(label))
            if mt.outcome is not None:
                self.add(node, DG.outcome, Literal(mt.outcome.text))
                self.add(node, DG.evidence, self.span(mt.outcome))

    def build(self) -> Graph:
        self.build_article()
        for entity in self.ex.entities:
            iri = self.entity(entity.label, entity.wikidata, default_kind=entity.kind)
            self.add(iri, DG.mentionedIn, self.article)
        statements = [(st, self.statement(st)) for st in self.ex.statements]
        self.accusations(statements)
        self.events()
        return self.graph


def _enclosing_statement(act: Span, accuser: list[AgentRef],
                         statements: list[tuple[Statement, URIRef]]) -> URIRef | None:
    """The statement whose content holds the accused act, said by the same accuser."""
    names = {a.label for a in accuser}
    for st, node in statements:
        if st.content.start <= act.start and act.end <= st.content.end + 2 and (
                not names or names & {s.label for s in st.speakers}):
            return node
    return None


def _quoted(text: str, span: Span) -> bool:
    """Whether ``span`` sits inside quote marks in ``text``."""
    before = text[:span.start]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def to_graph(ex: Extraction) -> Graph:
    """The article's graph: its identifier is the article IRI."""
    return _Builder(ex).build()


def to_dataset(extractions: Iterable[Extraction]) -> Dataset:
    """A dataset with one named graph per article."""
    ds = Dataset()
    for ex in extractions:
        g = to_graph(ex)
        target = ds.graph(g.identifier)
        for triple in g:
            target.add(triple)
    return ds


def blank_free(graph: Graph) -> bool:
    """True when the graph has no blank nodes (the mapping never makes any)."""
    return not any(isinstance(t, BNode) for triple in graph for t in triple)
