"""A corpus of malformed SPARQL — truncated queries, garbage bytes, deep nesting, huge literals,
queries over a megabyte — sent to ``/sparql`` of a real server process by GET, POST form and
POST direct: every one is answered with a 4xx and a message, and the server lives on.

The corpus is generated with a fixed seed, so a failure names a case that can be sent again.
"""

from __future__ import annotations

import random
import socket
from collections.abc import Iterator
from urllib.parse import quote_from_bytes, urlsplit

import httpx
import pytest
from bench.load import build_store, serve

pytestmark = pytest.mark.xdist_group("sparql-fuzz")

VALID = (
    "PREFIX dg: <https://w3id.org/diplograph/ontology#>\nSELECT ?s ?c WHERE { ?s a dg:Statement ; dg:content ?c . "
    "FILTER(CONTAINS(LCASE(?c), \"truce\")) }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?o ?q ?r } }",
    "ASK { { ?s ?p ?o } UNION { ?s ?q \"x\"@en } MINUS { ?s a <https://example.org/C> } }",
    "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { 1 2 3 } BIND(?x * 2 AS ?y) }",
)
MEGABYTE = 1_000_000


def truncated() -> Iterator[bytes]:
    """Every valid query cut short at 25 places (none of them ends a query)."""
    for query in VALID:
        for i in range(1, 26):
            yield query[: len(query) * i // 26].encode("utf-8")


def garbage(rng: random.Random) -> Iterator[bytes]:
    """Random bytes, random printable noise, and noise spliced into a valid query."""
    for size in (1, 7, 64, 500, 4_000, 60_000):
        yield bytes(rng.randrange(256) for _ in range(size))
        yield "".join(chr(rng.randrange(32, 127)) for _ in range(size)).encode("ascii")
    for query in VALID:
        cut = rng.randrange(len(query))
        yield query[:cut].encode() + bytes(rng.randrange(256) for _ in range(9)) + query[cut:].encode()
    yield b"\x00" * 100
    yield b"SELECT * WHERE { ?s ?p \x00 }"
    yield b"\xef\xbb\xbf\xef\xbb\xbfASK {"
    yield b'ASK { ?s ?p "\xed\xa0\x80" }'  # a lone surrogate, as UTF-8 never writes it
    yield b"ASK { ?s ?p <http://example.org/\xc3> }"
    yield "ASK { ?s ?p '\udfff' }".encode("utf-8", "surrogatepass")


def nested() -> Iterator[bytes]:
    """Brackets nested far past any real query (the store's parser would run out of stack)."""
    for depth in (500, 5_000, 100_000):
        yield ("SELECT * WHERE " + "{" * depth + "}" * depth).encode()
        yield ("ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }").encode()
        yield ("ASK { ?s ?p " + "[ ?p " * depth + "1" + " ]" * depth + " }").encode()
        yield ("ASK { ?s ?p " + "(" * depth).encode()
        yield ("ASK { " + "FILTER EXISTS { " * depth).encode()
    yield ("ASK { " + "\\u007B " * 2_000 + "}").encode()


def huge() -> Iterator[bytes]:
    """Huge literals and IRIs, left unterminated or followed by a mistake; queries over 1 MB."""
    yield ('ASK { ?s ?p "' + "x" * 900_000).encode()
    yield ('ASK { ?s ?p """' + "line\n" * 150_000 + '"""  ?oops }').encode()
    yield ("ASK { ?s ?p <http://example.org/" + "a" * 900_000 + " }").encode()
    yield ('SELECT * WHERE { ?s ?p "' + "\\u00e9" * 150_000 + '" , }').encode()
    yield ("ASK { " + "?s ?p ?o . " * (MEGABYTE // 11 + 10) + "}").encode()  # over the query limit
    yield ("# " + "c" * MEGABYTE + "\nASK {}").encode()
    yield b"ASK { ?s ?p ?o }" + b" " * MEGABYTE


def others() -> Iterator[bytes]:
    """Well-formed text that is no query, or a query that cannot be run."""
    yield from (b"", b"   ", b"# only a comment", b"ASK", b"SELECT", b"SELECT * WHERE", b"}")
    yield b"SELECT ?x WHERE { ?x nope:p ?y }"  # an undeclared prefix
    yield b"SELECT * WHERE { ?s ?p ?o } LIMIT -1"
    yield b"SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }"
    yield b"SELECT (?a AS ?a) WHERE { ?a ?b ?c }"
    yield b"INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }"  # an update sent as a query
    yield b"LOAD <http://127.0.0.1:9/data>"
    yield b"SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"  # not on the allow-list
    yield b"BASE <not an iri> ASK {}"


def corpus() -> list[bytes]:
    rng = random.Random(20161024)
    return [*truncated(), *garbage(rng), *nested(), *huge(), *others()]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("fuzzed")
    build_store(folder / "store", 3)
    with serve(folder / "store", {"DIPLOGRAPH_QUERY_TIMEOUT": "10"}) as base:
        yield base


def send(http: httpx.Client, way: str, text: bytes) -> httpx.Response:
    if way == "direct":
        return http.post("/sparql", content=text, headers={"Content-Type": "application/sparql-query"})
    if way == "form":
        return http.post("/sparql", content=b"query=" + quote_from_bytes(text).encode("ascii"),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    return http.get("/sparql?query=" + quote_from_bytes(text))


@pytest.mark.slow
def test_every_malformed_query_gets_a_4xx_and_the_server_lives_on(server: str) -> None:
    cases = corpus()
    answered: dict[int, int] = {}
    with httpx.Client(base_url=server, timeout=60) as http:
        for number, text in enumerate(cases):
            # bodies go every way; the longest texts go by POST only, as a URL that long is no request
            ways = ("direct", "form", "get") if len(quote_from_bytes(text)) < 60_000 else ("direct", "form")
            for way in ways:
                r = send(http, way, text)
                assert 400 <= r.status_code < 500, f"case {number} by {way}: {r.status_code} {r.text[:300]}"
                assert r.text.strip(), f"case {number} by {way}: a refusal comes with a message"
                answered[r.status_code] = answered.get(r.status_code, 0) + 1
        assert http.get("/health").status_code == 200
        assert http.get("/sparql", params={"query": VALID[2]}).status_code == 200
    print(f"sparql fuzz: {len(cases)} cases, {sum(answered.values())} requests, statuses {dict(sorted(answered.items()))}")
    assert answered.get(413, 0) >= 4 and answered.get(400, 0) > len(cases)


def test_a_megabyte_query_in_a_url_is_refused_too(server: str) -> None:
    # no client library sends a URL that long: written on the socket by hand
    parts = urlsplit(server)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as sock:
        sock.sendall(b"GET /sparql?query=ASK%20%7B%7D%20%23" + b"x" * MEGABYTE + b" HTTP/1.1\r\n"
                     b"Host: " + parts.netloc.encode() + b"\r\nConnection: close\r\n\r\n")
        status_line = sock.makefile("rb").readline()
    status = int(status_line.split()[1])
    assert 400 <= status < 500, status_line
    assert httpx.get(server + "/health").status_code == 200
