"""On a phone, the concepts index's table of counts (a site above ``concept_matrix_max_cases`` cases) fits the
screen: no sideways scroll, and its headers stay readable (at least 11 px, the floor test_reading.py sets at 390).

The table is rendered by the real templates from a 41-case project (tests/test_concepts.py's helpers) and put in
place of the map section of the built site's concepts index, so Material's and Casebook's real stylesheets lay it out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..concept_index import cases as _cases
from ..concept_index import concepts_index as _concepts_index
from ..concept_index import map_section as _map_section
from ..conftest import make_project


@pytest.mark.parametrize("lang, path", [("fr", "concepts/"), ("en", "en/concepts/")])
def test_the_table_of_counts_fits_a_phone(lang: str, path: str, page: Any, tmp_path: Path) -> None:
    section = _map_section(_concepts_index(make_project(tmp_path, _cases(41)), lang))
    assert "cb-concept-counts" in section, "41 cases are above the default limit of 40"
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    swapped = page.evaluate("""(html) => {
        const start = document.getElementById('map'), end = document.getElementById('a-z');
        if (!start || !end) return false;
        const range = document.createRange(); range.setStartBefore(start); range.setEndBefore(end);
        range.deleteContents(); range.insertNode(range.createContextualFragment(html)); return true; }""", section)
    assert swapped, f"/{path} has no map section to replace"
    box = page.evaluate("""() => { const t = document.querySelector('.cb-concept-counts'), s = t.parentElement;
        return {client: s.clientWidth, scroll: s.scrollWidth, page: document.documentElement.scrollWidth,
                inner: innerWidth,
                heads: [...t.querySelectorAll('thead th')].map(th => [th.textContent.trim(),
                        parseFloat(getComputedStyle(th).fontSize)])}; }""")
    assert box["scroll"] <= box["client"], f"/{path}: the table of counts is {box['scroll'] - box['client']} px " \
                                           f"wider than its {box['client']} px box at 390 px"
    assert box["page"] <= box["inner"], f"/{path} is wider than the phone"
    small = [(text, size) for text, size in box["heads"] if size < 11]
    assert not small, f"/{path}: headers drawn below 11 px: {small}"
