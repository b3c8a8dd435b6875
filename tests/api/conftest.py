"""Fixtures of the REST, reconciliation and page tests: a store holding the seed article's gold
annotation and the example articles' annotations, and an in-process client of the whole app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from diplograph.api import ingest_extraction
from diplograph.config import Settings
from diplograph.model import load_extraction
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_GOLD = sorted((ROOT / "examples" / "gold").glob("*.gold.json"))
TOKEN = "api-test-token-0b7e"


def seeded_store(seed_gold: Path, path: Path | None = None) -> EmbeddedStore:
    """A store with the seed article and the example articles, mapped and validated."""
    store = EmbeddedStore(path)
    for gold in [seed_gold, *EXAMPLE_GOLD]:
        ingest_extraction(store, load_extraction(gold))
    return store


@pytest.fixture(scope="session")
def store(seed_gold: Path) -> EmbeddedStore:
    """The seeded store, shared by tests that only read."""
    return seeded_store(seed_gold)


@pytest.fixture(scope="session")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    """A client of the app over the shared store (a token is configured)."""
    with TestClient(create_app(Settings(token=TOKEN, query_timeout=30.0), store)) as c:
        yield c


@pytest.fixture()
def fresh_client(seed_gold: Path) -> Iterator[tuple[TestClient, EmbeddedStore]]:
    """A client of its own store, for tests that write."""
    own = seeded_store(seed_gold)
    with TestClient(create_app(Settings(token=TOKEN), own)) as c:
        yield c, own
