"""The bibliography page in Chromium: filters by language of the work, type and case, the view kept in the query
string, copy-BibTeX and copy-APA, the downloads, the keyboard, and the page without JavaScript.

Expected entries come from ``bibliography/*.bib`` (type, ``langid``) and ``cases/*.yml`` (the keys each case cites
and its ``sources``), never from the page.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from casebook.bibliography.apa import APA
from casebook.bibliography.model import load_bibliography

from ..conftest import ROOT
from .site_pages import LANGS, bib_entries, case_references, in_lang, no_transitions, tab_to

pytestmark = pytest.mark.browser

BIB = bib_entries()
LANGID = {"fr": "french", "en": "english"}
FORM = 'form[data-cb-filter="bib"]'
COPY = {"fr": "Copier le BibTeX", "en": "Copy BibTeX"}
COPY_APA = {"fr": "Copier la référence APA", "en": "Copy the APA reference"}


@cache
def formatter() -> APA:
    return APA(load_bibliography(sorted(Path(ROOT / "bibliography").glob("*.bib"))))


def copied(page: Any, button: Any) -> None:
    """Wait until the button says it is done: the clipboard is written asynchronously."""
    page.wait_for_function("b => b.textContent.startsWith('✓')", arg=button.element_handle(), timeout=5000)


def apa_text(key: str, lang: str) -> str:
    """The reference as the formatter writes it, as plain text, without the "incomplete reference" marker
    (a note to the reader of the page, not part of the reference)."""
    ref = str(formatter().reference(key, lang))
    ref = re.sub(r'\s*<small class="cb-incomplete".*?</small>', "", ref)
    return html.unescape(re.sub(r"<[^>]+>", "", ref)).strip()


def open_bibliography(page: Any, lang: str, query: str = "") -> None:
    page.goto(in_lang("bibliography/", lang) + query)
    page.wait_for_selector(f"{FORM}:not([hidden])")


def shown(page: Any) -> set[str]:
    return set(page.eval_on_selector_all(".cb-bib > li:not([hidden])", "ls => ls.map(l => l.id.replace(/^ref-/, ''))"))


def count_text(page: Any) -> str:
    return str(page.locator(f"{FORM} output[name=count]").inner_text())


def query_of(page: Any) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(str(page.url)).query))


@pytest.mark.parametrize("lang", LANGS)
def test_filter_by_language_of_the_work(page: Any, lang: str) -> None:
    open_bibliography(page, lang)
    assert shown(page) == set(BIB) and count_text(page) == f"{len(BIB)} / {len(BIB)}"
    select = page.locator(f"{FORM} select[name=lang]")
    for work_lang, langid in LANGID.items():
        select.select_option(work_lang)
        expected = {k for k, (_, lid) in BIB.items() if lid == langid}
        assert expected and shown(page) == expected
        assert count_text(page) == f"{len(expected)} / {len(BIB)}"
        assert query_of(page) == {"lang": work_lang}
    select.select_option("")
    assert shown(page) == set(BIB) and query_of(page) == {}


@pytest.mark.parametrize("lang", LANGS)
def test_filter_by_type(page: Any, lang: str) -> None:
    open_bibliography(page, lang)
    select = page.locator(f"{FORM} select[name=type]")
    options = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert sorted(options) == sorted({t for t, _ in BIB.values()})
    for kind in options:
        select.select_option(kind)
        assert shown(page) == {k for k, (t, _) in BIB.items() if t == kind}, kind
        assert query_of(page) == {"type": kind}


@pytest.mark.parametrize("lang", LANGS)
def test_filter_by_case(page: Any, lang: str) -> None:
    open_bibliography(page, lang)
    select = page.locator(f"{FORM} select[name=case]")
    options = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert len(options) >= 10
    for cid in options:
        select.select_option(cid)
        expected = case_references(cid)
        assert expected <= set(BIB), expected - set(BIB)
        assert shown(page) == expected, cid
        assert query_of(page) == {"case": cid}


@pytest.mark.parametrize("lang", LANGS)
def test_the_query_string_keeps_and_restores_the_view(page: Any, lang: str) -> None:
    # The SPAT case cites one work in its text and names two others as its sources: French chapters among them.
    refs = case_references("spat")
    expected = {k for k in refs if BIB[k] == ("incollection", "french")}
    assert expected and expected != refs
    open_bibliography(page, lang)
    page.locator(f"{FORM} select[name=lang]").select_option("fr")
    page.locator(f"{FORM} select[name=type]").select_option("incollection")
    page.locator(f"{FORM} select[name=case]").select_option("spat")
    assert shown(page) == expected
    assert query_of(page) == {"lang": "fr", "type": "incollection", "case": "spat"}
    shared = str(page.url)
    # A reader opening the shared address sees the same view.
    other = page.context.new_page()
    other.goto(shared)
    other.wait_for_selector(f"{FORM}:not([hidden])")
    assert [other.locator(f"{FORM} select[name={n}]").input_value() for n in ("lang", "type", "case")] == \
        ["fr", "incollection", "spat"]
    assert shown(other) == expected
    assert count_text(other) == f"{len(expected)} / {len(BIB)}"
    other.close()


def test_an_unknown_value_in_the_query_string_shows_everything_and_is_dropped(page: Any) -> None:
    open_bibliography(page, "fr", "?type=nonsense&lang=en")
    assert page.locator(f"{FORM} select[name=type]").input_value() == ""
    assert shown(page) == {k for k, (_, lid) in BIB.items() if lid == "english"}
    assert query_of(page) == {"lang": "en"}


@pytest.mark.parametrize("lang", LANGS)
def test_copy_bibtex_puts_the_entry_on_the_clipboard(page: Any, site_url: str, lang: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    open_bibliography(page, lang)
    key = "bentayeb2021"
    entry = page.locator(f'.cb-bib > li[id="ref-{key}"]')
    entry.locator("summary").click()
    code = str(entry.locator("pre.cb-bibtex").inner_text())
    assert code.startswith(f"@{BIB[key][0]}{{{key},") and code.rstrip().endswith("}")
    button = entry.get_by_role("button", name=COPY[lang])
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == code
    assert str(button.inner_text()).startswith("✓")  # the button says it is done


@pytest.mark.parametrize("lang", LANGS)
def test_filters_and_copy_work_from_the_keyboard(page: Any, site_url: str, lang: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    open_bibliography(page, lang)
    no_transitions(page)
    tab_to(page, f"{FORM} select[name=lang]")
    page.keyboard.press("ArrowDown")  # the first language after "all"
    first_lang = page.locator(f"{FORM} select[name=lang] option").nth(1).get_attribute("value")
    expected = {k for k, (_, lid) in BIB.items() if lid == LANGID[str(first_lang)]}
    assert shown(page) == expected and query_of(page) == {"lang": first_lang}
    tab_to(page, f"{FORM} select[name=type]")
    tab_to(page, f"{FORM} select[name=case]")
    # The first entry still shown: its "copy APA" button (after any "cited in" links), then its BibTeX box;
    # Enter opens the box, Tab reaches its button.
    entry = page.locator(".cb-bib > li:not([hidden])").first
    links = entry.locator(".cb-cited-in a").count()
    tab_to(page, ".cb-bib > li:not([hidden]) button[data-cb-copy=apa]", limit=links + 1)
    assert entry.evaluate("li => li.querySelector('button[data-cb-copy=apa]') === document.activeElement")
    page.keyboard.press("Enter")
    key = str(entry.get_attribute("id")).removeprefix("ref-")
    copied(page, entry.locator("button[data-cb-copy=apa]"))
    assert page.evaluate("navigator.clipboard.readText()") == apa_text(key, lang)
    tab_to(page, ".cb-bib > li:not([hidden]) summary", limit=1)
    assert entry.evaluate("li => li.querySelector('summary') === document.activeElement")
    page.keyboard.press("Enter")
    assert entry.locator("details").evaluate("d => d.open")
    tab_to(page, "button.cb-copy:not([data-cb-copy=apa])", limit=1)
    page.keyboard.press("Space")
    assert page.evaluate("navigator.clipboard.readText()") == entry.locator("pre.cb-bibtex").inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_copy_apa_puts_the_reference_on_the_clipboard(page: Any, site_url: str, lang: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    open_bibliography(page, lang)
    # A French chapter marked incomplete, and an English article with a DOI (italics and a link in the page).
    for key in ("bentayeb2021", next(k for k, r in formatter().bib.refs.items() if r.doi and r.type == "article")):
        entry = page.locator(f'.cb-bib > li[id="ref-{key}"]')
        button = entry.get_by_role("button", name=COPY_APA[lang])
        button.click()
        copied(page, button)
        expected = apa_text(key, lang)
        assert expected and page.evaluate("navigator.clipboard.readText()") == expected
        assert "[" + ("référence incomplète" if lang == "fr" else "incomplete reference") not in expected


@pytest.mark.parametrize("lang", LANGS)
def test_download_links_serve_every_entry_as_bibtex_csl_json_and_ris(page: Any, lang: str) -> None:
    open_bibliography(page, lang)
    links = page.locator("article a[download]")
    hrefs = {str(page.evaluate("a => a.href", links.nth(i).element_handle())).rsplit("/", 1)[-1]: links.nth(i)
             for i in range(links.count())}
    assert set(hrefs) == {"casebook.bib", "casebook.json", "casebook.ris"}
    url = lambda name: page.evaluate("a => a.href", hrefs[name].element_handle())  # noqa: E731
    bib = page.request.get(url("casebook.bib"))
    assert bib.ok and all(f"{{{key}," in bib.text() for key in BIB)
    items = json.loads(page.request.get(url("casebook.json")).text())
    assert {i["id"] for i in items} == set(BIB)
    ris = page.request.get(url("casebook.ris")).text()
    assert {m for m in re.findall(r"(?m)^ID  - (\S+)", ris)} == set(BIB)


@pytest.mark.parametrize("lang", LANGS)
def test_every_reference_carries_one_coins_for_reference_managers(page: Any, lang: str) -> None:
    open_bibliography(page, lang)
    per_entry = page.eval_on_selector_all(".cb-bib > li", "ls => ls.map(l => l.querySelectorAll('span.Z3988').length)")
    assert per_entry == [1] * len(BIB)
    titles = page.eval_on_selector_all("span.Z3988", "ss => ss.map(s => s.title)")
    assert all(t.startswith("ctx_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3A") for t in titles)


def test_without_javascript_every_entry_shows_and_the_controls_stay_hidden(browser: Any, site_url: str) -> None:
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("bibliography/?lang=en")
        assert not page.locator(FORM).is_visible()
        assert page.locator(".cb-bib > li:visible").count() == len(BIB)
        assert page.locator("button.cb-copy:visible").count() == 0
        entry = page.locator(".cb-bib > li").first
        entry.locator("summary").click()
        assert entry.locator("pre.cb-bibtex").is_visible()  # BibTeX still readable and selectable by hand
        assert entry.locator("button.cb-copy").count() == 2
        assert entry.locator("button.cb-copy:visible").count() == 0  # no dead button (copy APA, copy BibTeX)
    finally:
        context.close()
