"""Validate an article graph against the SHACL shapes (pySHACL), with a readable report."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from diplograph.errors import ValidationError
from diplograph.namespaces import PREFIXES
from diplograph.resources import ontology_path, shapes_dir


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the node, the property path, and what is wrong.

    ``component`` names the SHACL constraint that failed (``MinCountConstraintComponent`` …) and
    ``value`` the offending value, when there is one; both in the short ``prefix:name`` form.
    """

    focus: str
    path: str
    message: str
    severity: str = "Violation"
    component: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        if self.value and self.value not in self.message:
            where += f" = {self.value}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of validating one graph."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """All shapes in shapes/, parsed once."""
    g = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology, parsed once."""
    g = Graph()
    g.parse(ontology_path(), format="turtle")
    return g


@lru_cache(maxsize=128)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _ValidationGraph(Graph):
    """The graph pySHACL checks: it sends the same SPARQL constraint text for every article,
    so each text is parsed and translated once, not once per article (most of the cost)."""

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=1)
def class_hierarchy() -> tuple[tuple[Node, Node, Node], ...]:
    """The ontology's rdfs:subClassOf triples."""
    return tuple(ontology_graph().triples((None, RDFS.subClassOf, None)))


def validate_graph(data: Graph) -> Report:
    """Validate ``data`` with the shapes; the ontology is mixed in so subclasses count."""
    # Only the class hierarchy is mixed in: sh:class and sh:targetClass follow rdfs:subClassOf,
    # and nothing else of the ontology is needed to check an article (a fifth of the time).
    mixed = _ValidationGraph()
    for triple in data:
        mixed.add(triple)
    for triple in class_hierarchy():
        mixed.add(triple)
    conforms, results, text = shacl_validate(
        mixed, shacl_graph=shapes_graph(), inference="none", inplace=True,
        abort_on_first=False, allow_warnings=True, meta_shacl=False, advanced=True,
    )
    violations: list[Violation] = []
    for result in results.subjects(predicate=None, object=SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus=_short(results.value(result, SH.focusNode)),
            path=_short(results.value(result, SH.resultPath)),
            message=str(message or "constraint violated"),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            component=_short(results.value(result, SH.sourceConstraintComponent)).removeprefix("sh:"),
            value=_value(results.value(result, SH.value)),
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message, v.value))
    return Report(conforms=bool(conforms), violations=tuple(violations), text=str(text))


def check_graph(data: Graph, what: str = "article") -> Report:
    """Validate and raise :class:`ValidationError` with the readable report when it fails."""
    report = validate_graph(data)
    if not report.conforms:
        lines = [str(v) for v in report.violations if v.severity == "Violation"] or \
            [str(v) for v in report.violations]
        first = lines[0] if lines else "does not conform"
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        raise ValidationError(f"{what} does not conform to the shapes: {first}{more}",
                              report="\n".join(lines),
                              violations=[{"focus": v.focus, "path": v.path, "message": v.message,
                                           "value": v.value, "component": v.component}
                                          for v in report.violations])
    return report


#: Prefixes for the report, longest namespace first so "act:" wins over "dg:".
_PREFIXES = sorted({**PREFIXES, "sh": str(SH)}.items(), key=lambda item: -len(item[1]))


def _short(term: object) -> str:
    """An IRI as ``prefix:name`` when a known prefix fits, else as it is."""
    if term is None:
        return ""
    text = str(term)
    for prefix, iri in _PREFIXES:
        if text.startswith(iri) and len(text) > len(iri):
            return f"{prefix}:{text[len(iri):]}"
    return text


def _value(term: Node | None) -> str:
    """The offending value as a reader wants it: a literal quoted, an IRI shortened."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = str(term)
        return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
    if isinstance(term, URIRef):
        return _short(term)
    return ""  # a blank node has no name a reader could use
