"""diplograph: who said what, to and about whom, when, and on what evidence.

The public Python API::

    import diplograph
    store = diplograph.open_store("data")
    diplograph.ingest(store, ["examples/"])
    rows = diplograph.query(store, "SELECT ?s WHERE { ?s a dg:Statement }")
"""

from __future__ import annotations

__version__ = "0.1.0"

from diplograph.api import ingest, ingest_extraction, open_store, query

__all__ = ["__version__", "ingest", "ingest_extraction", "open_store", "query"]
