"""Stores: where article graphs live. ``open_store`` picks the implementation."""

from diplograph.store.base import QueryAnswer, Store, select_rows
from diplograph.store.embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "QueryAnswer", "Store", "select_rows"]
