"""Linked Data: every diplograph IRI answers at this server.

IRIs are ``https://w3id.org/diplograph/…``; the server answers for them under its own address
(``/id/entity/Q159`` for ``https://w3id.org/diplograph/id/entity/Q159``), so w3id only has to
redirect there.

- ``/id/{kind}/{key}``: what the store knows about a resource (its own triples, and up to
  ``INCOMING_LIMIT`` triples that point at it) — an HTML page to a browser, Turtle / JSON-LD /
  N-Triples / RDF/XML by Accept header or by the suffix ``.ttl`` / ``.jsonld`` / ``.nt`` /
  ``.rdf`` (``.html`` for the page). Unknown resources are 404; a key is checked against a
  strict pattern before it comes near a query, so it cannot escape its IRI.
- ``/ontology`` (and the namespaces ``/ontology/speech-act``, ``/cameo``, ``/plover``, whose
  terms the same file defines): the ontology file as Turtle (or any RDF format), HTML
  documentation to a browser.
- ``/.well-known/void``: a VoID description of the dataset, with counts per class.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any

import pyoxigraph as ox
import rdflib
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from diplograph import __version__
from diplograph.namespaces import ID, ONTOLOGY_IRI, PREFIXES
from diplograph.resources import ontology_path
from diplograph.store.base import BoundedStore, QueryLimits, select_rows
from diplograph.store.formats import GRAPH_OX
from diplograph.web.context import W3ID_BASE, WebContext, local_href, web_context
from diplograph.web.errors import NotAcceptable, NotFound
from diplograph.web.negotiation import GRAPH_TYPES, MEDIA_TYPES, SUFFIXES, choose, prefers_html

router = APIRouter(tags=["Linked Data"])
Context = Annotated[WebContext, Depends(web_context)]

#: At most this many triples pointing at a resource come with it.
INCOMING_LIMIT = 500
#: Graph formats (a resource is one graph: no N-Quads or TriG).
RESOURCE_TYPES = {media: name for media, name in GRAPH_TYPES.items() if name not in ("nquads", "trig")}

_KIND = re.compile(r"[a-z][a-z0-9-]{0,40}")
_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,200}")
_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
_TITLE_FALLBACKS = ("https://w3id.org/diplograph/ontology#content", "http://www.w3.org/ns/oa#exact",
                    "http://purl.org/dc/terms/title")
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def split_suffix(path: str) -> tuple[str, str | None]:
    """``path`` without a format suffix, and the format the suffix names (None: none)."""
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


def resource_iri(path: str) -> str:
    """The IRI for ``/id/<path>``, or NotFound when ``path`` is not the shape of one of ours."""
    kind, _, key = path.partition("/")
    segments = key.split("/")
    if not _KIND.fullmatch(kind) or not key or len(key) > 400 \
            or not all(_SEGMENT.fullmatch(s) for s in segments):
        raise NotFound(f"/id/{path} is not a diplograph resource")
    return str(ID[path])


def triples_of(data: bytes, rdf_format: ox.RdfFormat) -> list[ox.Triple]:
    """The triples of an RDF document."""
    return [quad.triple for quad in ox.parse(data, format=rdf_format)]


def rdf_bytes(triples: list[ox.Triple], fmt: str) -> bytes:
    """Triples written in ``fmt``; Turtle and RDF/XML with our prefixes, JSON-LD compacted."""
    if fmt == "jsonld":
        graph = rdflib.Graph()
        for p, iri in PREFIXES.items():
            graph.bind(p, iri)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        graph.parse(data=bytes(data).decode("utf-8"), format="nt")
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True).encode("utf-8")
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml", "trig") else None
    return bytes(ox.serialize(triples, format=GRAPH_OX[fmt], prefixes=prefixes) or b"")


def _wanted(request: Request, suffix_format: str | None) -> str:
    """``html`` or an RDF format name, from the suffix or else the Accept header."""
    if suffix_format is not None:
        return suffix_format
    accept = request.headers.get("accept")
    if prefers_html(accept):
        return "html"
    fmt = choose(accept, RESOURCE_TYPES, "turtle")
    if fmt is None:
        raise NotAcceptable("this resource is answered as text/html or RDF: "
                            + ", ".join(sorted({MEDIA_TYPES[f] for f in RESOURCE_TYPES.values()})))
    return fmt


def _respond(request: Request, body: bytes | memoryview, fmt: str, location: str | None = None) -> Response:
    headers = {"Vary": "Accept"}
    if location:
        headers["Content-Location"] = location
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(bytes(body)))
        return Response(b"", media_type=MEDIA_TYPES[fmt], headers=headers)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


# --- resources ----------------------------------------------------------------------------------

async def describe(ctx: WebContext, iri: str) -> list[ox.Triple]:
    """The triples about ``iri``: its own, and up to INCOMING_LIMIT pointing at it."""
    term = str(ox.NamedNode(iri))
    sparql = (f"CONSTRUCT {{ {term} ?p ?o . ?s ?q {term} }} WHERE {{ {{ {term} ?p ?o }} UNION "
              f"{{ SELECT ?s ?q WHERE {{ ?s ?q {term} }} LIMIT {INCOMING_LIMIT} }} }}")
    store, timeout = ctx.store, ctx.settings.query_timeout

    def run() -> list[ox.Triple]:
        if isinstance(store, BoundedStore):
            answer = store.query_bounded(sparql, QueryLimits.within(timeout), graph_format="ntriples")
        else:
            answer = store.query(sparql, graph_format="ntriples")
        return triples_of(answer.body, ox.RdfFormat.N_TRIPLES)

    return await ctx.run(run, what="describing the resource")


async def labels(ctx: WebContext, iris: set[str]) -> dict[str, str]:
    """A label (rdfs:label or skos:prefLabel, English first) for each IRI that has one."""
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in sorted(iris)[:400])
    sparql = (f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} ?x <{_LABELS[0]}>|<{_LABELS[1]}> ?label }}")
    rows = await ctx.run(lambda: select_rows(ctx.store, sparql), what="finding labels")
    found: dict[str, str] = {}
    for row in rows:
        found.setdefault(row["x"], row["label"])
    return found


@dataclass(frozen=True)
class Value:
    """A term as a page shows it."""

    text: str
    href: str | None = None
    note: str = ""


def _value(term: Any, names: dict[str, str]) -> Value:
    if isinstance(term, ox.NamedNode):
        return Value(names.get(term.value) or _curie(term.value), local_href(term.value), term.value)
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else ""
        if not term.language and not term.datatype.value.endswith("#string"):
            note = term.datatype.value.rsplit("#", 1)[-1]
        return Value(term.value, None, note)
    return Value(str(term))


def page_values(iri: str, triples: list[ox.Triple], names: dict[str, str]) -> dict[str, Any]:
    """What resource.html shows: title, types, properties, incoming links, same-as links."""
    outgoing: dict[str, list[Value]] = {}
    incoming: list[tuple[Value, Value]] = []
    types: list[Value] = []
    same_as: list[str] = []
    title = names.get(iri, "")
    fallback = ""
    for t in triples:
        if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri:
            p = t.predicate.value
            if p == _TYPE:
                types.append(_value(t.object, names))
                continue
            if p == _SAME_AS and isinstance(t.object, ox.NamedNode):
                same_as.append(t.object.value)
            if p in _TITLE_FALLBACKS and isinstance(t.object, ox.Literal) and not fallback:
                fallback = t.object.value
            outgoing.setdefault(p, []).append(_value(t.object, names))
        else:
            incoming.append((_value(t.subject, names), _value(t.predicate, names)))
    if not title:
        title = (fallback[:120] + "…") if len(fallback) > 120 else fallback
    properties = sorted(((_value(ox.NamedNode(p), names), sorted(vs, key=lambda v: v.text)) for p, vs in outgoing.items()),
                        key=lambda pv: pv[0].text.lower())
    incoming.sort(key=lambda sv: (sv[1].text.lower(), sv[0].text.lower()))
    return {"title": title or iri.rsplit("/", 1)[-1], "types": types, "properties": properties,
            "incoming": incoming, "same_as": same_as, "incoming_limit": INCOMING_LIMIT}


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"], name="resource", summary="A diplograph resource")
async def resource(request: Request, ctx: Context, path: str) -> Response:
    """Linked Data for ``https://w3id.org/diplograph/id/<path>``: HTML or RDF."""
    bare, suffix_format = split_suffix(path)
    iri = resource_iri(bare)
    fmt = _wanted(request, suffix_format)
    triples = await describe(ctx, iri)
    if not triples:
        raise NotFound(f"nothing is known about <{iri}>")
    local = f"/id/{bare}"
    if fmt != "html":
        return _respond(request, rdf_bytes(triples, fmt), fmt, location=f"{local}.{_SUFFIX_OF[fmt]}")
    mentioned = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
                 if isinstance(term, ox.NamedNode)}
    names = await labels(ctx, mentioned)
    values = page_values(iri, triples, names)
    page = ctx.render("resource.html", iri=iri, local=local, sparql=f"DESCRIBE <{iri}>", **values)
    return _respond(request, page.body, "html", location=f"{local}.html")


_SUFFIX_OF = {fmt: suffix.lstrip(".") for suffix, fmt in SUFFIXES.items()}


# --- the ontology -------------------------------------------------------------------------------

#: Paths that answer with the ontology document: its namespace, and those its file also defines.
ONTOLOGY_PATHS = ("/ontology", "/ontology/speech-act", "/cameo", "/plover")


@functools.lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    """The ontology file, parsed once."""
    return rdflib.Graph().parse(ontology_path(), format="turtle")


@functools.lru_cache(maxsize=8)
def ontology_bytes(fmt: str) -> bytes:
    """The ontology in ``fmt``: the file itself for Turtle, else converted."""
    data = ontology_path().read_bytes()
    if fmt == "turtle":
        return data
    return rdf_bytes(triples_of(data, ox.RdfFormat.TURTLE), fmt)


@dataclass(frozen=True)
class Term:
    """One term of the ontology as its documentation shows it."""

    anchor: str
    curie: str
    label: str
    comment: str
    relations: list[tuple[str, list[Value]]]


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda pn: -len(pn[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    for prefix, ns in (("cameo", "https://w3id.org/diplograph/cameo#"), ("plover", "https://w3id.org/diplograph/plover#")):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@functools.lru_cache(maxsize=1)
def ontology_sections() -> list[tuple[str, list[Term]]]:
    """The ontology's own terms by kind, with labels, comments and their relations."""
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    g = ontology_graph()
    relations = ((RDFS.subClassOf, "subclass of"), (RDFS.subPropertyOf, "subproperty of"), (RDFS.domain, "domain"),
                 (RDFS.range, "range"), (OWL.equivalentClass, "equivalent class"), (OWL.inverseOf, "inverse of"),
                 (SKOS.broader, "broader"), (SKOS.inScheme, "in scheme"), (SKOS.exactMatch, "exact match"),
                 (SKOS.closeMatch, "close match"), (SKOS.relatedMatch, "related match"))

    def term(node: rdflib.URIRef) -> Term:
        rels = []
        for prop, name in relations:
            objects = sorted(g.objects(node, prop), key=str)
            if objects:
                rels.append((name, [Value(_curie(str(o)), local_href(str(o))) for o in objects
                                    if isinstance(o, rdflib.URIRef)]))
        iri = str(node)
        label = g.value(node, RDFS.label) or g.value(node, SKOS.prefLabel) or ""
        comment = g.value(node, RDFS.comment) or g.value(node, SKOS.definition) or ""
        return Term(re.split(r"[#/]", iri)[-1], _curie(iri), str(label), str(comment), rels)

    ours = W3ID_BASE
    kinds = (("Classes", OWL.Class), ("Object properties", OWL.ObjectProperty),
             ("Datatype properties", OWL.DatatypeProperty), ("Concept schemes", SKOS.ConceptScheme),
             ("Concepts (speech acts, modes, event codes)", SKOS.Concept))
    sections = []
    seen: set[str] = set()
    for title, kind in kinds:
        nodes = sorted({s for s in g.subjects(RDF.type, kind) if isinstance(s, rdflib.URIRef)
                        and str(s).startswith(ours) and str(s) not in seen}, key=str)
        seen.update(str(n) for n in nodes)
        if nodes:
            sections.append((title, [term(n) for n in nodes]))
    return sections


async def ontology(request: Request, ctx: Context) -> Response:
    """The ontology: HTML documentation to a browser, else RDF (Turtle by default)."""
    _, suffix_format = split_suffix(request.url.path)
    fmt = _wanted(request, suffix_format)
    if fmt == "html":
        g = ontology_graph()
        from rdflib.namespace import OWL, RDFS

        head = rdflib.URIRef(ONTOLOGY_IRI)
        page = ctx.render("ontology.html", title=str(g.value(head, RDFS.label) or "diplograph ontology"),
                          comment=str(g.value(head, RDFS.comment) or ""),
                          version=str(g.value(head, OWL.versionInfo) or __version__),
                          namespace=ONTOLOGY_IRI + "#", sections=ontology_sections(),
                          prefixes=sorted(PREFIXES.items()))
        return _respond(request, page.body, "html")
    return _respond(request, ontology_bytes(fmt), fmt)


for _path in ONTOLOGY_PATHS:
    for _suffix in ("", *SUFFIXES):
        router.add_api_route(_path + _suffix, ontology, methods=["GET", "HEAD"], include_in_schema=not _suffix,
                             summary="The ontology (HTML documentation or RDF)")


# --- VoID ---------------------------------------------------------------------------------------

async def dataset_figures(ctx: WebContext) -> dict[str, Any]:
    """Triples, named graphs and entities per class; cached until the next write."""
    hit = ctx.cached("void")
    if hit is not None:
        return dict(hit)
    store = ctx.store

    def count() -> dict[str, Any]:
        classes = select_rows(store, "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class")
        graphs = select_rows(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        example = select_rows(store, "SELECT ?s WHERE { ?s a <https://w3id.org/diplograph/ontology#Statement> } LIMIT 1")
        return {"triples": store.count(), "graphs": int(graphs[0]["n"]) if graphs else 0,
                "classes": sorted(((r["class"], int(r["n"])) for r in classes if r["class"].startswith(W3ID_BASE)),
                                  key=lambda cn: -cn[1]),
                "example": example[0]["s"] if example else None}

    return dict(ctx.remember("void", await ctx.run(count, what="counting the dataset")))


DESCRIPTION = ("Who said what, to and about whom, when, and on what evidence: statements, accusations, ceasefires, "
               "casualty reports and meetings read from news reports of diplomacy.")


def void_turtle(base: str, figures: dict[str, Any]) -> str:
    """The VoID description, in Turtle."""
    partitions = " ;\n".join(
        f"    void:classPartition [ void:class <{c}> ; void:entities {n} ]" for c, n in figures["classes"])
    example = f"    void:exampleResource <{figures['example']}> ;\n" if figures["example"] else ""
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in ("Turtle", "N-Triples", "JSON-LD", "RDF_XML"))
    return f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{base}/.well-known/void#dataset> a void:Dataset ;
    dcterms:title "diplograph" ;
    dcterms:description "{DESCRIPTION}" ;
    void:sparqlEndpoint <{base}/sparql> ;
    void:uriSpace "{ID}" ;
    void:vocabulary <{ONTOLOGY_IRI}#> ;
    void:feature {formats} ;
{example}    void:triples {figures["triples"]}{" ;" if partitions else " ."}
{partitions}{" ." if partitions else ""}
"""


@router.api_route("/.well-known/void", methods=["GET", "HEAD"], name="void", summary="VoID description of the dataset")
async def void(request: Request, ctx: Context) -> Response:
    """The dataset's VoID description: RDF (Turtle by default), or a page to a browser."""
    fmt = _wanted(request, None)
    figures = await dataset_figures(ctx)
    base = str(request.base_url).rstrip("/")
    turtle = void_turtle(base, figures)
    if fmt == "html":
        page = ctx.render("void.html", title="The dataset", base=base, figures=figures, turtle=turtle)
        return _respond(request, page.body, "html")
    if fmt == "turtle":
        return _respond(request, turtle.encode("utf-8"), fmt)
    return _respond(request, rdf_bytes(triples_of(turtle.encode("utf-8"), ox.RdfFormat.TURTLE), fmt), fmt)
