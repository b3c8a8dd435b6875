"""Run the web service with uvicorn."""

from __future__ import annotations

import uvicorn

from diplograph.config import Settings
from diplograph.store.base import Store
from diplograph.web.app import create_app


def serve(settings: Settings, store: Store) -> None:
    """Serve until interrupted."""
    uvicorn.run(create_app(settings, store), host=settings.host, port=settings.port, log_level="info")
