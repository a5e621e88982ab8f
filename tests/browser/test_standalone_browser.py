"""The bibliography plugin on its own (a plain Material site, see tests/test_standalone.py) in Chromium: its filters
(without a case filter) and copy-BibTeX work, with no console error and nothing fetched from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import served
from ..test_standalone import build_standalone, make_standalone

pytestmark = pytest.mark.browser
FORM = 'form[data-cb-filter="bib"]'


@pytest.fixture(scope="module")
def standalone_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = make_standalone(tmp_path_factory.mktemp("standalone-browser"))
    result = build_standalone(src, src / "site")
    assert result.returncode == 0, result.stderr
    return src / "site"


@pytest.fixture
def site_url(standalone_site: Path) -> Iterator[str]:
    """Overrides the real site's server for this module: ``page`` then opens the standalone site."""
    with served(standalone_site) as url:
        yield url


def shown(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".cb-bib > li:not([hidden])", "ls => ls.map(l => l.id.replace(/^ref-/, ''))"))


def test_filters_without_cases_and_copy_bibtex(page: Any, site_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto("en/bibliography/?lang=fr")
    page.wait_for_selector(f"{FORM}:not([hidden])")
    assert page.locator(f"{FORM} select[name=case]").count() == 0
    assert shown(page) == ["lemieux2018"], "the view in the address is applied: French works only"
    page.locator(f"{FORM} select[name=lang]").select_option("")
    page.locator(f"{FORM} select[name=type]").select_option("article")
    assert shown(page) == ["bourgon2007"]
    assert page.locator(f"{FORM} output[name=count]").inner_text() == "1 / 3"
    assert page.url.endswith("en/bibliography/?type=article")
    entry = page.locator('.cb-bib > li[id="ref-bourgon2007"]')
    entry.locator("summary").click()
    entry.get_by_role("button", name="Copy BibTeX").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@article{bourgon2007,") and "pages = {7--26}" in copied
