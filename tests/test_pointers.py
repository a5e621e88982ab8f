"""A case's pointers to a part of its page (``voir « Gouvernance »``, ``see "Governance"``) are links to that heading,
on the case page and wherever the case's texts are shown (compare pages, matrices, guided comparisons).

What the reader gets is measured on the built site: every pointer whose quoted words are the title of a heading of a
case page is inside a link, and the link's target page (its href read against the page's URL) has that heading, with
those words. The transformation is also checked on its own (both languages, several titles, what it leaves alone) and
with hostile case texts.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import jinja2
import pytest
import yaml

from casebook.base.i18n import page_url
from casebook.content.corpus import Paths, load_corpus
from casebook.content.pointers import heading_key, link_pointers, may_point, unresolved
from casebook.model.entities import walk_texts
from casebook.publishing.comparepage import ComparePages
from casebook.publishing.site import SiteBuilder

from .conftest import ROOT
from .test_compare import ALPHA, BETA, GAMMA, write_corpus

NB, NNB = "\u00a0", "\u202f"


# ---- the transformation -----------------------------------------------------------------------------------------
HEADINGS = {"Gouvernance": "governance", "Governance": "governance", "L'OMHM, une organisation": "omhm",
            "Conflits de valeurs – relations": "conflicts", "Organisations et acteurs": "actors"}


def test_a_french_pointer_links_its_title_and_keeps_the_typography() -> None:
    text = f"son poste{NB}: voir «{NB}Gouvernance{NB}»)."
    assert link_pointers(text, HEADINGS, "") == f'son poste{NB}: voir «{NB}<a href="#governance">Gouvernance</a>{NB}»).'
    text = f"(voir «{NB}L&#39;OMHM, une organisation{NB}»)"
    assert link_pointers(text, HEADINGS, "../../cases/x/") == (
        f'(voir «{NB}<a href="../../cases/x/#omhm">L&#39;OMHM, une organisation</a>{NB}»)')


@pytest.mark.parametrize("quote", ['"', "&#34;", "&quot;"])
def test_an_english_pointer_in_each_way_its_quotes_are_written(quote: str) -> None:
    text = f"(her post: see {quote}Governance{quote})."
    assert link_pointers(text, HEADINGS, "") == f'(her post: see {quote}<a href="#governance">Governance</a>{quote}).'
    assert may_point(text) and may_point("Voir « Gouvernance ».") and not may_point("Governance, « Gouvernance »")
    assert link_pointers(f"See {quote}Governance{quote}.", HEADINGS, "") == f'See {quote}<a href="#governance">Governance</a>{quote}.'


def test_every_title_of_a_pointer_and_a_title_after_other_words() -> None:
    text = f"(voir «{NB}Organisations et acteurs{NB}» et «{NB}Gouvernance{NB}»)"
    out = link_pointers(text, HEADINGS, "")
    assert out.count("<a ") == 2 and '<a href="#actors">Organisations et acteurs</a>' in out
    text = f"voir la confiance, sous «{NB}Conflits de valeurs – relations{NB}»"
    assert '<a href="#conflicts">Conflits de valeurs – relations</a>' in link_pointers(text, HEADINGS, "")


def test_what_stays_text() -> None:
    for text in [
        f"voir «{NB}Ailleurs{NB}»",  # no such heading
        "Gouvernance, « Gouvernance »",  # quoted, but no voir/see: not a pointer
        '<a href="/x">see "Governance"</a>',  # already a link
        '<span title="see &#34;Governance&#34;">x</span>',  # an attribute
        '<h3 id="g">see "Governance"</h3>',  # a heading
        '<code>see "Governance"</code>',
        'see "<em>Governance</em>"',  # a title holding a tag
        'foresee "Governance"',  # not the word "see"
    ]:
        assert link_pointers(text, HEADINGS, "") == text, text
    assert unresolved(f"voir «{NB}Ailleurs{NB}» et «{NB}Gouvernance{NB}»", HEADINGS) == ["Ailleurs"]


def test_heading_key_reads_what_the_reader_reads() -> None:
    assert heading_key(f"Pourquoi{NNB}? L&#39;OMHM &amp; co<a class=\"headerlink\" href=\"#x\"></a>") == "Pourquoi ? L'OMHM & co"


# ---- hostile case texts -----------------------------------------------------------------------------------------
def hostile() -> str:
    """Alpha with a section whose title holds markup characters, and barriers pointing to it and to HTML."""
    data = yaml.safe_load(ALPHA)
    data["sections"] = [{"id": "rd-team", "title": {"fr": "R&D <équipe> « x »", "en": "R&D <team> 'x'"},
                         "body": {"fr": "Texte.", "en": "Text."}}]
    data["findings"]["barriers"][0]["text"] = {
        "fr": "Peu d'argent (voir « R&D <équipe> » ; voir « <img src=x onerror=alert(1)> »).",
        "en": 'Little money (see "R&D <team> \'x\'"; see "<script>alert(1)</script>"; see "Governance" onmouseover="x").'}
    return yaml.safe_dump(data, allow_unicode=True)


def test_hostile_pointers_stay_escaped_and_links_are_made_of_ids(tmp_path: Path) -> None:
    corpus = load_corpus(Paths.at(write_corpus(tmp_path, {"alpha": hostile(), "beta": BETA, "gamma": GAMMA})))
    assert [d.format() for d in corpus.errors] == []
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme")))
    site = SiteBuilder(corpus, env)
    case_pages = {p.url: p for p in site.case_pages()}
    en_case = site.render(case_pages["en/cases/alpha/"])
    cp = ComparePages(site, env)
    en_barriers = cp.render(next(p for p in cp.pages() if p.url == "en/compare/barriers/"))
    fr_case = site.render(case_pages["cases/alpha/"])
    for out in (en_case, en_barriers, fr_case):
        assert "<script>alert" not in out and "<img src=x" not in out and not re.search(r"<[^>]*onmouseover", out)
    # The heading's title, with its markup characters, is a heading: its pointer is a link, its text still escaped.
    assert """<h3 id="rd-team">R&amp;D &lt;team&gt; 'x'""" in en_case
    assert """see "<a href="#rd-team">R&amp;D &lt;team&gt; 'x'</a>";""" in en_case
    assert """see "<a href="../../cases/alpha/#rd-team">R&amp;D &lt;team&gt; 'x'</a>";""" in en_barriers
    assert 'see "&lt;script&gt;alert(1)&lt;/script&gt;";' in en_case  # no heading: text, escaped
    # The French title has guillemets of its own: a pointer cannot quote it whole, and stays text.
    assert f"voir «{NB}R&amp;D &lt;équipe&gt;{NB}»" in fr_case and f"voir «{NB}<a" not in fr_case
    for out in (en_case, en_barriers, fr_case):
        assert set(re.findall(r'<a href="([^"]*#rd-team)"', out)) <= {"#rd-team", "../../cases/alpha/#rd-team"}


# ---- the case's heading index is the page's -----------------------------------------------------------------------
class _Reader(HTMLParser):
    """A page's text, each character's link (the href of the <a> it is in, or None), and its headings' ids and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: list[str] = []
        self.hrefs: list[str | None] = []
        self.links: list[str | None] = []
        self.headings: dict[str, str] = {}
        self._heading: tuple[str, str, list[str]] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a":
            self.links.append(a.get("href"))
        if tag in ("h1", "h2", "h3", "h4") and a.get("id"):
            self._heading = (tag, a["id"] or "", [])
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            self.links.pop()
        if tag in ("script", "style"):
            self._skip -= 1
        if self._heading is not None and tag == self._heading[0]:
            self.headings.setdefault(self._heading[1], heading_key("".join(self._heading[2])))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading is not None and data != "¶":  # the heading's permalink
            self._heading[2].append(html.escape(data))
        self.chars.append(data)
        href = self.links[-1] if self.links else None
        self.hrefs.extend([href] * len(data))


def read(path: Path) -> _Reader:
    r = _Reader()
    r.feed(path.read_text(encoding="utf-8"))
    return r


# The pointers as a reader sees them in a page's text: voir/see, a few words, quoted titles.
_Q = r"«[\s\u00a0\u202f]*([^«»\n]{1,120}?)[\s\u00a0\u202f]*»|\"([^\"\n]{1,120})\"|“([^“”\n]{1,120})”"
_POINTER = re.compile(rf"\b(?:[Vv]oir|[Ss]ee)\b[^()«»\"“”.;!?]{{0,80}}?(?:{_Q})(?:[\s\u00a0\u202f]*(?:,|et|and|ou|or)[\s\u00a0\u202f]+(?:{_Q}))*")
_QUOTED = re.compile(_Q)


def pointers(r: _Reader) -> list[tuple[str, str | None]]:
    """(quoted words, the href of the link they are in: None when they are not all in one link) of each pointer."""
    text = "".join(r.chars)
    out: list[tuple[str, str | None]] = []
    for m in _POINTER.finditer(text):
        for q in _QUOTED.finditer(text, m.start(), m.end()):
            g = next(i for i in (1, 2, 3) if q[i] is not None)
            start, end = q.start(g), q.end(g)
            words = q[g].strip(" \u00a0\u202f")
            start += len(q[g]) - len(q[g].lstrip(" \u00a0\u202f"))
            end = start + len(words)
            hrefs = set(r.hrefs[start:end])
            out.append((heading_key(html.escape(words)), hrefs.pop() if len(hrefs) == 1 else None))
    return out


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, _Reader]:
    return {p.relative_to(built_site).as_posix(): read(p) for p in sorted(built_site.rglob("index.html"))
            if not p.relative_to(built_site).as_posix().startswith(("assets/", "search/"))}


def case_headings(pages: dict[str, _Reader], lang_prefix: str) -> set[str]:
    """Every heading title of every case page in one language."""
    return {title for url, r in pages.items() if re.fullmatch(rf"{lang_prefix}cases/[^/]+/index\.html", url)
            for title in r.headings.values()}


def test_every_pointer_to_a_heading_is_a_link_that_lands_on_it(built_site: Path, pages: dict[str, _Reader]) -> None:
    titles = {"fr": case_headings(pages, ""), "en": case_headings(pages, "en/")}
    checked: dict[str, int] = {}
    wrong: list[str] = []
    for url, r in pages.items():
        lang = "en" if url.startswith("en/") else "fr"
        for words, href in pointers(r):
            if words not in titles[lang]:
                continue
            kind = url.split("/")[1 if lang == "en" else 0]
            checked[kind] = checked.get(kind, 0) + 1
            if href is None:
                wrong.append(f"{url}: « {words} » is not a link")
                continue
            target = urlparse(urljoin(f"http://site/{url}", href))
            path = unquote(target.path).lstrip("/")
            path = path + "index.html" if path.endswith("/") or not path else path
            landing = pages.get(path)
            if landing is None or landing.headings.get(target.fragment) != words:
                found = landing.headings.get(target.fragment) if landing else "no such page"
                wrong.append(f"{url}: « {words} » links to {href}, whose heading is {found!r}")
    assert wrong == []
    # The pointers are on the OMHM case pages, on the compare pages and matrices, and in the guided comparisons.
    assert checked.get("cases", 0) >= 44 and checked.get("compare", 0) >= 20 and checked.get("comparisons", 0) >= 2, checked


def test_the_heading_index_is_what_each_case_page_shows(pages: dict[str, _Reader]) -> None:
    corpus = load_corpus(Paths.at(ROOT))
    site = SiteBuilder(corpus, jinja2.Environment())
    for case in corpus.sorted_cases():
        for lang in ("fr", "en"):
            shown = pages[page_url(lang, f"cases/{case.id}/") + "index.html"].headings
            index = site.case_headings(case, lang)
            assert index == {title: ident for ident, title in reversed(list(shown.items()))}, (case.id, lang)


def test_no_pointer_of_a_case_names_a_heading_its_page_does_not_have() -> None:
    """The pointers that stay text, listed: each names no heading of its case's page (today: none)."""
    corpus = load_corpus(Paths.at(ROOT))
    site = SiteBuilder(corpus, jinja2.Environment())
    dangling = []
    for case in corpus.sorted_cases():
        for lang in ("fr", "en"):
            headings = site.case_headings(case, lang)
            for path, text in walk_texts(case.data):
                for words in unresolved(html.escape(text.get(lang)), headings):
                    dangling.append(f"{case.path}: {'.'.join(map(str, path))} ({lang}): {words!r}")
    assert dangling == []


def test_a_case_text_pointing_elsewhere_is_listed(tmp_path: Path) -> None:
    data = yaml.safe_load(ALPHA)
    data["summary"] = {"fr": "Voir « Nulle part ».", "en": 'See "Nowhere".'}
    corpus = load_corpus(Paths.at(write_corpus(tmp_path, {"alpha": yaml.safe_dump(data, allow_unicode=True),
                                                          "beta": BETA, "gamma": GAMMA})))
    site = SiteBuilder(corpus, jinja2.Environment())
    case = corpus.cases["alpha"]
    assert unresolved(html.escape(case.summary.get("en")), site.case_headings(case, "en")) == ["Nowhere"]
    assert unresolved(html.escape(case.summary.get("fr")), site.case_headings(case, "fr")) == ["Nulle part"]
