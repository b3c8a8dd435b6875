"""Errors of the web layer, and the one handler that answers every error.

The core's errors (``diplograph.errors``) carry their HTTP status; the ones here add the
statuses only HTTP has. :func:`install_error_handlers` renders all of them, and Starlette's
own 404 / 405, alike: JSON for API clients (an ``/api/`` or ``/reconcile`` path, or an Accept
header that prefers JSON), an HTML page for browsers, plain text otherwise — the form SPARQL
clients show to their users. The message never includes request headers (the token).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from diplograph.errors import DiplographError, QueryTimeout
from diplograph.web.negotiation import choose


class WebError(DiplographError):
    """An error only HTTP has, with headers to send along (``WWW-Authenticate``, ``Allow``)."""

    http_status = 400

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.headers = dict(headers or {})


class Unauthorized(WebError):
    """A write without the right bearer token."""

    http_status = 401

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": 'Bearer realm="diplograph"'})


class Forbidden(WebError):
    """A write while writes are switched off (no token configured)."""

    http_status = 403


class NotFound(WebError):
    """Nothing is known at this address."""

    http_status = 404


class MethodNotAllowed(WebError):
    """A method the resource does not take; ``allow`` lists those it does."""

    http_status = 405

    def __init__(self, message: str, allow: str) -> None:
        super().__init__(message, headers={"Allow": allow})


class NotAcceptable(WebError):
    """No format we can answer in is acceptable to the client."""

    http_status = 406


class PayloadTooLarge(WebError):
    """A request body (or query) over the configured limit."""

    http_status = 413


class UnsupportedMediaType(WebError):
    """A request body in a format we do not read."""

    http_status = 415


class ServerBusy(QueryTimeout):
    """Every query worker stayed busy for the whole time limit: 503, with ``Retry-After``.

    Requests over ``max_concurrent_queries`` wait in a queue rather than being turned away at
    once; only one that waits its whole time limit gets this."""

    #: Seconds a client is asked to wait before trying again.
    retry_after = 5

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(self.retry_after)}


_ERROR_FORMATS = {"text/plain": "text", "application/json": "json", "text/html": "html"}


def error_response(request: Request, status: int, message: str, kind: str,
                   headers: Mapping[str, str] | None = None) -> Response:
    """The response for an error, in the form the client is likely to read."""
    path = request.url.path
    if path.startswith(("/api/", "/reconcile")):
        form = "json"
    else:
        form = choose(request.headers.get("accept"), _ERROR_FORMATS, "text") or "text"
        if form == "text" and "json" in (request.headers.get("accept") or ""):
            form = "json"  # application/sparql-results+json and friends read JSON errors best
    extra = dict(headers or {})
    if request.method == "HEAD":
        return Response(status_code=status, headers=extra)
    if form == "json":
        return JSONResponse({"error": kind, "status": status, "message": message}, status_code=status, headers=extra)
    if form == "html":
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            page = templates.get_template("error.html").render(title=f"{status} {kind}", status=status, kind=kind,
                                                               message=message)
            return HTMLResponse(page, status_code=status, headers=extra)
    return PlainTextResponse(f"{message}\n", status_code=status, headers=extra)


def _kind(exc: Exception) -> str:
    return type(exc).__name__


def install_error_handlers(app: FastAPI) -> None:
    """Answer diplograph's errors and Starlette's HTTP errors through :func:`error_response`."""

    @app.exception_handler(DiplographError)
    async def on_diplograph_error(request: Request, exc: DiplographError) -> Response:
        headers = exc.headers if isinstance(exc, WebError | ServerBusy) else None
        return error_response(request, exc.http_status, exc.message, _kind(exc), headers)

    @app.exception_handler(RecursionError)
    async def on_too_deep(request: Request, exc: RecursionError) -> Response:
        # JSON or a form nested thousands deep overflows Python's parser in any view that reads it
        return error_response(request, 400, "the request is nested too deeply to be read", "InputError")

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        kinds = {404: "NotFound", 405: "MethodNotAllowed"}
        return error_response(request, exc.status_code, detail, kinds.get(exc.status_code, "HTTPError"), exc.headers)
