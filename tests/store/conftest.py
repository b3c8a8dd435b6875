"""The store fixture: every store test runs against each Store implementation listed here.

A remote implementation adds its name to STORE_KINDS and a branch to ``make_store``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from diplograph.store.base import Store
from diplograph.store.embedded import EmbeddedStore

STORE_KINDS = ["embedded"]


def make_store(kind: str, tmp_path: Path) -> Store:
    if kind == "embedded":
        return EmbeddedStore(tmp_path / "store")
    raise ValueError(kind)


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    db = make_store(str(request.param), tmp_path)
    try:
        yield db
    finally:
        db.close()
