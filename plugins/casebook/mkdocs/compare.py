"""``casebook/compare``: cross-case pages, open data exports, JSON-LD and the ``casebook-compare`` block.

It reads the corpus loaded by ``casebook/cases`` (listed before it) and only orchestrates MkDocs events; the
pages, exports and block are made by ``casebook.publishing.comparepage``, ``casebook.publishing.exports`` and ``casebook.compare.directive``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage

from ..base.i18n import lang_of_url
from ..compare.directive import CompareExtension, DirectiveState, directive_schema_text
from ..compare.spec import diagnostics as compare_diagnostics
from ..publishing import exports
from ..publishing.comparepage import ComparePages
from ..publishing.site import Page, rel
from .common import adopt_generated, front_matter_lines, page_file, report, theme_env
from .plugins import CasesPlugin


class CompareConfig(base.Config):
    """Options of ``casebook/compare``."""

    page_size = c.Type(int, default=100)
    """Rows of the meta-matrix on each static page (the first screen); the script loads the others."""
    visible_rows = c.Type(int, default=10)
    """With JavaScript, matching rows shown at once ("show more" adds as many): keeps filtering fast."""
    matrix_columns = c.Type(int, default=12)
    """Cases per matrix table; more cases make several tables."""
    heatmap_max_cases = c.Type(int, default=60)
    """Past this many cases, the heatmap is left out (the table stays)."""
    exports = c.Type(bool, default=True)
    """Write ``data/cases.json`` and ``data/cases.csv``."""
    jsonld = c.Type(bool, default=True)
    """Put schema.org JSON-LD in the head of each case page."""


class ComparePlugin(BasePlugin[CompareConfig]):
    def __init__(self) -> None:
        self.state = DirectiveState()
        self.compare: ComparePages | None = None
        self.pages: dict[str, Page] = {}
        self.root = Path.cwd()

    def _cases(self, config: MkDocsConfig) -> CasesPlugin:
        plugin = config.plugins.get("casebook/cases")
        if not isinstance(plugin, CasesPlugin):
            raise PluginError("casebook/compare needs the casebook/cases plugin, listed before it")
        return plugin

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        config.markdown_extensions.append(CompareExtension(self.state))  # type: ignore[arg-type]
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.state.diagnostics = []

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        cases = self._cases(config)
        self.pages = {}
        if cases.builder is None:
            return files
        site_url = config.site_url or ""
        report(compare_diagnostics(cases.corpus.model))  # what the model's compare: and exports: sections name
        self.compare = ComparePages(cases.builder, theme_env(config), page_size=self.config.page_size,
                                    visible_rows=self.config.visible_rows, chunk=self.config.matrix_columns,
                                    heatmap_max=self.config.heatmap_max_cases, site_url=site_url,
                                    guided=files.get_file_from_path("comparisons/index.md") is not None,
                                    data_doc=files.get_file_from_path("data.md") is not None
                                    or files.get_file_from_path("data/index.md") is not None)
        self.state.corpus = cases.corpus
        for page in self.compare.pages():
            self.pages[page.src] = page
            # The tables repeat the cases' words: only the first compare page and the matrices' intros are searched.
            hide = "search: {exclude: true}\n" if page.kind == "compare-rows" else ""
            # The tables get the width of the table of contents (two entries, also in the drawer on a phone).
            hide += "hide: [toc]\n" if page.kind in ("compare", "compare-rows") else ""
            front = f"---\ntitle: {json.dumps(page.title, ensure_ascii=False)}\n{hide}---\n"
            files.append(page_file(config, page.src, page.kind, front))
        if self.config.exports:
            builder, license = cases.builder, cases.license_data("en")
            files.append(File.generated(config, exports.JSON_PATH, content=builder.from_corpus(
                ("cases.json", site_url, repr(license)),
                lambda: exports.cases_json(cases.corpus, site_url=site_url, license=license))))
            files.append(File.generated(config, exports.CSV_PATH, content=builder.from_corpus(
                ("cases.csv", site_url), lambda: exports.cases_csv(cases.corpus, site_url=site_url))))
        files.append(File.generated(config, exports.SCHEMA_PATH, content=exports.export_schema_text()))
        # The block's schema for editors names this site's columns, matrices and filters.
        files.append(File.generated(config, "schema/directive.schema.json",
                                    content=directive_schema_text(self.compare.spec)))
        return files

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        st = self.state
        st.page = self._display(page, config)
        st.line_offset = front_matter_lines(page, markdown)
        compare, lang, url = self.compare, lang_of_url(page.url), page.url
        if compare is not None:
            st.render = lambda options: compare.render_block(options, lang, url)
            st.error_html = lambda diags: compare.render_errors(diags, lang)
        return markdown

    def _display(self, page: MkPage, config: MkDocsConfig) -> str:
        path = page.file.abs_src_path
        if path:
            try:
                return Path(path).resolve().relative_to(self.root).as_posix()
            except ValueError:
                return path
        return f"{Path(config.docs_dir).name}/{page.file.src_uri}"

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        gen = self.pages.get(page.file.src_uri)
        if gen is None or self.compare is None:
            return html
        out = self.compare.render(gen)
        adopt_generated(page, gen)
        return out

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every page has been converted by now: report every bad block at once (an error stops the build).
        report(self.state.diagnostics)
        return env

    def on_page_context(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Navigation) -> Any:
        if not self.config.jsonld:
            return context
        cases = self._cases(config)
        gen = cases.pages.get(page.file.src_uri)
        if gen is None or gen.kind != "case":
            return context
        site_url = config.site_url or ""
        link = None if site_url else (lambda path: rel(page.url, path))
        data = exports.case_jsonld(cases.corpus, gen.context["case"], gen.lang, link=link, site_url=site_url,
                                   site_name=config.site_name)
        context["casebook_jsonld"] = Markup(exports.script_json(data))
        return context
