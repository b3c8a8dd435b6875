"""Every limit is set from the environment and kept on every route: query size, body size,
nesting depth, result rows (refused whole, from a remote store too), the time limit, and the
number of queries at once (the rest queue, then get 503 with Retry-After)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from tests.store.servers import Server, empty_store, oxigraph
from tests.web.conftest import TOKEN, corpus_store

from diplograph.config import Settings
from diplograph.errors import ConfigError
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

__all__ = ["oxigraph"]  # the session fixture, registered by being imported here
WRITE = {"Authorization": f"Bearer {TOKEN}"}


def test_each_limit_comes_from_the_environment() -> None:
    settings = Settings.from_env({"DIPLOGRAPH_QUERY_TIMEOUT": "2.5", "DIPLOGRAPH_MAX_QUERY_BYTES": "100",
                                  "DIPLOGRAPH_MAX_BODY_BYTES": "200", "DIPLOGRAPH_MAX_RESULT_ROWS": "300",
                                  "DIPLOGRAPH_MAX_CONCURRENT_QUERIES": "3", "DIPLOGRAPH_MAX_QUERY_DEPTH": "40"})
    assert (settings.query_timeout, settings.max_query_bytes, settings.max_body_bytes, settings.max_result_rows,
            settings.max_concurrent_queries, settings.max_query_depth) == (2.5, 100, 200, 300, 3, 40)


@pytest.mark.parametrize(("name", "value"), [("DIPLOGRAPH_MAX_RESULT_ROWS", "0"), ("DIPLOGRAPH_QUERY_TIMEOUT", "-1"),
                                             ("DIPLOGRAPH_MAX_QUERY_DEPTH", "deep")])
def test_a_limit_that_makes_no_sense_is_a_config_error(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


# --- nesting -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ASK { ?s ?p " + "[ ?p " * 400 + "1" + " ]" * 400 + " }",  # would overflow the parser's stack
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "ASK { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
    "ASK { " + "\\u007B " * 500 + "}",
])
def test_a_query_nested_too_deep_is_refused_before_parsing(text: str) -> None:
    with TestClient(create_app(Settings(token=TOKEN), EmbeddedStore(None))) as c:
        r = c.post("/sparql", content=text, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400 and "limit of 100" in r.text
        update = "INSERT DATA { <https://example.org/s> <https://example.org/p> " + "(" * 2000 + ")" * 2000 + " }"
        r = c.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update", **WRITE})
        assert r.status_code == 400 and "nests" in r.text


def test_nesting_within_the_limit_and_brackets_in_literals_pass() -> None:
    with TestClient(create_app(Settings(max_query_depth=30), EmbeddedStore(None))) as c:
        shallow = "ASK { " + "{ " * 25 + "}" * 25 + " }"
        quoted = 'ASK { FILTER(STRLEN("' + "(" * 100 + '") > 0) } # ' + "[" * 100
        assert c.get("/sparql", params={"query": shallow}).status_code == 200
        assert c.get("/sparql", params={"query": quoted}).json()["boolean"] is True


# --- bodies on every route ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def small() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(token=TOKEN, max_body_bytes=1_000), corpus_store(1))) as c:
        yield c


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("POST", "/sparql", {"data": {"query": "ASK {} #" + "x" * 2_000}}),
    ("POST", "/reconcile", {"data": {"queries": '{"q0": {"query": "' + "x" * 2_000 + '"}}'}}),
    ("POST", "/api/v1/articles", {"json": {"text": "x" * 2_000}, "headers": WRITE}),
    ("PUT", "/rdf-graph-store?graph=https%3A%2F%2Fexample.org%2Fbig",
     {"content": b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n" * 40,
      "headers": {"Content-Type": "application/n-triples", **WRITE}}),
])
def test_a_body_over_the_limit_is_413_on_every_route(small: TestClient, method: str, path: str,
                                                       kwargs: dict[str, object]) -> None:
    r = small.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert r.status_code == 413, r.text
    assert "1000" in r.text


def test_a_body_without_a_length_is_cut_off_at_the_limit(small: TestClient) -> None:
    sent = []

    def chunks() -> Iterator[bytes]:
        for _ in range(1_000):
            sent.append(1)
            yield b'{"text": "' + b"x" * 100

    r = small.post("/api/v1/articles", content=chunks(), headers={"Content-Type": "application/json", **WRITE})
    assert r.status_code == 413


# --- rows --------------------------------------------------------------------------------------

def test_a_remote_stores_answer_over_the_row_cap_is_refused_whole(oxigraph: Server) -> None:
    remote = oxigraph.store()
    remote.replace_graph("https://example.org/rows", "\n".join(
        f"<https://example.org/s{i}> <https://example.org/p> {i} ." for i in range(50)))
    try:
        with TestClient(create_app(Settings(max_result_rows=20), remote)) as c:
            for query, accept in (("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json"),
                                  ("SELECT * WHERE { ?s ?p ?o }", "text/tab-separated-values"),
                                  ("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")):
                r = c.get("/sparql", params={"query": query}, headers={"Accept": accept})
                assert r.status_code == 400 and "more than 20" in r.text, r.text
            r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 20"}, headers={"Accept": "text/csv"})
            assert r.status_code == 200 and len(r.text.strip().splitlines()) == 21
    finally:
        empty_store(remote)
        remote.close()


# --- concurrency -------------------------------------------------------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a { %s } VALUES ?b { %s } VALUES ?c { %s } }" % ((
    " ".join(str(i) for i in range(300)),) * 3)


def test_queries_over_the_concurrency_limit_queue_then_get_503_with_retry_after() -> None:
    app = create_app(Settings(max_concurrent_queries=1, query_timeout=0.6), EmbeddedStore(None))

    async def scenario() -> tuple[httpx.Response, httpx.Response, httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            runaway = asyncio.create_task(client.post("/sparql", data={"query": RUNAWAY}))
            await asyncio.sleep(0.1)
            queued = await client.get("/sparql", params={"query": "ASK {}"})
            first = await runaway
            while True:  # the runaway's worker is let go when pyoxigraph returns
                later = await client.get("/sparql", params={"query": "ASK {}"})
                if later.status_code != 503:
                    return first, queued, later
                await asyncio.sleep(0.2)

    first, queued, later = asyncio.run(scenario())
    assert first.status_code == 503 and "time limit" in first.text
    assert queued.status_code == 503 and queued.headers["retry-after"] == "5" and "busy" in queued.text
    assert later.status_code == 200 and later.json()["boolean"] is True
