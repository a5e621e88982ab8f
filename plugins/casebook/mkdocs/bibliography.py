"""``casebook/bibliography``: APA 7 bibliography pages and pandoc citations in Markdown pages.

Usable on its own by any MkDocs site: it reads ``*.bib`` from ``bibliography_dir``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from ..base.i18n import lang_of_url, page_url, site_languages
from ..base.ui import tr
from ..bibliography.apa import APA, shared_apa
from ..bibliography.exports import csl_json, ris, shared_exports
from ..bibliography.model import Bibliography, content_digest, load_bibliography, uncited
from ..content.citations import CitationExtension, CitationState, backrefs, locate_unknown, number_citations
from ..publishing.bibpage import LIST_MARK, render_bibliography_page
from ..publishing.site import add_permalinks, rel
from .common import casebook_theme_dir, report, theme_env
from .languages import configure_languages
from .search import search_entries

# The bibliography pages carry the list of references (megabytes with thousands of entries, LIST_MARK in the body
# until then) only once the theme has rendered them: the theme's templates and the search plugin (which runs a
# regular expression over every page's HTML) then never read it, and search gets one entry per reference, pointing
# at its anchor, instead of one entry holding the whole list. Without a search index within reach, the list stays in
# the page content.


OWN_ASSETS = ("assets/casebook.js", "assets/casebook.css")


class BibliographyConfig(base.Config):
    bibliography_dir = c.Type(str, default="bibliography")
    """Folder of the ``.bib`` files, relative to ``mkdocs.yml``."""
    download_name = c.Type(str, default="casebook.bib")
    languages = c.Optional(c.ListOfItems(c.Type(str)))
    """The site's languages, the first at the root (``[en]``, ``[fr, en]``…): by default those of ``casebook/cases``,
    or French and English on a site without it."""
    strings_dir = c.Optional(c.Type(str))
    """Folder of the strings files (default: that of ``casebook/cases``, else ``strings``)."""
    apa_fallback = c.Optional(c.Type(str))
    """The language whose APA 7 terms a declared language without them uses (``en``); unset: such a language is an
    error."""


class BibliographyPlugin(BasePlugin[BibliographyConfig]):
    def __init__(self) -> None:
        self.state = CitationState()
        self.bib = Bibliography()
        self.apa: APA | None = None
        self._cache: tuple[str, Bibliography, APA] | None = None  # survives rebuilds under `mkdocs serve`
        self._exports: tuple[Bibliography, str, str] | None = None  # the CSL-JSON and RIS of that bibliography
        # bibliography page -> (what it was made from, its body, its list, its search entries)
        self._pages_cache: dict[str, tuple[Any, str, str, list[dict[str, str]]]] = {}
        self.cited_in: dict[str, dict[str, str]] = defaultdict(dict)
        self.title_lang: dict[str, str] = {}  # citing page -> its title's language, when it is not the page's
        self.bib_pages: dict[str, str] = {}
        self.late: dict[str, tuple[str, list[dict[str, str]]]] = {}  # page URL -> (its list, its search entries)
        self.own_assets: list[str] = []
        self.root = Path.cwd()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._cache = None
        self._pages_cache = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        configure_languages(config)
        config.markdown_extensions.append(CitationExtension(self.state))  # type: ignore[arg-type]
        folder = self.root / self.config.bibliography_dir
        if folder.is_dir() and str(folder) not in config.watch:
            config.watch.append(str(folder))
        # On a site without Casebook's theme folder, the plugin brings the script (filters, copy buttons) and
        # the styles of its pages itself (added to the site in on_files).
        self.own_assets = [a for a in OWN_ASSETS if not any((Path(d) / a).is_file() for d in config.theme.dirs)]
        for asset in self.own_assets:
            extra = config.extra_javascript if asset.endswith(".js") else config.extra_css
            if asset not in [str(x) for x in extra]:
                extra.append(asset)  # type: ignore[arg-type]
        return config

    @event_priority(-10)  # after casebook/cases has loaded the case files, whose own works join the bibliography
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        plugins = getattr(config, "plugins", None)  # reads nothing else of the config
        cases_plugin = plugins.get("casebook/cases") if plugins is not None else None
        corpus = getattr(cases_plugin, "corpus", None)
        same_folder = getattr(getattr(cases_plugin, "config", None), "bibliography_dir", None) == self.config.bibliography_dir
        if corpus is not None and same_folder and corpus.bibliography.sources:  # the .bib files and the cases' works, loaded once
            bib = corpus.bibliography
            if not (self._cache and self._cache[1] is bib):
                self._cache = ("", bib, shared_apa(bib))  # its diagnostics: reported by casebook/cases
            self.bib, self.apa = self._cache[1], self._cache[2]
            self.state.apa = self.apa
            self.cited_in = defaultdict(dict)
            self.title_lang = {}
            return
        folder = self.root / self.config.bibliography_dir
        files = sorted(folder.glob("*.bib")) if folder.is_dir() else []
        digest = content_digest(files)  # by content: an editor may keep the size, a checkout the time
        if self._cache and self._cache[0] == digest:
            self.bib, self.apa = self._cache[1], self._cache[2]
        else:
            self.bib = load_bibliography(files, self.root)
            report(self.bib.diagnostics)
            self.apa = shared_apa(self.bib)
            self._cache = (digest, self.bib, self.apa)
        self.state.apa = self.apa
        self.cited_in = defaultdict(dict)
        self.title_lang = {}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.bib_pages = {}
        for lang in site_languages().codes:
            src = page_url(lang, "bibliography/index.md")
            self.bib_pages[src] = lang
            front = {"title": tr(lang, "bibliography"), "description": tr(lang, "desc_bibliography")}
            files.append(File.generated(config, src, content="---\n" + "".join(
                f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) + "---\n"))
        own = casebook_theme_dir()
        for asset in self.own_assets:
            if own is not None and files.get_file_from_path(asset) is None:
                files.append(File.generated(config, asset, abs_src_path=str(own / asset)))
        raw = "\n\n".join(ref.raw for ref in self.bib.refs.values()) + "\n"
        files.append(File.generated(config, f"bibliography/{self.config.download_name}", content=raw))
        # The same works for reference managers (Zotero, Mendeley, EndNote): CSL-JSON and RIS, made once per
        # loaded bibliography (under `mkdocs serve`, again only when a .bib file changed).
        if self._exports is None or self._exports[0] is not self.bib:
            self._exports = (self.bib, csl_json(self.bib), ris(self.bib))
        for name, content in zip(self.export_names(), self._exports[1:], strict=True):
            files.append(File.generated(config, f"bibliography/{name}", content=content))
        return files

    def export_names(self) -> tuple[str, str]:
        """The file names of the CSL-JSON and RIS downloads, beside the BibTeX one (``casebook.json``, ``casebook.ris``)."""
        stem = self.config.download_name.rsplit(".", 1)[0] or "bibliography"
        return f"{stem}.json", f"{stem}.ris"

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        self.state.lang = lang_of_url(page.url)
        self.state.cited = []
        self.state.unknown = []
        self._markdown = markdown
        return markdown

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        lang = lang_of_url(page.url)
        if self.state.unknown:
            report(locate_unknown(getattr(self, "_markdown", ""), set(self.state.unknown), f"docs/{page.file.src_uri}"))
        cited = list(dict.fromkeys(self.state.cited))
        self.state.cited = []
        for key in cited:
            self.cited_in[key][page.url] = Markup(page.title) if page.title else page.url  # MkDocs titles are HTML
        if cited and page.meta.get("title_lang"):  # an untranslated generated page's title (adopt_generated)
            self.title_lang[page.url] = str(page.meta["title_lang"])
        if cited and page.file.src_uri not in self.bib_pages and self.apa is not None and page.file.is_documentation_page() \
                and not page.file.generated_by:
            env = theme_env(config)
            html, back = number_citations(html)  # each citation gets an id, for the list's links back to it
            refs = env.get_template("casebook/references.html").render(
                refs=[(k, self.apa.reference(k, lang)) for k in self.apa.sorted_keys(cited)],
                tr=lambda k: tr(lang, k), bib_url=rel(page.url, page_url(lang, "bibliography/")), lang=lang,
                coins=shared_exports(self.bib).coins, back=backrefs(back))
            toc = config.mdx_configs.get("toc") or {}
            html += add_permalinks(refs, lang) if toc.get("permalink") else refs  # as the page's own headings
            if page.present_anchor_ids is not None:  # MkDocs checks links to anchors against these
                page.present_anchor_ids |= {"references", *(f"ref-{k}" for k in cited),
                                            *(ident for ids in back.values() for ident in ids)}
        return html

    def record(self, key: str, url: str, title: str, title_lang: str = "") -> None:
        """Let other plugins (cases, concepts) report the pages where a work is cited, and the language of the page's
        title when it is not the page's."""
        self.cited_in[key][url] = title
        if title_lang:
            self.title_lang[url] = title_lang

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        plugins = getattr(config, "plugins", None)  # reads nothing else of the config
        cases_plugin = plugins.get("casebook/cases") if plugins is not None else None
        cases_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (key, lang) -> ids of the cases listing it
        if cases_plugin is not None:
            # Generated pages (cases, concepts) list their works under their own references, anchored by key.
            for gen in cases_plugin.pages.values():  # type: ignore[attr-defined]
                for key in gen.listed:
                    self.record(key, gen.url, gen.title, gen.title_lang)
                    if gen.kind == "case":
                        cases_of[(key, gen.lang)].add(gen.context["case"].id)
        # every page is known now: Markdown pages (on_page_content) and generated ones (above)
        report(uncited(self.bib, set(self.cited_in)))
        case_titles: dict[str, dict[str, tuple[str, str]]] = {  # lang -> case id -> (short title, its language)
            lang: {cid: case.short_title.best_with_lang(lang) for cid, case in cases_plugin.corpus.cases.items()}  # type: ignore[attr-defined]
            for lang in site_languages().codes} if cases_plugin is not None else {}
        env_ = theme_env(config)
        templates = tuple(env_.loader.get_source(env_, f"casebook/{name}.html")[0] if env_.loader else ""
                          for name in ("bibliography", "bibliography_list"))
        # Under `mkdocs serve` most rebuilds change nothing here: the same formatter (same .bib content), citing
        # pages, cases and templates give the same HTML, kept from the previous build. The inputs are compared
        # (dictionaries compare by value), not hashed: each build makes new ones, so the cache holds the last ones.
        inputs = (self.apa, templates, self.cited_in, self.title_lang, cases_of)
        self.late = {}
        entries = search_entries(config.plugins)
        for src, lang in self.bib_pages.items():
            file = files.get_file_from_path(src)
            if file is None or file.page is None or self.apa is None:
                continue
            page = file.page
            download = rel(page.url, f"bibliography/{self.config.download_name}")
            titles = case_titles.get(lang, {})
            made_from = (inputs, lang, page.url, download, tuple(titles.items()))
            cached = self._pages_cache.get(src)
            if cached is None or cached[0] != made_from:
                cached = (made_from, *render_bibliography_page(
                    env_, self.bib, self.apa, url=page.url, lang=lang, cited_in=self.cited_in, title_lang=self.title_lang,
                    cases_of=cases_of, case_titles=titles, download=download, export_names=self.export_names()))
                self._pages_cache[src] = cached
            _, intro, listing, docs = cached
            page.present_anchor_ids = {"bibliography", *(f"ref-{k}" for k in self.bib.refs)}  # for MkDocs' checks
            if entries is None:  # no search index within reach: the page carries the whole list
                page.content = intro.replace(LIST_MARK, listing)
            else:  # see on_page_context and on_post_page
                page.content = intro
                self.late[page.url] = (listing, docs)
        return env

    @event_priority(-50)  # after the search plugin has indexed the page
    def on_page_context(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        late = self.late.get(page.url)
        entries = search_entries(config.plugins)
        if late is not None and entries is not None and entries and str(entries[-1].get("location", "")).startswith(page.url) \
                and not (page.meta.get("search") or {}).get("exclude"):
            entries.extend(dict(doc) for doc in late[1])  # one search result per reference, after its page
        return context

    @event_priority(100)  # before any plugin that post-processes the page (a minifier, say)
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        late = self.late.get(page.url)
        return output.replace(LIST_MARK, late[0], 1) if late is not None else output
