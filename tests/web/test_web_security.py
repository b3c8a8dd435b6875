"""Security at the edges: other origins may read but never write (CORS), no path leaves its
folder, and SERVICE / LOAD reach nothing off the allow-list, whatever form the request takes —
checked with a listening socket that counts every connection made to it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import TOKEN, corpus_store

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "https://elsewhere.example"
ASK = "ASK { ?s ?p ?o }"
WRITE = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(token=TOKEN), corpus_store(1))) as c:
        yield c


def preflight(client: TestClient, path: str, method: str, headers: str = "") -> tuple[int, dict[str, str]]:
    asked = {"Origin": ORIGIN, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    r = client.options(path, headers=asked)
    return r.status_code, {k.lower(): v for k, v in r.headers.items()}


# --- CORS: reads from anywhere, writes from nowhere ------------------------------------------------

@pytest.mark.parametrize(("path", "params"), [
    ("/sparql", {"query": ASK}), ("/api/v1/statements", {"limit": "1"}), ("/ontology", {}), ("/.well-known/void", {}),
])
def test_another_origin_may_read(client: TestClient, path: str, params: dict[str, str]) -> None:
    r = client.get(path, params=params, headers={"Origin": ORIGIN})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers


def test_a_sparql_query_by_post_is_a_read(client: TestClient) -> None:
    status, headers = preflight(client, "/sparql", "POST", "content-type")
    assert status == 204 and "POST" in headers["access-control-allow-methods"]
    assert "authorization" not in headers["access-control-allow-headers"].lower()
    direct = client.post("/sparql", content=ASK, headers={"Origin": ORIGIN, "Content-Type": "application/sparql-query"})
    form = client.post("/sparql", data={"query": ASK}, headers={"Origin": ORIGIN})
    bad = client.post("/sparql", data={"query": "ASK {"}, headers={"Origin": ORIGIN})
    assert (direct.status_code, form.status_code, bad.status_code) == (200, 200, 400)
    assert all(r.headers.get("access-control-allow-origin") == "*" for r in (direct, form, bad))


@pytest.mark.parametrize(("path", "method", "headers"), [
    ("/sparql", "POST", "authorization, content-type"),  # an update needs the token
    ("/rdf-graph-store", "PUT", "content-type"),
    ("/rdf-graph-store", "DELETE", ""),
    ("/rdf-graph-store", "POST", "content-type"),
    ("/api/v1/articles", "POST", "authorization, content-type"),
    ("/api/v1/articles", "POST", "content-type"),
    ("/id/entity/Q159", "GET", "authorization"),
])
def test_no_preflight_is_granted_for_a_write(client: TestClient, path: str, method: str, headers: str) -> None:
    status, answer = preflight(client, path, method, headers)
    assert status == 403
    assert "access-control-allow-origin" not in answer and "access-control-allow-methods" not in answer


def test_the_answer_to_a_cross_origin_write_is_not_readable(client: TestClient) -> None:
    # a form POST needs no preflight: the server still answers it, but a page of another origin
    # may not read the answer, and without the token nothing is written
    update = 'INSERT DATA { <https://example.org/cors> <https://example.org/p> "x" }'
    anonymous = client.post("/sparql", data={"update": update}, headers={"Origin": ORIGIN})
    direct = client.post("/sparql", content=update, headers={"Origin": ORIGIN, "Content-Type": "application/sparql-update"})
    assert (anonymous.status_code, direct.status_code) == (401, 401)
    with_token = client.post("/sparql", data={"update": update}, headers={"Origin": ORIGIN, **WRITE})
    assert with_token.status_code == 204
    article = client.post("/api/v1/articles", json={"text": "x"}, headers={"Origin": ORIGIN})
    assert article.status_code == 401
    for r in (anonymous, direct, with_token, article):
        assert "access-control-allow-origin" not in r.headers


# --- paths stay in their folders ------------------------------------------------------------------

LEAKS = ("[project]", "root:x:0", "import ")


@pytest.mark.parametrize("path", [
    "/id/entity/%2e%2e/%2e%2e/pyproject.toml",
    "/id/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/id/entity/..%2f..%2f..%2fetc%2fpasswd",
    "/id/entity/%252e%252e%252fpyproject.toml",
    "/id/entity/..%5c..%5cpyproject.toml",
    "/id/entity/%2e%2e",
    "/id/entity/.%2e/.%2e/pyproject.toml",
    "/id/entity/Q159%00.ttl",
    "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2f..%2fpyproject.toml",
    "/static/%2e%2e%2fapp.py",
    "/static/%2e%2e/app.py",
    "/entity/..%2f..%2fpyproject.toml",
    "/statement/%2e%2e%2f%2e%2e%2fetc%2fpasswd.json",
    "/article/%2e%2e",
])
def test_no_path_leaves_its_folder(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert 400 <= r.status_code < 500, (path, r.status_code)
    assert not any(leak in r.text for leak in LEAKS)


def test_an_id_cannot_name_a_graph_outside_the_id_space(client: TestClient) -> None:
    # the key is a path inside https://w3id.org/diplograph/id/, never another IRI or a file
    for path in ("/id/entity/https:%2f%2fexample.org%2f", "/id/entity/file:%2f%2f%2fetc%2fpasswd"):
        assert client.get(path).status_code == 404
    r = client.get("/rdf-graph-store", params={"graph": "file:///etc/passwd"})
    assert r.status_code == 404 and "root:" not in r.text


# --- SERVICE and LOAD: nothing off the allow-list is ever reached --------------------------------

class Listener:
    """A socket on loopback that counts connections and closes each at once (so a query that
    did reach it fails fast instead of waiting for an answer)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    listening = Listener()
    try:
        yield listening
    finally:
        listening.close()


def queries(url: str) -> list[str]:
    """A SERVICE to ``url`` in every query form and every place a group pattern can be."""
    base, _, last = url.rpartition("/")
    there = f"SERVICE <{url}> {{ ?s ?p ?o }}"
    return [
        f"SELECT * WHERE {{ {there} }}",
        f"ASK {{ {there} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {there} }}",
        f"DESCRIBE ?s WHERE {{ {there} }}",
        f"SELECT * WHERE {{ ?x ?y ?z {{ SELECT ?s WHERE {{ {there} }} LIMIT 1 }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ {there} }} }}",
        f"SELECT * WHERE {{ {{ ?x ?y ?z }} UNION {{ {there} }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z MINUS {{ {there} }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z FILTER NOT EXISTS {{ {there} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ ?x ?y ?z }} {there} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX far: <{base}/> SELECT * WHERE {{ SERVICE far:{last} {{ ?s ?p ?o }} }}",
        f"BASE <{base}/> SELECT * WHERE {{ SERVICE <{last}> {{ ?s ?p ?o }} }}",
    ]


def refused_anyway(url: str) -> list[str]:
    """Texts pyoxigraph would not send out (it reads no ``\\u`` escape outside literals, and
    folds a SERVICE nested in the same SERVICE), refused all the same: another store might."""
    return [f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE <{url}> {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}"]


def updates(url: str) -> list[str]:
    """A LOAD of, or a SERVICE to, ``url`` in every kind of update operation."""
    there = f"SERVICE <{url}> {{ ?s ?p ?o }}"
    return [
        f"LOAD <{url}>",
        f"LOAD SILENT <{url}> INTO GRAPH <https://example.org/loaded>",
        f"INSERT {{ GRAPH <https://example.org/g> {{ ?s ?p ?o }} }} WHERE {{ {there} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o OPTIONAL {{ {there} }} }}",
        f"WITH <https://example.org/g> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 1 }} WHERE {{ {{ SELECT * WHERE {{ {there} }} }} }}",
        f"CLEAR SILENT GRAPH <https://example.org/none> ; LOAD <{url}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ {{ ?s ?p ?o }} UNION {{ {there} }} }}",
    ]


def send(client: TestClient, text: str, *, update: bool, way: int) -> int:
    """Send a query or update, queries by GET, POST form and POST direct in turn; the status."""
    if update:
        r = client.post("/sparql", content=text, headers={"Content-Type": "application/sparql-update", **WRITE})
    elif way % 3 == 0:
        r = client.get("/sparql", params={"query": text})
    elif way % 3 == 1:
        r = client.post("/sparql", data={"query": text})
    else:
        r = client.post("/sparql", content=text, headers={"Content-Type": "application/sparql-query"})
    status: int = r.status_code
    return status


def test_no_request_off_the_allow_list_reaches_the_listener(listener: Listener) -> None:
    store = corpus_store(1)
    requests = [(q, False) for q in queries(listener.url) + refused_anyway(listener.url)]
    requests += [(u, True) for u in updates(listener.url)]
    before = listener.connections
    with TestClient(create_app(Settings(token=TOKEN, query_timeout=20), store)) as c:
        statuses = [send(c, text, update=update, way=i) for i, (text, update) in enumerate(requests)]
    assert statuses == [400] * len(requests)
    assert listener.connections == before, "a refused request reached the listener"


def test_the_same_requests_do_reach_an_allow_listed_endpoint(listener: Listener) -> None:
    # the control: each text above is one the store would really send out, were it allowed
    store = corpus_store(1)
    allowed = Settings(token=TOKEN, query_timeout=20, service_allowlist=(listener.url,))
    requests = [(q, False) for q in queries(listener.url)] + [(u, True) for u in updates(listener.url)]
    reached = []
    with TestClient(create_app(allowed, store)) as c:
        for i, (text, update) in enumerate(requests):
            before = listener.connections
            send(c, text, update=update, way=i)
            reached.append(listener.connections > before)
    assert all(reached), [text for (text, _), hit in zip(requests, reached, strict=True) if not hit]


def test_a_store_of_its_own_is_not_needed_to_refuse(listener: Listener) -> None:
    # refused before the store is asked anything: an empty store, a malformed rest of the query
    with TestClient(create_app(Settings(), EmbeddedStore(None))) as c:
        r = c.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p"})
    assert r.status_code == 400


# --- the token ---------------------------------------------------------------------------------

@pytest.mark.parametrize("given", [TOKEN[:-1], TOKEN + "x", TOKEN.upper(), TOKEN[:-1] + "é", "", " " + TOKEN + "\t"])
def test_only_the_exact_token_writes_and_no_answer_repeats_it(client: TestClient, given: str) -> None:
    update = "CLEAR SILENT GRAPH <https://example.org/none>"
    headers = {b"Content-Type": b"application/sparql-update", b"Authorization": f"Bearer {given}".encode()}
    r = client.post("/sparql", content=update.encode(), headers=headers)
    assert r.status_code == (204 if given.strip() == TOKEN else 401)
    if given.strip() and given.strip() != TOKEN:
        assert given.strip() not in r.text and given.strip() not in str(r.headers)


def test_the_settings_never_show_the_token() -> None:
    settings = Settings.from_env({"DIPLOGRAPH_TOKEN": "s3cret-token-value"})
    assert settings.token == "s3cret-token-value" and "s3cret" not in repr(settings) and "s3cret" not in str(settings)
