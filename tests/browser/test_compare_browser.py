"""The compare page in Chromium: filter, sort, choose columns, side by side, a shared URL, and JavaScript off.

Expected rows are derived from the case files, not from the page.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from ..conftest import ROOT

pytestmark = pytest.mark.browser

CASES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "cases").glob("*.yml"))}


def mode_of(cid: str) -> str:
    return str((CASES[cid].get("collaboration") or {}).get("mode") or "")


def visible_ids(page: Any) -> list[str]:
    """The cases the compact table shows (the default view; without JavaScript, every case)."""
    return list(page.eval_on_selector_all("table[data-cb-summary] tbody tr[data-row]", "rs => rs.map(r => r.dataset.row)"))


def in_url(page: Any, text: str) -> bool:
    """The script writes the view to the URL just after the next frame: wait for it."""
    page.wait_for_function("t => decodeURIComponent(location.search).includes(t)", arg=text)
    return True


def not_in_url(page: Any, text: str) -> bool:
    page.wait_for_function("t => !decodeURIComponent(location.search).includes(t)", arg=text)
    return True


def open_compare(page: Any, query: str = "") -> None:
    page.goto("compare/" + query)
    page.wait_for_selector(".cb-compare-controls:not([hidden])")


def test_filter_by_facet_and_period_keeps_the_state_in_the_url(page: Any) -> None:
    open_compare(page)
    assert sorted(visible_ids(page)) == sorted(CASES)
    mode = next(m for m in ("mandated", "chosen") if any(mode_of(c) == m for c in CASES))
    page.locator("select[name=mode]").select_option(mode)
    assert sorted(visible_ids(page)) == sorted(c for c in CASES if mode_of(c) == mode)
    assert in_url(page, f"mode={mode}")
    assert page.locator("output[name=count]").inner_text().startswith(f"{len(visible_ids(page))} cas sur {len(CASES)}")
    page.locator("select[name=mode]").select_option("")
    # Period from 2016: dated cases whose period ends in 2016 or later, or has no end; the undated ones stay (a
    # choice of their own, ticked by default) until the reader unticks them.
    page.fill("input[name=from]", "2016")
    page.dispatch_event("input[name=from]", "change")

    def dated(cid: str) -> bool:
        return bool((CASES[cid].get("period") or {}).get("start"))

    def runs_in_2016(cid: str) -> bool:
        period = CASES[cid].get("period") or {}
        end = str(period.get("end") or "")
        return dated(cid) and (not end or int(end[:4]) >= 2016)

    assert sorted(visible_ids(page)) == sorted(c for c in CASES if runs_in_2016(c) or not dated(c))
    assert in_url(page, "from=2016")
    page.locator("input[name=undated]").uncheck()
    assert sorted(visible_ids(page)) == sorted(c for c in CASES if runs_in_2016(c))
    assert in_url(page, "undated=0")
    page.get_by_role("button", name="Tout afficher").click()
    page.wait_for_function(f"document.querySelectorAll('table[data-cb-summary] tbody tr[data-row]').length === {len(CASES)}")


def test_sort_by_a_column_with_the_keyboard(page: Any) -> None:
    open_compare(page)
    button = page.locator('[data-cb-summary] th[data-d="period"] button')
    button.focus()
    page.keyboard.press("Enter")
    assert page.locator('[data-cb-summary] th[data-d="period"]').get_attribute("aria-sort") == "ascending"
    dated = sorted((str(d["period"]["start"]), c) for c, d in CASES.items() if (d.get("period") or {}).get("start"))
    ids = visible_ids(page)
    assert ids[: len(dated)] == [c for _, c in dated]  # undated cases last
    page.keyboard.press("Enter")
    assert page.locator('[data-cb-summary] th[data-d="period"]').get_attribute("aria-sort") == "descending"
    # Equal starts keep their first order (a stable sort), as Python's reverse sort does.
    assert visible_ids(page)[: len(dated)] == [c for _, c in sorted(dated, key=lambda x: x[0], reverse=True)]
    assert in_url(page, "sort=period") and in_url(page, "dir=desc")


def test_choose_columns(page: Any) -> None:
    open_compare(page)
    page.get_by_label("Tout", exact=True).check()  # the full meta-matrix
    assert in_url(page, "view=all")
    page.locator(".cb-columns summary").click()
    page.get_by_label("Lieu", exact=True).uncheck()
    assert not page.locator('[data-cb-meta] th[data-d="place"]').is_visible()
    assert page.locator('[data-cb-meta] th[data-d="period"]').is_visible()
    assert in_url(page, "hide=place")
    group = page.locator('tr.cb-groups th[data-g="context"]')
    assert group.get_attribute("colspan") == "3"  # period, sector, level left in the context group


def test_side_by_side_two_to_four_cases(page: Any) -> None:
    open_compare(page)
    ids = list(CASES)
    for cid in ids[:2]:
        page.locator(f'tr[data-row="{cid}"] input.cb-pick').check()
    side = page.locator(".cb-side")
    assert side.is_visible()
    heads = side.locator("thead th").all_inner_texts()
    assert len(heads) == 2  # one column a case
    assert in_url(page, f"cases={ids[0]},{ids[1]}")
    for cid in ids[2:4]:
        page.locator(f'tr[data-row="{cid}"] input.cb-pick').check()
    assert side.locator("thead th").count() == 4
    assert page.locator(f'tr[data-row="{ids[4]}"] input.cb-pick').is_disabled()  # four at most
    page.get_by_role("button", name="Fermer la vue côte à côte").click()
    assert not side.is_visible() and not_in_url(page, "cases=")


def test_a_shared_url_restores_the_view(page: Any) -> None:
    ids = [c for c in CASES if mode_of(c) == "chosen"][:2] or list(CASES)[:2]
    page.goto(f"en/compare/?mode=chosen&sort=period&dir=desc&hide=actors,governance&cases={ids[0]},{ids[1]}")
    page.wait_for_selector(".cb-side:not([hidden])")
    assert page.locator("select[name=mode]").input_value() == "chosen"
    assert sorted(visible_ids(page)) == sorted(c for c in CASES if mode_of(c) == "chosen")
    assert page.locator('[data-cb-summary] th[data-d="period"]').get_attribute("aria-sort") == "descending"
    assert not page.locator('[data-cb-meta] th[data-d="actors"]').is_visible()
    assert page.locator(".cb-side thead th").count() == 2
    assert not page.locator(".cb-side tbody th", has_text="Organisations and actors").count()


def test_without_javascript_the_table_is_complete(browser: Any, site_url: str) -> None:
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("compare/")
        assert sorted(visible_ids(page)) == sorted(CASES)
        assert not page.locator(".cb-compare-controls").is_visible()
        assert page.locator("table[data-cb-meta] thead tr:last-child th").count() == 18  # case + 17 dimensions
    finally:
        context.close()


def test_matrix_cells_open_with_the_keyboard(page: Any) -> None:
    page.goto("en/compare/facilitating-factors/")
    summary = page.locator(".cb-matrix td.cb-yes summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".cb-matrix td.cb-yes details").first.get_attribute("open") is not None


# ---- more cases than a static page holds: pages fetched and filtered together ----------------------------
@pytest.fixture(scope="module")
def paged_url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The real site with 3 rows a static page and 4 rows shown at once, served on 127.0.0.1."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from ..conftest import copy_site, mkdocs_build

    tmp = tmp_path_factory.mktemp("paged")
    src = copy_site(tmp / "src")
    cfg = (src / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - casebook/compare\n" in cfg
    cfg = cfg.replace("  - casebook/compare\n", "  - casebook/compare:\n      page_size: 3\n      visible_rows: 4\n")
    (src / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    result = mkdocs_build(src, tmp / "site")
    assert result.returncode == 0, result.stderr[-3000:]

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_static_pages_without_javascript(browser: Any, paged_url: str) -> None:
    context = browser.new_context(base_url=paged_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("compare/")
        pages = -(-len(CASES) // 3)
        assert len(visible_ids(page)) == 3
        assert page.locator(".cb-pager a").count() == pages
        page.locator(".cb-pager a", has_text=str(pages)).click()
        assert len(visible_ids(page)) == len(CASES) - 3 * (pages - 1)
    finally:
        context.close()


def test_rows_of_every_page_are_loaded_filtered_and_shown_a_few_at_a_time(browser: Any, paged_url: str) -> None:
    context = browser.new_context(base_url=paged_url)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto("compare/")
        page.wait_for_function(f"window.casebookCompare && window.casebookCompare.rows.length === {len(CASES)}")
        page.wait_for_selector(".cb-pager", state="hidden")
        assert len(visible_ids(page)) == 4
        more = page.locator("button.cb-more")
        assert more.inner_text() == "Afficher 4 cas de plus"
        more.click()
        assert len(visible_ids(page)) == 8
        page.locator("select[name=mode]").select_option("chosen")
        chosen = [c for c in CASES if mode_of(c) == "chosen"]
        assert len(visible_ids(page)) == min(4, len(chosen))
        assert page.locator("output[name=count]").inner_text() == f"{len(chosen)} cas sur {len(CASES)}"
        # The last case in period order was on the last static page: its link, written relative to that page,
        # still leads to the case.
        from casebook.base.dates import start_key

        last = sorted(CASES, key=lambda c: (start_key(str((CASES[c].get("period") or {}).get("start") or "")), c))[-1]
        href = page.evaluate("id => window.casebookCompare.rows.find(r => r.id === id).tr.querySelector('th a').href", last)
        assert href == f"{paged_url}cases/{last}/"
        assert errors == []
    finally:
        context.close()
