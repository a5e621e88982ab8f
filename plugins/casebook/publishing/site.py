"""The pages the collection generates, in both languages, as plain data rendered by Jinja templates.

Nothing here imports MkDocs: a page is a URL, a language, a title, a template and its context.
The MkDocs plugins hand these pages to MkDocs; another generator could do the same.
"""

from __future__ import annotations

import copy
import os
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..base import dates
from ..base.i18n import SHIPPED, Localized, counterpart_url, page_url, site_languages
from ..base.memo import BuildMemo
from ..base.text import typography
from ..base.ui import UI, tr
from ..bibliography.apa import shared_apa
from ..bibliography.exports import shared_exports
from ..compare import svg
from ..compare.matrices import facet_ids
from ..compare.spec import compare_spec, index_facets
from ..content.citations import CitationState, backrefs, keys_in, number_citations
from ..content.corpus import Corpus
from ..content.markup import TextRenderer
from ..content.pointers import heading_key, link_pointers, may_point
from ..content.typography import french_html
from ..model.declaration import FactSpec, FieldSpec, GroupSpec, Model
from ..model.entities import Case, Concept, walk_texts


@dataclass
class Page:
    """One generated page."""

    src: str  # e.g. "en/cases/spat.md"
    url: str  # e.g. "en/cases/spat/"
    lang: str
    title: str
    template: str
    kind: str
    description: str = ""
    title_lang: str = ""  # the title's language, when it is not the page's (an untranslated title)
    edit_path: str = ""  # repository file behind the page
    pending: tuple[str, ...] = ()  # a text is missing in the page's language: the languages shown instead
    context: dict[str, Any] = field(default_factory=dict)
    toc: list[dict[str, Any]] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # keys of the page's own reference list (anchored ``#ref-key``)
    # a case page's previous and next case, in the order of :meth:`Corpus.cases_by_title`
    neighbours: tuple[tuple[str, str, str] | None, tuple[str, str, str] | None] = (None, None)  # url, title, its lang


def rel(from_url: str, to_url: str) -> str:
    """Relative link between two directory-style site URLs (``""`` is the home page, never an empty link)."""
    if to_url.startswith("#"):
        return to_url
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target, _, frag = to_url.partition("#")
    path = _relpath(target or ".", base or ".")
    if (target.endswith("/") or not target) and path != "." and not path.endswith("/"):
        path += "/"
    if path == ".":
        path = "./"
    return path + (f"#{frag}" if frag else "")


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site paths, without its two ``abspath`` (and ``getcwd``) calls a link."""
    if ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    i = 0
    while i < len(to) and i < len(base) and to[i] == base[i]:
        i += 1
    return "/".join([".."] * (len(base) - i) + to[i:]) or "."


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_HEADING = re.compile(r'<(h[2-4]) id="([^"]+)"([^>]*)>(.*?)</\1>', re.S)
TOC_MARK = "<!-- casebook:page-toc -->"
REFS_MARK = "<!-- casebook:references -->"


def collect_toc(html: str) -> list[dict[str, Any]]:
    """TOC tokens (as Python-Markdown's toc extension makes them) from the h2/h3 headings we render."""
    toc: list[dict[str, Any]] = []
    for m in re.finditer(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', html, re.S):
        inner = _HEADERLINK.sub("", m[3])
        level, ident, name = int(m[1]), m[2], re.sub(r"<[^>]+>", "", inner).strip()
        token: dict[str, Any] = {"level": level, "id": ident, "name": name, "html": _keep_lang(inner).strip(),
                                 "data-toc-label": "", "children": []}
        if level == 3 and toc:
            toc[-1]["children"].append(token)
        else:
            toc.append(token)
    return toc


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_LANG_ATTR = re.compile(r'\slang="([a-zA-Z-]+)"')


def _keep_lang(html: str) -> str:
    """A heading's HTML with its tags taken out but the ``lang`` of its parts (``<span lang="en">…</span>``)."""
    kept: list[bool] = []

    def tag(m: re.Match[str]) -> str:
        closing, name, attrs = m[1], m[2].lower(), m[3]
        if name != "span":
            return ""
        if closing:
            return "</span>" if kept and kept.pop() else ""
        lang = _LANG_ATTR.search(attrs)
        kept.append(lang is not None)
        return f'<span lang="{lang[1]}">' if lang else ""

    return _TAG.sub(tag, html)


def add_permalinks(html: str, lang: str) -> str:
    """A permalink (``¶``, as Python-Markdown's toc extension writes them on Markdown pages) at the end of every
    h2–h4 heading that has an id and none yet."""
    title = escape(tr(lang, "permalink"))

    def link(m: re.Match[str]) -> str:
        if 'class="headerlink"' in m[4]:
            return m[0]
        return f'<{m[1]} id="{m[2]}"{m[3]}>{m[4]}<a class="headerlink" href="#{m[2]}" title="{title}">¶</a></{m[1]}>'

    return _HEADING.sub(link, html)


def toc_links(toc: list[dict[str, Any]]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(id, name, [(id, name) of its sub-headings]) for the on-page table of contents."""
    return [(t["id"], Markup(t["html"]), [(c["id"], Markup(c["html"])) for c in t["children"]]) for t in toc]  # our HTML


class SiteBuilder:
    """Makes every generated page of a corpus, for both languages."""

    def __init__(self, corpus: Corpus, env: jinja2.Environment, *, site_url: str = "", repo_edit: str = "",
                 memo: BuildMemo | None = None) -> None:
        """``memo``: what the previous build made (under ``mkdocs serve``), see :class:`BuildMemo`."""
        self.corpus = corpus
        self.memo = memo
        self.env = env
        self.repo_edit = repo_edit
        self.apa = shared_apa(corpus.bibliography)
        self.backlinks = corpus.case_refs_to()
        self.site_url = site_url
        self._text: TextRenderer | None = None
        self._sources: dict[str, str] | None = None
        self._shared_same: bool | None = None
        self._cases_same: bool | None = None
        self._by_title: dict[str, tuple[list[Case], dict[str, int]]] = {}  # lang -> (order, position of each case id)
        self._headings: dict[tuple[str, str], dict[str, str]] = {}  # (case id, lang) -> what case_headings gives
        self._heading_text: TextRenderer | None = None

    # ---- page list ------------------------------------------------------------------------
    def case_pages(self) -> list[Page]:
        pages: list[Page] = []
        for lang in site_languages().codes:
            index = self._page(lang, "cases/index.md", "cases/", tr(lang, "case_index"), "casebook/cases_index.html", "cases-index")
            index.description = tr(lang, "desc_cases")
            pages.append(index)
            for case in self.corpus.sorted_cases():
                p = self._page(lang, f"cases/{case.id}.md", f"cases/{case.id}/", case.title.best(lang), "casebook/case.html", "case")
                p.title_lang = lang_if_other(case.title.best_with_lang(lang)[1], lang)
                p.edit_path = case.path
                p.description = description(case.summary.best(lang))
                p.context["case"] = case
                p.pending = pending_languages(case.data, lang)
                p.neighbours = self._neighbours(case, lang)
                pages.append(p)
        return pages

    def _neighbours(self, case: Case, lang: str) -> tuple[tuple[str, str, str] | None, tuple[str, str, str] | None]:
        if lang not in self._by_title:  # sorted once a language, not once a page
            order = self.corpus.cases_by_title(lang)
            self._by_title[lang] = (order, {c.id: n for n, c in enumerate(order)})
        order, position = self._by_title[lang]
        i = position[case.id]
        near = [order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None]
        return tuple((page_url(lang, f"cases/{c.id}/"), *c.short_title.best_with_lang(lang)) if c else None  # type: ignore[return-value]
                     for c in near)

    def concept_pages(self) -> list[Page]:
        pages: list[Page] = []
        for lang in site_languages().codes:
            index = self._page(lang, "concepts/index.md", "concepts/", tr(lang, "concepts"), "casebook/concepts_index.html", "concepts-index")
            index.context.update(self._concept_index(lang))
            index.description = tr(lang, "desc_concepts")
            pages.append(index)
            for concept in self.corpus.concepts.values():
                p = self._page(lang, f"concepts/{concept.id}.md", f"concepts/{concept.id}/", concept.term.best(lang), "casebook/concept.html", "concept")
                p.title_lang = lang_if_other(concept.term.best_with_lang(lang)[1], lang)
                p.edit_path = concept.path
                p.description = description(concept.definition.best(lang))
                p.context["concept"] = concept
                p.pending = pending_languages(concept.data, lang)
                pages.append(p)
        return pages

    def _concept_index(self, lang: str) -> dict[str, Any]:
        from ..bibliography.model import fold

        concepts = sorted(self.corpus.concepts.values(), key=lambda c: fold(c.term.best(lang)))
        az: dict[str, list[Concept]] = {}
        for c in concepts:
            letter = fold(c.term.best(lang))[:1].upper() or "#"
            az.setdefault(letter if letter.isalpha() else "#", []).append(c)
        by_scheme = [(s, [c for c in concepts if s.id in c.schemes]) for s in self.corpus.schemes.values()]
        return {"az": list(az.items()), "by_scheme": [(s, items) for s, items in by_scheme if items]}

    def render_cards(self, lang: str, url: str) -> str:
        """The ``casebook-cases`` block of the page at ``url``: the number of cases and a card for each."""
        page = self._page(lang, "", "", "", "casebook/case_cards.html", "cards")
        page.url = url
        return self._render(page, None)

    def _page(self, lang: str, src: str, url: str, title: str, template: str, kind: str) -> Page:
        return Page(page_url(lang, src), page_url(lang, url), lang, title, template, kind)

    # ---- the headings of a case page (where its texts' pointers lead) ----------------------------------------------
    def case_headings(self, case: Case, lang: str) -> dict[str, str]:
        """The headings of ``case``'s page in ``lang``: what each title says (:func:`~casebook.content.pointers.heading_key`)
        → its id, the first of a title met twice. Worked out from the model and the case as ``casebook/case.html`` and
        ``theme/main.html`` show them (its title, the model's groups, their fields' sub-sections, the case's sections
        and tables, the references, "Cite this page" and the case's source), without rendering the page; once a build
        for each case and language, when a text first points somewhere."""
        key = (case.id, lang)
        found = self._headings.get(key)
        if found is None:
            found = self._headings[key] = {}
            for ident, title in self._case_heading_list(case, lang):
                found.setdefault(heading_key(str(title)), ident)
        return found

    def _case_heading_list(self, case: Case, lang: str) -> list[tuple[str, Markup | str]]:
        """(id, title's HTML) of each heading of the case page, in the page's order."""
        if self._heading_text is None:
            self._heading_text = TextRenderer(CitationState())
        text = self._heading_text
        text.state.apa, text.state.lang, text.state.href, text.state.cited, text.state.unknown = (
            self.apa, lang, _ref_anchor, [], [])
        page = self._page(lang, f"cases/{case.id}.md", f"cases/{case.id}/", case.title.best(lang), "casebook/case.html",
                          "case")
        page.context["case"] = case
        h = Helpers(self, page, text, None)
        out: list[tuple[str, Markup | str]] = [("top", h.shown_text(case.data.get("title")))]

        def body(spec: FieldSpec, value: Any) -> None:
            kind = spec.view or spec.type
            if kind in ("sections", "tables"):
                out.extend((s["id"], h.shown_text(s.get("title"))) for s in value or [] if isinstance(s, Mapping))
            elif kind == "group":
                for sub in spec.fields:
                    sub_value = sub.get(case.data)
                    if h.shown(sub, sub_value):
                        body(sub, sub_value)

        for group in h.model.groups:
            items = h.group_items(case, group)
            if not items:
                continue
            out.append((group.id, h.label(group)))
            for kind, spec, value in items:
                if kind == "parts":
                    out.extend((s["id"], h.shown_text(s.get("title"))) for _, s in spec)
                    continue
                if spec.heading:
                    out.append((spec.anchor, h.label(spec)))
                body(spec, value)
        refs = self.corpus.bibliography.refs
        works = self._listed_works(page) + [k for _, t in walk_texts(case.data) for k in keys_in(t.best(lang))]
        if any(k in refs for k in works):
            out.append(("references", tr(lang, "references")))
        out.append(("cb-cite-page", tr(lang, "cite_page")))
        if any(k in refs for k in case.data.get("sources") or []):
            out.append(("cb-cite-source", tr(lang, "cite_case")))
        return out

    # ---- rendering --------------------------------------------------------------------------
    def _listed_works(self, page: Page) -> list[str]:
        """Works a case or concept names outside its texts (its sources, ``works``, the framework's works): they
        belong in its reference list too, where the bibliography's "Cited in" link leads."""
        if page.kind == "case" and page.context.get("case") is not None:
            case = page.context["case"]
            model = case.model or self.corpus.model
            return [k for spec in _works_fields(model) for k in spec.get(case.data) or [] if isinstance(k, str)]
        data: Any = page.context["concept"].data if page.kind == "concept" and page.context.get("concept") else None
        if not data:
            return []
        return [*(data.get("works") or [])]

    def render(self, page: Page, url_of: Callable[[str], str] | None = None) -> str:
        """HTML of the page body; fills ``page.toc``, ``page.cited`` and ``page.listed``.

        Under ``mkdocs serve`` (with a memo), a case page whose inputs are those of the previous build is not
        rendered again: its case's data and path, its URL, language, title and flags, and what every case page
        shares (the bibliography's formatter, the concepts, Casebook's templates, the site's options). A concept
        page is not rendered again when, besides its own inputs and what the case pages share, no case changed
        (it lists the cases that use it).
        """
        inputs = self._page_inputs(page) if url_of is None else None
        # noted in every build (not only when the shared inputs are the same), so that the next one can compare
        cases_same = self._cases_unchanged() if inputs is not None and page.kind == "concept" else True
        if inputs is not None and self._shared_unchanged() and cases_same:
            kept = self.memo.get((f"{page.kind}-page", page.url)) if self.memo is not None else None
            if kept is not None and kept[0] == inputs:
                _, html, toc, cited, listed = kept
                page.toc, page.cited, page.listed = copy.deepcopy(toc), list(cited), list(listed)
                return str(html)
        html = self._render(page, url_of)
        if inputs is not None and self.memo is not None:
            self.memo.put((f"{page.kind}-page", page.url),
                          (inputs, html, copy.deepcopy(page.toc), list(page.cited), list(page.listed)))
        return html

    def _page_inputs(self, page: Page) -> tuple[Any, ...] | None:
        if page.kind == "case":
            return self._case_page_inputs(page)
        concept = page.context.get("concept")
        if page.kind != "concept" or not isinstance(concept, Concept) or set(page.context) != {"concept"}:
            return None
        return (page.src, page.url, page.lang, page.title, page.template, page.description, page.edit_path, page.pending,
                page.neighbours, concept.id, concept.path, concept.data)

    @staticmethod
    def _case_page_inputs(page: Page) -> tuple[Any, ...] | None:
        case = page.context.get("case")
        if page.kind != "case" or not isinstance(case, Case) or set(page.context) != {"case"}:
            return None
        return (page.src, page.url, page.lang, page.title, page.template, page.description, page.edit_path, page.pending,
                page.neighbours, case.id, case.path, case.data)

    def from_corpus(self, key: tuple[Any, ...], make: Callable[[], str], cases: bool = True) -> str:
        """``make()``, a text made from the corpus alone (an export, the SKOS graph); under ``mkdocs serve``, the
        previous build's text for the same ``key`` while what the case pages share (the bibliography, the concepts
        and schemes, the site's address, model, languages and strings) and, unless ``cases`` is false (a text that
        reads no case, as the SKOS graph), every case are unchanged."""
        if self.memo is None:
            return make()
        shared, same_cases = self._shared_unchanged(), self._cases_unchanged()  # both noted every build
        same = shared and (same_cases or not cases)
        full = ("from-corpus", *key)
        kept = self.memo.get(full) if same else None
        if kept is not None:
            return str(kept)
        text = make()
        self.memo.put(full, text)
        return text

    def _cases_unchanged(self) -> bool:
        """Whether every case (its id, file and data) is what the previous build had (compared once per build)."""
        if self.memo is None:
            return False
        if self._cases_same is None:
            cases = {cid: (c.path, c.data) for cid, c in self.corpus.cases.items()}
            before = self.memo.get(("cases-share",))
            self.memo.put(("cases-share",), cases)
            self._cases_same = before is not None and before == cases
        return self._cases_same

    def _shared_unchanged(self) -> bool:
        """Whether what every case page shares is what the previous build had (compared once per build)."""
        if self.memo is None:
            return False
        if self._shared_same is None:
            shared = (self.apa, self._template_sources(), {cid: c.data for cid, c in self.corpus.concepts.items()},
                      dict(self.corpus.schemes), self.site_url, self.repo_edit,  # schemes: frozen dataclasses
                      self.corpus.model.source,  # the declared model: its text
                      site_languages(), {lang: dict(texts) for lang, texts in UI.items()})  # the interface strings
            before = self.memo.get(("case-pages-share",))
            self.memo.put(("case-pages-share",), shared)
            self._shared_same = before is not None and before == shared
        return self._shared_same

    def _template_sources(self) -> dict[str, str]:
        """The source of each of Casebook's page templates, read once per build (a serve rebuild's memo keys)."""
        if self._sources is None:
            loader = self.env.loader
            names = _own_templates(loader) if loader is not None else []
            self._sources = {n: loader.get_source(self.env, n)[0] for n in names  # type: ignore[union-attr]
                             if n.startswith("casebook/") and n.endswith(".html")}
        return self._sources

    def _render(self, page: Page, url_of: Callable[[str], str] | None) -> str:
        if self._text is None:  # one Markdown instance for every page: building one costs about 1.5 ms
            self._text = TextRenderer(CitationState(), memo=self.memo, scope="#ref-")
        text = self._text
        state = text.state
        state.apa, state.lang, state.href, state.cited, state.unknown = self.apa, page.lang, _ref_anchor, [], []
        lang = page.lang
        helpers = Helpers(self, page, text, url_of)
        extra: dict[str, Any] = {}
        if page.context.get("concept_map_data"):
            extra["concept_map"] = page.context["concept_map_data"](self.corpus, lang, helpers.url)
        html = self.env.get_template(page.template).render(
            page=page, lang=lang, t=helpers.t, ti=helpers.ti, tr=lambda k: tr(lang, k), url=helpers.url,
            md=helpers.md, mdi=helpers.mdi, concept_link=helpers.concept_link, concepts=self.corpus.concepts,
            corpus=self.corpus, fmt_date=lambda d: dates.fmt(d, lang), h=helpers,
            page_toc=Markup(TOC_MARK), page_references=Markup(REFS_MARK), **page.context, **extra,
        )
        cited = list(dict.fromkeys(state.cited))
        listed = [k for k in dict.fromkeys(cited + self._listed_works(page)) if k in self.corpus.bibliography.refs]
        html, back = number_citations(html)
        refs = ""
        if listed and page.kind in {"case", "concept"}:
            refs = self._references(listed, lang, helpers.url("bibliography/"), back)
        else:
            listed = []
        html = html.replace(REFS_MARK, refs, 1) if REFS_MARK in html else html + refs
        page.cited = cited
        page.listed = listed
        page.toc = collect_toc(html)
        html = add_permalinks(html, lang)
        if TOC_MARK in html:
            html = html.replace(TOC_MARK, self._page_toc(page.toc, lang), 1)
        return html

    def _page_toc(self, toc: list[dict[str, Any]], lang: str) -> str:
        """The on-page table of contents (shown where Material's sidebar is not: phones, tablets)."""
        if len(toc) < 2:
            return ""
        return self.env.get_template("casebook/page_toc.html").render(entries=toc_links(toc), tr=lambda k: tr(lang, k))


    def _references(self, keys: list[str], lang: str, bib_url: str, back: dict[str, list[str]]) -> str:
        """A page's own reference list, each entry with links back to where the page cites it (``back``: the ids of
        the citations, by key); under ``mkdocs serve``, kept from the previous build while it is the same."""
        key: tuple[Any, ...] = ()
        if self.memo is not None:
            source = self._template_sources().get("casebook/references.html", "")
            key = (self.apa, "references", source, lang, bib_url, *((k, len(back.get(k, ()))) for k in keys))
            hit = self.memo.get(key)
            if hit is not None:
                return str(hit)  # a str, as Jinja gives (str + Markup would escape the page)
        html = self.env.get_template("casebook/references.html").render(
            refs=[(k, self.apa.reference(k, lang)) for k in self.apa.sorted_keys(keys)],
            tr=lambda k: tr(lang, k), bib_url=bib_url, lang=lang, coins=shared_exports(self.corpus.bibliography).coins,
            back=backrefs(back))
        if self.memo is not None:
            self.memo.put(key, html)
        return html


def _own_templates(loader: jinja2.BaseLoader) -> set[str]:
    """The names of the ``casebook/`` templates ``loader`` finds. A folder loader's ``list_templates`` walks each
    whole theme folder, Material's 10,000 icons included; only its ``casebook/`` folders are walked here."""
    if isinstance(loader, jinja2.ChoiceLoader):
        return {n for sub in loader.loaders for n in _own_templates(sub)}
    if type(loader) is jinja2.FileSystemLoader:
        names: set[str] = set()
        for root in loader.searchpath:
            own = os.path.join(root, "casebook")
            for folder, _, files in os.walk(own, followlinks=loader.followlinks):
                rel = os.path.relpath(folder, root).replace(os.sep, "/")
                names.update(f"{rel}/{f}" for f in files)
        return names
    return {n for n in loader.list_templates() if n.startswith("casebook/")}


class Helpers:
    """Functions the templates call, bound to one page."""

    def __init__(self, site: SiteBuilder, page: Page, text: TextRenderer, url_of: Callable[[str], str] | None) -> None:
        self.site, self.page, self.text, self.lang = site, page, text, page.lang
        self._url_of = url_of
        self._uid = 0

    def url(self, target: str, *, lang: str | None = None) -> str:
        """Link from this page to a site path given without language prefix (``cases/x/``)."""
        full = page_url(lang or self.lang, target)
        return rel(self.page.url, full)

    def raw_url(self, full: str) -> str:
        return rel(self.page.url, full)

    def _loc(self, value: Any) -> tuple[str, str, bool]:
        """The text in the page's language, or its fallback when it is pending, the language it is in, and whether
        it is a fallback (an empty text counts as one, in the site's first language)."""
        lang = self.lang
        if lang in SHIPPED and isinstance(value, dict):  # what Localized.from_data(value).get(lang) gives, made alone
            txt = str(value.get(lang) or "").strip()
            if txt:
                return txt, lang, False
        loc = value if isinstance(value, Localized) else Localized.from_data(value)
        txt = loc.get(self.lang)
        if txt:
            return txt, self.lang, False
        best, lang = loc.best_with_lang(self.lang)
        return best, lang if best else site_languages().default, True

    def t(self, value: Any, case: Case | None = None) -> Markup:
        """Inline text in the page language; a fallback in another language is marked with its ``lang``. French
        texts get French typography (:mod:`casebook.content.typography`). A text of ``case`` (on a case page, of its
        case by default) has its pointers to a part of the case page made links (:mod:`casebook.content.pointers`)."""
        txt, lang, fallback = self._loc(value)
        html = self._pointers(self._typeset(self.text.inline(txt), lang), case)
        return Markup('<span lang="{}" class="cb-pending">{}</span>').format(lang, html) if fallback else html

    def shown_text(self, value: Any) -> Markup:
        """Inline text as :meth:`t` shows it, without the fallback's mark or links made of its pointers (a heading's
        title)."""
        txt, lang, _ = self._loc(value)
        return self._typeset(self.text.inline(txt), lang)

    def _pointers(self, html: Markup, case: Case | None) -> Markup:
        """``html`` with the pointers to a part of ``case``'s page made links to it (``#id`` on the case page)."""
        if not may_point(html):
            return html
        own = self.page.context.get("case") if self.page.kind == "case" else None
        case = case or own
        if not isinstance(case, Case):
            return html
        target = "" if case is own else self.url(f"cases/{case.id}/")
        return Markup(link_pointers(str(html), self.site.case_headings(case, self.lang), target))

    def _typeset(self, html: Markup, lang: str) -> Markup:
        return Markup(french_html(str(html))) if lang == "fr" else html

    def typo(self, text: str) -> Markup:
        """A plain text of the page (a period's words, say), escaped, with French typography on French pages."""
        return self._typeset(escape(text), self.lang)

    def ti(self, value: Any) -> str:
        """Plain text (for attributes and titles)."""
        return self._loc(value)[0]

    def md(self, value: Any, case: Case | None = None) -> Markup:
        """A paragraph-level text, as :meth:`t` an inline one."""
        txt, lang, fallback = self._loc(value)
        html = self._pointers(self._typeset(self.text.block(txt), lang), case)
        return Markup('<div lang="{}" class="cb-pending">{}</div>').format(lang, html) if fallback else html

    def mdi(self, value: Any, case: Case | None = None) -> Markup:
        return self.t(value, case)

    def language_name(self, code: str) -> Markup:
        """A language's name in the page's language (``lang_en``: "anglais" on a French page; a strings file may add
        ``lang_<code>`` for each of the site's languages), or, where the page's strings have none, its own name,
        marked with its language (``<span lang="es">Español</span>``)."""
        name = UI.get(self.lang, {}).get(f"lang_{code}")
        if name:
            return escape(name)
        if code == self.lang:
            return escape(tr(code, "language_name"))
        return Markup('<span lang="{}">{}</span>').format(code, tr(code, "language_name"))

    def _names(self, names: list[Markup]) -> Markup:
        """``A``, ``A and B``, ``A, B and C`` in the page's language."""
        if len(names) < 2:
            return names[0] if names else Markup("")
        return Markup(", ").join(names[:-1]) + Markup(" {} ").format(tr(self.lang, "and")) + names[-1]

    def pending_text(self) -> Markup:
        """The "translation pending" note, naming the languages the untranslated texts are shown in."""
        joined = self._names([self.language_name(code) for code in self.page.pending])
        return escape(tr(self.lang, "pending_text")).replace("{language}", joined)

    def in_site_languages(self, key: str) -> Markup:
        """The string ``key`` with its ``{languages}`` the site's languages, each as ``language_in`` words it ("en
        français et en anglais", "French and English")."""
        words = escape(tr(self.lang, "language_in"))
        joined = self._names([words.replace("{language}", self.language_name(code)) for code in site_languages().codes])
        return escape(tr(self.lang, key)).replace("{languages}", joined)

    def term_lang(self, cid: str) -> Markup:
        """`` lang="en"`` for an element that shows a concept's term in another language than the page's (its term is
        not translated), else nothing."""
        concept = self.site.corpus.concepts.get(cid)
        used = concept.term.best_with_lang(self.lang)[1] if concept is not None else self.lang
        return Markup(' lang="{}"').format(used) if used != self.lang else Markup("")

    def concept_link(self, cid: str) -> Markup:
        concept = self.site.corpus.concepts.get(cid)
        if concept is None:
            return escape(cid)
        # what Markup('<a href="{}" …>{}</a>').format(url, term) gives, without its Python formatter (a link a concept)
        return Markup(f'<a href="{escape(self.url(f"concepts/{cid}/"))}" class="cb-concept">{self.plain(concept.term)}</a>')

    def uid(self, prefix: str) -> str:
        self._uid += 1
        return f"{prefix}-{self._uid}"

    def counterpart(self) -> str:
        other = next((x for x in site_languages().codes if x != self.lang), self.lang)
        return rel(self.page.url, counterpart_url(self.page.url, other))

    # ---- case-specific views -------------------------------------------------------------
    def when(self, item: dict[str, Any]) -> str:
        label = item.get("label")
        if label:
            return self.ti(label)
        start, end = item.get("date") or item.get("start", ""), item.get("end", "")
        if start and end:
            return f"{dates.fmt(start, self.lang)} – {dates.fmt(end, self.lang)}"
        return dates.fmt(start, self.lang)

    def part_items(self, case: Case, part: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The case's own tables and free sections (the model's ``tables`` and ``sections`` fields placed in no group)
        that belong to ``part`` of the page (the last group's part by default), as ("structure" or "section", data)."""
        model = self.model
        default = model.default_part
        return [("structure" if spec.type == "tables" else "section", item) for spec in _part_fields(model)
                for item in spec.get(case.data) or [] if (item.get("part") or default) == part]

    # ---- the declared model: the page's groups, their fields, the fact box ------------------------------------------
    @property
    def model(self) -> Model:
        return self.site.corpus.model

    def label(self, spec: FieldSpec | GroupSpec, *, plural: bool = False) -> Markup:
        """A field's or group's label in the page language (French typography on French), or, where the model gives
        none in it, in the language it falls back to, marked with its ``lang``."""
        return self.marked(*self.label_text(spec, plural=plural))

    def label_text(self, spec: FieldSpec | GroupSpec, *, plural: bool = False) -> tuple[str, str]:
        """A field's label as plain text (for an attribute, an ``<option>``, a header a script rewrites) and the
        language it is in, to be given as that element's ``lang`` when it is not the page's."""
        text, lang = spec.plural_label_in(self.lang) if plural and isinstance(spec, FieldSpec) else spec.label_in(self.lang)
        return typography(text, lang), lang

    def marked(self, text: str, lang: str) -> Markup:
        """A plain text, escaped; in a ``<span lang>`` when its language is not the page's (WCAG 3.1.2)."""
        if lang == self.lang or not text:
            return escape(text)
        return Markup(f'<span lang="{escape(lang)}">{escape(text)}</span>')

    def plain(self, value: Any) -> Markup:
        """A plain text of the site's (a term, a short title) in the page language, or its fallback marked with its
        ``lang``; unlike :meth:`t`, no Markdown."""
        loc = value if isinstance(value, Localized) else Localized.from_data(value)
        return self.marked(*loc.best_with_lang(self.lang))

    @staticmethod
    def shown(spec: FieldSpec, value: Any) -> bool:
        """Whether a field has something to show: a value that is not empty (``false`` and ``0`` are values)."""
        if value is None or value == "" or value == [] or value == {}:
            return False
        if spec.type == "group" and isinstance(value, Mapping):
            return any(Helpers.shown(sub, value.get(sub.name)) for sub in spec.fields) or spec.view != ""
        return True

    def group_items(self, case: Case, group: GroupSpec) -> list[tuple[str, Any, Any]]:
        """What one part of the page shows, in order: ("field", spec, value) for each field of the group the case
        fills, and ("parts", the part's tables and sections, None) where the group places them."""
        items: list[tuple[float, int, tuple[str, Any, Any]]] = []
        for i, spec in enumerate(self.model.group_fields(group.id)):
            value = spec.get(case.data)
            if self.shown(spec, value):
                items.append((spec.order, i, ("field", spec, value)))
        if group.part:
            parts = self.part_items(case, group.part)
            if parts:
                items.append((group.sections_order, -1, ("parts", parts, None)))
        return [item for _, _, item in sorted(items, key=lambda x: (x[0], x[1]))]

    def fact_items(self, case: Case) -> list[tuple[FactSpec, Any]]:
        """The fact box's entries the case fills, in the model's order."""
        out = []
        for fact in self.model.facts:
            value = fact.spec.get(case.data)
            if self.shown(fact.spec, value) and not (fact.view == "years" and not self.years_of(value)):
                out.append((fact, value))
        return out

    def period_text(self, period: Mapping[str, Any]) -> str:
        """A period as the case words it, or its dates (``février 2017 – 2018``)."""
        label = Localized.from_data(period.get("label")).get(self.lang) if period.get("label") else ""
        if label:
            return label
        start, end = period.get("start", ""), period.get("end", "")
        if start and end and start != end:
            return f"{dates.fmt(start, self.lang)} – {dates.fmt(end, self.lang)}"
        return dates.fmt(start or end, self.lang)

    def years_of(self, period: Mapping[str, Any]) -> str:
        """A period in whole years (``2018–2022``), or the source's words when it gives no date."""
        start, end = str(period.get("start") or "")[:4], str(period.get("end") or "")[:4]
        if start:
            return f"{start}–{end}" if end and end != start else start
        return self.ti(period["label"]) if period.get("label") else ""

    def citations(self, keys: list[str]) -> Markup:
        """Works as citations that lead to the page's reference list."""
        known = [k for k in keys if k in self.site.corpus.bibliography.refs]
        return Markup(tr(self.lang, "list_sep")).join(self.text.inline(f"@{k}") for k in known)

    def number(self, value: Any) -> str:
        """A number as the page language writes it (a no-break space between thousands in French)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return str(value)
        text = f"{value:,}".replace(",", "\u202f" if self.lang == "fr" else ",")
        return text.replace(".", ",") if self.lang == "fr" else text

    def sorted_events_of(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(events or [], key=lambda e: dates.start_key(e["date"]))

    def draws_timeline(self, spec: FieldSpec) -> bool:
        """Whether the case page draws ``spec``'s events as a picture above their list: the field the model's
        ``compare.pictures.timeline`` names (no picture at all when it names none)."""
        return compare_spec(self.model).pictures.get("timeline") is spec

    def timeline_svg_of(self, spec: FieldSpec, events: list[dict[str, Any]]) -> Markup:
        """The timeline picture of a case's events, titled by the field's label and the case's short title."""
        case = self.page.context.get("case")
        title = case.short_title.best(self.lang) if isinstance(case, Case) else ""
        spans = [svg.Span(self.ti(e["event"]), e["date"], e.get("end", "")) for e in self.sorted_events_of(events)]
        return svg.timeline(spans, f"{spec.label(self.lang)} — {title}", tr(self.lang, "timeline_alt"),
                            self.uid("tl"))

    @staticmethod
    def data_source_columns_of(sources: list[Mapping[str, Any]]) -> set[str]:
        cols = {name for name in ("count", "period", "note") if any(s.get(name) is not None for s in sources)}
        if any(s.get("participants") is not None or s.get("organisations") is not None for s in sources):
            cols.add("participants")
        return cols

    def participants(self, source: Mapping[str, Any]) -> str:
        """``3``, ``45 (25 organisations)``, ``1 (1 organisation)`` or ``25 organisations``; empty when unknown."""
        people, orgs = source.get("participants"), source.get("organisations")
        noun = ""
        if orgs is not None:
            one = orgs < 2 if self.lang == "fr" else orgs == 1
            noun = f"{orgs} {tr(self.lang, 'organisation_one' if one else 'organisation_other')}"
        if people is None:
            return noun
        return f"{people} ({noun})" if noun else str(people)

    def data_source_counts_of(self, sources: list[Mapping[str, Any]]) -> list[tuple[str, int | None]]:
        """Each kind of data source, in the order the case gives them, with its total when every source of that kind
        is counted (``None`` otherwise: a sum of some would read as the whole)."""
        totals: dict[str, int | None] = {}
        for s in sources:
            kind, count = s["kind"], s.get("count")
            if kind not in totals:
                totals[kind] = count
            else:
                before = totals[kind]
                totals[kind] = None if before is None or count is None else before + count
        return [(tr(self.lang, f"ds_{kind}"), n) for kind, n in totals.items()]

    def neighbours(self, case: Case) -> tuple[dict[str, str] | None, dict[str, str] | None]:
        """The previous and next case (links from this page, short titles, marked with their lang if they fall back)."""
        prev, next_ = self.page.neighbours
        return tuple({"url": self.raw_url(n[0]), "title": self.marked(n[1], n[2])} if n else None  # type: ignore[return-value]
                     for n in (prev, next_))

    # ---- the case index -------------------------------------------------------------------
    @staticmethod
    def years(case: Case) -> tuple[int | None, int | None]:
        """The first and last year of a case's period (``None`` where the source gives none)."""
        p = case.period
        start, end = dates.parse(str(p.get("start") or "")), dates.parse(str(p.get("end") or ""))
        return (start[0] if start else None), (end[0] if end else None)

    def index_facets(self, cases: list[Case]) -> list[tuple[str, FieldSpec, list[tuple[str, str]]]]:
        """The case index's columns and filters (the model's ``index:``): each one's name, field and the (concept
        id, term) pairs the cases use, in the page language's order (accents folded: Éducation sorts with the E's)."""
        from ..bibliography.model import fold

        out = []
        for facet in index_facets(self.model):
            ids = dict.fromkeys(cid for c in cases for cid in facet_ids(c, facet.spec))
            pairs = [(cid, self.site.corpus.concepts[cid].term.best(self.lang) if cid in self.site.corpus.concepts else cid)
                     for cid in ids]
            out.append((facet.name, facet.spec, sorted(pairs, key=lambda p: (fold(p[1]), p[1]))))
        return out

    def index_values(self, case: Case) -> list[tuple[str, FieldSpec, list[str]]]:
        """The concept ids one case gives each of the case index's facets: (name, field, ids)."""
        return [(f.name, f.spec, facet_ids(case, f.spec)) for f in index_facets(self.model)]

    def index_years(self, cases: list[Case]) -> list[int]:
        """Every year some case's period covers (an open period runs to the last year any case gives)."""
        spans = [self.years(c) for c in cases]
        known = [y for span in spans for y in span if y is not None]
        if not known:
            return []
        last = max(known)
        return sorted({y for s, e in spans if s is not None for y in range(s, (e or last) + 1)})

    def index_text(self, case: Case) -> str:
        """What the index's text filter searches: the case's titles, place and summary, in the page language."""
        return " ".join(_plain(x) for x in (case.title.best(self.lang), case.short_title.best(self.lang),
                                            self.ti(case.data.get("place")), case.summary.best(self.lang)) if x)

    def concept_cases(self, concept: Concept) -> list[tuple[Case, str]]:
        return [(self.site.corpus.cases[cid], how) for cid, how in self.site.backlinks.get(concept.id, [])
                if cid in self.site.corpus.cases]


def lang_if_other(text_lang: str, lang: str) -> str:
    """``text_lang`` when a text shown on a page in ``lang`` is in another language (it must be marked), else ""."""
    return text_lang if text_lang != lang else ""


def pending_languages(data: Any, lang: str) -> tuple[str, ...]:
    """The languages a page in ``lang`` shows instead of its own where a text of ``data`` is not translated (each
    text falls back to the site's first language that has it), in the site's order; () when nothing is pending."""
    if lang == site_languages().default:
        return ()
    shown = {used for _, t in walk_texts(data) if t.pending(lang) for text, used in [t.best_with_lang(lang)] if text}
    return tuple(code for code in site_languages().codes if code in shown)


def _works_fields(model: Model) -> tuple[FieldSpec, ...]:
    return tuple(f for f in model.all_fields() if f.type == "works")


def _part_fields(model: Model) -> tuple[FieldSpec, ...]:
    """The ``tables`` and ``sections`` fields that no group holds: their items go to the part they name."""
    return tuple(f for f in model.all_fields() if f.type in ("tables", "sections") and not f.group)


def description(text: str, limit: int = 300) -> str:
    """A page description (meta, Open Graph) from a Markdown text: plain, cut at a word with "…" when too long."""
    plain = _plain(text)
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:—–-") + "…"


def _ref_anchor(key: str) -> str:
    return f"#ref-{key}"


def _plain(text: str) -> str:
    import re

    text = re.sub(r"\[(-?@[^\]]+)\]", "", text)
    text = re.sub(r"[*_`#>\[\]]", "", text)
    return " ".join(text.split())
