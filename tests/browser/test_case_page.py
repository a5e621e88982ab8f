"""A case page that leads, measured in Chromium at 1280x800 and 390x844 in both languages (one load each): the parts
in their order, a table of contents on phones, visible permalinks, the navigation's section, the previous and next
case, folding a part and print unfolding it, citations both ways with the landed target highlighted, and French
typography in the French page's text.

Expected values come from the case files: the order of the parts is the one issue 13 gives, the neighbours are the
cases before and after in the alphabetical order of the short titles.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest

from .site_pages import CASE_ID, LANGS, ROOT, case_data, in_lang, load_yaml, no_transitions

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
# The parts of a case page in the order of issue 13 (what, context, who, how, how studied, findings, notes, references).
PARTS = ["summary", "setting", "actors", "collaboration", "research", "findings", "source-notes", "references"]
NAV = {"fr": "Cas", "en": "Cases"}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def neighbours(cid: str, lang: str) -> tuple[str | None, str | None]:
    cases = {p.stem: load_yaml(p) for p in (ROOT / "cases").glob("*.yml")}
    order = sorted(cases, key=lambda c: (fold((cases[c].get("short_title") or cases[c]["title"])[lang]), c))
    i = order.index(cid)
    return (order[i - 1] if i else None), (order[i + 1] if i + 1 < len(order) else None)


def background(page: Any, selector: str) -> str:
    return str(page.locator(selector).first.evaluate("e => getComputedStyle(e).backgroundColor"))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", LANGS)
def test_a_case_page_leads(page: Any, lang: str, size: str) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(in_lang(f"cases/{CASE_ID}/", lang))
    no_transitions(page)
    data = case_data(CASE_ID)

    # The parts, in the order of the issue; the case's own analyses are sub-sections of the findings, its
    # background of the context.
    ids = page.eval_on_selector_all("article h2[id]", "hs => hs.map(h => h.id)")
    assert [i for i in ids if i in PARTS] == PARTS, ids
    for structure in data["structures"]:
        assert page.locator(f"section:has(> h2#findings) h3#{structure['id']}").count() == 1, structure["id"]
    for section in data["sections"]:
        part = section.get("part") or "findings"
        owner = "setting" if part == "context" else part
        assert page.locator(f"section:has(> h2#{owner}) h3#{section['id']}").count() == 1, section["id"]
    facts = page.locator(".cb-facts").inner_text()
    assert "2018–2022" in facts and ("Baril (2025)" in facts)

    # A table of contents on the page where Material's sidebar is not shown.
    inline_toc = page.locator("details.cb-toc")
    if size == "phone":
        assert inline_toc.is_visible()
        assert not page.locator(".md-sidebar--secondary").is_visible()
        inline_toc.locator("summary").click()
        link = inline_toc.locator('a[href="#research"]')
        assert link.is_visible()
        box = inline_toc.bounding_box()
        assert box is not None and box["y"] < height * 1.5, "near the top of the page"
    else:
        assert not inline_toc.is_visible()
        assert page.locator('.md-sidebar--secondary a[href="#research"]').is_visible()

    # Permalinks are visible without hovering.
    permalink = page.locator("h2#research a.headerlink")
    permalink.scroll_into_view_if_needed()
    assert permalink.is_visible() and permalink.get_attribute("href") == "#research"
    assert float(permalink.evaluate("e => getComputedStyle(e).opacity")) == 1

    # The navigation marks the cases' section.
    active = page.locator(".md-nav--primary .md-nav__item--active > .md-nav__link")
    assert active.count() == 1 and active.inner_text().strip() == NAV[lang]

    # Previous and next case, in the language's order of the short titles.
    prev_id, next_id = neighbours(CASE_ID, lang)
    for rel, cid in (("prev", prev_id), ("next", next_id)):
        link = page.locator(f'.cb-case-pager a[rel="{rel}"]')
        if cid is None:
            assert link.count() == 0
            continue
        assert link.get_attribute("href") == f"../{cid}/"
        assert case_data(cid)["short_title"][lang] in link.inner_text()

    # Folding a part hides its body; print shows it again, without the buttons.
    body = page.locator("#cb-body-research")
    button = page.locator("h2#research button.cb-fold")
    button.scroll_into_view_if_needed()
    assert button.get_attribute("aria-expanded") == "true" and body.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "false" and not body.is_visible()
    page.emulate_media(media="print")
    assert body.is_visible() and body.bounding_box()["height"] > 100  # type: ignore[index]
    assert not button.is_visible()
    page.emulate_media(media="screen")
    button.click()
    assert body.is_visible()

    # Citations both ways: a citation leads to its reference, highlighted; the reference leads back to it.
    cite = page.locator("#cb-body-findings a.cb-cite__link").first
    key = str(cite.get_attribute("href")).split("#ref-", 1)[1]
    cite_id = cite.get_attribute("id")
    assert cite_id and cite_id.startswith(f"cite-{key}-")
    plain = background(page, f'.cb-refs li[id="ref-{key}"]')
    cite.click()
    entry = page.locator(f'.cb-refs li[id="ref-{key}"]')
    assert page.url.endswith(f"#ref-{key}") and entry.evaluate("e => e.matches(':target')")
    assert background(page, f'.cb-refs li[id="ref-{key}"]') != plain, "the landed reference is highlighted"
    back = entry.locator(f'a.cb-backref[href="#{cite_id}"]')
    assert back.count() == 1
    back.click()
    assert page.url.endswith(f"#{cite_id}")
    target = page.locator(f'[id="{cite_id}"]')
    assert target.evaluate("e => e.matches(':target')") and target.is_visible()
    assert background(page, f'[id="{cite_id}"]') != "rgba(0, 0, 0, 0)", "the citation it leads back to is highlighted"
    top = target.bounding_box()
    assert top is not None and 0 <= top["y"] < height, "in view"

    # French typography: no ordinary space before ; : ? ! » or after « in the French page's text.
    if lang == "fr":
        text = page.locator("article").inner_text()
        assert len(re.findall("[\u00a0\u202f][;:?!»]", text)) > 100
        assert re.findall(r"\S+ [;:?!»]|« \S+", text) == []
