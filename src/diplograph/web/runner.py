"""Store work off the event loop, on a fixed set of worker threads, each job with a deadline.

pyoxigraph cannot stop a query once it runs (its joins and aggregates are computed inside one
call that releases the GIL). So at a query's deadline the request is answered with
:class:`~diplograph.errors.QueryTimeout` at once and the job is *abandoned*: its thread goes on
until the store call returns, keeping its slot, so the number of threads busy with store work
never exceeds ``workers``. The store checks the same deadline while it reads the answer
(``store.results.limited``), so a query that streams rows stops by itself at the deadline;
only a query stuck inside one blocking operator keeps its thread until that operator ends.

Threads are daemons, so a server with a runaway query still stops when asked to.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from diplograph.errors import QueryTimeout
from diplograph.web.errors import ServerBusy

T = TypeVar("T")

#: How often a request waiting for a free worker looks again (seconds).
_POLL = 0.005


class _Job:
    """One call for a worker, and where its outcome goes: an asyncio future on the loop that
    waits for it (settled through ``call_soon_threadsafe``, the one cross-thread step)."""

    __slots__ = ("call", "finished", "future", "given_up", "loop")

    def __init__(self, call: Callable[[], Any], loop: asyncio.AbstractEventLoop, future: asyncio.Future[Any]) -> None:
        self.call, self.loop, self.future = call, loop, future
        self.finished = False  # the worker is done with it (both flags change under the runner's lock)
        self.given_up = False  # the request stopped waiting for it


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # answered already: timed out, or the request went away
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class QueryRunner:
    """Runs blocking store calls on ``workers`` daemon threads.

    >>> runner = QueryRunner(workers=2)
    >>> asyncio.run(runner.run(lambda: 6 * 7, timeout=5))
    42
    """

    def __init__(self, workers: int = 8) -> None:
        self.workers = max(1, workers)
        self._slots = threading.BoundedSemaphore(self.workers)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._abandoned = 0

    @property
    def abandoned(self) -> int:
        """Jobs given up on (timed out) whose worker threads are still running them."""
        return self._abandoned

    def _start_threads(self) -> None:
        with self._lock:
            while len(self._threads) < self.workers:
                thread = threading.Thread(target=self._work, name=f"diplograph-query-{len(self._threads)}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            result: Any = None
            error: BaseException | None = None
            try:
                if not job.given_up:  # nobody waits any more for a job that timed out in the queue
                    result = job.call()
            except BaseException as exc:  # handed to the waiting request, which raises it
                error = exc
            finally:
                with self._lock:
                    job.finished = True
                    if job.given_up:
                        self._abandoned -= 1
                    given_up = job.given_up
                self._slots.release()
            if not given_up:
                with contextlib.suppress(RuntimeError):  # a closed loop: nobody is left to tell
                    job.loop.call_soon_threadsafe(_settle, job.future, result, error)

    async def _acquire(self, deadline: float | None) -> bool:
        while not self._slots.acquire(blocking=False):
            if deadline is not None and time.monotonic() >= deadline:
                return False
            await asyncio.sleep(_POLL)
        return True

    async def run(self, call: Callable[[], T], *, timeout: float | None, what: str = "the query") -> T:
        """Run ``call`` on a worker thread and return its result.

        Raises ServerBusy (a QueryTimeout) when no worker is free within ``timeout`` seconds —
        calls over ``workers`` queue until then — and QueryTimeout when ``call`` has not returned
        within it (None: wait for ever — for writes, whose outcome the client must know).
        """
        if not self._threads:
            self._start_threads()
        deadline = None if timeout is None else time.monotonic() + timeout
        if not await self._acquire(deadline):
            raise ServerBusy(f"all {self.workers} query workers stayed busy for {timeout:g} s: "
                               f"{what} did not start; try again later")
        loop = asyncio.get_running_loop()
        job = _Job(call, loop, loop.create_future())
        self._jobs.put(job)
        if deadline is None:
            return await job.future  # type: ignore[no-any-return]
        message = f"{what} ran past the time limit of {timeout:g} s"
        timer = loop.call_later(max(0.0, deadline - time.monotonic()), self._give_up, job, message)
        try:
            return await job.future  # type: ignore[no-any-return]
        except asyncio.CancelledError:  # the client went away: stop waiting too
            self._give_up(job, message)
            raise
        finally:
            timer.cancel()

    def _give_up(self, job: _Job, message: str) -> None:
        with self._lock:
            if job.given_up or job.future.done():
                return
            job.given_up = True
            if not job.finished:  # its thread is still busy with it
                self._abandoned += 1
        job.future.set_exception(QueryTimeout(message))

    def close(self) -> None:
        """Let idle threads end (running jobs finish on their own; threads are daemons)."""
        with self._lock:
            for _ in self._threads:
                self._jobs.put(None)
            self._threads = []
