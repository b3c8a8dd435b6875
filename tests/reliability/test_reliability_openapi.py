"""Schemathesis over the rest of the OpenAPI document: tests/api/test_api_openapi.py fuzzes the
REST and reconciliation operations against their schemas; here every other operation (Linked
Data, the ontology, VoID, the graph store, the pages' JSON, health) gets a bounded, derandomized
number of generated requests, and none is answered with a server error. Together the two
cover the whole document."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from tests.web.conftest import TOKEN, corpus_store

from diplograph.config import Settings
from diplograph.store.embedded import EmbeddedStore
from diplograph.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Duplicate Operation ID:UserWarning")
#: Generated requests per operation.
EXAMPLES = 25
#: The operations tests/api/test_api_openapi.py checks.
ELSEWHERE = re.compile(r"^/(api/v1|reconcile)")


def operations() -> list[tuple[str, str]]:
    """(method, path) of every operation in the document that tests/api leaves out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        document = create_app(Settings(), EmbeddedStore(None)).openapi()
    return [(method.upper(), path) for path, ops in sorted(document["paths"].items()) if not ELSEWHERE.match(path)
            for method in sorted(ops)]


@pytest.fixture(scope="module")
def schema() -> Any:
    # writes need the token, which generated requests do not carry: the store stays as it is
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(token=TOKEN, query_timeout=30.0),
                                                                       corpus_store(2)))


@pytest.mark.parametrize(("method", "path"), operations())
def test_no_generated_request_is_a_server_error(schema: Any, method: str, path: str) -> None:
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def answers(case: Any) -> None:
        case.call_and_validate(checks=[not_a_server_error])

    answers()
