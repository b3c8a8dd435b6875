"""Two guards around the whole application, as plain ASGI middleware.

- :class:`BodyLimit`: no request body over ``max_body_bytes`` reaches a view. A declared
  ``Content-Length`` over the limit is answered 413 before anything is read; a body without one
  is counted as it arrives, and reading past the limit raises PayloadTooLarge in the view that
  reads it (answered 413 by the one error handler).
- :class:`ReadOnlyCors`: pages from other origins may *read* (GET, HEAD, and a SPARQL query or
  a reconciliation query sent by POST), never write. A preflight is granted only for a read and
  never for the ``Authorization`` header, which every write needs; so a browser refuses to send
  a cross-origin update, graph store write or ``POST /api/v1/articles``. Answers to reads carry
  ``Access-Control-Allow-Origin: *``; no answer allows credentials.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from diplograph.web.errors import PayloadTooLarge, error_response
from diplograph.web.sparql import READ_ONLY_SCOPE_KEY

#: Methods that only read, from any origin.
READ_METHODS = frozenset(("GET", "HEAD"))
#: Paths where a POST is a read: a SPARQL query (an update there is told apart by the view) and
#: reconciliation queries as OpenRefine sends them.
READ_POST_PATHS = ("/sparql", "/reconcile")
#: Request headers a cross-origin read may send (``Authorization`` is not one of them).
READ_HEADERS = frozenset(("accept", "accept-language", "content-language", "content-type"))
PREFLIGHT_SECONDS = 600


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = (_header(scope, b"content-length") or "").strip()
        if declared.isdigit() and int(declared) > self.limit:
            response = error_response(Request(scope), 413, f"the request body is {declared} bytes, over this "
                                      f"server's limit of {self.limit}", "PayloadTooLarge")
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise PayloadTooLarge(f"the request body is over this server's limit of {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


def _is_read(method: str, path: str) -> bool:
    return method in READ_METHODS or (method == "POST" and path.rstrip("/") in READ_POST_PATHS)


class ReadOnlyCors:
    """Cross-origin reads allowed, cross-origin writes refused (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _header(scope, b"origin") is None:
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        wanted = _header(scope, b"access-control-request-method")
        if method == "OPTIONS" and wanted is not None:
            await self._preflight(scope, receive, send, wanted.strip().upper(), path)
            return

        async def allow_reads(message: Message) -> None:
            if message["type"] == "http.response.start" and (
                    method in READ_METHODS or (_is_read(method, path) and scope.get(READ_ONLY_SCOPE_KEY, path != "/sparql"))):
                message["headers"] = [*message.get("headers", ()), (b"access-control-allow-origin", b"*"),
                                      (b"vary", b"Origin")]
            await send(message)

        await self.app(scope, receive, allow_reads)

    async def _preflight(self, scope: Scope, receive: Receive, send: Send, wanted: str, path: str) -> None:
        asked = {h.strip().lower() for h in (_header(scope, b"access-control-request-headers") or "").split(",") if h.strip()}
        refused_headers = sorted(asked - READ_HEADERS)
        if not _is_read(wanted, path) or refused_headers:
            why = (f"{', '.join(refused_headers)} cannot be sent" if refused_headers and _is_read(wanted, path)
                   else f"{wanted} {path} writes")
            response = error_response(Request(scope), 403, f"cross-origin requests may only read: {why}", "Forbidden")
            await response(scope, receive, send)
            return
        methods = "GET, HEAD, POST" if path.rstrip("/") in READ_POST_PATHS else "GET, HEAD"
        headers = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": methods,
                   "Access-Control-Allow-Headers": ", ".join(sorted(READ_HEADERS)),
                   "Access-Control-Max-Age": str(PREFLIGHT_SECONDS), "Vary": "Origin"}
        await Response(status_code=204, headers=headers)(scope, receive, send)
