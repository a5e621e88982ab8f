"""A site in three languages (English at the root, French under /fr/, Spanish under /es/ with a strings file of its
own; the fixture site of tests/test_languages.py) in Chromium, as a reader meets it: the interface in the page's
language, the scroll cue of a wide table in it too."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ..conftest import serving
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
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    try:
        with serving(server, three_site) as url:
            yield url
    finally:
        server.server_close()


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_scroll_cue_of_a_wide_table_is_in_the_page_language(page: Any, lang: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{prefix(lang)}compare/?view=all")  # every column: wider than a phone
    cues = page.locator(".cb-scroll-cue:visible")
    cues.first.wait_for()
    assert set(cues.all_inner_texts()) == {f"\u2194 {CUE[lang]}"}
