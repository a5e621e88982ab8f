"""A site in three languages (English at the root, French under /fr/, Spanish under /es/ with a strings file of its
own; the fixture site of tests/test_languages.py) in Chromium, as a reader meets it: the interface in the page's
language, the scroll cue of a wide table in it too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import served
from ..test_languages import built_site, es_strings

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

# A few of the Spanish strings in real Spanish (the others are the English ones marked "ES"): what a reader reads.
SPANISH = {
    "scroll_cue": "La tabla es más ancha que la pantalla: desplácela hacia la derecha.",
    "compare_title": "Comparar los casos",
}
CUE = {"en": "The table is wider than the screen: scroll it to the right.",
       "fr": "Le tableau est plus large que l’écran\u00a0: faites-le défiler vers la droite.",
       "es": SPANISH["scroll_cue"]}


@pytest.fixture(scope="module")
def three_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("en-fr-es-browser"), ["en", "fr", "es"], options="apa_fallback: en\n",
                      strings={**es_strings(), **SPANISH})


@pytest.fixture
def site_url(three_site: Path) -> Iterator[str]:
    """Overrides the real site's server for this module: ``page`` then opens the three-language site."""
    with served(three_site) as url:
        yield url


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_scroll_cue_of_a_wide_table_is_in_the_page_language(page: Any, lang: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{prefix(lang)}compare/?view=all")  # every column: wider than a phone
    cues = page.locator(".cb-scroll-cue:visible")
    cues.first.wait_for()
    assert set(cues.all_inner_texts()) == {f"\u2194 {CUE[lang]}"}


LANGS = ("en", "fr", "es")
NAMES = ["English", "Français", "Español"]
TITLE = {"en": "A joint committee", "fr": "Un comité conjoint", "es": "Un comité conjunto"}
RESULTS = ".md-search-result__list .md-search-result__link"


def path_of(page: Any, site_url: str) -> str:
    return str(page.url)[len(site_url):].split("#")[0]


def switch_language(page: Any, lang: str) -> None:
    """Open the switcher (a hover, as a mouse user does) and follow the link to ``lang``."""
    page.locator(".md-header .md-select").hover()
    page.locator(f'.md-select__link[hreflang="{lang}"]').click()
    page.wait_for_load_state()


@pytest.mark.parametrize("start", LANGS)
def test_the_switcher_lists_the_three_languages_and_leads_to_the_counterpart_page(page: Any, site_url: str,
                                                                                   start: str) -> None:
    page.goto(f"{prefix(start)}cases/committee/")
    assert page.locator("html").get_attribute("lang") == start
    for lang in [x for x in LANGS if x != start] + [start]:  # to each other language, then back
        links = page.locator(".md-select__link")
        assert links.all_text_contents() == NAMES  # the site's order, each language named in itself
        assert [links.nth(i).get_attribute("hreflang") for i in range(3)] == list(LANGS)
        switch_language(page, lang)
        assert path_of(page, site_url) == f"{prefix(lang)}cases/committee/"
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").first.inner_text() == TITLE[lang]
        assert page.locator(".md-select__link[aria-current=page]").get_attribute("hreflang") == lang


def type_query(page: Any, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query)  # key by key, as a reader types


def search(page: Any, start: str, query: str) -> list[str]:
    """Type ``query`` in the search box of ``start``; the site paths of the results."""
    page.goto(start)
    type_query(page, query)
    try:
        page.locator(RESULTS).first.wait_for(timeout=20_000)
    except Exception:  # the worker may still be building the index on a busy machine: type the query again
        type_query(page, query)
        page.locator(RESULTS).first.wait_for(timeout=30_000)
    hrefs = [str(page.evaluate("(a) => a.href", link)) for link in page.locator(RESULTS).element_handles()]
    origin = page.url.split("/", 3)[:3]
    return [h.split("/", 3)[3].split("#")[0].split("?")[0] for h in hrefs if h.split("/", 3)[:3] == origin]


@pytest.mark.parametrize(("lang", "query"), [("es", "conjunto"), ("es", "comité"), ("fr", "comité"), ("en", "committee")])
def test_search_finds_the_pages_of_its_own_language_only(page: Any, lang: str, query: str) -> None:
    found = search(page, f"{prefix(lang)}cases/", query)
    assert f"{prefix(lang)}cases/committee/" in found, found
    others = [x for x in LANGS if x != lang and x != "en"]
    assert all(not any(p.startswith(f"{o}/") for o in others) for p in found), found
    if lang != "en":
        assert all(p.startswith(f"{lang}/") for p in found), found


def test_a_french_word_is_not_found_on_the_spanish_pages(page: Any) -> None:
    assert search(page, "es/cases/", "conjunto")  # the Spanish index is loaded
    meta = page.locator(".md-search-result__meta")
    found = meta.inner_text()
    type_query(page, "conjoint")  # the French title's word
    page.wait_for_function("(before) => document.querySelector('.md-search-result__meta').innerText !== before",
                           arg=found)
    assert page.locator(RESULTS).count() == 0, page.locator(RESULTS).all_text_contents()


@pytest.mark.parametrize("lang", LANGS)
def test_each_404_page_is_in_its_language_and_offers_every_home(page: Any, site_url: str, lang: str) -> None:
    page.goto(f"{prefix(lang)}404.html")
    assert page.locator("html").get_attribute("lang") == lang
    sections = page.locator("section.cb-not-found")
    order = [lang, *[x for x in LANGS if x != lang]]  # the page's language first, then the site's order
    assert [sections.nth(i).get_attribute("lang") for i in range(sections.count())] == order
    other = order[1]
    switch_language(page, other)
    assert path_of(page, site_url) == prefix(other)  # a 404 has no counterpart: the other language's home
    assert page.locator("html").get_attribute("lang") == other


def test_the_sitemap_gives_each_page_its_three_languages(page: Any, site_url: str) -> None:
    import re

    text = page.request.get(f"{site_url}sitemap.xml").text()
    block = re.search(r"<loc>https://example.org/es/cases/committee/</loc>(.*?)</url>", text, re.S)
    assert block, "the Spanish case page is not in the sitemap"
    assert dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block[1])) == {
        "en": "https://example.org/cases/committee/", "fr": "https://example.org/fr/cases/committee/",
        "es": "https://example.org/es/cases/committee/", "x-default": "https://example.org/cases/committee/"}


def test_chromium_reads_an_untranslated_label_outside_the_article_in_its_language(page: Any) -> None:
    # The model ships no Spanish labels: on a Spanish page they fall back to English, and Chromium must read them so
    # where Material writes them (the sidebar's table of contents, the header's title) as in the article.
    page.set_viewport_size({"width": 1280, "height": 800})  # the sidebar's table of contents is shown
    page.goto("es/cases/committee/")
    entry = page.locator(".md-nav--secondary .md-nav__link", has_text="In brief").locator("span[lang]")
    assert entry.evaluate("e => e.matches(':lang(en)')")
    topic = page.locator('[data-md-component="header-topic"] .md-ellipsis')
    assert topic.inner_text().strip() == TITLE["es"]
    assert topic.evaluate("e => e.matches(':lang(es)')")  # a translated title stays the page's
    page.goto("es/compare/barriers/")
    assert page.locator('[data-md-component="header-topic"] .md-ellipsis').evaluate("e => e.matches(':lang(en)')")
    assert page.evaluate("document.title") == "Barriers × cases - Fixture"
