"""One page of every page type, in both languages, and small helpers shared by the browser tests.

French pages live at the root and English ones under ``en/``: the counterpart of ``P`` is ``en/P``.
Expected values come from the sources (``cases/*.yml``, ``concepts/*.yml``, ``bibliography/*.bib``), not from
the built pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import ROOT

CASE_ID = "omhm-dis-hsmn"  # a case with a timeline, tables, citations and concepts
CONCEPT_ID = "accountability"

# Page type -> French path (relative to the site root); the English page is "en/" + path.
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "about": "about/",
    "contribute": "contribute/",
    "case-index": "cases/",
    "case": f"cases/{CASE_ID}/",
    "concept-index": "concepts/",
    "concept": f"concepts/{CONCEPT_ID}/",
    "bibliography": "bibliography/",
}
# Built by the casebook/compare plugin: the page with its controls, a heatmap matrix, the periods timeline and the
# open data page.
COMPARE_TYPES: dict[str, str] = {
    "compare": "compare/",
    "compare-matrix": "compare/barriers/",
    "compare-periods": "compare/periods/",
    "open-data": "data/",
}
LANGS = ("fr", "en")


def in_lang(path: str, lang: str) -> str:
    return path if lang == "fr" else "en/" + path


def page_params(*, with_lang: bool = True) -> list[Any]:
    """Parameters (page type, path[, lang]) over every page type, the compare pages included."""
    types = {**PAGE_TYPES, **COMPARE_TYPES}
    if not with_lang:
        return [pytest.param(t, p, id=t) for t, p in types.items()]
    return [pytest.param(t, p, lang, id=f"{t}-{lang}") for t, p in types.items() for lang in LANGS]


def require_page(built_site: Path, page_type: str, path: str) -> None:
    """Skip, saying why, when a page type is not built (yet)."""
    if page_type in COMPARE_TYPES and not (built_site / path / "index.html").is_file():
        pytest.skip(f"/{path} is not built yet (the compare and open data pages come from the casebook/compare plugin)")
    assert (built_site / path / "index.html").is_file(), f"/{path} is missing from the built site"


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def case_data(cid: str) -> dict[str, Any]:
    data = load_yaml(ROOT / "cases" / f"{cid}.yml")
    assert isinstance(data, dict)
    return data


def concept_data(cid: str) -> dict[str, Any]:
    data = load_yaml(ROOT / "concepts" / f"{cid}.yml")
    assert isinstance(data, dict)
    return data


# A pandoc citation key: starts with a letter, digit or underscore; internal punctuation allowed.
_CITATION = re.compile(r"(?<![\w@])-?@(\w(?:[\w:.#$%&+?<>~/-]*\w)?)")


def case_references(cid: str) -> set[str]:
    """The works a case draws on: the keys it cites anywhere in its YAML and the works named as its sources."""
    text = (ROOT / "cases" / f"{cid}.yml").read_text(encoding="utf-8")
    return set(_CITATION.findall(text)) | set(case_data(cid).get("sources") or [])


def bib_entries() -> dict[str, tuple[str, str]]:
    """Every BibTeX entry of ``bibliography/*.bib``: key -> (entry type, langid)."""
    entries: dict[str, tuple[str, str]] = {}
    for path in sorted((ROOT / "bibliography").glob("*.bib")):
        for chunk in re.split(r"(?m)^(?=@)", path.read_text(encoding="utf-8")):
            head = re.match(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", chunk)
            if head:
                lang = re.search(r"(?m)^\s*langid\s*=\s*\{(\w+)\}", chunk)
                entries[head.group(2)] = (head.group(1).lower(), lang.group(1) if lang else "")
    return entries


def path_of(page: Any, site_url: str) -> str:
    """The current page's path relative to the site root, without query or fragment."""
    url = str(page.url)
    assert url.startswith(site_url), url
    return url[len(site_url):].split("#")[0].split("?")[0]


def no_transitions(page: Any) -> None:
    """Material animates colours and outlines; computed styles are read once they have settled."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")


# What shows the focus: an outline of 2px or more, or a box shadow, on an element that is itself visible.
FOCUS_STYLE = """e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return {ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none",
            visible: r.width > 0 && r.height > 0 && e.checkVisibility({opacityProperty: true, visibilityProperty: true})}; }"""


def tab_to(page: Any, selector: str, *, limit: int = 60) -> list[str]:
    """Press Tab until the focused element matches ``selector``; return what the focus went through.

    Every stop on the way must be visible and show the focus: no invisible Tab stop, no focus without a ring."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate_handle("document.activeElement")
        label = page.evaluate("e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className.trim() ? "
                              "'.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + "
                              "(e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40)", active)
        seen.append(label)
        style = page.evaluate(FOCUS_STYLE, active)
        assert style["visible"], f"the focus is on an invisible element: {label} (after {seen[:-1]})"
        assert style["ring"], f"no visible focus on {label}"
        if page.evaluate("(args) => args[0].matches(args[1])", [active, selector]):
            return seen
    raise AssertionError(f"Tab never reached {selector}; the focus went through {seen}")
