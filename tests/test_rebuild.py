"""Rebuilds the way `mkdocs serve` makes them write the same site as a cold build.

Under serve, Casebook keeps work from one build to the next: converted texts and reference lists
(:class:`casebook.base.memo.BuildMemo`), the bibliography pages, search entries. None of it may change a page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from casebook.base.memo import BuildMemo
from casebook.bibliography.apa import APA
from casebook.bibliography.model import Bibliography, parse_bibtex
from casebook.content.citations import CitationState
from casebook.content.markup import TextRenderer
from casebook.mkdocs.pagecache import PageCache
from casebook.publishing.comparepage import ComparePages
from casebook.publishing.site import SiteBuilder

from .conftest import copy_site

BIB = """@book{dupont2020, author = {Dupont, Marie}, title = {Titre}, year = {2020}, publisher = {PUQ}, langid = {french}}
@book{smith2019, author = {Smith, John}, title = {Title}, year = {2019}, publisher = {Sage}, langid = {english}}
"""


def _apa() -> APA:
    refs, diags = parse_bibtex(BIB, "refs.bib")
    assert diags == []
    return APA(Bibliography({r.key: r for r in refs}))


def test_a_memo_hit_gives_the_same_html_and_replays_the_cited_keys() -> None:
    apa, memo = _apa(), BuildMemo()
    text = "Une phrase [@dupont2020] et *une autre* [@smith2019]."
    plain = TextRenderer(CitationState(apa=apa, lang="fr"))
    expected = plain.block(text)
    assert plain.state.cited == ["dupont2020", "smith2019"]

    first = TextRenderer(CitationState(apa=apa, lang="fr"), memo=memo, scope="#ref-")
    assert first.block(text) == expected and first.state.cited == ["dupont2020", "smith2019"]
    calls: list[str] = []
    second = TextRenderer(CitationState(apa=apa, lang="fr"), memo=memo, scope="#ref-")
    second._convert = lambda t: calls.append(t) or Markup("")  # type: ignore[method-assign]
    assert second.block(text) == expected
    assert calls == [], "the second conversion of the same text is a hit"
    assert second.state.cited == ["dupont2020", "smith2019"], "a hit reports the keys the text cites"


@pytest.mark.parametrize("change", ["lang", "scope", "apa"])
def test_the_memo_keys_on_language_link_scope_and_bibliography(change: str) -> None:
    apa, memo = _apa(), BuildMemo()
    text = "Voir [@dupont2020]."
    TextRenderer(CitationState(apa=apa, lang="fr"), memo=memo, scope="#ref-").block(text)
    other = TextRenderer(CitationState(apa=_apa() if change == "apa" else apa, lang="en" if change == "lang" else "fr",
                                       href=lambda k: f"../bibliography/#ref-{k}" if change == "scope" else f"#ref-{k}"),
                         memo=memo, scope="../bibliography/" if change == "scope" else "#ref-")
    html = other.block(text)
    if change == "lang":
        assert "Dupont, 2020" in html  # English pages: no French typography
    if change == "scope":
        assert 'href="../bibliography/#ref-dupont2020"' in html
    assert len(memo) == 2, "a second entry, not the first one reused"


def test_the_memo_keeps_only_what_the_last_build_used() -> None:
    apa, memo = _apa(), BuildMemo()

    def build(*texts: str) -> None:
        memo.next_build()
        renderer = TextRenderer(CitationState(apa=apa, lang="fr"), memo=memo, scope="#ref-")
        for t in texts:
            renderer.block(t)

    build("A [@dupont2020].", "B [@smith2019].")
    build("A [@dupont2020].")  # B was edited away
    build("A [@dupont2020].")
    assert len(memo) == 1
    assert memo.get((apa, "fr", "#ref-", "B [@smith2019].")) is None


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build_like_serve(src: Path, out: Path, startup: str | None) -> dict[str, bytes]:
    """One build in this process, as `mkdocs serve` makes them: a new config per build, and plugins that have
    ``on_startup`` keep their instance (``startup``: the command to start them with, or None to keep them)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(src / "mkdocs.yml"), site_dir=str(out))
    if startup:
        config.plugins.on_startup(command=startup, dirty=False)
    build(config)
    return _files(out)


def test_serve_rebuilds_write_the_same_site_as_a_cold_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold build, then a first and a second serve build in one process: every file is the same, and the second
    build converted no text again."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    src = copy_site(tmp_path / "src")
    conversions: list[str] = []
    convert = TextRenderer._convert

    def counting(self: TextRenderer, text: str) -> Any:
        conversions.append(text)
        return convert(self, text)

    monkeypatch.setattr(TextRenderer, "_convert", counting)
    reuse: list[tuple[int, int]] = []  # (pages reused, pages keyed) of each serve build
    finish = PageCache.finish

    def finished(self: PageCache) -> None:
        reuse.append((self.hits, self.keyed))
        finish(self)

    monkeypatch.setattr(PageCache, "finish", finished)
    bodies: list[str] = []  # kinds of the generated page bodies rendered
    render, render_compare = SiteBuilder._render, ComparePages._render_page

    def rendering(self: SiteBuilder, page: Any, url_of: Any) -> str:
        bodies.append(page.kind)
        return render(self, page, url_of)

    def rendering_compare(self: ComparePages, page: Any) -> str:
        bodies.append(page.kind)
        return render_compare(self, page)

    monkeypatch.setattr(SiteBuilder, "_render", rendering)
    monkeypatch.setattr(ComparePages, "_render_page", rendering_compare)

    def run(name: str, startup: str | None) -> dict[str, bytes]:
        return build_like_serve(src, tmp_path / name, startup)

    cold = run("cold", "build")
    assert reuse == [], "mkdocs build keeps no page for a next build"
    first = run("serve", "serve")  # serve builds into one folder, which a template could show (config.site_dir)
    assert conversions, "the real site has texts with citations and markup"
    conversions.clear()
    bodies.clear()
    second = run("serve", None)
    assert conversions == [], "nothing changed: every text comes from the memo"
    assert {"case", "concept", "compare", "compare-rows", "compare-matrix"} & set(bodies) == set(), \
        "nothing changed: the case, concept and compare pages' bodies come from the memo"
    pages = sum(1 for path in cold if path.endswith(".html") and not path.endswith("404.html"))
    assert reuse == [(0, pages), (pages, pages)], "the first serve build renders every page, the second none"
    assert len(cold) > 250  # every page of the real site, its data files and assets
    for name, files in (("first serve build", first), ("second serve build", second)):
        assert files.keys() == cold.keys(), name
        changed = [path for path in cold if files[path] != cold[path]]
        assert changed == [], f"{name} differs from the cold build in {changed[:5]}"


EDITS = {
    # a concept's term: every case page linking the concept shows it
    "concept": ("concepts/trajectory-animation.yml", "  en: Trajectory animation\n", "  en: Care pathway animation\n",
                "en/cases/spat/index.html", "Care pathway animation"),
    # a case's own text
    "case": ("cases/spat.yml", "  fr: >-\n    Après la réorganisation", "  fr: >-\n    Bien après la réorganisation",
             "cases/spat/index.html", "Bien après la réorganisation"),
    # a template of Casebook's pages
    "template": ("theme/casebook/case.html", '{% import "casebook/macros.html" as m with context %}',
                 '{% import "casebook/macros.html" as m with context %}<!-- edited template -->',
                 "cases/spat/index.html", "<!-- edited template -->"),
    # another case's short title: the case before or after it names it (spat's next case in French)
    "neighbour": ("cases/reflexive-stbbi.yml", '  fr: "Communautés stratégiques contre les ITSS"\n',
                  '  fr: "Communautés stratégiques contre les ITSS (titre revu)"\n',
                  "cases/spat/index.html", "Communautés stratégiques contre les ITSS (titre revu)"),
    # a work a case cites: the case's reference list changes
    "bibtex": ("bibliography/sources.bib", "  chapter   = {5},", "  chapter   = {5},\n  note      = {Note ajoutée},",
               "cases/spat/index.html", "Note ajoutée"),
    # a case's title: the <title> of its page, outside the page's body (the theme writes it from the metadata)
    "case-title": ("cases/spat.yml", '  fr: "L\'animation des trajectoires de soins', '  fr: "L\'animation revue des trajectoires de soins',
                   "cases/spat/index.html", "<title>L&#39;animation revue des trajectoires"),
    # a case's title on the pages of the concepts it uses, which list it (their bodies are kept while no case changes)
    "title-on-concept": ("cases/reflexive-stbbi.yml", '  fr: "Espaces réflexifs, leviers de collaboration',
                         '  fr: "Espaces réflexifs revus, leviers de collaboration',
                         "concepts/barrier-divergent-priorities/index.html", "Espaces réflexifs revus, leviers"),
    # a case's short title on the compare page (kept while no case changes)
    "title-on-compare": ("cases/reflexive-stbbi.yml", '  fr: "Communautés stratégiques contre les ITSS"\n',
                         '  fr: "Communautés stratégiques contre les ITSS (titre revu)"\n',
                         "compare/index.html", "Communautés stratégiques contre les ITSS (titre revu)"),
    # a page's title where the navigation names it from the page: the navigation of every French page shows it
    "nav-title": ("docs/comparisons/choose-or-be-obliged.md", 'title: "Choisir de collaborer ou y être obligé"',
                  'title: "Choisir de collaborer, ou y être obligé (revu)"', "about/index.html",
                  "Choisir de collaborer, ou y être obligé (revu)"),
    # a partial of the site's theme, in every page's footer
    "site-template": ("theme/partials/copyright.html", '<div class="md-copyright">',
                      '<div class="md-copyright"><!-- edited footer -->', "about/index.html", "<!-- edited footer -->"),
    # a new template in the site's theme, in front of Material's own
    "new-template": ("theme/partials/footer.html", None, "", "cases/spat/index.html", "<!-- the site's own footer -->"),
    # a strings file of the site: an interface string of the case pages' bodies (they are kept while it is the same)
    "strings": ("strings/fr.yml", 'on_this_page: "Sur cette page"', 'on_this_page: "Dans cette page (revu)"',
                "cases/spat/index.html", "Dans cette page (revu)"),
    # the site's configuration
    "mkdocs.yml": ("mkdocs.yml", "site_name: Casebook\n", "site_name: Casebook revu\n", "about/index.html",
                   "Casebook revu"),
}


PRESET = {"strings": 'on_this_page: "Sur cette page"\n'}  # the shipped French text, as a site's own


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_serve_rebuild_after_an_edit_writes_what_a_cold_build_writes(edit: str, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve, edit one input of the pages, rebuild: the pages are those of a cold build of the edited sources. Pages
    the edit does not reach are reused, not rendered again; an edit of a theme file or the configuration reuses none."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    src = copy_site(tmp_path / "src")
    path, old, new, page, shown = EDITS[edit]
    reuse: list[tuple[int, int]] = []
    finish = PageCache.finish

    def finished(self: PageCache) -> None:
        reuse.append((self.hits, self.keyed))
        finish(self)

    monkeypatch.setattr(PageCache, "finish", finished)

    def run(name: str, startup: str | None) -> dict[str, bytes]:
        return build_like_serve(src, tmp_path / name, startup)

    if edit in PRESET:  # a file the site has before the edit
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(PRESET[edit], encoding="utf-8")
    before = run("serve", "serve")
    if old is None:  # a new template: Material's of the same name, marked
        import material

        assert not (src / path).exists()
        text = (Path(material.__file__).parent / "templates" / path.removeprefix("theme/")).read_text(encoding="utf-8")
        (src / path).write_text(text + "\n" + shown + "\n", encoding="utf-8")

    else:
        text = (src / path).read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        (src / path).write_text(text.replace(old, new), encoding="utf-8")
    rebuilt = run("serve", None)  # the same folder, as serve does: the unchanged pages are reused
    cold = run("cold", "build")
    assert shown not in before[page].decode("utf-8") and shown in rebuilt[page].decode("utf-8")
    changed = [p for p in cold if rebuilt.get(p) != cold[p]]
    assert changed == [], f"the rebuild differs from a cold build in {changed[:5]}"
    hits, keyed = reuse[-1]
    if edit in ("template", "site-template", "new-template", "mkdocs.yml"):
        assert hits == 0, "every page sees the theme and the configuration"
    else:
        assert 0 < hits < keyed, "pages the edit does not reach are reused"
    if edit == "nav-title":  # the navigation of every French page names the page
        french = [p for p in rebuilt if p.endswith(".html") and not p.startswith("en/")]
        assert len(french) > 100 and all(shown in rebuilt[p].decode("utf-8") for p in french)
