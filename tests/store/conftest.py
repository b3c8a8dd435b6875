"""The store fixture: every store test runs against each Store implementation listed here.

A remote implementation adds its name to STORE_KINDS and a branch to ``make_store``. The
remote kinds talk to real servers started once per session (tests/store/servers.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.store.servers import Server, empty_store, oxigraph, virtuoso

from diplograph.store.base import Store
from diplograph.store.embedded import EmbeddedStore
from diplograph.store.remote import RemoteStore

__all__ = ["oxigraph", "virtuoso"]  # session fixtures, registered by being imported here

STORE_KINDS = ["embedded", "oxigraph", "virtuoso"]


def make_store(kind: str, tmp_path: Path, request: pytest.FixtureRequest | None = None) -> Store:
    if kind == "embedded":
        return EmbeddedStore(tmp_path / "store")
    if kind in ("oxigraph", "virtuoso") and request is not None:
        server: Server = request.getfixturevalue(kind)
        return server.store()
    raise ValueError(kind)


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    db = make_store(str(request.param), tmp_path, request)
    try:
        yield db
    finally:
        if isinstance(db, RemoteStore):
            empty_store(db)  # the server lives for the session: leave it as the next test expects
        db.close()
