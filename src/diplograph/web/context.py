"""What every view shares: settings, the store, the query runner and the page templates.

A router reaches it through FastAPI's dependency injection::

    from fastapi import APIRouter, Depends
    from diplograph.web.context import WebContext, web_context

    router = APIRouter()

    @router.get("/api/v1/stats")
    async def stats(ctx: Annotated[WebContext, Depends(web_context)]) -> dict[str, int]:
        return {"quads": await ctx.run(ctx.store.count)}
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from diplograph.config import Settings
from diplograph.store.base import Store
from diplograph.web.errors import Forbidden, Unauthorized
from diplograph.web.runner import QueryRunner

T = TypeVar("T")

#: Where diplograph's IRIs live; the server answers for them under its own address.
W3ID_BASE = "https://w3id.org/diplograph/"
#: How long figures about the whole store (VoID counts) are kept.
CACHE_SECONDS = 60.0


def templates() -> jinja2.Environment:
    """The page templates (web/templates), HTML-escaped by default."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("diplograph.web", "templates"),
                             autoescape=jinja2.select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["local"] = local_href
    return env


def local_href(iri: str) -> str:
    """A link for ``iri`` on this server when it is one of ours (``/id/…``, ``/ontology#…``),
    else the IRI itself."""
    if iri.startswith(W3ID_BASE):
        return "/" + iri[len(W3ID_BASE):]
    return iri


@dataclass
class WebContext:
    """The one object the views share (Datasette's pattern)."""

    settings: Settings
    store: Store
    runner: QueryRunner
    pages: jinja2.Environment
    #: Bumped on every write through this server; caches of store-wide figures key on it.
    generation: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cache: dict[str, tuple[int, float, Any]] = field(default_factory=dict, repr=False)

    async def run(self, call: Callable[[], T], *, what: str = "the query", until_done: bool = False) -> T:
        """Run a blocking store call off the event loop, within the query timeout (or, for a
        write whose outcome the client must learn, ``until_done``)."""
        timeout = None if until_done else self.settings.query_timeout
        return await self.runner.run(call, timeout=timeout, what=what)

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """An HTML page from ``templates/<template>``."""
        return HTMLResponse(self.pages.get_template(template).render(**values), status_code=status)

    def check_token(self, authorization: str | None) -> None:
        """Allow a write only with ``Authorization: Bearer <token>`` (compared in constant time)."""
        token = self.settings.token
        if not token:
            raise Forbidden("writes are switched off on this server: no token is configured (DIPLOGRAPH_TOKEN)")
        scheme, _, given = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
            raise Unauthorized("writing needs a valid token: send the header 'Authorization: Bearer <token>'")

    def wrote(self) -> None:
        """Note a write, so cached figures about the store are computed again."""
        with self._lock:
            self.generation += 1

    def cached(self, key: str) -> Any:
        """A value cached since the last write through this server and for at most
        ``CACHE_SECONDS`` (another process may write to a remote store), or None."""
        with self._lock:
            hit = self._cache.get(key)
            if hit is None or hit[0] != self.generation or time.monotonic() - hit[1] > CACHE_SECONDS:
                return None
            return hit[2]

    def remember(self, key: str, value: T) -> T:
        """Cache ``value`` under ``key``."""
        with self._lock:
            self._cache[key] = (self.generation, time.monotonic(), value)
        return value


def web_context(request: Request) -> WebContext:
    """The shared context of the application serving ``request``."""
    ctx: WebContext = request.app.state.diplograph
    return ctx
