"""Queries run off the event loop within a time limit (web/runner.py): a runaway query gets an
error status, never a partial answer, and other clients are answered while it runs."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from diplograph.config import Settings
from diplograph.errors import QueryTimeout
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app
from diplograph.web.runner import QueryRunner


def cross_product(width: int, aggregate: bool) -> str:
    """width³ solutions; COUNT them (one blocking operator) or list them (streamed)."""
    values = " ".join(str(i) for i in range(width))
    head = "SELECT (COUNT(*) AS ?n)" if aggregate else "SELECT *"
    return f"{head} WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"


QUICK = "ASK { ?s ?p ?o }"


def small_store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.replace_graph("http://example.org/g", "<http://example.org/a> <http://example.org/p> 1 .")
    return store


async def runaway_and_quick(settings: Settings, runaway: str) -> tuple[httpx.Response, list[httpx.Response], bool, float]:
    app = create_app(settings, small_store())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test", timeout=60) as client:
        started = time.monotonic()
        slow = asyncio.create_task(client.get("/sparql", params={"query": runaway}))
        await asyncio.sleep(0.05)
        quick = await asyncio.gather(*(client.get("/sparql", params={"query": QUICK}) for _ in range(20)))
        answered_while_running = not slow.done()
        slow_response = await slow
        return slow_response, list(quick), answered_while_running, time.monotonic() - started


def test_a_blocking_runaway_query_times_out_while_twenty_others_are_answered() -> None:
    settings = Settings(query_timeout=1.0, max_concurrent_queries=4)
    # ~4 s of work inside one COUNT that pyoxigraph cannot interrupt: the request is answered
    # at the limit and the worker is abandoned until the store call returns
    slow, quick, meanwhile, took = asyncio.run(runaway_and_quick(settings, cross_product(400, aggregate=True)))
    assert meanwhile
    assert [r.status_code for r in quick] == [200] * 20 and all(r.json()["boolean"] for r in quick)
    assert slow.status_code == 503 and "time limit of 1 s" in slow.text
    assert "results" not in slow.text
    assert took < 3.5


def test_a_streaming_runaway_query_is_stopped_not_just_abandoned() -> None:
    settings = Settings(query_timeout=0.5, max_concurrent_queries=2, max_result_rows=10**9)
    app = create_app(settings, small_store())
    runner: QueryRunner = app.state.diplograph.runner

    async def scenario() -> tuple[int, int]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            r = await client.get("/sparql", params={"query": cross_product(300, aggregate=False)})
            for _ in range(100):  # the worker notices the deadline between rows and gives up
                if runner.abandoned == 0:
                    break
                await asyncio.sleep(0.05)
            return r.status_code, runner.abandoned

    status, still_running = asyncio.run(scenario())
    assert status == 503 and still_running == 0


def test_when_every_worker_is_busy_a_query_waits_then_gives_up() -> None:
    runner = QueryRunner(workers=1)

    async def scenario() -> None:
        blocker = asyncio.create_task(runner.run(lambda: time.sleep(1.0), timeout=5))
        await asyncio.sleep(0.05)
        with pytest.raises(QueryTimeout, match="busy"):
            await runner.run(lambda: 1, timeout=0.2)
        await blocker
        assert await runner.run(lambda: 2, timeout=1) == 2  # the worker is free again

    asyncio.run(scenario())
    runner.close()


def test_errors_in_a_worker_reach_the_request() -> None:
    runner = QueryRunner(workers=2)

    def fail() -> None:
        raise QueryTimeout("from the worker")

    with pytest.raises(QueryTimeout, match="from the worker"):
        asyncio.run(runner.run(fail, timeout=1))
    runner.close()
