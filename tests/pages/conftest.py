"""Fixtures of the page tests: the seeded store of the API tests, and a client over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import TOKEN, seeded_store

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app


@pytest.fixture(scope="session")
def page_store(seed_gold: Path) -> EmbeddedStore:
    return seeded_store(seed_gold)


@pytest.fixture(scope="session")
def browser_client(page_store: EmbeddedStore) -> Iterator[TestClient]:
    """A client that asks for HTML, as a browser does."""
    with TestClient(create_app(Settings(token=TOKEN), page_store), headers={"Accept": "text/html,*/*;q=0.8"}) as c:
        yield c
