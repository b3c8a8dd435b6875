"""The pages in a real browser: headless Chromium (Debian's package), driven by Playwright,
against a real `diplograph serve` process on 127.0.0.1 over a store holding the seed and the
example articles. A reader searches "Lavrov", reaches his accusation, opens its evidence in
the article, and runs an example SPARQL query. Screenshots go to test-artifacts/pages/."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.api.conftest import seeded_store
from tests.conftest import missing_component
from tests.store.servers import serve_diplograph

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "pages"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.needs_component


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_gold: Path) -> Iterator[str]:
    """`diplograph serve` over a store on disk with the seed and the examples."""
    folder = tmp_path_factory.mktemp("pages-served")
    store = seeded_store(seed_gold, folder / "store")
    store.close()
    del store
    gc.collect()  # pyoxigraph lets go of the folder's lock when the store is dropped
    log = folder / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOGRAPH_")}
    with serve_diplograph(folder / "store", env, log) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium from the system, never a downloaded build."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_component("the playwright Python package is not installed")
    if not CHROMIUM.is_file() and shutil.which("chromium") is None:
        missing_component("Debian's chromium is not installed (/usr/bin/chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.is_file() else shutil.which("chromium")),
                                     args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def test_search_lavrov_reach_his_accusation_open_its_evidence_and_run_a_query(server: str, browser: Any) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(server + "/")
        page.fill("#q", "Lavrov")
        page.press("#q", "Enter")
        page.wait_for_selector("#results a.hit")
        page.screenshot(path=str(ARTIFACTS / "1-search.png"), full_page=True)

        page.click("#results a.hit:has-text('Sergei Lavrov')")
        page.wait_for_selector("h1:has-text('Sergei Lavrov')")
        assert page.locator("svg.timeline rect.said").count() > 0
        page.screenshot(path=str(ARTIFACTS / "2-entity.png"), full_page=True)

        accusation = page.locator("#accusations-made + ol li.accusation a.content").first
        accusation.click()
        page.wait_for_selector("blockquote.content")
        assert page.locator("#evidence-content").is_hidden()  # the article is folded until asked for
        page.click("#evidence summary")
        mark = page.locator("#evidence-content")
        mark.wait_for(state="visible")
        statement_id = page.url.rstrip("/").rsplit("/", 1)[-1]
        twin = httpx.get(f"{server}/statement/{statement_id}.json").json()
        assert mark.inner_text() == twin["statement"]["evidence"][0]["text"]
        facts = page.locator("table.facts").inner_text()
        assert all(a["label"] in facts for a in twin["statement"]["accusation"]["accused"])
        assert page.locator("mark.sentence").is_visible()
        page.screenshot(path=str(ARTIFACTS / "3-evidence.png"), full_page=True)

        page.goto(server + "/query")
        page.click("button.example >> nth=1")
        page.wait_for_selector("#results-table tbody tr")
        assert page.locator("#results-table tbody tr").count() > 0
        assert "rows" in page.locator("#status").inner_text()
        page.screenshot(path=str(ARTIFACTS / "4-query.png"), full_page=True)
        assert errors == []
    finally:
        page.close()
