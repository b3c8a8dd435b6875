"""A small Dask LocalCluster shared by the distributed-ingest tests, and the real servers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.store.servers import oxigraph

__all__ = ["oxigraph"]  # the session's Oxigraph server, for loading shards into a remote store


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """Two worker processes with one thread each: the shape of a small real cluster."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as cluster, distributed.Client(cluster) as client:
        yield client
