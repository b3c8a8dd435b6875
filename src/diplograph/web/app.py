"""The web service: ``create_app(settings, store)`` builds the FastAPI application.

One :class:`~diplograph.web.context.WebContext` (settings, store, query runner, templates) is
shared by every view; each part of the service is a router, included here with one line:

- ``web.sparql``: ``/sparql`` — SPARQL 1.1 Protocol and Service Description;
- ``web.graphstore``: ``/rdf-graph-store`` — Graph Store HTTP Protocol;
- ``web.linkeddata``: ``/id/…``, ``/ontology``, ``/.well-known/void`` — Linked Data.

Every error, ours or Starlette's, is answered by the one handler in ``web.errors``;
``web.middleware`` keeps bodies within the limit and lets other origins read, never write.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from diplograph import __version__
from diplograph.config import Settings
from diplograph.store.base import Store
from diplograph.web import api, graphstore, linkeddata, reconcile, sparql
from diplograph.web import pages as html_pages
from diplograph.web.context import WebContext, templates
from diplograph.web.errors import install_error_handlers
from diplograph.web.middleware import BodyLimit, ReadOnlyCors
from diplograph.web.runner import QueryRunner

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings, store: Store) -> FastAPI:
    """The application, sharing one store and one set of settings."""
    runner = QueryRunner(workers=settings.max_concurrent_queries)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # what is loaded to serve (modules, the app and its routes, hundreds of thousands of objects)
        # lives as long as the process: kept out of the collector's full passes, which otherwise
        # walk all of it every so often in the middle of a request (a pause seen in the p99)
        gc.freeze()
        yield
        runner.close()
        gc.unfreeze()

    app = FastAPI(title="diplograph", version=__version__, lifespan=lifespan,
                  description="Who said what, to and about whom, when, and on what evidence: a SPARQL 1.1 "
                              "endpoint, a graph store, Linked Data and a REST API over news reports of diplomacy.")
    pages = templates()
    app.state.diplograph = WebContext(settings=settings, store=store, runner=runner, pages=pages)
    app.state.templates = pages
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(ReadOnlyCors)  # outermost: refusals of the body limit are readable too

    app.include_router(sparql.router)
    app.include_router(graphstore.router)
    app.include_router(linkeddata.router)
    app.include_router(api.router)
    app.include_router(reconcile.router)
    app.include_router(html_pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/health", tags=["Service"], summary="Liveness and version")
    async def health() -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__})

    return app
