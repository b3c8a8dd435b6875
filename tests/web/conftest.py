"""Fixtures of the web tests: a store of synthetic articles (no ../shared needed) and a client
of the app in process over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from diplograph import synth
from diplograph.api import ingest_extraction
from diplograph.config import Settings
from diplograph.store.base import select_rows
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

TOKEN = "web-test-token"
DG = "https://w3id.org/diplograph/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def corpus_store(articles: int = 3) -> EmbeddedStore:
    """An in-memory store holding ``articles`` synthetic articles, mapped and validated."""
    store = EmbeddedStore(None)
    for article in synth.articles(articles, seed=11):
        ingest_extraction(store, article.extraction)
    return store


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return corpus_store()


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(token=TOKEN, query_timeout=20.0), store)) as c:
        yield c


@pytest.fixture(scope="module")
def person(store: EmbeddedStore) -> dict[str, str]:
    """One person of the corpus: its IRI and label."""
    rows = select_rows(store, f"SELECT ?e ?label WHERE {{ ?e a <{DG}Person> ; <{LABEL}> ?label }} ORDER BY ?e LIMIT 1")
    return {"iri": rows[0]["e"], "label": rows[0]["label"]}
