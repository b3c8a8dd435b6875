"""Shared fixtures: paths to the shared evaluation data, and the rule for missing components."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_TEXT = SHARED / "corpus" / "aleppo-truce-2016-10-24.txt"
SEED_GOLD = SHARED / "eval" / "aleppo-truce-2016-10-24.gold.json"
EXAMPLES = ROOT / "examples"


def require_all() -> bool:
    """Under DIPLOGRAPH_REQUIRE_ALL=1 (CI), a missing component fails instead of skipping."""
    return os.environ.get("DIPLOGRAPH_REQUIRE_ALL", "") not in ("", "0", "false")


def missing_component(reason: str) -> None:
    """Skip the test on a laptop that lacks a real component; fail in CI."""
    if require_all():
        pytest.fail(f"required component missing (DIPLOGRAPH_REQUIRE_ALL=1): {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seed_gold() -> Path:
    """The seed article's gold annotation in ../shared (skipped, or failed in CI, when absent)."""
    if not SEED_GOLD.is_file():
        missing_component("../shared/eval is not beside the repository")
    return SEED_GOLD


@pytest.fixture(scope="session")
def seed_text() -> Path:
    """The seed article in ../shared."""
    if not SEED_TEXT.is_file():
        missing_component("../shared/corpus is not beside the repository")
    return SEED_TEXT
