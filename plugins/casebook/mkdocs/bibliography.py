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
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from ..bibliography.apa import APA, shared_apa
from ..bibliography.citations import CitationExtension, CitationState, keys_in
from ..bibliography.model import Bibliography, content_digest, load_bibliography
from ..core.diagnostics import Diagnostic
from ..core.i18n import LANGS, lang_of_url, page_url
from ..core.site import rel
from ..core.ui import tr
from .common import report, theme_env


class BibliographyConfig(base.Config):
    bibliography_dir = c.Type(str, default="bibliography")
    """Folder of the ``.bib`` files, relative to ``mkdocs.yml``."""
    download_name = c.Type(str, default="casebook.bib")


class BibliographyPlugin(BasePlugin[BibliographyConfig]):
    def __init__(self) -> None:
        self.state = CitationState()
        self.bib = Bibliography()
        self.apa: APA | None = None
        self._cache: tuple[str, Bibliography, APA] | None = None  # survives rebuilds under `mkdocs serve`
        self._pages_cache: dict[str, tuple[Any, str]] = {}  # bibliography page -> (what it was made from, its HTML)
        self.cited_in: dict[str, dict[str, str]] = defaultdict(dict)
        self.bib_pages: dict[str, str] = {}
        self.root = Path.cwd()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._cache = None
        self._pages_cache = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        config.markdown_extensions.append(CitationExtension(self.state))  # type: ignore[arg-type]
        folder = self.root / self.config.bibliography_dir
        if folder.is_dir() and str(folder) not in config.watch:
            config.watch.append(str(folder))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
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

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.bib_pages = {}
        for lang in LANGS:
            src = page_url(lang, "bibliography/index.md")
            self.bib_pages[src] = lang
            front = {"title": tr(lang, "bibliography"), "description": tr(lang, "desc_bibliography")}
            files.append(File.generated(config, src, content="---\n" + "".join(
                f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) + "---\n"))
        raw = "\n\n".join(ref.raw for ref in self.bib.refs.values()) + "\n"
        files.append(File.generated(config, f"bibliography/{self.config.download_name}", content=raw))
        return files

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
        if cited and page.file.src_uri not in self.bib_pages and self.apa is not None and page.file.is_documentation_page() \
                and not page.file.generated_by:
            env = theme_env(config)
            html += env.get_template("casebook/references.html").render(
                refs=[(k, self.apa.reference(k, lang)) for k in self.apa.sorted_keys(cited)],
                tr=lambda k: tr(lang, k), bib_url=rel(page.url, page_url(lang, "bibliography/")), lang=lang)
        return html

    def record(self, key: str, url: str, title: str) -> None:
        """Let other plugins (cases, concepts) report the pages where a work is cited."""
        self.cited_in[key][url] = title

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        cases_plugin = config.plugins.get("casebook/cases")
        cases_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (key, lang) -> ids of the cases citing it
        if cases_plugin is not None:
            for gen in cases_plugin.pages.values():  # type: ignore[attr-defined]
                for key in gen.cited:
                    self.record(key, gen.url, gen.title)
                if gen.kind == "case":
                    case = gen.context["case"]
                    for key in list(case.data.get("sources") or []) + list(case.data.get("works") or []):
                        self.record(key, gen.url, gen.title)
                    for key in gen.cited + list(case.data.get("sources") or []):
                        cases_of[(key, gen.lang)].add(case.id)
        for src, lang in self.bib_pages.items():
            file = files.get_file_from_path(src)
            if file is None or file.page is None or self.apa is None:
                continue
            page = file.page
            entries = []
            for key in self.apa.sorted_keys():
                ref = self.bib.refs[key]
                # each citing page lists the work under its own references, anchored by key
                where = sorted(((f"{rel(page.url, url)}#ref-{key}", title) for url, title in self.cited_in.get(key, {}).items()
                                if lang_of_url(url) == lang), key=lambda x: x[1])
                cases = sorted(cases_of.get((key, lang), ()))
                entries.append({"key": key, "html": self.apa.reference(key, lang), "ref": ref, "where": where,
                                "cases": cases, "type": _type_group(ref.type)})
            case_titles = {}
            if cases_plugin is not None:
                case_titles = {cid: case.short_title.best(lang) for cid, case in cases_plugin.corpus.cases.items()}  # type: ignore[attr-defined]
            env_ = theme_env(config)
            download = rel(page.url, f"bibliography/{self.config.download_name}")
            # Under `mkdocs serve` most rebuilds change nothing here: the same formatter (same .bib content),
            # citing pages, cases and template give the same HTML, kept from the previous build.
            made_from: Any = (self.apa, lang, page.url, download, tuple(sorted(case_titles.items())),
                              env_.loader.get_source(env_, "casebook/bibliography.html")[0] if env_.loader else "",
                              tuple((e["key"], tuple(e["where"]), tuple(e["cases"])) for e in entries))  # type: ignore[arg-type]
            cached = self._pages_cache.get(src)
            if cached is not None and cached[0] == made_from:
                page.content = cached[1]
                continue
            page.content = env_.get_template("casebook/bibliography.html").render(
                entries=entries, lang=lang, tr=lambda k, lang=lang: tr(lang, k), case_titles=case_titles,
                download=download, types=sorted({e["type"] for e in entries}))
            self._pages_cache[src] = (made_from, page.content)
        return env


def _type_group(etype: str) -> str:
    return {"inbook": "incollection", "mastersthesis": "phdthesis", "thesis": "phdthesis", "techreport": "report",
            "unpublished": "misc", "collection": "book", "inproceedings": "incollection"}.get(etype, etype)


def strip_code(markdown: str) -> str:
    """Blank out fenced blocks and code spans, keeping line and column positions."""
    import re

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m[0])

    markdown = re.sub(r"(?ms)^(```|~~~).*?^\1[^\n]*$", blank, markdown)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", blank, markdown)


def locate_unknown(markdown: str, unknown: set[str], display: str) -> list[Diagnostic]:
    """Where unknown citation keys stand in a Markdown page (outside code)."""
    diags = []
    for n, line in enumerate(strip_code(markdown).splitlines(), 1):
        for key in keys_in(line):
            if key in unknown:
                diags.append(Diagnostic(display, n, line.find("@" + key) + 1, key, f"unknown citation key '{key}'"))
    return diags
