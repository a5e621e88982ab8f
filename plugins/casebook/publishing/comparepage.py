"""The compare pages and the ``casebook-compare`` blocks, rendered through Jinja templates with autoescape.

Pages, in both languages (``en/`` prefix for English):

* ``compare/`` — the meta-matrix of every case (cases × dimensions), with filters, sorting, column choice and a
  side-by-side view added by ``assets/compare.js``. Past ``page_size`` cases, the rows continue on static pages
  ``compare/2/``, ``compare/3/``… (complete without JavaScript); the script fetches them and filters all rows.
* ``compare/<matrix>/`` (its id, ``_`` written ``-``) — each declared variable-by-case matrix (with a heatmap when
  it declares one);
* ``compare/periods/`` — every case's period on one time axis, with the table of periods (when the model declares
  the ``periods`` picture).

What the pages show (columns, groups, filters, matrices and their labels) comes from the site's declared model
(:mod:`casebook.compare.spec`); the UI strings used here are the ones every site shares.

No MkDocs import: the plugin hands these :class:`~casebook.publishing.site.Page` objects to MkDocs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..base.diagnostics import Diagnostic
from ..base.i18n import collation_key, page_url, site_languages
from ..base.ui import tr
from ..compare import charts, svg
from ..compare import matrices as compare
from ..compare.directive import Options
from ..compare.matrices import UNCATEGORISED, Cell, Matrix, MetaMatrix
from ..compare.spec import Column, CompareSpec
from ..content.citations import CitationState
from ..content.markup import TextRenderer
from ..model.declaration import Model
from ..model.entities import Case
from ..model.fields import period_words
from . import exports
from .site import Helpers, Page, SiteBuilder, add_permalinks, collect_toc, lang_if_other, rel


def autoescape_env(env: jinja2.Environment) -> jinja2.Environment:
    """The theme's environment (loader, filters, translations) with HTML autoescape on."""
    return env.overlay(autoescape=True)


class View:
    """What the compare templates call, bound to one page (``cx`` in the templates)."""

    def __init__(self, pages: ComparePages, page: Page, h: Helpers) -> None:
        self.pages, self.page, self.h, self.lang = pages, page, h, page.lang
        self.corpus = pages.site.corpus
        self.spec = pages.spec
        self.TEXT_DIMS = self.spec.single_ids  # one text a cell; the others are lists
        self.FACET_DIMS = self.spec.facet_ids  # empty, they say "not stated in the source"
        self._links: dict[str, Markup] = {}  # a page of hundreds of rows links the same concepts again and again
        self._urls: dict[str, str] = {}

    def tr(self, key: str) -> str:
        return tr(self.lang, key)

    # Labels as the page shows them: in a <span lang> where the model has none in the page's language.
    def group_label(self, group: str) -> Markup:
        g = self.spec.group(group)
        return self.h.marked(*g.label_in(self.lang)) if g is not None else escape(group)

    def dim_label(self, dim: Column | str) -> Markup:
        col = self.spec.column(dim) if isinstance(dim, str) else dim
        return self.h.marked(*col.label_in(self.lang)) if col is not None else escape(str(dim))

    def dim_text(self, dim: Column | str) -> str:
        """A column's label as plain text (for an attribute)."""
        col = self.spec.column(dim) if isinstance(dim, str) else dim
        return col.label(self.lang) if col is not None else str(dim)

    def kind(self, dim: str) -> str:
        """The type of a column's field (how its cells are shown)."""
        col = self.spec.column(dim)
        return col.type if col is not None else ""

    def filter_label(self, name: str) -> Markup:
        f = next((f for f in self.spec.filters if f.name == name), None)
        return self.h.marked(*f.label_in(self.lang)) if f is not None else escape(name)

    def matrix_text(self, kind: str, what: str = "label") -> Markup:
        m = self.spec.matrix(kind)
        if m is None:
            return escape(kind)
        return self.h.marked(*(m.label_in(self.lang) if what == "label" else m.text_in(what, self.lang)))

    def case_url(self, case: Case) -> str:
        url = self._urls.get(case.id)
        if url is None:
            url = self._urls[case.id] = self.h.url(f"cases/{case.id}/")
        return url

    def concept(self, cid: str) -> Markup:
        """Link to a concept page (cached for the page)."""
        link = self._links.get(cid)
        if link is None:
            link = self._links[cid] = self.h.concept_link(cid)
        return link

    def short(self, case: Case) -> Markup:
        """A case's short title as the page shows it (marked with its ``lang`` when it falls back)."""
        return self.h.plain(case.short_title)

    def row_attrs(self, case: Case) -> Markup:
        """Data the script filters on, read once: facet values and period years."""
        facets = compare.case_facets(case, spec=self.spec)
        span = compare.case_years(case, self.spec)
        attrs = [("id", f"case-{case.id}"), ("data-id", case.id)]
        attrs += [(f"data-{name}", " ".join(values)) for name, values in facets.items() if values]
        if span.start is not None:
            attrs.append(("data-from", str(span.start)))
            attrs.append(("data-to", str(span.end) if span.end is not None else ""))
        return Markup(" ").join(Markup('{}="{}"').format(k, v) for k, v in attrs)

    def sort_value(self, case: Case, cell: Cell) -> str:
        """``data-s`` of date columns: the start date, so that 2018-09 sorts after 2018."""
        col = self.spec.column(cell.dim)
        if col is None or col.sort != "date":
            return ""
        value = col.spec.get(case.data)
        if isinstance(value, dict):
            return str(value.get("start") or value.get("date") or "")
        return str(value or "")

    def numbers(self, entry: compare.Entry) -> str:
        """``32`` or ``19 (127 participants)`` or ``1 (45 participants, 25 organisations)``."""
        nums = dict(entry.numbers)
        head = str(nums["count"]) if "count" in nums else ""
        extra = [f"{nums[k]} {tr(self.lang, k).lower()}" for k in ("participants", "organisations") if k in nums]
        if extra:
            head = f"{head} ({', '.join(extra)})" if head else ", ".join(extra)
        return head

    def values_of(self, cell: Cell) -> list[tuple[str, bool]]:
        """Public values of a cell, each once (a case may observe a value in several places)."""
        seen: dict[str, bool] = {}
        for e in cell.entries:
            for cid in e.concepts:
                seen[cid] = seen.get(cid, False) or e.emerging
        return list(seen.items())

    def years_text(self, span: compare.Years) -> str:
        """``2018–2022``, ``2007–`` (no end given), ``2015`` (one year); empty when undated."""
        if span.start is None:
            return ""
        if span.end is None:
            return f"{span.start}–"
        return str(span.start) if span.end == span.start else f"{span.start}–{span.end}"

    def summary(self, row: compare.Row) -> compare.Summary:
        return compare.summary(row, self.spec)

    def count_text(self, dim: str, n: int) -> Markup:
        """``5 facteurs facilitants``, ``1 leçon``: a count with its noun, singular or plural (as declared), marked
        with its ``lang`` when the model words it in another language only."""
        col = self.spec.column(dim)
        return self.h.marked(*col.count_text_in(self.lang, n)) if col is not None else escape(str(n))

    def source_bits(self, entry: compare.Entry) -> list[str]:
        """A data source's numbers and period, worded."""
        return [b for b in (self.numbers(entry), entry.when.best(self.lang)) if b]

    # ---- matrices ------------------------------------------------------------------------------------
    def row_label(self, m: Matrix, row: str) -> Markup:
        if m.type == "data_sources":
            return escape(tr(self.lang, f"ds_{row}"))
        if row == UNCATEGORISED:
            return escape(tr(self.lang, "uncategorised"))
        return self.concept(row)

    def row_text(self, m: Matrix, row: str) -> str:
        return self.row_text_in(m, row)[0]

    def row_text_in(self, m: Matrix, row: str) -> tuple[str, str]:
        """A row's label as plain text and the language it is in."""
        if m.type == "data_sources":
            return tr(self.lang, f"ds_{row}"), self.lang
        if row == UNCATEGORISED:
            return tr(self.lang, "uncategorised"), self.lang
        c = self.corpus.concepts.get(row)
        return c.term.best_with_lang(self.lang) if c else (row, self.lang)

    def _axis(self, ident: str, text: tuple[str, str], href: str) -> charts.Axis:
        return charts.Axis(ident, text[0], href, lang_if_other(text[1], self.lang))

    def ordered_rows(self, m: Matrix) -> list[str]:
        return compare.order_rows(m, lambda r: self.row_text(m, r))

    def heatmap(self, m: Matrix) -> Markup:
        decl = self.spec.matrix(m.kind)
        if decl is None or not decl.heatmap or not m.cases or len(m.cases) > self.pages.heatmap_max:
            return Markup("")
        rows = [self._axis(r, self.row_text_in(m, r), self.h.url(f"concepts/{r}/") if r else "") for r in self.ordered_rows(m)]
        cols = [self._axis(c.id, c.short_title.best_with_lang(self.lang), self.case_url(c)) for c in m.cases]
        what = decl.spec.label(self.lang)

        def cell_title(row: charts.Axis, col: charts.Axis, n: int) -> str:
            return f"{col.label} — {row.label}{tr(self.lang, 'colon')}{n}"

        return charts.heatmap(rows, cols, m.count, title=f"{tr(self.lang, 'heatmap')} — {what}",
                              desc=tr(self.lang, "heatmap_desc"), uid=self.h.uid("hm"), cell_title=cell_title,
                              legend=tr(self.lang, "heatmap_legend"),
                              totals=(tr(self.lang, "heatmap_cases"), tr(self.lang, "heatmap_items")))

    def has_heatmap(self, m: Matrix) -> bool:
        """Whether the matrix declares a heatmap (drawn when it has cases, up to ``heatmap_max``)."""
        decl = self.spec.matrix(m.kind)
        return decl is not None and decl.heatmap

    def matrix_url(self, kind: str) -> str:
        decl = self.spec.matrix(kind)
        return self.h.url(f"compare/{decl.slug if decl else kind}/")

    # ---- periods --------------------------------------------------------------------------------------
    def _period(self, case: Case) -> Any:
        field = self.spec.pictures.get("periods")
        value = field.get(case.data) if field is not None else None
        return value if isinstance(value, dict) else {}

    def period_rows(self, cases: Sequence[Case]) -> list[dict[str, Any]]:
        rows = []
        for c in cases:
            p = self._period(c)
            rows.append({"case": c, "start": str(p.get("start") or ""), "end": str(p.get("end") or ""),
                         "words": period_words(p).get(self.lang) if p else ""})
        return rows

    def periods_svg(self, cases: Sequence[Case]) -> Markup:
        bars = []
        for c in cases:
            period, (title, title_lang) = self._period(c), c.short_title.best_with_lang(self.lang)
            bars.append(svg.Span(title, str(period.get("start") or ""), str(period.get("end") or ""), self.case_url(c),
                                 lang_if_other(title_lang, self.lang)))
        return charts.period_timeline(bars, title=tr(self.lang, "periods_title"), desc=tr(self.lang, "periods_desc"),
                                      uid=self.h.uid("pt"), open_label=tr(self.lang, "open_period"))

    def fmt_date(self, value: str) -> str:
        from ..base import dates

        return dates.fmt(value, self.lang) if value else ""

    def js_strings(self) -> str:
        """The script's strings in the page language (JSON for a data attribute)."""
        from ..base.ui import UI

        return json.dumps({k: tr(self.lang, k) for k in UI["fr"] if k.startswith("js_")}, ensure_ascii=False)

    # ---- page links ---------------------------------------------------------------------------------
    def export_url(self, path: str) -> str:
        return rel(self.page.url, path)

    def data_doc_url(self) -> str:
        return self.h.url("data/")


class ComparePages:
    """Makes and renders the compare pages and the directive's output for a :class:`SiteBuilder`."""

    def __init__(self, site: SiteBuilder, env: jinja2.Environment, *, page_size: int = 100, visible_rows: int = 10,
                 chunk: int = 12, heatmap_max: int = 60, site_url: str = "", model: Model | None = None,
                 guided: bool = True, data_doc: bool = True) -> None:
        self.site = site
        # the site's hand-written pages the compare page links to (Casebook's own site has both): no link to a
        # page the site does not have
        self.site_pages = {"guided": guided, "data_doc": data_doc}
        self.model = model
        self.spec: CompareSpec = compare.spec_of(model or site.corpus.model)
        self.env = autoescape_env(env)
        self.page_size = max(1, page_size)
        self.visible_rows = max(1, visible_rows)
        self.chunk = max(1, chunk)
        self.heatmap_max = heatmap_max
        self.site_url = site_url
        self.cases = site.corpus.sorted_cases()
        self._options_cache: dict[str, Any] = {}

    # ---- page list ---------------------------------------------------------------------------------
    def page_count(self) -> int:
        return max(1, -(-len(self.cases) // self.page_size))

    def row_page_url(self, n: int) -> str:
        return "compare/" if n == 1 else f"compare/{n}/"

    def pages(self) -> list[Page]:
        out: list[Page] = []
        for lang in site_languages().codes:
            for n in range(1, self.page_count() + 1):
                src = "compare/index.md" if n == 1 else f"compare/{n}/index.md"
                title = tr(lang, "compare_title") if n == 1 else f"{tr(lang, 'compare_title')} ({n}/{self.page_count()})"
                p = Page(page_url(lang, src), page_url(lang, self.row_page_url(n)), lang, title, "casebook/compare.html",
                         "compare" if n == 1 else "compare-rows")
                p.description = tr(lang, "compare_intro")[:300]
                p.context["page_no"] = n
                out.append(p)
            for m in self.spec.matrices:
                p = Page(page_url(lang, f"compare/{m.slug}/index.md"), page_url(lang, f"compare/{m.slug}/"), lang,
                         m.label(lang), "casebook/compare_matrix.html", "compare-matrix")
                p.title_lang = lang_if_other(m.label_in(lang)[1], lang)
                p.description = m.text("intro", lang)[:300]
                p.context["kind"] = m.id
                out.append(p)
            if "periods" in self.spec.pictures:
                p = Page(page_url(lang, "compare/periods/index.md"), page_url(lang, "compare/periods/"), lang,
                         tr(lang, "periods_title"), "casebook/compare_periods.html", "compare-periods")
                p.description = tr(lang, "periods_intro")[:300]
                out.append(p)
        return out

    # ---- rendering ---------------------------------------------------------------------------------
    def _helpers(self, page: Page) -> Helpers:
        bib = rel(page.url, page_url(page.lang, "bibliography/"))
        state = CitationState(apa=self.site.apa, lang=page.lang, href=lambda key: f"{bib}#ref-{key}")
        return Helpers(self.site, page, TextRenderer(state, memo=self.site.memo, scope=bib), None)

    def _render(self, template: str, page: Page, **context: Any) -> str:
        h = self._helpers(page)
        cx = View(self, page, h)
        lang = page.lang
        return self.env.get_template(template).render(
            page=page, lang=lang, h=h, cx=cx, tr=lambda k: tr(lang, k), url=h.url, concepts=self.site.corpus.concepts,
            dims=self.spec.columns, groups=[g.id for g in self.spec.groups], matrices=[m.id for m in self.spec.matrices],
            periods="periods" in self.spec.pictures, facets=" ".join(f.name for f in self.spec.filters),
            site_pages=self.site_pages, **context)

    def render(self, page: Page) -> str:
        """HTML of a page body; fills ``page.toc``. Under ``mkdocs serve`` (with a memo), a page is not rendered again
        while its own inputs, this object's options, every case and what the case pages share are the previous
        build's."""
        inputs = self._page_inputs(page)
        memo, site = self.site.memo, self.site
        # both noted in every build, so that the next one can compare
        shared_same, cases_same = (site._shared_unchanged(), site._cases_unchanged()) if inputs is not None else (False, False)
        if inputs is not None and memo is not None and shared_same and cases_same:
            kept = memo.get(("compare-page", page.url))
            if kept is not None and kept[0] == inputs:
                page.toc = copy.deepcopy(kept[2])
                return str(kept[1])
        html = self._render_page(page)
        if inputs is not None and memo is not None:
            memo.put(("compare-page", page.url), (inputs, html, copy.deepcopy(page.toc)))
        return html

    def _page_inputs(self, page: Page) -> tuple[Any, ...] | None:
        if self.site.memo is None:
            return None
        context = tuple(sorted(page.context.items()))
        if not all(isinstance(v, (str, int)) for _, v in context):
            return None
        return (page.src, page.url, page.lang, page.title, page.template, page.description, page.kind, context,
                self.page_size, self.visible_rows, self.chunk, self.heatmap_max, self.site_url,
                tuple(sorted(self.site_pages.items())), self.model.source if self.model is not None else None)

    def _render_page(self, page: Page) -> str:
        ctx: dict[str, Any] = {}
        if page.kind in ("compare", "compare-rows"):
            n = int(page.context.get("page_no", 1))
            rows = self.cases[(n - 1) * self.page_size:n * self.page_size]
            ctx["meta"] = compare.meta_matrix(rows, spec=self.spec)
            ctx["page_no"], ctx["page_total"] = n, self.page_count()
            ctx["first_row"] = (n - 1) * self.page_size + 1
            ctx["total"] = len(self.cases)
            ctx["limit"] = self.visible_rows
            ctx["pager"] = [(i, rel(page.url, page_url(page.lang, self.row_page_url(i))))
                            for i in range(1, self.page_count() + 1)]
            ctx["row_pages"] = json.dumps([u for _, u in ctx["pager"]])
            ctx["options"] = self.filter_options(page.lang)
            ctx["bounds"] = compare.year_bounds(self.cases, self.spec) if self.spec.period_field else None
            ctx["undated"] = len(compare.undated(self.cases, self.spec)) if self.spec.period_field else 0
            ctx["views"] = ["summary", *(g.id for g in self.spec.groups), "all"]
            ctx["exports"] = {"json": rel(page.url, exports.JSON_PATH), "csv": rel(page.url, exports.CSV_PATH),
                              "schema": rel(page.url, exports.SCHEMA_PATH), "version": exports.EXPORT_VERSION}
        elif page.kind == "compare-matrix":
            ctx["m"] = compare.matrix(self.site.corpus, page.context["kind"], self.cases, self.spec)
            ctx["chunk"] = self.chunk
        elif page.kind == "compare-periods":
            ctx["cases"] = self.cases
        html = self._render(page.template, page, **ctx)
        page.toc = collect_toc(html)
        return add_permalinks(html, page.lang)

    def filter_options(self, lang: str) -> list[tuple[str, list[tuple[str, str, int]]]]:
        """For each facet filter: (name, [(value, term, cases)]) over every case, in the language's dictionary order,
        with "not stated in the source" last when some case leaves the facet empty."""
        key = f"opts-{lang}"
        if key not in self._options_cache:
            concepts = self.site.corpus.concepts
            out = []
            for name, counts in compare.facet_counts(self.cases, self.spec).items():
                values = [(cid, concepts[cid].term.best(lang) if cid in concepts else cid, n)
                          for cid, n in counts.items() if cid != compare.UNSTATED]
                values.sort(key=lambda v: collation_key(v[1]))
                if compare.UNSTATED in counts:
                    values.append((compare.UNSTATED, tr(lang, "not_stated"), counts[compare.UNSTATED]))
                out.append((name, values))
            self._options_cache[key] = out
        options: list[tuple[str, list[tuple[str, str, int]]]] = self._options_cache[key]
        return options

    def render_block(self, options: Options, lang: str, url: str) -> str:
        """The output of one ``casebook-compare`` block in a page at ``url``."""
        page = Page("", url, lang, "", "casebook/compare_block.html", "compare-block")
        cases = compare.select_cases(self.site.corpus, options.selection, self.spec)
        ctx: dict[str, Any] = {"options": options, "chunk": self.chunk}
        if options.matrix:
            ctx["m"] = compare.matrix(self.site.corpus, options.matrix, cases, self.spec)
        else:
            ctx["meta"] = compare.meta_matrix(cases, options.dimensions, self.spec)
        return self._render("casebook/compare_block.html", page, **ctx)

    def render_errors(self, diags: list[Diagnostic], lang: str) -> str:
        return self.env.get_template("casebook/compare_block.html").render(
            errors=[d.format() for d in diags], tr=lambda k: tr(lang, k), lang=lang)


__all__ = ["ComparePages", "MetaMatrix", "autoescape_env"]
