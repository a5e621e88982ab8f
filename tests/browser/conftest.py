"""Playwright fixtures: Debian's Chromium driving the built site served on 127.0.0.1.

``page`` records console errors, page errors and every request; a request to any host other than the local
server is aborted and fails the test at teardown, as does a console error (tests that expect one can clear
``page.casebook_console``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser/ drives Chromium, so `-m "not browser"` leaves them all out (Lighthouse, search
    and the smoke test included, which carried no marker of their own)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed (bash .ci/test installs it as root)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=site_url, java_script_enabled=True)
    pg = context.new_page()
    local = urlsplit(site_url).netloc
    console: list[str] = []
    offsite: list[str] = []

    def on_route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc == local or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            offsite.append(url)
            route.abort()

    pg.route("**/*", on_route)
    pg.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}") if msg.type == "error" else None)
    pg.on("pageerror", lambda err: console.append(f"pageerror: {err}"))
    pg.casebook_console = console
    pg.casebook_offsite = offsite
    try:
        yield pg
    finally:
        context.close()
    assert not offsite, f"requests left localhost: {offsite}"
    assert not console, f"console errors: {console}"
