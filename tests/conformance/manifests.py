"""Reading the W3C test manifests in ../shared/conformance: each test is a list of HTTP
requests (the W3C HTTP-in-RDF vocabulary) with the response each must get.

The protocol and graph store manifests share the vocabulary, so one reader serves both; the
test modules replay the requests against the app and check what the manifest expects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT.parent / "shared" / "conformance"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

#: hts: status names used by the manifests, and their codes.
STATUS_CODES = {"OK": 200, "Created": 201, "NoContent": 204, "BadRequest": 400, "NotFound": 404}


@dataclass
class Step:
    """One request of a test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: list[str]
    expected_format: str = ""
    expected_boolean: bool | None = None
    expected_location: str = ""
    expected_body: str | None = None
    expected_headers: dict[str, str] = field(default_factory=dict)

    def status_ok(self, code: int) -> bool:
        """Whether ``code`` is one of the statuses (or status classes) the manifest allows."""
        for status in self.statuses:
            if status.startswith("StatusCode"):  # StatusCode2xx, StatusCode4xx
                if code // 100 == int(status.removeprefix("StatusCode")[0]):
                    return True
            elif STATUS_CODES.get(status) == code:
                return True
        return False


@dataclass
class Case:
    """One test of a manifest."""

    name: str
    title: str
    listed: bool
    requires: list[str]
    data: list[tuple[Path, str]]
    steps: list[Step]


def _headers(g: Graph, node: Node | None) -> dict[str, str]:
    head = g.value(node, HT.headers) if node is not None else None
    if head is None:
        return {}
    return {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue)) for h in Collection(g, head)}


def _body(g: Graph, node: Node | None) -> tuple[str | None, str]:
    body = g.value(node, HT.body) if node is not None else None
    if body is None:
        return None, "UTF-8"
    return str(g.value(body, CNT.chars)), str(g.value(body, CNT.characterEncoding) or "UTF-8")


def read_manifest(path: Path, test_type: URIRef) -> list[Case]:
    """Every test of type ``test_type`` in the manifest at ``path``, listed in mf:entries or not."""
    if not path.is_file():
        return []
    g = Graph().parse(path, format="turtle", publicID=path.as_uri())
    listed: list[Node] = []
    for head in g.objects(None, MF.entries):
        listed.extend(Collection(g, head))
    unlisted = sorted(set(g.subjects(RDF.type, test_type)) - set(listed), key=str)
    cases = []
    for entry in [*listed, *unlisted]:
        action = g.value(entry, MF.action)
        requests = g.value(action, HT.requests)
        steps = []
        for req in Collection(g, requests) if requests is not None else []:
            text, encoding = _body(g, req)
            body = None if text is None else text.encode("utf-16" if "16" in encoding else "utf-8")
            resp = g.value(req, HT.resp)
            expected_text, _ = _body(g, resp)
            boolean = g.value(resp, MF.expectedBoolean)
            steps.append(Step(
                method=str(g.value(req, HT.methodName)),
                path=str(g.value(req, HT.absolutePath)),
                headers=_headers(g, req),
                body=body,
                statuses=sorted(str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)),
                expected_format=str(g.value(resp, MF.expectedFormat) or ""),
                expected_boolean=None if boolean is None else str(boolean).lower() == "true",
                expected_location=str(g.value(resp, MF.expectedLocation) or ""),
                expected_body=expected_text,
                expected_headers=_headers(g, resp),
            ))
        data = [(path.parent / Path(str(g.value(gd, UT.graph))).name, str(g.value(gd, RDFS.label)))
                for gd in g.objects(entry, UT.graphData)]
        data += [(path.parent / Path(str(d)).name, "") for d in g.objects(entry, UT.data)]
        cases.append(Case(name=str(entry).rsplit("#", 1)[-1], title=str(g.value(entry, MF.name) or ""),
                          listed=entry in listed, requires=[str(r).rsplit("#", 1)[-1] for r in g.objects(entry, MF.requires)],
                          data=data, steps=steps))
    return cases
