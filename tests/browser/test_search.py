"""Per-language search in a real browser: each language searches its own pages only, accents optional."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from casebook.base.i18n import lang_of_url

RESULTS = ".md-search-result__list .md-search-result__link"


def search(page: Any, start: str, query: str) -> list[str]:
    """Type ``query`` in the search box of ``start`` and return the absolute URLs of the results."""
    page.goto(start)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    try:
        page.locator(RESULTS).first.wait_for(timeout=20_000)
    except Exception:  # the worker may still be building the index on a busy machine: type the query again
        box.fill("")
        box.fill(query)
        page.locator(RESULTS).first.wait_for(timeout=30_000)
    return [str(page.evaluate("(a) => a.href", link)) for link in page.locator(RESULTS).element_handles()]


def site_paths(urls: list[str], site_url: str) -> list[str]:
    assert all(u.startswith(site_url) for u in urls), urls
    return [u[len(site_url):].split("?")[0].split("#")[0] for u in urls]


@pytest.mark.parametrize("query", ["imputabilité", "imputabilite", "IMPUTABILITE"])
def test_french_search_finds_imputabilite_with_or_without_accent_and_only_french_pages(
        page: Any, site_url: str, query: str) -> None:
    found = site_paths(search(page, "cases/", query), site_url)
    assert "concepts/accountability/" in found, found
    assert all(lang_of_url(p) == "fr" for p in found), found


def test_english_search_finds_accountability_and_only_english_pages(page: Any, site_url: str) -> None:
    found = site_paths(search(page, "en/cases/", "accountability"), site_url)
    assert "en/concepts/accountability/" in found, found
    assert all(lang_of_url(p) == "en" for p in found), found


def test_the_indexes_are_split_by_language(built_site: Path) -> None:
    fr = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert fr["config"]["lang"] == ["fr"] and en["config"]["lang"] == ["en"]
    fr_locations = {d["location"] for d in fr["docs"]}
    en_locations = {d["location"] for d in en["docs"]}
    assert "cases/spat/" in fr_locations and "cases/spat/" in en_locations  # English ones relative to en/
    assert not any(loc.startswith("en/") for loc in fr_locations | en_locations)
    en_titles = {d["title"] for d in en["docs"] if d["location"] == "cases/spat/"}
    fr_titles = {d["title"] for d in fr["docs"] if d["location"] == "cases/spat/"}
    assert en_titles and fr_titles and en_titles != fr_titles
