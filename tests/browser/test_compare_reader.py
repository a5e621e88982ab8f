"""The compare page as a reader meets it, in both languages, at 1280×800 and 390×844 (issue 13, points 1–3).

One page load per language and size, opened on a shared address (two cases side by side), then used as a student
would: read the compact table, expand a row, filter until nothing is left and relax a filter, pick cases, switch
"differences only", look at everything with the sticky headers. What is measured is what the reader sees (boxes in
the viewport, widths, the focus, text), and the expected values come from the case files.
"""

from __future__ import annotations

import unicodedata
from itertools import product
from typing import Any

import pytest
import yaml

from ..conftest import ROOT
from .site_pages import no_transitions
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

CASES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "cases").glob("*.yml"))}
TERMS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["term"] for p in (ROOT / "concepts").glob("*.yml")
         if not p.name.startswith("_")}
WORDS = {
    "fr": {"prefix": "", "count": "{n} cas sur {total}", "not_stated": "non précisé dans la source", "sector": "Secteur",
           "level": "Palier", "details": "Détails", "all": "Tout", "diff": "Différences seulement", "more": "autre cas"},
    "en": {"prefix": "en/", "count": "{n} of {total} cases", "not_stated": "not stated in the source", "sector": "Sector",
           "level": "Level", "details": "Details", "all": "Everything", "diff": "Differences only", "more": "more case"},
}
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}

# Layout shifts while the page loads (Lighthouse's CLS), recorded from the first paint.
CLS_SCRIPT = """window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput)
  window.__cls += e.value; }).observe({type: "layout-shift", buffered: true});"""


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def dated(cid: str) -> bool:
    return bool((CASES[cid].get("period") or {}).get("start"))


def facet(cid: str, name: str) -> list[str]:
    data = CASES[cid]
    if name in ("sector", "level"):
        return list(data.get(name) or [])
    return list(((data.get("collaboration") or {}).get(name)) or [])


def in_viewport(page: Any, selector: str) -> dict[str, float]:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
      return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, h: innerHeight, w: innerWidth}; }""", selector)


def assert_inside(box: dict[str, float], what: str) -> None:
    assert box["top"] >= 0 and box["bottom"] <= box["h"] + 0.5, (what, box)
    assert box["left"] >= 0 and box["right"] <= box["w"] + 0.5, (what, box)


def focus_in(page: Any, selector: str) -> bool:
    return bool(page.evaluate("s => document.querySelector(s).contains(document.activeElement)", selector))


def no_page_overflow(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "page scrolls sideways"


def rows(page: Any) -> list[str]:
    return list(page.eval_on_selector_all("table[data-cb-summary] tbody tr[data-row]", "rs => rs.map(r => r.dataset.row)"))


def zero_pair() -> tuple[str, str, str, str]:
    """A sector and a level each some case has, that no case has together (filtering on both leaves nothing)."""
    sectors = sorted({s for c in CASES for s in facet(c, "sector")})
    levels = sorted({v for c in CASES for v in facet(c, "level")})
    for s, v in product(sectors, levels):
        if not any(s in facet(c, "sector") and v in facet(c, "level") for c in CASES):
            return "sector", s, "level", v
    pytest.skip("every sector meets every level in the case files")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", WORDS)
def test_a_student_compares_cases(browser: Any, site_url: str, lang: str, size: str) -> None:
    w = WORDS[lang]
    width, height = SIZES[size]
    context = browser.new_context(base_url=site_url, viewport={"width": width, "height": height})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.add_init_script(CLS_SCRIPT)
        ids = list(CASES)
        a, b = ids[-1], ids[0]

        # ---- a shared address: the side-by-side view opens in sight, with the focus in it -----------------------
        page.goto(f"{w['prefix']}compare/?cases={a},{b}")
        page.wait_for_selector(".cb-side:not([hidden])")
        page.wait_for_timeout(100)
        assert page.evaluate("window.__cls") < 0.01, "the page moved while loading"
        no_transitions(page)  # axe reads colours once settled (Material fades its back-to-top button in)
        assert_inside(in_viewport(page, ".cb-side"), "side by side after loading a shared address")
        assert focus_in(page, ".cb-side"), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        heads = page.locator(".cb-side thead th").all_inner_texts()
        assert [h.strip() for h in heads] == [CASES[c]["short_title"][lang].strip() for c in (a, b)]
        no_page_overflow(page)
        page.locator(".cb-side-close").click()
        assert page.locator(".cb-side").is_hidden()

        # ---- the compact table: every case, one short row each, as wide as its column at most --------------------
        assert sorted(rows(page)) == sorted(CASES)
        page.evaluate("document.querySelector('.cb-summary-wrap').scrollIntoView()")
        if size == "desktop":
            fit = page.evaluate("""() => { const w = document.querySelector('.cb-summary-wrap');
              return [w.scrollWidth, w.clientWidth, w.querySelector('table').getBoundingClientRect().width]; }""")
            assert fit[0] <= fit[1], f"the compact table is {fit[0]} px wide in a {fit[1]} px column"
        no_page_overflow(page)
        # A facet a case leaves empty says so, as a value of its own.
        undated_n = sum(not dated(c) for c in CASES)
        no_mode = [c for c in CASES if not facet(c, "mode")]
        assert page.locator("table[data-cb-summary] tbody .cb-unstated", has_text=w["not_stated"]).count() >= len(no_mode)

        # ---- one row's long texts, one action away -------------------------------------------------------------
        first = rows(page)[0]
        page.locator(f'tr[data-row="{first}"] button.cb-expand').click()
        detail = page.locator(f"tr#detail-{first}")
        assert detail.is_visible()
        assert page.locator(f'tr[data-row="{first}"] button.cb-expand').get_attribute("aria-expanded") == "true"
        assert page.evaluate(f"document.querySelector('tr[data-row=\"{first}\"]').nextElementSibling.id") == f"detail-{first}"
        place = CASES[first]["place"][lang].strip()
        assert place.split()[0] in detail.inner_text()
        if size == "desktop":
            assert page.evaluate("(w => w.scrollWidth <= w.clientWidth)(document.querySelector('.cb-summary-wrap'))")
        no_page_overflow(page)
        page.locator(f'tr[data-row="{first}"] button.cb-expand').click()
        assert detail.count() == 0

        # ---- lists in the language's order; undated and unstated cases are choices, counted --------------------
        options = page.eval_on_selector_all("select[name=sector] option[data-term]", "os => os.map(o => o.dataset.term)")
        assert options == sorted(options, key=fold), options
        if lang == "fr" and "Éducation" in options:
            i = options.index("Éducation")
            assert all(fold(o)[0] <= "e" for o in options[:i]) and all(fold(o)[0] >= "e" for o in options[i + 1:]), options
            assert any(fold(o).startswith("d") for o in options[:i])
        if undated_n:
            label = page.locator("input[name=undated]").locator("xpath=..").inner_text()
            assert f"({undated_n})" in label, label
        if no_mode:
            text = page.locator("select[name=mode] option[value=unstated]").inner_text()
            assert text == f"{w['not_stated']} ({len(no_mode)})", text
            page.locator("select[name=mode]").select_option("unstated")
            assert sorted(rows(page)) == sorted(no_mode)
            page.locator("select[name=mode]").select_option("")
        page.fill("input[name=from]", "2016")
        page.dispatch_event("input[name=from]", "change")
        undated_ids = [c for c in CASES if not dated(c)]
        assert set(undated_ids) <= set(rows(page)), "a year range dropped the undated cases silently"

        # ---- nothing left: the hint names the filters to relax, with a button for each -----------------------
        page.fill("input[name=from]", "")
        page.dispatch_event("input[name=from]", "change")
        f1, v1, f2, v2 = zero_pair()
        page.locator(f"select[name={f1}]").select_option(v1)
        page.locator(f"select[name={f2}]").select_option(v2)
        assert rows(page) == []
        assert page.locator("output[name=count]").inner_text() == w["count"].format(n=0, total=len(CASES))
        hint = page.locator(".cb-none")
        assert hint.is_visible()
        if size == "desktop":
            assert axe_violations(page) == [], "with the zero-result hint"
        text = hint.inner_text()
        only_v1 = [c for c in CASES if v1 in facet(c, f1)]
        for name, value in ((w["sector"], v1), (w["level"], v2)):
            term = TERMS[value][lang].strip()
            assert name in text and term in text, (name, term, text)
        # Removing the level filter leaves the cases of the sector; the button says how many.
        button = hint.locator("button", has_text=TERMS[v2][lang].strip())
        assert f"({len(only_v1)} " in button.inner_text()
        button.click()
        assert sorted(rows(page)) == sorted(only_v1)
        assert page.locator(f"select[name={f2}]").input_value() == ""
        assert hint.is_hidden()
        page.locator(f"select[name={f1}]").select_option("")

        # ---- pick two cases from the bottom of the list: the panel opens where the reader is ----------------
        page.locator(f'tr[data-row="{a}"] input.cb-pick').scroll_into_view_if_needed()
        page.locator(f'tr[data-row="{a}"] input.cb-pick').check()
        page.locator(f'tr[data-row="{b}"] input.cb-pick').check()
        page.wait_for_timeout(50)
        assert_inside(in_viewport(page, ".cb-side"), "side by side after a pick")
        assert focus_in(page, ".cb-side")
        no_page_overflow(page)
        # Differences only: hidden rows are those where the two cases say the same; shared facet values are marked.
        page.get_by_label(w["diff"]).check()
        same = page.eval_on_selector_all(".cb-side tbody", """bs => bs.map(b => [b.hidden,
          Array.from(b.rows[1].cells).map(c => c.textContent.replace(/\\s+/g, ' ').trim())])""")
        assert any(h for h, _ in same), "no dimension was the same for two cases"
        for hidden, texts in same:
            assert hidden == (len(set(texts)) == 1), texts
        for shared in page.eval_on_selector_all(".cb-side .cb-shared", "as => as.map(a => a.getAttribute('href'))"):
            cells = page.eval_on_selector_all(".cb-side tbody:not([hidden]) tr:nth-child(2)", """(rs, h) => rs.filter(r =>
              r.querySelector(`a[href="${h}"]`)).map(r => Array.from(r.cells).every(c => c.querySelector(`a[href="${h}"]`)))""", shared)
            assert cells and all(cells), shared
        assert page.url.endswith("diff=1") or "diff=1" in page.url
        if size == "desktop":  # the page as it now is: a row's details open, two cases side by side, differences only
            page.locator(f'tr[data-row="{first}"] button.cb-expand').click()
            assert axe_violations(page) == [], "side by side, differences only, a row's details open"
            page.locator(f'tr[data-row="{first}"] button.cb-expand').click()

        # ---- a third case on a phone: two fit side by side, the third is reached with a visible cue ----------
        third = ids[len(ids) // 2]
        page.get_by_label(w["diff"]).uncheck()
        page.locator(f'tr[data-row="{third}"] input.cb-pick').scroll_into_view_if_needed()
        page.locator(f'tr[data-row="{third}"] input.cb-pick').check()
        page.wait_for_timeout(50)
        assert_inside(in_viewport(page, ".cb-side"), "side by side after a third pick")
        boxes = page.evaluate("""() => { const s = document.querySelector('.cb-side-scroll').getBoundingClientRect();
          return [s.left, s.right, Array.from(document.querySelectorAll('.cb-side thead th')).map(th => {
            const r = th.getBoundingClientRect(); return [r.left, r.right]; })]; }""")
        left, right, ths = boxes
        cue = page.locator(".cb-side-cue")
        if size == "phone":
            assert ths[0][0] >= left - 1 and ths[1][1] <= right + 1, boxes  # two cases in full
            assert ths[2][0] >= right - 1, boxes  # the third beyond the edge…
            assert cue.is_visible() and w["more"] in cue.inner_text() and "1" in cue.inner_text()  # …and said so
            cue.click()
            page.wait_for_timeout(100)
            th3 = page.evaluate("(() => { const r = document.querySelectorAll('.cb-side thead th')[2].getBoundingClientRect(); return [r.left, r.right]; })()")
            assert th3[1] <= right + 1, th3
            assert axe_violations(page) == [], "three cases side by side on a phone"
        else:
            assert all(th[1] <= right + 1 for th in ths), boxes
            assert cue.is_hidden()
        no_page_overflow(page)
        page.locator(".cb-side-close").click()

        # ---- everything: one scroll box, the header row and the case column stay in view and aligned ---------
        page.get_by_label(w["all"], exact=True).check()
        box = page.locator(".cb-full > .cb-scroll")
        assert box.is_visible() and page.locator(".cb-summary-wrap").is_hidden()
        box.evaluate("b => { b.scrollTop = 600; b.scrollLeft = 700; }")
        page.wait_for_timeout(50)
        geometry = box.evaluate("""b => { const r = b.getBoundingClientRect(), t = b.querySelector('table');
          const head = t.tHead.rows[t.tHead.rows.length - 1], row = t.tBodies[0].rows[3];
          const col = Array.from(head.cells).findIndex(th => th.getBoundingClientRect().left > r.left + 200);
          return {box: [r.top, r.left], headTop: head.cells[1].getBoundingClientRect().top,
                  corner: head.cells[0].getBoundingClientRect().left, rowHead: row.cells[0].getBoundingClientRect().left,
                  headCol: head.cells[col].getBoundingClientRect().left, bodyCol: row.cells[col].getBoundingClientRect().left,
                  scrolled: [b.scrollTop, b.scrollLeft]}; }""")
        assert geometry["scrolled"][0] > 0 and geometry["scrolled"][1] > 0, geometry
        assert abs(geometry["headTop"] - geometry["box"][0]) <= 2, geometry  # the header row at the top of the box
        assert abs(geometry["corner"] - geometry["box"][1]) <= 2 and abs(geometry["rowHead"] - geometry["box"][1]) <= 2, geometry
        assert abs(geometry["headCol"] - geometry["bodyCol"]) <= 1, geometry  # header and body columns agree
        no_page_overflow(page)

        assert errors == []
    finally:
        context.close()
