"""Moving around the site in Chromium: the language switcher, case ↔ concept, citation → reference → citing page,
and every page type opening with no console error and no request leaving localhost (the ``page`` fixture fails a
test on either)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casebook.base.text import fr_typo

from .site_pages import CASE_ID, CONCEPT_ID, LANGS, case_data, concept_data, in_lang, page_params, path_of, require_page

pytestmark = pytest.mark.browser

OTHER = {"fr": "en", "en": "fr"}


def switch_language(page: Any, lang: str) -> None:
    """Open the switcher (a hover, as a mouse user does) and follow the link to ``lang``."""
    page.locator(".md-header .md-select").hover()
    page.locator(f'.md-select__link[hreflang="{lang}"]').click()
    page.wait_for_load_state()


@pytest.mark.parametrize(("page_type", "path"), page_params(with_lang=False))
def test_language_switcher_leads_to_the_counterpart_page(page: Any, site_url: str, built_site: Path,
                                                         page_type: str, path: str) -> None:
    require_page(built_site, page_type, path)
    page.goto(path)
    for lang in ("en", "fr"):  # French -> English -> French
        current = page.locator(".md-select__link[aria-current=page]")
        assert current.get_attribute("hreflang") == OTHER[lang]
        switch_language(page, lang)
        assert path_of(page, site_url) == in_lang(path, lang)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator(".md-select__link[aria-current=page]").get_attribute("hreflang") == lang
        if page_type == "case":  # French texts are shown with French typography (no-break spaces)
            title = case_data(CASE_ID)["title"][lang]
            assert page.locator("h1").first.inner_text() == (fr_typo(title) if lang == "fr" else title)
        elif page_type == "concept":
            assert page.locator("h1").first.inner_text() == concept_data(CONCEPT_ID)["term"][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_404_page_offers_each_language_home(page: Any, site_url: str, built_site: Path, lang: str) -> None:
    path = in_lang("404.html", lang)
    if not (built_site / path).is_file():
        pytest.skip(f"/{path} is not built")
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == lang
    switch_language(page, OTHER[lang])
    assert path_of(page, site_url) == in_lang("", OTHER[lang])  # a 404 has no counterpart: the other home


@pytest.mark.parametrize("lang", LANGS)
def test_case_to_concept_to_case(page: Any, site_url: str, lang: str) -> None:
    case = case_data(CASE_ID)
    sector = case["sector"][0]  # a facet value of the fact box (the case leaves its mode unstated)
    term = concept_data(sector)["term"][lang]
    page.goto(in_lang(f"cases/{CASE_ID}/", lang))
    page.locator(".cb-facts").get_by_role("link", name=term, exact=True).click()
    assert path_of(page, site_url) == in_lang(f"concepts/{sector}/", lang)
    assert page.locator("h1").first.inner_text() == term
    # The concept page lists the cases that use it, the one we came from among them.
    back = page.locator("#cases ~ ul a.cb-case-link", has_text=case["title"][lang])
    assert back.count() == 1
    back.click()
    assert path_of(page, site_url) == in_lang(f"cases/{CASE_ID}/", lang)
    assert page.locator("h1").first.inner_text() == (fr_typo(case["title"][lang]) if lang == "fr" else case["title"][lang])


@pytest.mark.parametrize("lang", LANGS)
def test_citation_to_reference_and_back_to_the_citing_page(page: Any, site_url: str, lang: str) -> None:
    case_path = in_lang(f"cases/{CASE_ID}/", lang)
    page.goto(case_path)
    cite = page.locator("a.cb-cite__link").first
    key = str(cite.get_attribute("href")).split("#ref-", 1)[1]
    cite.click()
    # The citation leads to the page's own reference list entry...
    assert page.url.endswith(f"{case_path}#ref-{key}")
    entry = page.locator(f'.cb-refs li[id="ref-{key}"]')
    assert entry.evaluate("e => e.matches(':target')")
    assert entry.is_visible()
    # ... which leads to the full bibliography entry ...
    entry.locator("a.cb-ref-full").click()
    assert path_of(page, site_url) == in_lang("bibliography/", lang)
    assert page.url.endswith(f"#ref-{key}")
    bib = page.locator(f'.cb-bib > li[id="ref-{key}"]')
    assert bib.evaluate("e => e.matches(':target')")
    # ... whose "Cité dans" / "Cited in" list leads back to the citing page.
    cited_in = bib.locator(".cb-cited-in")
    assert cited_in.inner_text().startswith("Cité dans" if lang == "fr" else "Cited in")
    cited_in.get_by_role("link", name=case_data(CASE_ID)["title"][lang], exact=True).click()
    assert path_of(page, site_url) == case_path


@pytest.mark.parametrize("lang", LANGS)
def test_no_console_error_and_no_offsite_request_on_any_page_type(page: Any, built_site: Path, lang: str) -> None:
    """The fixture records console errors, page errors and off-site requests; this sweeps one page of every type
    and the 404 page. (Every other browser test runs on the same fixture: the axe tests, which stay on each page
    type for a while, also catch what a page's scripts do after it has loaded.)"""
    visited = []
    for param in page_params(with_lang=False):
        _, path = param.values
        if (built_site / path / "index.html").is_file():
            visited.append(in_lang(path, lang))
    if (built_site / in_lang("404.html", lang)).is_file():
        visited.append(in_lang("404.html", lang))
    for path in visited:
        page.goto(path)
        assert not page.casebook_console, (path, page.casebook_console)
        assert not page.casebook_offsite, (path, page.casebook_offsite)
    assert len(visited) >= 8


def test_an_offsite_request_is_blocked_and_reported(page: Any) -> None:
    """The guard the other tests rely on: a request to another host is aborted and recorded."""
    page.goto("")
    failed = page.evaluate("""() => fetch("https://example.org/casebook-probe").then(() => false, () => true)""")
    assert failed
    assert page.casebook_offsite == ["https://example.org/casebook-probe"]
    page.casebook_offsite.clear()  # expected here: do not fail the test at teardown
    page.casebook_console.clear()
