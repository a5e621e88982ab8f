"""Helpers for the tests of the concepts index's map (tests/test_concepts.py, tests/browser/test_concept_counts.py):
a project of N minimal cases, its concepts index rendered as casebook/concepts renders it, and the map's section."""

from __future__ import annotations

from pathlib import Path

from casebook.content.corpus import Paths, load_corpus


def concepts_index(root: Path, lang: str) -> str:
    import jinja2

    from casebook.compare.conceptmap import concept_map
    from casebook.publishing.site import SiteBuilder

    from .conftest import ROOT

    corpus = load_corpus(Paths.at(root))
    assert not corpus.errors, [d.format() for d in corpus.errors]
    site = SiteBuilder(corpus, jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme"))))
    page = next(p for p in site.concept_pages() if p.kind == "concepts-index" and p.lang == lang)
    page.context["concept_map_data"] = concept_map  # what casebook/concepts gives it (its concept_map option)
    return site.render(page)


def cases(n: int) -> dict[str, str | bytes]:
    from .conftest import MINIMAL_CASE

    out: dict[str, str | bytes] = {}
    for i in range(n):  # every case has education and intersectoral as characteristics; one in three is 'chosen'
        body = MINIMAL_CASE.replace("short_title: {fr: Cas, en: Case}", f"short_title: {{fr: Cas {i}, en: Case {i}}}")
        out[f"c{i:02}.yml"] = body if i % 3 == 0 else body.replace("  mode: chosen\n", "")
    return out


def map_section(html: str) -> str:
    start = html.index('<h2 id="map">')
    return html[start:html.index('<h2 id="a-z">')]
