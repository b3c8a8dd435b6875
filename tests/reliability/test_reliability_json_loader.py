"""Whatever bytes come in as extraction JSON, the loader answers with an Extraction or an
InputError (a clear message) — never another exception. Random Unicode, random JSON values,
and valid extractions with parts swapped for random values are tried."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph import synth
from diplograph.errors import InputError
from diplograph.model import Extraction, dump_extraction, load_extraction_json

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30)
VALID = json.loads(dump_extraction(next(synth.articles(1, seed=3)).extraction))


def load(data: str | bytes) -> None:
    try:
        loaded = load_extraction_json(data)
    except InputError as exc:
        assert exc.message.strip()
    else:
        assert isinstance(loaded, Extraction)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_unicode_is_loaded_or_refused_with_a_message(text: str) -> None:
    load(text)
    load(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_are_loaded_or_refused_with_a_message(data: bytes) -> None:
    load(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_value_is_loaded_or_refused_with_a_message(value: Any) -> None:
    load(json.dumps(value))


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*at, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*at, index))
    return found


PATHS = [p for p in _paths(VALID) if p]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=4))
def test_a_valid_extraction_with_parts_swapped_is_loaded_or_refused(swaps: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = json.loads(json.dumps(VALID))
    for path, replacement in swaps:
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = replacement
        except (KeyError, IndexError, TypeError):
            continue  # an earlier swap removed the place
    load(json.dumps(data))


def test_json_nested_past_pythons_parser_is_refused() -> None:
    for text in ("[" * 100_000, '{"a":' * 100_000, '{"statements": ' + "[" * 50_000 + "]" * 50_000 + "}"):
        load(text)
