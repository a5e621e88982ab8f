"""Accessibility in Chromium: axe-core finds no WCAG 2.1 A/AA violation on any page type in either language (on
screen, with every disclosure open, in print and on a phone), pictures have text alternatives, and real keyboard
paths reach and operate the controls with a visible focus."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT
from .site_pages import LANGS, in_lang, no_transitions, page_params, require_page, tab_to

pytestmark = pytest.mark.browser

AXE_JS = ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@functools.cache
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci --prefix .ci --ignore-scripts` (bash .ci/test does)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[str]:
    """Run axe-core on the page as it is now; one line per violation with the first offending nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    found = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
        return r.violations.map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help} — ` +
            v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")).join(" | "));
    }""", WCAG_TAGS)
    return list(found)


def open_disclosures(page: Any) -> None:
    """Open every <details> (BibTeX boxes, the case's "cite" box, the compare page's column picker): what a reader
    can open is checked too, and an open disclosure shows all that the closed one does."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


@pytest.mark.parametrize(("page_type", "path", "lang"), page_params())
def test_axe_finds_no_wcag21_aa_violation(page: Any, built_site: Path, page_type: str, path: str, lang: str) -> None:
    require_page(built_site, page_type, path)
    page.goto(in_lang(path, lang))
    open_disclosures(page)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


# The print stylesheet and the palette do not depend on the language: prose, a case (tables, picture, citations,
# facts) and the bibliography.
PRINTED = ["", "cases/omhm-dis-hsmn/", "bibliography/"]


def test_axe_finds_no_violation_in_print(page: Any, built_site: Path) -> None:
    page.emulate_media(media="print")
    for path in PRINTED:
        if (built_site / path / "index.html").is_file():
            page.goto(path)  # as printed: a closed <details> prints closed
            violations = axe_violations(page)
            assert not violations, f"/{path} in print:\n" + "\n".join(violations)


# Pages with content wider than a phone: code blocks, tables, the compare controls and matrices (in French; the
# English case page as well, its texts being of another length).
ON_A_PHONE = ["contribute/", "cases/", "cases/omhm-dis-hsmn/", "compare/", "compare/barriers/",
              "en/cases/omhm-dis-hsmn/"]


def test_axe_finds_no_violation_on_a_phone(browser: Any, site_url: str, built_site: Path) -> None:
    """A phone has no hover and a narrow screen: wide tables and code blocks must stay usable without a mouse."""
    context = browser.new_context(base_url=site_url, **PHONE)
    try:
        pg = context.new_page()
        for path in ON_A_PHONE:
            if (built_site / path / "index.html").is_file():
                pg.goto(path)
                violations = axe_violations(pg)
                assert not violations, f"/{path} on a phone:\n" + "\n".join(violations)
    finally:
        context.close()


# ---- pictures ------------------------------------------------------------------------------------------------
# (page type, path, the picture, the same information as text on the page)
PICTURES = [("case", "cases/omhm-dis-hsmn/", "svg.cb-timeline", "figure:has(svg.cb-timeline) + ol.cb-events"),
            ("compare-matrix", "compare/barriers/", "svg.cb-heatmap", "article table"),
            ("compare-periods", "compare/periods/", "svg.cb-periods", "article table")]


@pytest.mark.parametrize(("page_type", "path", "selector", "text"), [pytest.param(*p, id=p[0]) for p in PICTURES])
@pytest.mark.parametrize("lang", LANGS)
def test_pictures_have_text_alternatives(page: Any, built_site: Path, page_type: str, path: str, selector: str,
                                         text: str, lang: str) -> None:
    require_page(built_site, page_type, path)
    page.goto(in_lang(path, lang))
    svg = page.locator(selector)
    assert svg.count() == 1
    title = (svg.locator("title").first.text_content() or "").strip()
    desc = (svg.locator("desc").first.text_content() or "").strip()
    assert title and desc
    ids = str(svg.get_attribute("aria-labelledby") or "").split()
    assert ids and page.locator(f'[id="{ids[0]}"]').text_content() == title  # named by its title
    links = svg.locator("a")
    # An img's children are hidden from assistive technology: a picture holding links is a labelled group.
    assert svg.get_attribute("role") == ("group" if links.count() else "img")
    for i in range(links.count()):
        assert (links.nth(i).text_content() or "").strip(), "a link in the picture has no text"
    assert page.locator(text).count() >= 1, f"no text version ({text}) beside {selector}"
    if page_type == "case":  # one numbered marker a dated event, and the events listed in the same order
        assert svg.locator("text.cb-num").count() == page.locator(f"{text} > li").count()


# ---- keyboard ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_reaches_the_language_switcher_and_follows_it(page: Any, site_url: str, lang: str) -> None:
    other = "en" if lang == "fr" else "fr"
    page.goto(in_lang("concepts/", lang))
    no_transitions(page)
    tab_to(page, ".md-header button.md-icon[aria-label]")
    tab_to(page, f'.md-select__link[hreflang="{other}"]')
    assert page.locator(f'.md-select__link[hreflang="{other}"]').is_visible()  # the list opens with the focus
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + in_lang("concepts/", other))
    assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_reaches_search_then_the_content(page: Any, lang: str) -> None:
    page.goto(in_lang("cases/", lang))
    no_transitions(page)
    tab_to(page, "input.md-search__input")
    # Past the header, the navigation leads into the page: the first case link of the index table.
    tab_to(page, "article table a")


def test_keyboard_scrolls_a_wide_table(browser: Any, site_url: str) -> None:
    """On a phone, a table wider than the screen sits in a focusable region that arrow keys scroll (case pages'
    tables become cards on a phone; the concepts × cases table of the concepts index scrolls, its first column kept
    in view)."""
    context = browser.new_context(base_url=site_url, **PHONE)
    try:
        pg = context.new_page()
        pg.goto("concepts/")
        region = pg.locator('.cb-scroll[role="region"]').filter(has=pg.locator("table")).first
        wide = pg.locator('.cb-scroll[role="region"]').evaluate_all(
            "rs => rs.findIndex(r => r.scrollWidth > r.clientWidth + 1)")
        assert wide >= 0, "no table overflows a phone screen: nothing to scroll"
        region = pg.locator('.cb-scroll[role="region"]').nth(wide)
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-labelledby")
        region.focus()
        pg.keyboard.press("ArrowRight")
        pg.keyboard.press("ArrowRight")
        pg.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_reaches_and_operates_the_compare_controls(page: Any, built_site: Path, lang: str) -> None:
    require_page(built_site, "compare", "compare/")
    page.goto(in_lang("compare/?view=all", lang))  # the columns chosen are those of the full meta-matrix
    page.wait_for_selector(".cb-compare-controls:not([hidden])")
    no_transitions(page)
    tab_to(page, ".cb-compare-controls select[name=sector]")
    tab_to(page, ".cb-columns > summary")
    page.keyboard.press("Enter")
    assert page.locator(".cb-columns").evaluate("d => d.open")
    box = page.locator(".cb-columns input[name=col]").first
    column = str(box.get_attribute("value"))
    assert box.is_checked() and page.locator(f'table[data-cb-meta] th[data-d="{column}"]').is_visible()
    tab_to(page, ".cb-columns input[name=col]", limit=3)
    page.keyboard.press("Space")
    assert not box.is_checked()
    assert not page.locator(f'table[data-cb-meta] th[data-d="{column}"]').is_visible()  # the column is gone
    page.keyboard.press("Space")
    assert page.locator(f'table[data-cb-meta] th[data-d="{column}"]').is_visible()
