"""Run the web service with uvicorn: ``diplograph serve`` calls :func:`serve`."""

from __future__ import annotations

import uvicorn

from diplograph.config import Settings
from diplograph.store.base import Store
from diplograph.web.app import create_app


def serve(settings: Settings, store: Store, *, log_level: str = "info") -> None:
    """Serve ``store`` on ``settings.host``:``settings.port`` until interrupted.

    One process: queries run on ``settings.max_concurrent_queries`` worker threads (pyoxigraph
    releases the GIL), so a second process would only add a second copy of the store's caches.
    The access log names method, path and status; request headers, and so the token, are never logged.
    """
    config = uvicorn.Config(create_app(settings, store), host=settings.host, port=settings.port,
                            log_level=log_level, proxy_headers=True, server_header=False,
                            timeout_graceful_shutdown=5)
    uvicorn.Server(config).run()
