"""The MkDocs plugins. They orchestrate events; the work is done by ``casebook.publishing`` and the parts below it."""

from __future__ import annotations

import gc
import html
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage

from ..base.i18n import counterpart_url, lang_of_url, lang_prefix, site_languages
from ..base.memo import BuildMemo
from ..base.ui import tr
from ..content.corpus import Corpus, Paths, load_corpus
from ..content.typography import french_html
from ..model.loading import links_leaving
from ..model.schema import published_schema
from ..publishing.cards import CardsExtension, CardsState
from ..publishing.citepage import License, cite_page, git_dates, last_changed, license_of, page_key
from ..publishing.site import Page, SiteBuilder, rel
from .common import (
    adopt_generated,
    front_matter,
    front_matter_lines,
    log,
    page_file,
    report,
    share_compiled_templates,
    theme_env,
    use_casebook_theme,
)
from .languages import configure_languages
from .pagecache import PageCache
from .publish import add_not_found_pages, not_found_context, not_found_loader, publish_site
from .search import EncodedEntries, split_before_writing, split_site_index, worker_url
from .searchcache import install as install_search_cache
from .serve import keep_last_good_site, site_rewriting
from .stash import ContentStash

_GC_THRESHOLD = 10_000  # a one-shot build: allocations between two collections of the youngest generation (Python: 700)


class CasesConfig(base.Config):
    """Options of ``casebook/cases``."""

    cases_dir = c.Type(str, default="cases")
    """Folder of the case files, relative to ``mkdocs.yml``."""
    concepts_dir = c.Type(str, default="concepts")
    bibliography_dir = c.Type(str, default="bibliography")
    model = c.Type(str, default="casebook.yml")
    """The declared case model (fields, page groups, fact box, comparisons), relative to ``mkdocs.yml``; a site without
    the file gets Casebook's packaged model."""
    edit_uri = c.Type(str, default="")
    """Base URL to edit a repository file (e.g. ``https://github.com/org/repo/edit/main/``)."""
    authors = c.ListOfItems(c.Type(str), default=[])
    """The site's authors, as they are cited ("Family, I."); none: the site is cited under its own name."""
    license = c.Type((str, dict), default="CC-BY-4.0")
    """Licence of the content and data: an SPDX id (CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0, CC0-1.0) or
    ``{name: …, url: …}``. Shown in the footer, on the page citations and in the open data."""
    languages = c.ListOfItems(c.Type(str), default=["fr", "en"])
    """The site's languages, the first at the root and each other under ``/<code>/`` (e.g. ``[en]``, ``[en, fr]``)."""
    strings_dir = c.Type(str, default="strings")
    """Folder of the strings files (``<code>.yml``), relative to ``mkdocs.yml``: required for a language Casebook
    ships no strings for, optional for French and English (its keys replace the shipped strings)."""
    apa_fallback = c.Optional(c.Type(str))
    """The language whose APA 7 terms a declared language without them uses (``en``); unset: such a language is an
    error."""


class CasesPlugin(BasePlugin[CasesConfig]):
    """Generates case pages and the case index in both languages; per-language nav and switcher."""

    def __init__(self) -> None:
        self.corpus = Corpus()
        self.builder: SiteBuilder | None = None
        self.pages: dict[str, Page] = {}
        self.navs: dict[str, Navigation] = {}
        self.root = Path.cwd()
        self.memo: BuildMemo | None = None
        self.encoded: EncodedEntries | None = None  # search entries' JSON, kept between serve rebuilds
        self.pagecache: PageCache | None = None  # serve: the rendered pages, reused while their inputs are the same
        self.stash: ContentStash | None = ContentStash()  # page bodies, compressed until rendered (not under serve)
        self._split: Callable[[], None] | None = None  # the index was split before the search plugin wrote it
        self.license: License | None = None
        self.dates: dict[str, str] = {}  # repository file -> date of its last commit
        self.cards = CardsState()  # the casebook-cases block of the page being converted
        self._section: MkPage | None = None  # the navigation entry marked for a page outside the navigation
        self._gc_threshold: tuple[int, ...] | None = None  # the collector's thresholds before a one-shot build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, and with it the texts
        # converted by the previous build (a rebuild then converts only the texts that changed).
        self.memo = BuildMemo() if command == "serve" else None
        self.encoded = EncodedEntries() if command == "serve" else None
        self.pagecache = PageCache() if command == "serve" else None
        # A serve rebuild is timed, and its site is small: its pages' bodies are not compressed in between.
        self.stash = None if command == "serve" else ContentStash()

    # ---- load ---------------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        use_casebook_theme(config)
        configure_languages(config)
        paths = self.paths()
        strings = self.root / self.config.strings_dir  # a strings file's edit rebuilds the site too
        for folder in (paths.cases, paths.concepts, paths.bibliography, paths.model_file, strings):
            if folder.exists() and str(folder) not in config.watch:
                config.watch.append(str(folder))
        add_not_found_pages(config)
        config.markdown_extensions.append(CardsExtension(self.cards))  # type: ignore[arg-type]
        try:
            self.license = license_of(self.config.license)
        except ValueError as err:
            from mkdocs.exceptions import PluginError

            raise PluginError(f"{config.config_file_path}: plugins.casebook/cases.{err}") from None
        return config

    def paths(self) -> Paths:
        return Paths(self.root, self.root / self.config.cases_dir, self.root / self.config.concepts_dir,
                     self.root / self.config.bibliography_dir, self.root / self.config.model)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Before MkDocs cleans the site folder: an error here keeps the last good site.
        self.corpus = load_corpus(self.paths())
        linked = [d for folder in (config.docs_dir, config.theme.custom_dir) if folder
                  for d in links_leaving(Path(folder), self.root)]  # MkDocs would publish their targets
        report([*self.corpus.diagnostics, *linked])
        self.dates = git_dates(self.root)  # one `git log` a build: the date each page last changed
        if self.stash is not None:
            # A one-shot build: the loaded corpus (millions of objects on a large site) lives to the end of the
            # process. The cyclic garbage collector need not walk it again at each of its full collections.
            gc.freeze()
            # Pages make millions of short-lived objects: with the default thresholds, a full collection ran some 40
            # times in a 1,000-case build, each walking every page object still alive. Fewer, larger collections.
            self._gc_threshold = gc.get_threshold()
            gc.set_threshold(_GC_THRESHOLD, *self._gc_threshold[1:])
        log.info(f"{len(self.corpus.cases)} cases, {len(self.corpus.concepts)} concepts, "
                 f"{len(self.corpus.bibliography.refs)} references loaded")

    # ---- pages ----------------------------------------------------------------------------
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
        return keep_last_good_site(server, builder)  # errors keep the last good site served, not a stuck server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site_rewriting()
        install_search_cache(config.plugins, cache=self.memo is not None)  # serve: unchanged pages not parsed again
        if self.memo is not None:
            self.memo.next_build()
        self.builder = SiteBuilder(self.corpus, theme_env(config), repo_edit=self.config.edit_uri, memo=self.memo)
        self.pages = {}
        for page in self.builder.case_pages():
            self.pages[page.src] = page
            front = front_matter(page.title)
            files.append(page_file(config, page.src, page.kind, front))
        # the site's concept ids as enums: an editor pointed at the published schema completes them
        concepts = {c.id: list(c.schemes) for c in self.corpus.concepts.values()}
        facets = {s.facet: s.id for s in self.corpus.schemes.values() if s.facet}
        for name in ("case", "concept"):
            files.append(File.generated(config, f"schema/{name}.schema.json",
                                        content=published_schema(name, concepts, facets, self.corpus.model)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """One navigation per language: a top-level section of ``nav`` whose pages are all in another language than
        the first (the ``English`` section, whose pages are under ``en/``) becomes that language's navigation."""
        langs = site_languages()
        items_of: dict[str, list[Any]] = {lang: [] for lang in langs.codes}
        for item in nav.items:
            other = next((lang for lang in langs.others if isinstance(item, Section) and _is_lang_section(item, lang)),
                         None)
            if other is not None:
                items_of[other].extend(item.children)
                for child in item.children:
                    child.parent = None
            else:
                items_of[langs.default].append(item)
        self.navs = {}
        for lang, items in items_of.items():
            pages = [p for p in nav.pages if lang_of_url(p.url) == lang]
            sub = Navigation(items, pages)
            sub.homepage = next((p for p in pages if p.url == langs.prefix(lang)), nav.homepage)
            self.navs[lang] = sub
        return nav

    def _on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        gen = self.pages.get(page.file.src_uri)
        if gen is None or self.builder is None:
            return markdown_page(html, lang_of_url(page.url)) if page.file.is_documentation_page() else html
        out = self.builder.render(gen)
        adopt_generated(page, gen, edit_uri=self.config.edit_uri)
        return out

    @event_priority(-100)  # after every other plugin has converted the page
    def _stash_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        return self.stash.put(page.url, html) if self.stash is not None else html

    on_page_content = CombinedEvent(_on_page_content, _stash_content)

    @event_priority(100)  # before the search plugin and the theme read the page's body
    def _restore_content(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.stash is not None:
            self.stash.restore(page)
        return context

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        st, builder, lang, url = self.cards, self.builder, lang_of_url(page.url), page.url
        st.page = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        st.line_offset = front_matter_lines(page, markdown)
        st.render = (lambda: builder.render_cards(lang, url)) if builder is not None else None
        return markdown

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        report(self.cards.diagnostics)  # every page is converted: a bad casebook-cases block stops the build
        self.cards.diagnostics = []
        share_compiled_templates(env)  # MkDocs' own environment: page templates are compiled once per process
        not_found_loader(env)  # the 404 page of each other language
        if self.pagecache is not None:
            self.pagecache.start(config, files)
        return env

    def _on_page_context(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Navigation) -> Any:
        lang = lang_of_url(page.url)
        context["casebook_lang"] = lang
        if lang in self.navs:
            context["nav"] = self.navs[lang]
        context["casebook_alternates"] = [
            {"lang": other, "name": tr(other, "language_name"), "url": rel(page.url, counterpart_url(page.url, other)),
             "abs": counterpart_url(page.url, other), "current": other == lang,
             "abs_prefix": lang_prefix(other), "og_locale": tr(other, "og_locale")}
            for other in site_languages().codes
        ]
        context["casebook_home"] = rel(page.url, lang_prefix(lang)) or "./"
        context["casebook_search_worker"] = worker_url()
        context["casebook_license"] = self._license_context(lang)
        if page.file.src_uri != "404.md" and not page.file.src_uri.endswith("/404.md"):
            context["casebook_cite_page"] = self._page_citation(page, config, lang)
        self._section = section_of(page, context.get("nav"))
        if self._section is not None:  # MkDocs marks the current page and its parents; it is off the navigation
            self._section.active = True
        return context

    @event_priority(-100)  # after every other plugin: the context is what the template sees
    def _on_page_context_cache(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Navigation) -> Any:
        return self.pagecache.context(context, page) if self.pagecache is not None else context

    on_page_context = CombinedEvent(_restore_content, _on_page_context, _on_page_context_cache)

    @event_priority(110)  # before every other plugin (100 is the documented "first"): the template's own output
    def _on_post_page_keep(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if self.pagecache is not None:
            self.pagecache.capture(output, page)
        return output

    @event_priority(-100)  # after every other plugin has seen the page
    def _on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if self._section is not None:  # the navigation is shared by every page
            self._section.active = False
            self._section = None
        if page.file.src_uri in self.pages or self.stash is not None:
            # The page is written and indexed: MkDocs would keep its HTML to the end of the build (two case pages
            # in each language per case, about 180 MB at 2,000 cases; the compare pages, megabytes each). Under
            # serve only generated pages' HTML is dropped.
            page.content = None
        return output

    on_post_page = CombinedEvent(_on_post_page_keep, _on_post_page)

    def license_data(self, lang: str) -> dict[str, str] | None:
        """The licence as the open data gives it: its id, name and address."""
        if self.license is None:
            return None
        return {"id": self.license.id, "name": self.license.name, "url": self.license.url(lang)}

    def _license_context(self, lang: str) -> dict[str, str] | None:
        if self.license is None:
            return None
        return {"name": self.license.name, "url": self.license.url(lang), "text": tr(lang, "license_text"),
                "made_with": tr(lang, "made_with"), "and": tr(lang, "and")}

    def _page_sources(self, page: MkPage) -> list[str]:
        """The repository files (or folders, ending in /) a page is made from, relative to the site's root."""
        gen = self.pages.get(page.file.src_uri)
        if gen is not None and gen.edit_path:
            return [gen.edit_path]
        if gen is not None or page.file.generated_by:
            paths = self.paths()
            return [f"{Path(folder).resolve().relative_to(self.root).as_posix()}/"
                    for folder in (paths.cases, paths.concepts, paths.bibliography) if folder.is_dir()]
        if page.file.abs_src_path:
            try:
                return [Path(page.file.abs_src_path).resolve().relative_to(self.root).as_posix()]
            except ValueError:
                return []
        return []

    def _page_citation(self, page: MkPage, config: MkDocsConfig, lang: str) -> dict[str, Any]:
        site_name = config.site_name
        url = (config.site_url or "").rstrip("/") + "/" + page.url if config.site_url else page.url
        gen = self.pages.get(page.file.src_uri)
        # Generated pages' titles reach page.meta and page.title escaped (contributed text): take the raw one.
        meta_title = page.meta.get("title") if isinstance(page.meta.get("title"), str) else ""
        title = gen.title if gen is not None else html.unescape(meta_title or page.title or site_name)
        cite = cite_page(site_name=site_name, authors=list(self.config.authors), title=str(title), url=url,
                         date=last_changed(self.dates, self._page_sources(page)), lang=lang,
                         key=page_key(site_name, page.url), title_lang=gen.title_lang if gen is not None else "")
        sources = []
        if gen is not None and gen.kind == "case" and self.builder is not None:  # the case's source, beside the page
            refs = self.corpus.bibliography.refs
            sources = [{"apa": self.builder.apa.reference(k, lang), "bibtex": refs[k].raw}
                       for k in gen.context["case"].data.get("sources") or [] if k in refs]
        return {"title": tr(lang, "cite_page"), "apa": cite.apa, "bibtex": cite.bibtex, "url": cite.url,
                "sources": sources, "sources_title": tr(lang, "cite_case")}

    @event_priority(100)  # before the search plugin writes its index
    def _on_post_build_split(self, *, config: MkDocsConfig) -> None:
        self._split = split_before_writing(config.plugins, config.site_dir, self.encoded)
        publish_site(config)  # sitemap.xml with hreflang alternates, robots.txt

    @event_priority(-100)  # after the search plugin has written its index
    def _on_post_build_split_written(self, *, config: MkDocsConfig) -> None:
        if self._split is None:  # another search plugin, or --dirtyreload: split the index it wrote
            split_site_index(config.site_dir)
        else:  # the first language's index, over the empty one the plugin wrote
            self._split()
        if self.pagecache is not None:
            self.pagecache.finish()
            log.debug(f"pages reused {self.pagecache.hits} of {self.pagecache.keyed}")
        if self.stash is not None:
            gc.unfreeze()  # what on_pre_build froze can be collected again (a process that builds more than once)
            if self._gc_threshold is not None:
                gc.set_threshold(*self._gc_threshold)
                self._gc_threshold = None

    on_post_build = CombinedEvent(_on_post_build_split, _on_post_build_split_written)

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        return not_found_context(context, template_name, config, self.navs)  # the 404 pages, per language


def section_of(page: MkPage, nav: Navigation | None) -> MkPage | None:
    """For a page outside the navigation (a case, a concept, a compare matrix), the navigation page it belongs to:
    the nearest folder above it that is one (``cases/x/`` → ``cases/``). None for a page in the navigation."""
    if nav is None or page in nav.pages:
        return None
    by_url = {p.url: p for p in nav.pages}
    url = page.url.rstrip("/")
    while "/" in url:
        url = url.rsplit("/", 1)[0]
        if url + "/" in by_url:
            return by_url[url + "/"]
    return None


def markdown_page(html: str, lang: str) -> str:
    """A Markdown page's HTML: French typography on French pages, and its permalinks titled in its language."""
    html = french_html(html) if lang == "fr" else html
    title = str(escape(tr(lang, "permalink")))
    return _PERMALINK_TITLE.sub(lambda m: f'{m[1]}{title}"', html)


_PERMALINK_TITLE = re.compile(r'(<a class="headerlink" href="#[^"]*" title=")[^"]*"')


def _is_lang_section(section: Section, lang: str) -> bool:
    pages = [p for p in _walk(section)]
    return bool(pages) and all(lang_of_url(p.url) == lang for p in pages)


def _walk(item: Any) -> list[MkPage]:
    if isinstance(item, MkPage):
        return [item]
    out = []
    for child in getattr(item, "children", None) or []:
        out.extend(_walk(child))
    return out


__all__ = ["CasesPlugin", "posixpath"]


class ConceptsConfig(base.Config):
    """Options of ``casebook/concepts`` (it reads the corpus loaded by ``casebook/cases``)."""

    concept_map = c.Type(bool, default=True)
    """Draw the concept map on the concepts index."""


class ConceptsPlugin(BasePlugin[ConceptsConfig]):
    """Generates the glossary: concept pages and the concepts index with its map, both languages."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}

    def _cases(self, config: MkDocsConfig) -> CasesPlugin:
        plugin = config.plugins.get("casebook/cases")
        if not isinstance(plugin, CasesPlugin):
            from mkdocs.exceptions import PluginError

            raise PluginError("casebook/concepts needs the casebook/cases plugin, listed before it")
        return plugin

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        cases = self._cases(config)
        self.pages = {}
        if cases.builder is None:
            return files
        for page in cases.builder.concept_pages():
            if page.kind == "concepts-index" and self.config.concept_map:
                from ..compare.conceptmap import concept_map

                page.context["concept_map_data"] = concept_map
            self.pages[page.src] = page
            cases.pages[page.src] = page  # rendered and linked like every generated page
            front = front_matter(page.title)
            files.append(page_file(config, page.src, page.kind, front))
        import json as _json

        from ..publishing.skos import SKOS_PATH, skos_graph

        builder, site_url = cases.builder, config.site_url or ""
        text = builder.from_corpus(("skos", site_url), lambda: _json.dumps(  # the graph reads no case
            skos_graph(cases.corpus, site_url, builder.apa), ensure_ascii=False, indent=1), cases=False)
        files.append(File.generated(config, SKOS_PATH, content=text))
        return files
