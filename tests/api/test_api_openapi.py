"""The OpenAPI document is complete: schemathesis generates requests for every REST and
reconciliation operation from it (a bounded, derandomized number per operation) and every
response is no server error, has a documented status and content type, and matches its schema."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from tests.api.conftest import TOKEN

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

# the graph store's one route for five methods gives FastAPI duplicate operation ids (web.graphstore)
pytestmark = pytest.mark.filterwarnings("ignore:Duplicate Operation ID:UserWarning")
#: Generated requests per operation.
EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def operations() -> list[tuple[str, str]]:
    """(method, path) of every REST and reconciliation operation in the document."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        document = create_app(Settings(), EmbeddedStore(None)).openapi()
    return [(method.upper(), path) for path, ops in sorted(document["paths"].items()) if re.match(r"^/(api/v1|reconcile)", path)
            for method in sorted(ops)]


@pytest.fixture(scope="module")
def api_schema(store: EmbeddedStore) -> Any:
    # writes need the token, which schemathesis does not have: POST /api/v1/articles answers
    # 401 to every generated body, as documented, and the shared store stays as it was
    app = create_app(Settings(token=TOKEN, query_timeout=30.0), store)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize(("method", "path"), operations())
def test_every_operation_answers_as_documented(api_schema: Any, method: str, path: str) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def answers(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    answers()


@pytest.fixture(scope="module")
def writable_schema(seed_gold: Any) -> Any:
    from tests.api.conftest import seeded_store
    app = create_app(Settings(token=TOKEN, query_timeout=60.0), seeded_store(seed_gold))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_posted_articles_with_the_token_answer_as_documented(writable_schema: Any) -> None:
    # generated articles and extractions, sent with the token: extracted, stored or refused
    operation = writable_schema["/api/v1/articles"]["POST"]

    @given(case=operation.as_strategy())
    @settings(max_examples=15, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def answers(case: Any) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)

    answers()


def test_the_document_covers_every_rest_and_reconciliation_route(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    paths = document["paths"]
    for path in ("/api/v1/statements", "/api/v1/statements/{statement_id}", "/api/v1/accusations", "/api/v1/ceasefires",
                 "/api/v1/casualty-reports", "/api/v1/meetings", "/api/v1/entities", "/api/v1/entities/{entity_id}",
                 "/api/v1/entities/by-wikidata/{qid}", "/api/v1/articles", "/api/v1/articles/{article_id}", "/reconcile",
                 "/reconcile/suggest/entity", "/reconcile/preview", "/reconcile/properties"):
        assert path in paths, path
    listing = paths["/api/v1/statements"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"speaker", "addressee", "about", "accused", "act", "mode",
                                                          "from", "to", "q", "article", "cursor", "limit"}
    assert set(listing["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    post = paths["/api/v1/articles"]["post"]
    assert {"201", "401", "403", "422"} <= set(post["responses"])
    assert "StatementOut" in document["components"]["schemas"]
