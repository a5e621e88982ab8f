"""What a reader sees, measured in Chromium at 1280×800 and 390×844, in both languages (issue 13, points 4 to 6).

One page load a page type, size and language, and many measurements a load:

- the smallest text of every picture, as drawn: each SVG ``<text>``'s computed font size times the scale the page
  draws it at (``getScreenCTM``), at least 12 px at 1280 and 11 px at 390, or else the picture is hidden and its
  note and its list or table are shown;
- no page wider than a phone (``scrollWidth <= innerWidth``);
- no word split across two lines: every run of letters and digits of the article's text (links, table cells,
  lists, headings…; code and SVG aside, every ``<details>`` opened first) is a ``Range`` whose
  ``getClientRects()`` must all lie on one line. A break at a hyphen or a slash falls between two runs and is
  allowed, and so is the browser's own hyphenation (``hyphens: auto`` with the page's ``lang``) where the browser
  has dictionaries: Debian's Chromium has none (a probe says so), so there every split counts.
- every table box narrower than its table says so (a visible line of text before it) and keeps its row headers in
  view when scrolled to its far end; on a phone a case page's tables are stacked and none is wider than the screen.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from casebook.base.text import fr_typo

from ..conftest import ROOT
from .site_pages import LANGS, case_data, in_lang, load_yaml

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
MIN_TEXT = {"desktop": 12.0, "phone": 11.0}

# Every page type; the pictures each must show (or give way to its text at 390).
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "home": ("", ()),
    "case-index": ("cases/", ()),
    "case": ("cases/omhm-dis-hsmn/", ("cb-timeline",)),
    "concept-index": ("concepts/", ()),
    "concept": ("concepts/accountability/", ()),
    "bibliography": ("bibliography/", ()),
    "compare": ("compare/", ()),
    "matrix-factors": ("compare/facilitating-factors/", ("cb-heatmap",)),
    "matrix-barriers": ("compare/barriers/", ("cb-heatmap",)),
    "matrix-values": ("compare/public-values/", ()),
    "matrix-sources": ("compare/data-sources/", ()),
    "periods": ("compare/periods/", ("cb-periods",)),
    "data": ("data/", ()),
}

# Every <details> opened first (a reader opens them), then two frames for the page's own resize observers.
OPEN_ALL = """() => new Promise(done => { document.querySelectorAll("article details").forEach(d => { d.open = true; });
  requestAnimationFrame(() => requestAnimationFrame(done)); })"""

MEASURE = r"""() => {
  const out = {scrollWidth: document.documentElement.scrollWidth, innerWidth, pictures: [], splits: [], words: 0, boxes: []};
  const article = document.querySelector("article.md-typeset");
  const aw = article.getBoundingClientRect().width;
  for (const svg of article.querySelectorAll("svg")) {
    if (!svg.querySelector("text")) continue;
    const r = svg.getBoundingClientRect(), shown = r.width > 0 && svg.checkVisibility();
    let min = Infinity, smallest = "";
    if (shown) for (const t of svg.querySelectorAll("text")) {
      const m = t.getScreenCTM(), px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      if (px < min) { min = px; smallest = t.textContent; }
    }
    const fig = svg.closest("figure"), note = fig && fig.querySelector(".cb-fig-narrow");
    const alt = fig && fig.nextElementSibling;
    out.pictures.push({cls: svg.getAttribute("class"), shown, width: r.width, article: aw, min, smallest,
                       note: !!(note && note.checkVisibility()),
                       alt: !!(alt && alt.checkVisibility() && alt.textContent.trim().length > 0)});
  }
  const skip = "pre, code, svg, script, style, .cb-sr, [hidden]";
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    (n.parentElement.closest(skip) || !n.parentElement.checkVisibility()) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const range = document.createRange(), re = /[\p{L}\p{N}]+/gu;
  let n;
  while ((n = walker.nextNode())) {
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(n.data))) {
      if (m[0].length < 2) continue;
      out.words++;
      range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter(x => x.width > 0);
      if (rects.length < 2) continue;
      const tops = rects.map(x => x.top), h = Math.min(...rects.map(x => x.height));
      if (Math.max(...tops) - Math.min(...tops) > h / 2) {
        const el = n.parentElement;
        if (window.cbHyphenates && getComputedStyle(el).hyphens === "auto") continue;
        out.splits.push(m[0] + " in <" + el.tagName.toLowerCase() + "> " + JSON.stringify(n.data.slice(Math.max(0, m.index - 25), m.index + 35)));
      }
    }
  }
  for (const box of article.querySelectorAll(".cb-scroll")) {
    if (!box.checkVisibility() || box.scrollWidth <= box.clientWidth + 1) continue;
    const cue = box.previousElementSibling;
    const head = box.querySelector("tbody th[scope=row]");
    box.scrollLeft = box.scrollWidth;
    const br = box.getBoundingClientRect(), hr = head ? head.getBoundingClientRect() : null;
    out.boxes.push({table: (box.querySelector("caption") || box).textContent.trim().slice(0, 40),
                    cue: !!(cue && cue.classList.contains("cb-scroll-cue") && cue.checkVisibility()),
                    headInView: !hr || (hr.left >= br.left - 1 && hr.right <= br.right + 1 && hr.width > 0)});
    box.scrollLeft = 0;
  }
  return out;
}"""

# Whether this Chromium hyphenates French at all (Debian's ships no hyphenation dictionary).
PROBE = """() => { const p = document.createElement("p"); p.lang = "fr";
  p.style.cssText = "width:60px;hyphens:auto;font-size:16px;position:absolute"; p.textContent = "interorganisationnelle";
  document.body.append(p); const w = p.scrollWidth; p.remove(); window.cbHyphenates = w <= 61; return window.cbHyphenates; }"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", list(SIZES))
def test_pages_hold_on_screen(browser: Any, site_url: str, built_site: Path, size: str, lang: str) -> None:
    w, h = SIZES[size]
    context = browser.new_context(base_url=site_url, viewport={"width": w, "height": h})
    problems: list[str] = []
    try:
        pg = context.new_page()
        for path, pictures in PAGES.values():
            if not (built_site / path / "index.html").is_file():
                continue
            pg.goto(in_lang(path, lang))
            pg.evaluate(PROBE)
            pg.evaluate(OPEN_ALL)
            got = pg.evaluate(MEASURE)
            where = f"/{in_lang(path, lang)} at {w}px"
            assert got["words"] > 20, where  # the walk saw the page's text
            if got["scrollWidth"] > got["innerWidth"]:
                problems.append(f"{where}: the page is {got['scrollWidth']}px wide")
            problems += [f"{where}: word split across lines: {s}" for s in got["splits"]]
            seen = {p["cls"] for p in got["pictures"]}
            problems += [f"{where}: no {cls} picture" for cls in pictures if cls not in seen]
            for pic in got["pictures"]:
                if pic["shown"]:
                    if pic["min"] < MIN_TEXT[size]:
                        problems.append(f"{where}: {pic['cls']} text {pic['min']:.1f}px ({pic['smallest']!r})")
                    if pic["width"] < 0.95 * pic["article"]:
                        problems.append(f"{where}: {pic['cls']} drawn {pic['width']:.0f}px wide in {pic['article']:.0f}px")
                elif not (pic["note"] and pic["alt"]):
                    problems.append(f"{where}: {pic['cls']} hidden without its note and its list or table")
                if size == "desktop" and not pic["shown"]:
                    problems.append(f"{where}: {pic['cls']} hidden at 1280")
            if size == "phone" and path == PAGES["case"][0]:  # a case page's tables are stacked on a phone
                problems += [f"{where}: table {b['table']!r} is wider than the screen" for b in got["boxes"]]
            for box in got["boxes"]:
                if not box["cue"]:
                    problems.append(f"{where}: table {box['table']!r} is cut with no cue")
                if not box["headInView"]:
                    problems.append(f"{where}: table {box['table']!r} loses its row headers when scrolled")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# ---- the case index --------------------------------------------------------------------------------------------
def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _cases() -> dict[str, dict[str, Any]]:
    return {p.stem: case_data(p.stem) for p in sorted((ROOT / "cases").glob("*.yml"))}


def _term(cid: str, lang: str) -> str:
    return str(load_yaml(ROOT / "concepts" / f"{cid}.yml")["term"][lang]).strip()


def _year(value: Any) -> int | None:
    m = re.match(r"\d{4}", str(value or ""))
    return int(m.group()) if m else None


def _shown_titles(pg: Any) -> list[str]:
    return list(pg.eval_on_selector_all(".cb-index tbody tr:not([hidden]) th a", "els => els.map(e => e.textContent.trim())"))


def _title(data: dict[str, Any], lang: str) -> str:
    """The title as the page shows it: the YAML's words, with French typography's no-break spaces in French."""
    title = " ".join(str(data["title"][lang]).split())
    return fr_typo(title) if lang == "fr" else title


@pytest.mark.parametrize("lang", LANGS)
def test_case_index_sorts_and_filters(browser: Any, site_url: str, lang: str) -> None:
    cases = _cases()
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 800})
    try:
        pg = context.new_page()
        pg.goto(in_lang("cases/", lang))
        count = pg.locator("form[data-cb-filter=cases] output[name=count]")
        assert _shown_titles(pg) and len(_shown_titles(pg)) == len(cases)
        assert str(len(cases)) in (count.text_content() or "")

        # Sector: the cases whose YAML lists it; the list's options follow the language's order (É with the E's).
        sectors = sorted({s for d in cases.values() for s in d.get("sector") or []})
        options = pg.eval_on_selector_all("select[name=sector] option", "os => os.slice(1).map(o => o.textContent)")
        assert sorted(options, key=lambda t: (_fold(t), t)) == options and len(options) == len(sectors)
        pg.select_option("select[name=sector]", "education")
        expected = {_title(d, lang) for d in cases.values() if "education" in (d.get("sector") or [])}
        assert set(_shown_titles(pg)) == expected and expected
        assert f"{len(expected)} " in (count.text_content() or "") and "sector=education" in pg.url

        # Level and type combine with it.
        pg.select_option("select[name=sector]", "")
        pg.select_option("select[name=level]", "local")
        pg.select_option("select[name=type]", "intersectoral")
        expected = {_title(d, lang) for d in cases.values() if "local" in (d.get("level") or [])
                    and "intersectoral" in ((d.get("collaboration") or {}).get("types") or [])}
        assert set(_shown_titles(pg)) == expected and expected

        # Year: the cases whose period covers it (an open period runs on); "undated" the others.
        pg.click("form[data-cb-filter=cases] button[type=reset]")
        pg.wait_for_function("document.querySelectorAll('.cb-index tbody tr[hidden]').length === 0")
        pg.select_option("select[name=year]", "2016")

        def covers(d: dict[str, Any], y: int) -> bool:
            p = d.get("period") or {}
            s, e = _year(p.get("start")), _year(p.get("end"))
            return s is not None and s <= y and (e is None or e >= y)

        assert set(_shown_titles(pg)) == {_title(d, lang) for d in cases.values() if covers(d, 2016)}
        pg.select_option("select[name=year]", "undated")
        undated = {_title(d, lang) for d in cases.values() if _year((d.get("period") or {}).get("start")) is None}
        assert set(_shown_titles(pg)) == undated and undated

        # Text: every word somewhere in the title, place or summary, accents ignored.
        pg.select_option("select[name=year]", "")
        pg.fill("input[name=q]", "terrebonne")
        assert set(_shown_titles(pg)) == {_title(d, lang) for d in cases.values()
                                          if "terrebonne" in _fold(" ".join(str(d[k][lang]) for k in ("title", "summary", "place")))}
        pg.fill("input[name=q]", "zzzqqq")
        assert _shown_titles(pg) == [] and str(len(cases)) in (count.text_content() or "")
        assert (count.get_attribute("role"), count.get_attribute("aria-live")) == ("status", "polite")
        pg.fill("input[name=q]", "")

        # Sorting: a button in each header; the sorted header says so; the order is the language's.
        pg.click("th[data-key=sector] button")
        assert pg.get_attribute("th[data-key=sector]", "aria-sort") == "ascending"
        firsts = pg.eval_on_selector_all(".cb-index tbody tr td:nth-of-type(2)", "ts => ts.map(t => t.textContent.trim())")
        assert firsts == sorted(firsts, key=lambda t: (_fold(t), t))
        if lang == "fr":  # Éducation between Développement social and Géomatique, not after Services
            assert firsts.index(next(t for t in firsts if t.startswith("Éducation"))) < firsts.index(
                next(t for t in firsts if t.startswith("Géomatique")))
        pg.click("th[data-key=title] button")
        pg.click("th[data-key=title] button")
        assert pg.get_attribute("th[data-key=title]", "aria-sort") == "descending"
        assert pg.get_attribute("th[data-key=sector]", "aria-sort") is None
        titles = _shown_titles(pg)
        assert titles == sorted(titles, key=lambda t: (_fold(t), t), reverse=True)

        # The address keeps the state: opening it again restores the view.
        pg.select_option("select[name=sector]", "youth-services")
        pg.goto(pg.url)
        assert pg.get_attribute("th[data-key=title]", "aria-sort") == "descending"
        expected_youth = [t for t in titles if t in {_title(d, lang) for d in cases.values()
                                                     if "youth-services" in (d.get("sector") or [])}]
        assert _shown_titles(pg) == expected_youth
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_case_index_is_full_without_javascript_and_cards_on_a_phone(browser: Any, site_url: str, lang: str) -> None:
    cases = _cases()
    context = browser.new_context(base_url=site_url, java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        pg = context.new_page()
        pg.goto(in_lang("cases/", lang))
        assert sorted(_shown_titles(pg)) == sorted(_title(d, lang) for d in cases.values())
        assert not pg.locator("form[data-cb-filter=cases]").is_visible()  # no control that cannot work
        cards = pg.evaluate("""() => { const a = document.querySelector("article").getBoundingClientRect();
            return [...document.querySelectorAll(".cb-index tbody tr")].map(tr => { const r = tr.getBoundingClientRect();
              return {display: getComputedStyle(tr).display, left: r.left - a.left, right: a.right - r.right,
                      label: getComputedStyle(tr.querySelector("td[data-label]"), "::before").content}; }); }""")
        assert len(cards) == len(cases)
        for card in cards:
            assert card["display"] == "block" and abs(card["left"]) <= 1 and abs(card["right"]) <= 1, card
            assert card["label"] not in ("none", "normal", '""'), card  # each value says what it is
        assert not pg.locator(".cb-index thead").is_visible()
        for cid, data in cases.items():  # each card gives the case's sectors, from its YAML
            row = pg.locator(f".cb-index tbody tr:has(a[href$='{cid}/'])")
            text = row.text_content() or ""
            assert all(_term(s, lang) in text for s in data.get("sector") or []), cid
    finally:
        context.close()


# ---- matrix cells ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_matrix_cells_are_plain_disclosures(page: Any, lang: str) -> None:
    page.goto(in_lang("compare/barriers/", lang))
    looks = page.evaluate("""() => [...document.querySelectorAll(".cb-matrix summary")].map(s => {
        const before = getComputedStyle(s, "::before"), d = getComputedStyle(s.parentElement);
        return {mask: before.maskImage || before.webkitMaskImage, border: d.borderTopWidth, shadow: d.boxShadow}; })""")
    assert looks
    for look in looks:  # no pencil icon (Material's admonition mask), no box
        assert look["mask"] == "none" and look["border"] == "0px" and look["shadow"] == "none", look


# ---- the concept map, a matrix ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_concept_matrix_marks_each_case_s_characteristics(page: Any, lang: str) -> None:
    """Every sector a case's YAML gives is a ● (as a characteristic) in that concept's row and that case's column."""
    cases = _cases()
    page.goto(in_lang("concepts/", lang))
    grid = page.evaluate("""() => { const t = document.querySelector("table.cb-concept-matrix");
        const cols = [...t.tHead.rows[0].cells].map(th => (th.querySelector("a") || {}).href || "");
        const out = {};
        for (const tr of t.querySelectorAll("tbody tr:not(.cb-group)")) {
          const a = tr.cells[0].querySelector("a");
          out[a.href.replace(/\\/$/, "").split("/").pop()] = [...tr.cells].slice(1, -1).map((td, i) =>
            [cols[i + 1].replace(/\\/$/, "").split("/").pop(), td.textContent.includes("●"), td.textContent.includes("○")])
            .concat([["count", Number(tr.cells[tr.cells.length - 1].textContent), 0]]);
        }
        return out; }""")
    assert grid
    for cid, data in cases.items():
        for sector in data.get("sector") or []:
            users = sum(1 for d in cases.values() if sector in (d.get("sector") or []))
            if users < 2:
                assert sector not in grid  # a concept of one case is on its page, not in the matrix
                continue
            cells = {case: facet for case, facet, _ in grid[sector][:-1]}
            assert cells[cid], (sector, cid)
    for concept, cells in grid.items():  # the last column counts the cases marked in the row, two or more
        *marks, (_, count, _) = cells
        assert count == sum(1 for _, facet, mention in marks if facet or mention) >= 2, concept
