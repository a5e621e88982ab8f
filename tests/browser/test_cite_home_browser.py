"""What a reader sees of "Cite this page", the footer and the home page's case cards, in Chromium.

Both languages, at 1280×800 and 390×844. Expected values come from the sources: the page's own address, the
case files.
"""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import ROOT
from .site_pages import LANGS, in_lang

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
CASES = sorted(p.stem for p in (ROOT / "cases").glob("*.yml"))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_cite_this_page_footer_and_cards(browser: Any, site_url: str, lang: str, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(base_url=site_url, viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for path in ("", f"cases/{CASES[0]}/"):
            page.goto(in_lang(path, lang))
            # "Cite this page" holds the page's own address, and can be read at this width.
            box = page.locator(".cb-cite-page")
            box.scroll_into_view_if_needed()
            assert box.is_visible()
            link = box.locator(".cb-ref a")
            assert link.get_attribute("href") == page.url
            heading = box.locator("h2").inner_text()
            assert heading == ("Cite this page" if lang == "en" else "Citer cette page")
            rect = box.bounding_box()
            assert rect and rect["x"] >= 0 and rect["x"] + rect["width"] <= width, "the citation is wider than the screen"
            # The footer speaks the page's language.
            footer = page.locator(".md-copyright").inner_text()
            assert ("Content and data under the licence" in footer) == (lang == "en")
            assert ("Contenus et données sous licence" in footer) == (lang == "fr")
            assert "Made with" not in footer or lang == "en"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"/{in_lang(path, lang)} is {overflow}px wider than a {width}px screen"
        # The home page: a card per case, each card wholly clickable and inside the screen.
        page.goto(in_lang("", lang))
        cards = page.locator(".cb-card")
        assert cards.count() == len(CASES)
        for i in range(cards.count()):
            r = cards.nth(i).bounding_box()
            assert r and r["x"] >= 0 and r["x"] + r["width"] <= width
        if size == "desktop":  # a grid, not a column of ten
            tops = {round(cards.nth(i).bounding_box()["y"]) for i in range(3)}  # type: ignore[index]
            assert len(tops) == 1, "the first three cards should share a row at 1280 px"
        first = cards.nth(0)
        first.scroll_into_view_if_needed()
        box = first.bounding_box()
        assert box
        with page.expect_navigation():
            page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] - 8)  # a corner, not the title
        assert "/cases/" in page.url
    finally:
        context.close()
