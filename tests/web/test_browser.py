"""In Chromium: an analyst logs in, uploads the seed document, sees its events on the map and
the Bamako alert in the queue, acknowledges it, switches to French; the map is screenshotted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sentinelle.api import Role
from sentinelle.extract import load_reference_data
from sentinelle.store import Database
from tests.api.client import PASSWORD, add_account, make_app
from tests.api.serving import serve_in_thread

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# Generous: the first upload loads the NLP models of the extraction stage.
STEP_TIMEOUT_MS = 120_000


@pytest.fixture
def browser_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """A fresh SQLite store with the reference data loaded, as after `reference load`."""
    path = tmp_path / "browser.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    load_reference_data(database)
    yield database
    database.dispose()


@pytest.mark.slow
def test_an_analyst_works_the_seed_document_in_chromium(
    browser_db: Database, seed_file: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)")
    from playwright.sync_api import expect, sync_playwright

    add_account(browser_db, Role.ANALYST, "awa")
    ARTIFACTS.mkdir(exist_ok=True)
    with serve_in_thread(make_app(browser_db)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(STEP_TIMEOUT_MS)
        try:
            page.goto(f"{base}/lang/en?next=/login")
            page.fill("#username", "awa")
            page.fill("#password", PASSWORD)
            page.click("#login-submit")
            expect(page.locator("#nav-upload")).to_have_text("Add a report")

            page.click("#nav-upload")
            page.set_input_files("#upload-file", str(seed_file))
            page.click("#upload-submit")
            expect(page.locator("#upload-notice")).to_be_visible()
            page.wait_for_function(
                "() => Number(document.getElementById('map').dataset.eventsShown || 0) > 0"
            )
            assert page.locator("path.event-marker").count() >= 1

            page.click("#nav-alerts")
            bamako = page.locator("#alert-table tr", has_text="Bamako").first
            expect(bamako).to_be_visible()
            bamako.locator("button.action-acknowledge").click()
            expect(
                page.locator("#alert-table tr", has_text="Bamako").first.locator(".state")
            ).not_to_have_text("raised")

            page.click("#lang-switch")
            expect(page.locator("#nav-alerts")).to_have_text("Alertes")
            page.goto(f"{base}/")
            page.wait_for_function(
                "() => Number(document.getElementById('map').dataset.eventsShown || 0) > 0"
            )
            expect(page.locator("h1")).to_have_text("Carte des événements")
            page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTIFACTS / "map.png").stat().st_size > 10_000
