"""The federated query in ontology/README.md joins our graph with Wikidata on owl:sameAs; it runs
here against a local stand-in for Wikidata's query service, never the live one."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import diplograph
from diplograph.api import ingest_extraction
from diplograph.errors import QueryError
from diplograph.model import AgentRef, ArticleMeta, Entity, Extraction, Span, Statement
from diplograph.store.base import select_rows
from diplograph.web.federation import refuse_unlisted

README = (Path(__file__).resolve().parents[2] / "ontology" / "README.md").read_text(encoding="utf-8")
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
FEDERATED = re.search(r"^## Federated queries.*?^### ([^\n]+)\n+```rq\n(.*?)```", README, flags=re.S | re.M)

#: A recorded shape of the query service's answer (SPARQL JSON results) for ?item ?head ?headOfGovernment.
ANSWER = {"head": {"vars": ["item", "head", "headOfGovernment"]}, "results": {"bindings": [
    {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q159"},
     "head": {"type": "uri", "value": "http://www.wikidata.org/entity/Q900401"},
     "headOfGovernment": {"type": "literal", "xml:lang": "en", "value": "Test Premier"}},
    {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q900499"},
     "head": {"type": "uri", "value": "http://www.wikidata.org/entity/Q900402"},
     "headOfGovernment": {"type": "literal", "xml:lang": "en", "value": "Nobody We Quote"}}]}}


@pytest.fixture
def query_service() -> Iterator[tuple[str, list[str]]]:
    """A SPARQL endpoint on 127.0.0.1 that answers every query with ANSWER and logs the queries."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            asked.append(self.path)
            body = json.dumps(ANSWER).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._reply()

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self.rfile.read(length)
            self._reply()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", asked
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _federated() -> str:
    assert FEDERATED is not None, "ontology/README.md has no federated query section"
    return FEDERATED.group(2)


def test_the_readme_documents_a_federated_query_to_wikidata() -> None:
    query = _federated()
    assert f"SERVICE <{WIKIDATA_SPARQL}>" in query and "owl:sameAs" in query
    assert "DIPLOGRAPH_SERVICE_ALLOWLIST" in README


def test_the_federated_query_passes_only_with_wikidata_on_the_allow_list() -> None:
    refuse_unlisted(_federated(), (WIKIDATA_SPARQL,), update=False)
    with pytest.raises(QueryError, match="SERVICE"):
        refuse_unlisted(_federated(), (), update=False)


def test_the_federated_query_joins_on_owl_same_as(query_service: tuple[str, list[str]]) -> None:
    url, asked = query_service
    text = "Russia said it would not attend."
    ex = Extraction(ArticleMeta(published="2016-10-24", file="federation-test.txt"),
                    entities=[Entity("Russia", "State", "Q159", ["Russia"])],
                    statements=[Statement([AgentRef("Russia", "Q159")], Span(text[12:31], 12, 31), "indirect",
                                          "assertion")], text=text)
    store = diplograph.open_store(None)
    ingest_extraction(store, ex)
    rows = select_rows(store, _federated().replace(WIKIDATA_SPARQL, url))
    assert asked, "the query never reached the stand-in endpoint"
    # the service's row for an item we never linked (Q900499) joins nothing
    assert rows == [{"state": "Russia", "item": "http://www.wikidata.org/entity/Q159", "statements": "1",
                     "headOfGovernment": "Test Premier"}]
