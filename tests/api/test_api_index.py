"""The entity index: what names resolve to, and when the cached index is rebuilt."""

from __future__ import annotations

import time

import pytest

from diplograph.errors import InputError
from diplograph.profiles import Entity, EntityIndex, IndexCache, load_index
from diplograph.store.base import Store
from diplograph.store.embedded import EmbeddedStore

BASE = "https://w3id.org/diplograph/id/entity/"


def small_index() -> EntityIndex:
    return EntityIndex([
        Entity(BASE + "sergei-lavrov", {"Sergei Lavrov"}, {"Lavrov", "Sergey Lavrov"}),
        Entity(BASE + "Q159", {"Russia"}, {"Moscow"}, "Q159"),
        Entity(BASE + "aleppo-ceasefire", {"Aleppo ceasefire"}),
        Entity(BASE + "Q41183", {"Aleppo"}, set(), "Q41183"),
    ])


def test_a_name_means_every_entity_whose_name_holds_all_its_words() -> None:
    index = small_index()
    assert index.resolve("aleppo") == [BASE + "Q41183", BASE + "aleppo-ceasefire"]
    assert index.resolve("ceasefire ALEPPO") == [BASE + "aleppo-ceasefire"]
    assert index.resolve("Moscow") == [BASE + "Q159"]
    assert index.resolve("Q159") == index.resolve(BASE + "Q159") == index.resolve("http://www.wikidata.org/entity/Q159")
    assert index.resolve("sergei-lavrov") == [BASE + "sergei-lavrov"]
    assert index.resolve("Kerry") == []
    with pytest.raises(InputError):
        index.resolve("https://example.org/with space")
    with pytest.raises(InputError):
        index.resolve("   ")


def test_index_of_the_seed_knows_mentions_qids_and_classes(store: EmbeddedStore) -> None:
    index = load_index(store)
    russia = index.by_wikidata("Q159")
    assert russia is not None and russia.label == "Russia" and "State" in russia.summary()["types"]
    lavrov = index.by_id("sergei-lavrov")
    assert lavrov is not None and "Lavrov" in lavrov.aliases


def test_the_cache_rebuilds_after_a_write_at_once_and_after_its_ttl_in_the_background() -> None:
    built: list[int] = []

    def loader(_: Store) -> EntityIndex:
        built.append(len(built))
        return small_index()

    cache = IndexCache(ttl=0.2, loader=loader)
    store = EmbeddedStore(None)
    first = cache.get(store, generation=0)
    assert cache.get(store, generation=0) is first and len(built) == 1
    after_write = cache.get(store, generation=1)
    assert after_write is not first and len(built) == 2
    time.sleep(0.3)
    assert cache.get(store, generation=1) is after_write  # stale: answered at once, refreshed behind
    deadline = time.monotonic() + 5
    while cache.get(store, generation=1) is after_write and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache.get(store, generation=1) is not after_write and len(built) == 3
