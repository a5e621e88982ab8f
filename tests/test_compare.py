"""Cross-case views: the meta-matrix, the variable-by-case matrices, the exports, JSON-LD and the
``casebook-compare`` block (with each of its errors, located), on a small corpus whose cells are known by
construction, and on the real site built with ``--strict``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from markdown import Markdown

from casebook.base.diagnostics import Severity
from casebook.compare import charts
from casebook.compare import matrices as compare
from casebook.compare.directive import CompareExtension, DirectiveState, Options, parse_page
from casebook.compare.svg import Span
from casebook.content.corpus import Corpus, Paths, load_corpus
from casebook.content.markup import _PLAIN
from casebook.model.schema import schema_text
from casebook.publishing import exports
from casebook.publishing.comparepage import ComparePages
from casebook.publishing.site import SiteBuilder

from .conftest import MINIMAL_BIB, ROOT, copy_site, mkdocs_build

# ---- a small corpus, every cell known by construction --------------------------------------------------
SCHEMES = textwrap.dedent("""\
    sector: {label: {fr: Secteur, en: Sector}, facet: sector}
    level: {label: {fr: Palier, en: Level}, facet: level}
    collaboration-type: {label: {fr: Type, en: Type}, facet: collaboration.types}
    collaboration-mode: {label: {fr: Mode, en: Mode}, facet: collaboration.mode}
    facilitating-factor: {label: {fr: Facteurs, en: Factors}, facet: findings.facilitating_factors.categories}
    barrier: {label: {fr: Obstacles, en: Barriers}, facet: findings.barriers.categories}
    public-value: {label: {fr: Valeurs, en: Values}, facet: public_values.concept}
    """)
CONCEPTS = {  # id: (scheme, French term, English term)
    "education": ("sector", "Éducation", "Education"),
    "health": ("sector", "Santé", "Health"),
    "regional": ("level", "Régional", "Regional"),
    "intersectoral": ("collaboration-type", "Intersectorielle", "Intersectoral"),
    "chosen": ("collaboration-mode", "Choisie", "Chosen"),
    "mandated": ("collaboration-mode", "Obligée", "Mandated"),
    "factor-goals": ("facilitating-factor", "Buts communs", "Shared goals"),
    "factor-trust": ("facilitating-factor", "Confiance", "Trust"),
    "factor-unused": ("facilitating-factor", "Inutilisé", "Unused"),
    "barrier-money": ("barrier", "Manque d'argent", "Lack of money"),
    "trust-value": ("public-value", "Confiance (valeur)", "Trust (value)"),
}
ALPHA = textwrap.dedent("""\
    title: {fr: "Alpha : un cas", en: "Alpha: a case"}
    short_title: {fr: Alpha, en: Alpha}
    summary: {fr: Résumé alpha., en: Alpha summary.}
    sector: [education]
    level: [regional]
    place: {fr: Laval, en: Laval}
    period: {start: "2010", end: "2012"}
    collaboration: {types: [intersectoral], mode: chosen}
    data_sources:
      - {kind: individual-interviews, count: 12, participants: 12}
      - {kind: individual-interviews, count: 3, note: {fr: Des cadres., en: Managers.}}
      - {kind: documents}
    findings:
      facilitating_factors:
        - text: {fr: Des buts communs., en: Shared goals.}
          categories: [factor-goals]
        - text: {fr: Des buts et de la confiance., en: Goals and trust.}
          categories: [factor-goals, factor-trust]
        - text: {fr: Une interface simple., en: A simple interface.}
      barriers:
        - text: {fr: Peu d'argent., en: Little money.}
          categories: [barrier-money]
    public_values:
      - {concept: trust-value, text: {fr: Confiance au comité., en: Trust in the committee.}}
      - {concept: trust-value, text: {fr: Confiance au quartier., en: Trust in the area.}, emerging: true}
    sources: [src2020]
    """)
BETA = textwrap.dedent("""\
    title: {fr: Bêta, en: Beta}
    short_title: {fr: Bêta, en: Beta}
    summary: {fr: Résumé bêta., en: Beta summary.}
    sector: [health]
    level: []
    place: {fr: Québec, en: Québec}
    period: {start: "2015"}
    collaboration: {types: [intersectoral], mode: mandated}
    sources: [src2020]
    """)
GAMMA = textwrap.dedent("""\
    title: {fr: Gamma, en: Gamma}
    short_title: {fr: Gamma, en: Gamma}
    summary: {fr: Résumé gamma., en: Gamma summary.}
    sector: [education]
    level: []
    place: {fr: Montréal, en: Montréal}
    period: {label: {fr: Non daté, en: Undated}}
    collaboration: {types: [intersectoral]}
    sources: [src2020]
    """)


def write_corpus(root: Path, cases: dict[str, str]) -> Path:
    for folder in ("cases", "concepts", "bibliography"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "concepts" / "_schemes.yml").write_text(SCHEMES, encoding="utf-8")
    for cid, (scheme, fr, en) in CONCEPTS.items():
        (root / "concepts" / f"{cid}.yml").write_text(
            f"term: {{fr: \"{fr}\", en: \"{en}\"}}\nschemes: [{scheme}]\ndefinition: {{fr: D., en: D.}}\n", encoding="utf-8")
    (root / "bibliography" / "refs.bib").write_text(MINIMAL_BIB, encoding="utf-8")
    for cid, body in cases.items():
        (root / "cases" / f"{cid}.yml").write_text(body, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = write_corpus(tmp_path_factory.mktemp("small"), {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})
    corpus = load_corpus(Paths.at(root))
    assert [d.format() for d in corpus.errors] == []
    return corpus


def texts(entries: list[compare.Entry], lang: str = "fr") -> list[str]:
    return [e.text.get(lang) for e in entries]


# ---- meta-matrix and selection -------------------------------------------------------------------------
def test_meta_matrix_rows_in_period_order_with_cells_in_the_cases_words(small: Corpus) -> None:
    meta = compare.meta_matrix(small.sorted_cases())
    # alpha starts in 2010, beta in 2015; gamma has no date and comes last.
    assert [r.case.id for r in meta.rows] == ["alpha", "beta", "gamma"]
    assert [g for g, _ in meta.groups] == ["context", "actors", "method", "findings"]
    alpha, beta, gamma = meta.rows
    assert alpha.cell("sector").concepts == ("education",)
    assert alpha.cell("mode").concepts == ("chosen",)
    assert gamma.cell("mode").empty  # the source says neither chosen nor mandated
    assert alpha.cell("period").entries[0].text.fr == "2010 – 2012"
    assert gamma.cell("period").entries[0].text.en == "Undated"
    assert texts(list(alpha.cell("facilitating_factors").entries)) == [
        "Des buts communs.", "Des buts et de la confiance.", "Une interface simple."]
    assert alpha.cell("facilitating_factors").entries[1].concepts == ("factor-goals", "factor-trust")
    sources = alpha.cell("data_sources").entries
    assert [e.tag for e in sources] == ["ds_individual-interviews", "ds_individual-interviews", "ds_documents"]
    assert dict(sources[0].numbers) == {"count": 12, "participants": 12}
    assert beta.cell("facilitating_factors").empty and beta.cell("data_sources").empty


def test_meta_matrix_keeps_the_grouped_order_of_the_dimensions_asked_for(small: Corpus) -> None:
    meta = compare.meta_matrix(small.sorted_cases(), ["barriers", "period", "mode"])
    assert [d.id for d in meta.dimensions] == ["period", "mode", "barriers"]
    assert [c.dim for c in meta.rows[0].cells] == ["period", "mode", "barriers"]


@pytest.mark.parametrize(("selection", "expected"), [
    (compare.Selection(facets=(("mode", ("mandated",)),)), ["beta"]),
    (compare.Selection(facets=(("sector", ("education", "health")),)), ["alpha", "beta", "gamma"]),
    # Both facets at once: gamma is in education but gives no mode.
    (compare.Selection(facets=(("sector", ("education",)), ("mode", ("chosen",)))), ["alpha"]),
    # From 2014: alpha ended in 2012, beta (2015, no end) still runs, gamma has no date.
    (compare.Selection(year_from=2014), ["beta"]),
    (compare.Selection(year_to=2011), ["alpha"]),
    (compare.Selection(year_from=2011, year_to=2011), ["alpha"]),
    (compare.Selection(ids=("gamma", "alpha")), ["gamma", "alpha"]),  # ids keep the order given
])
def test_select_cases(small: Corpus, selection: compare.Selection, expected: list[str]) -> None:
    assert [c.id for c in compare.select_cases(small, selection)] == expected


def test_years_overlap() -> None:
    assert compare.Years(2010, 2012).overlaps(2012, None)
    assert not compare.Years(2010, 2012).overlaps(2013, None)
    assert compare.Years(2015, None).overlaps(2030, 2031)  # no end: still running
    assert not compare.Years(2015, None).overlaps(None, 2014)
    assert not compare.Years(None, None).overlaps(2000, 2030)
    assert compare.Years(None, None).overlaps(None, None)


def test_the_published_directive_schema_lists_the_declared_columns_matrices_and_filters() -> None:
    from casebook.compare.directive import directive_schema

    spec = compare.default_spec()
    schema = directive_schema(spec)
    assert schema["properties"]["dimensions"]["items"]["enum"] == list(spec.ids)
    assert schema["properties"]["matrix"]["enum"] == [m.id for m in spec.matrices]
    assert list(schema["properties"]["cases"]["properties"]) == ["sector", "level", "type", "mode", "regime", "period"]
    assert schema["properties"]["cases"]["properties"]["type"]["description"] == \
        "Concept ids of the 'collaboration-type' scheme."
    # This site's 17 columns, in their groups, as before the model was declared.
    assert spec.ids == ("period", "place", "sector", "level", "types", "mode", "regimes", "actors", "governance",
                        "approach", "research_period", "data_sources", "facilitating_factors", "barriers",
                        "outcomes", "lessons", "public_values")
    assert [c.group for c in spec.columns] == ["context"] * 4 + ["actors"] * 5 + ["method"] * 3 + ["findings"] * 5


# ---- variable-by-case matrices -------------------------------------------------------------------------
def test_facilitating_factor_matrix(small: Corpus) -> None:
    m = compare.matrix(small, "facilitating_factors", small.sorted_cases())
    # Every category of the scheme is a row (absence is a finding), then the uncategorised finding of alpha.
    assert m.rows == ["factor-goals", "factor-trust", "factor-unused", compare.UNCATEGORISED]
    assert [c.id for c in m.cases] == ["alpha"]
    assert [c.id for c in m.without] == ["beta", "gamma"]
    assert texts(m.cell("factor-goals", "alpha")) == ["Des buts communs.", "Des buts et de la confiance."]
    assert texts(m.cell("factor-trust", "alpha"), "en") == ["Goals and trust."]
    assert texts(m.cell(compare.UNCATEGORISED, "alpha")) == ["Une interface simple."]
    assert m.count("factor-goals", "alpha") == 2 and m.count("factor-trust", "alpha") == 1
    assert not m.present("factor-unused", "alpha")
    assert m.cases_with("factor-goals") == 1 and m.cases_with("factor-unused") == 0
    order = compare.order_rows(m, lambda r: CONCEPTS[r][1] if r else "")
    assert order == ["factor-goals", "factor-trust", "factor-unused", compare.UNCATEGORISED]


def test_barrier_public_value_and_data_source_matrices(small: Corpus) -> None:
    cases = small.sorted_cases()
    barriers = compare.matrix(small, "barriers", cases)
    assert barriers.rows == ["barrier-money"] and texts(barriers.cell("barrier-money", "alpha")) == ["Peu d'argent."]
    values = compare.matrix(small, "public_values", cases)
    assert values.rows == ["trust-value"]  # only the values some case gives
    assert texts(values.cell("trust-value", "alpha")) == ["Confiance au comité.", "Confiance au quartier."]
    assert [e.emerging for e in values.cell("trust-value", "alpha")] == [False, True]
    data = compare.matrix(small, "data_sources", cases)
    assert data.rows == ["individual-interviews", "documents"]  # in the schema's order
    assert data.count("individual-interviews", "alpha") == 12 + 3
    assert data.present("documents", "alpha") and data.count("documents", "alpha") == 0
    assert texts(data.cell("individual-interviews", "alpha")) == ["", "Des cadres."]


def test_matrix_chunks_keep_tables_narrow(small: Corpus) -> None:
    m = compare.matrix(small, "data_sources", small.sorted_cases())
    m.cases = [small.cases["alpha"]] * 25
    assert [len(part) for part in m.chunks(12)] == [12, 12, 1]


# ---- rendering (templates with autoescape) -------------------------------------------------------------
@pytest.fixture(scope="module")
def pages(small: Corpus) -> ComparePages:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme")))
    return ComparePages(SiteBuilder(small, env), env, page_size=2)


def test_block_renders_meta_matrix_and_matrix(pages: ComparePages) -> None:
    html = pages.render_block(Options(dimensions=("period", "data_sources")), "fr", "about/")
    assert html.count("<tr><th scope=\"row\">") == 3
    assert '<a href="../cases/alpha/">Alpha</a>' in html
    assert "Entretiens individuels\u00a0: 12 (12 participants)" in html and "Documents</li>" in html  # French typography
    assert "Lieu" not in html  # the place column was not asked for
    html = pages.render_block(Options(matrix="facilitating_factors"), "en", "en/about/")
    assert "Facilitating factors × cases" in html
    assert '<a href="../concepts/factor-goals/" class="cb-concept">Shared goals</a>' in html
    assert "<li>Shared goals.</li><li>Goals and trust.</li>" in html
    assert "Uncategorised" in html and "Cases with no facilitating factor" in html
    assert 'class="cb-heatmap"' in html
    # The cases whose source states no facilitating factor are counted, not only listed.
    without = [c for c in pages.site.corpus.sorted_cases() if not (c.data.get("findings") or {}).get("facilitating_factors")]
    assert without and f"Cases with no facilitating factor ({len(without)}): " in html


def test_compare_pages_paginate_and_escape(tmp_path: Path) -> None:
    hostile = ALPHA.replace("place: {fr: Laval, en: Laval}", "place: {fr: '<script>alert(1)</script>', en: '<b onclick=x>b</b>'}")
    corpus = load_corpus(Paths.at(write_corpus(tmp_path, {"alpha": hostile, "beta": BETA, "gamma": GAMMA})))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme")))
    cp = ComparePages(SiteBuilder(corpus, env), env, page_size=2)
    made = {p.url: p for p in cp.pages()}
    assert {"compare/", "compare/2/", "en/compare/", "en/compare/2/", "compare/facilitating-factors/",
            "en/compare/public-values/", "compare/data-sources/", "compare/barriers/", "en/compare/periods/"} <= set(made)
    first, second = cp.render(made["compare/"]), cp.render(made["compare/2/"])
    assert first.count("data-id=") == 2 and second.count("data-id=") == 1  # 3 cases, 2 a page
    assert 'data-pages="[&#34;./&#34;, &#34;2/&#34;]"' in first
    assert "<script>alert(1)" not in first and "&lt;script&gt;alert(1)&lt;/script&gt;" in first
    assert "<b onclick" not in cp.render(made["en/compare/"])
    periods = cp.render(made["compare/periods/"])
    assert 'class="cb-open"' in periods  # beta has no end
    assert periods.count("<tr><th scope=\"row\">") == 3 and "non datée" in periods  # gamma is in the table


def test_heatmap_and_period_svg_have_text_alternatives_and_escape() -> None:
    rows = [charts.Axis("a", "<b>A</b>"), charts.Axis("b", "B")]
    cols = [charts.Axis("x", "X", "../x/"), charts.Axis("y", "Y & co")]
    values = {("a", "x"): 0, ("a", "y"): 1, ("b", "x"): 2, ("b", "y"): 5}
    svg = str(charts.heatmap(rows, cols, lambda r, c: values[(r, c)], title="T <1>", desc="D", uid="h",
                             cell_title=lambda r, c, n: f"{c.label} {r.label} {n}", legend="n"))
    # A column links to its page: a labelled group, as an img would hide its links from assistive technology.
    assert 'role="group"' in svg and '<title id="h-t">T &lt;1&gt;</title><desc id="h-d">D</desc>' in svg
    assert "<b>" not in svg and "&lt;b&gt;A&lt;/b&gt;" in svg and "Y &amp; co" in svg
    # Shade classes 0, 1, 2 and 3+ (5 is shown as 5 in the darkest class), then the four legend swatches.
    assert re.findall(r'<g class="(cb-h\d)"><title>', svg) == ["cb-h0", "cb-h1", "cb-h2", "cb-h3"]
    assert '<text x="' in svg and ">5</text>" in svg and '<a href="../x/">' in svg
    bars = [Span("A", "2010", "2012"), Span("B", "2015"), Span("C", "")]
    svg = str(charts.period_timeline(bars, title="P", desc="D", uid="p", open_label="open"))
    assert 'role="img"' in svg  # no link in it
    assert svg.count('class="cb-label"') == 2  # the undated C is left to the table
    assert svg.count('class="cb-open"') == 1


# ---- exports ---------------------------------------------------------------------------------------------
def test_formula_guard() -> None:
    assert exports.guard("=1+1") == "'=1+1"
    assert exports.guard("+33 1") == "'+33 1" and exports.guard("-2") == "'-2" and exports.guard("@SUM(A1)") == "'@SUM(A1)"
    assert exports.guard("\t=x") == "'\t=x" and exports.guard("\r=x") == "'\r=x"
    assert exports.guard("a=b") == "a=b" and exports.guard("") == "" and exports.guard("'x") == "'x"


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text[1:], newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_csv_flattens_each_case_and_guards_formulas(tmp_path: Path) -> None:
    delta = BETA.replace("title: {fr: Bêta, en: Beta}", "title: {fr: '=HYPERLINK(\"http://x\",\"y\")', en: '@SUM(1)'}")
    delta = delta.replace("place: {fr: Québec, en: Québec}", "place: {fr: '+1 place', en: '-1, \"quoted\"'}")
    corpus = load_corpus(Paths.at(write_corpus(tmp_path, {"alpha": ALPHA, "delta": delta, "gamma": GAMMA})))
    text = exports.cases_csv(corpus, site_url="https://x.org/")
    assert "\r\n" in text and text.count("\r\n") >= 4
    header, rows = read_csv(text)
    assert header == exports.csv_columns()
    assert [r["id"] for r in rows] == ["alpha", "delta", "gamma"]  # period order
    alpha, delta_row, gamma = rows
    assert alpha["url_en"] == "https://x.org/en/cases/alpha/"
    assert alpha["ds_individual-interviews"] == "15" and alpha["ds_individual-interviews_participants"] == "12"
    assert alpha["ds_documents"] == "yes" and alpha["ds_observations"] == ""
    assert alpha["facilitating_factors_categories"] == "factor-goals; factor-trust"
    assert alpha["facilitating_factors_fr"] == "Des buts communs.\nDes buts et de la confiance.\nUne interface simple."
    assert alpha["public_values"] == "trust-value"  # given twice, listed once
    assert alpha["mode"] == "chosen" and alpha["mode_en"] == "Chosen" and gamma["mode"] == ""
    assert alpha["period_start"] == "2010" and gamma["period_label_en"] == "Undated"
    assert delta_row["title_fr"] == "'=HYPERLINK(\"http://x\",\"y\")" and delta_row["title_en"] == "'@SUM(1)"
    assert delta_row["place_fr"] == "'+1 place" and delta_row["place_en"] == "'-1, \"quoted\""
    data = json.loads(exports.cases_json(corpus))
    assert data["cases"][1]["data"]["title"]["fr"] == "=HYPERLINK(\"http://x\",\"y\")"  # JSON is left as written


def test_json_export_has_every_case_in_both_languages(small: Corpus) -> None:
    data = json.loads(exports.cases_json(small, site_url="https://x.org"))
    assert data["version"] == exports.EXPORT_VERSION and data["count"] == 3
    assert data["schema"] == "https://x.org/schema/cases-export.schema.json"
    assert [c["id"] for c in data["cases"]] == ["alpha", "beta", "gamma"]
    alpha = data["cases"][0]
    assert alpha["url"] == {"fr": "https://x.org/cases/alpha/", "en": "https://x.org/en/cases/alpha/"}
    assert alpha["data"]["title"] == {"fr": "Alpha : un cas", "en": "Alpha: a case"}
    assert alpha["data"]["period"] == {"start": "2010", "end": "2012"}
    assert data["concepts"]["factor-trust"]["term"] == {"fr": "Confiance", "en": "Trust"}
    assert "factor-unused" not in data["concepts"]  # only the concepts the cases refer to
    validate_export(data)


def validate_export(data: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    case_schema = json.loads(schema_text("case"))
    export_schema = json.loads(schema_text("cases-export"))
    registry = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in (case_schema, export_schema)])
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(export_schema, registry=registry).iter_errors(data)]
    assert errors == []


def test_json_ld_cannot_be_closed_by_contributed_text(small: Corpus) -> None:
    nasty = "</script><script>alert(1)</script> <!-- & \u2028"
    text = str(exports.script_json({"name": nasty, "n": 1}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": nasty, "n": 1}
    data = exports.case_jsonld(small, small.cases["alpha"], "en", site_url="https://x.org/")
    assert data["@type"] == "Article" and data["inLanguage"] == "en" and data["url"] == "https://x.org/en/cases/alpha/"
    assert data["temporalCoverage"] == "2010/2012"
    assert data["translationOfWork"] == {"@id": "https://x.org/cases/alpha/", "inLanguage": "fr"}
    assert {"@type": "DefinedTerm", "name": "Education", "url": "https://x.org/en/concepts/education/"} in data["about"]
    assert data["isBasedOn"][0]["name"] == "Un livre" and data["isBasedOn"][0]["datePublished"] == "2020"
    assert exports.case_jsonld(small, small.cases["beta"], "fr")["temporalCoverage"] == "2015/.."


# ---- the casebook-compare block: options and located errors -----------------------------------------------
def page_with(body: str, *, fence: str = "```") -> str:
    # Line 5 of the page is the opening fence, line 6 the first option.
    return f"# Page\n\nText.\n\n{fence}casebook-compare\n{body}\n{fence}\n\nAfter.\n"


def diags(small: Corpus, body: str, offset: int = 0) -> list[str]:
    blocks = parse_page(page_with(body), small, page="docs/p.md", line_offset=offset)
    assert len(blocks) == 1
    return [d.format() for d in blocks[0].diagnostics]


@pytest.mark.parametrize(("body", "expected"), [
    # (options, expected "line:column: option: message" with the block's first option on line 6)
    ("\tcases: [alpha]", "docs/p.md:6:1: casebook-compare: YAML syntax error: tab character"),
    ("colour: blue", "docs/p.md:6:1: colour: unknown key 'colour'"),
    ("caption: 12", "docs/p.md:6:10: caption: expected a text, got 12 (put quotes around it)"),
    ("dimensions: [period, colour]", "docs/p.md:6:22: dimensions[1]: 'colour' is not one of: period,"),
    ("matrix: heatmap", "docs/p.md:6:9: matrix: 'heatmap' is not one of: facilitating_factors,"),
    ("cases: []", "docs/p.md:6:8: cases: needs at least 1 item(s)"),
    ("cases: [alpha, Nowhere]", "docs/p.md:6:16: cases[1]: bad id 'Nowhere'"),
    ("cases: [alpha, nowhere]", "docs/p.md:6:16: cases[1]: unknown case 'nowhere'"),
    ("cases: {sector: [education, nothing]}", "docs/p.md:6:29: cases.sector[1]: unknown concept 'nothing'"),
    ("cases: {sector: chosen}", "docs/p.md:6:17: cases.sector: 'chosen' is not a value of the 'sector' scheme"),
    ("cases:\n  period: {from: 2015, to: 2011}", "docs/p.md:7:28: cases.period.to: ends (2011) before it starts (2015)"),
    ("matrix: barriers\ndimensions: [period]", "docs/p.md:7:1: dimensions: 'dimensions' chooses the columns"),
])
def test_each_bad_option_is_an_error_naming_page_line_and_option(small: Corpus, body: str, expected: str) -> None:
    found = diags(small, body)
    assert any(d.startswith(expected) for d in found), found
    blocks = parse_page(page_with(body), small, page="docs/p.md")
    assert blocks[0].options is None  # not rendered
    assert all(d.severity is Severity.ERROR for d in blocks[0].diagnostics)


def test_an_unknown_option_names_the_options_allowed_in_its_hint(small: Corpus) -> None:
    (diag,) = parse_page(page_with("captoin: Les cas"), small, page="docs/p.md")[0].diagnostics
    assert diag.message == "unknown key 'captoin'; did you mean 'caption'?"
    assert diag.hint == "the fields allowed here: caption, cases, dimensions, matrix"


def test_lines_count_the_front_matter_and_the_fence_stays_located(small: Corpus) -> None:
    assert diags(small, "colour: blue", offset=4)[0].startswith("docs/p.md:10:1: colour:")
    md = "Intro.\n\n```casebook-compare\ncases: [alpha]\n"
    blocks = parse_page(md, small, page="docs/p.md")
    assert [d.format() for d in blocks[0].diagnostics] == [
        "docs/p.md:3:1: casebook-compare: the block is not closed: end it with a line of backticks like its first line"]


def test_a_selection_matching_no_case_is_a_warning(small: Corpus) -> None:
    blocks = parse_page(page_with("cases: {mode: mandated, sector: education}"), small, page="docs/p.md")
    [d] = blocks[0].diagnostics
    assert d.severity is Severity.WARNING and d.format() == "docs/p.md:6:1: cases: no case matches this selection"
    assert blocks[0].options is not None


def test_good_options_and_blocks_inside_other_fences(small: Corpus) -> None:
    md = page_with("cases: {sector: education, period: {from: 2009}}\ndimensions: [period, mode]\ncaption: Ici")
    [block] = parse_page(md, small, page="docs/p.md")
    assert block.diagnostics == [] and block.options is not None
    assert block.options.dimensions == ("period", "mode") and block.options.caption == "Ici"
    assert [c.id for c in compare.select_cases(small, block.options.selection)] == ["alpha"]
    shown = "````markdown\n```casebook-compare\ncolour: blue\n```\n````\n"
    assert parse_page(shown, small, page="docs/p.md") == []  # an example inside a longer fence is code


def test_markdown_extension_replaces_blocks_and_collects_located_errors(small: Corpus) -> None:
    state = DirectiveState(corpus=small, page="docs/p.md", line_offset=2,
                           render=lambda o: f'<div class="ok">{",".join(o.dimensions or ())}</div>',
                           error_html=lambda ds: '<div class="bad">' + str(len(ds)) + "</div>")
    md = Markdown(extensions=[CompareExtension(state), "fenced_code"])
    html = md.convert(page_with("dimensions: [period]") + "\n" + page_with("matrix: nope"))
    assert '<div class="ok">period</div>' in html and '<div class="bad">1</div>' in html
    assert "casebook-compare" not in html and "<p><div" not in html
    # The second page starts on line 11 (after the first one's 9 lines and a blank line); its option is on its
    # own line 6, so on line 16, plus the 2 lines of front matter.
    assert [d.format().split(" is not")[0] for d in state.diagnostics] == ["docs/p.md:18:9: matrix: 'nope'"]
    assert state.rendered == 1


# ---- the real site, built with --strict -------------------------------------------------------------------
CASE_IDS = sorted(p.stem for p in (ROOT / "cases").glob("*.yml"))


def raw_case(cid: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "cases" / f"{cid}.yml").read_text(encoding="utf-8"))
    out: dict[str, Any] = json.loads(json.dumps(data, default=str))  # dates as written
    return out


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_compare_pages_exist_in_both_languages_with_every_case(built_site: Path) -> None:
    for lang, prefix in (("fr", ""), ("en", "en/")):
        html = read(built_site, f"{prefix}compare/index.html")
        assert f'<html lang="{lang}"' in html
        assert sorted(re.findall(r'data-id="([^"]+)"', html)) == CASE_IDS
        assert 'href="../data/cases.json"' in html if lang == "fr" else 'href="../../data/cases.json"' in html
        for slug in ("facilitating-factors", "barriers", "public-values", "data-sources", "periods"):
            assert (built_site / f"{prefix}compare/{slug}/index.html").exists(), (prefix, slug)
    assert 'href="compare/"' in read(built_site, "index.html")  # the home page's "by comparison" entry
    assert 'href="compare/"' in read(built_site, "en/index.html")  # the English compare page, en/compare/


def test_meta_matrix_rows_carry_each_case_facets(built_site: Path) -> None:
    html = read(built_site, "compare/index.html")
    for cid in CASE_IDS:
        data = raw_case(cid)
        row = re.search(rf'<tr id="case-{cid}"([^>]*)>(.*?)</tr>', html, re.S)
        assert row, cid
        attrs = dict(re.findall(r'data-([a-z]+)="([^"]*)"', row[1]))
        assert attrs.get("sector", "") == " ".join(data["sector"]), cid
        mode = (data.get("collaboration") or {}).get("mode")
        assert attrs.get("mode", "") == (mode or ""), cid
        assert f'href="../cases/{cid}/"' in row[2]


PLAIN = _PLAIN  # texts the renderer writes as they are (escaped), not through Markdown


@pytest.mark.parametrize("kind", ["facilitating_factors", "barriers"])
def test_matrix_cells_hold_the_cases_own_words(built_site: Path, kind: str) -> None:
    """Expected cells derived from the case files: every categorised finding under each of its categories."""
    from markupsafe import escape

    from casebook.content.typography import french_html

    slug = kind.replace("_", "-")
    checked = 0
    for lang, prefix in (("fr", ""), ("en", "en/")):
        html = read(built_site, f"{prefix}compare/{slug}/index.html")
        rows = {m[1]: m[2] for m in re.finditer(r'<tr><th scope="row"><a href="[^"]*concepts/([^/]+)/"[^>]*>.*?</a></th>(.*?)</tr>', html, re.S)}
        for cid in CASE_IDS:
            for finding in (raw_case(cid).get("findings") or {}).get(kind) or []:
                words = finding["text"][lang].strip()
                for cat in finding.get("categories") or []:
                    assert cat in rows, (lang, cat)
                    if PLAIN.match(words):  # (texts with Markdown are checked through the renderer's tests)
                        shown = french_html(str(escape(words))) if lang == "fr" else escape(words)  # French typography
                        # its pointers to a part of its case's page are links there (tests/test_pointers.py)
                        cell = re.sub(rf'<a href="\.\./\.\./cases/{cid}/#[a-z0-9-]+">([^<]*)</a>', r"\1", rows[cat])
                        assert f"<li>{shown}</li>" in cell, (lang, cid, cat, words)
                        checked += 1
    assert checked > 20


def test_heatmap_counts_match_the_case_files(built_site: Path) -> None:
    from markupsafe import escape

    html = read(built_site, "en/compare/barriers/index.html")
    svg = html[html.index('<svg class="cb-heatmap"'):]
    svg = svg[:svg.index("</svg>")]
    assert '<title id="' in svg and "<desc id=" in svg
    titles = dict(re.findall(r"<g class=\"cb-h\d\"><title>(.*?): (\d+)</title>", svg))
    for cid in CASE_IDS:
        data = raw_case(cid)
        found = (data.get("findings") or {}).get("barriers") or []
        if not found:
            continue
        short = data["short_title"]["en"].strip()
        for cat in {c for f in found for c in f.get("categories") or []}:
            term = yaml.safe_load((ROOT / "concepts" / f"{cat}.yml").read_text(encoding="utf-8"))["term"]["en"]
            expected = sum(1 for f in found if cat in (f.get("categories") or []))
            key = str(escape(f"{short} — {term.strip()}"))  # each cell's title: case — category: count
            assert titles.get(key) == str(expected), (cid, cat, key)


def test_exports_parse_and_match_the_cases(built_site: Path) -> None:
    data = json.loads(read(built_site, "data/cases.json"))
    validate_export(data)
    assert data["count"] == len(CASE_IDS) and sorted(c["id"] for c in data["cases"]) == CASE_IDS
    for case in data["cases"]:
        assert case["data"] == raw_case(case["id"]), case["id"]
        assert case["url"]["en"].endswith(f"/en/cases/{case['id']}/")
        for key in ("title", "short_title", "summary", "place"):
            assert case["data"][key]["fr"] and case["data"][key]["en"], (case["id"], key)
    raw = (built_site / "data" / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, rows = read_csv(raw.decode("utf-8"))
    assert header == exports.csv_columns()
    assert [r["id"] for r in rows] == [c["id"] for c in data["cases"]]
    for row in rows:
        case = raw_case(row["id"])
        assert row["title_en"] == exports.guard(case["title"]["en"].strip())
        assert row["sector"] == "; ".join(case["sector"])
        interviews = [s for s in case.get("data_sources") or [] if s["kind"] == "individual-interviews"]
        counts = [s["count"] for s in interviews if "count" in s]
        assert row["ds_individual-interviews"] == (str(sum(counts)) if counts else "yes" if interviews else ""), row["id"]
    assert (built_site / "schema" / "cases-export.schema.json").exists()
    doc = read(built_site, "data/index.html")
    for col in exports.csv_columns():  # every column is documented
        assert f"<code>{col}</code>" in doc, col


def test_every_case_page_has_json_ld_in_its_head(built_site: Path) -> None:
    for cid in CASE_IDS:
        for lang, prefix in (("fr", ""), ("en", "en/")):
            html = read(built_site, f"{prefix}cases/{cid}/index.html")
            head = html[: html.index("</head>")]
            blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
            assert len(blocks) == 1, (cid, lang)
            data = json.loads(blocks[0])
            assert data["@type"] == "Article" and data["inLanguage"] == lang
            assert data["url"].startswith("http://127.0.0.1:") and data["url"].endswith(f"/{prefix}cases/{cid}/")
            assert data["name"] and data["description"]


def test_the_block_works_in_a_page_of_the_site(built_site: Path) -> None:
    for prefix, heads in (("", ("Période", "Devis", "Collecte des données", "Sources de données")),
                          ("en/", ("Period", "Design", "Data collection", "Data sources"))):
        html = read(built_site, f"{prefix}about/index.html")
        block = html[html.index("<div class=\"cb-compare-block\""):]
        block = block[: block.index("</table>")]
        assert [h for h in re.findall(r'<th scope="col" data-d="[^"]+"[^>]*>([^<]+)</th>', block)][1:] == list(heads)
        assert len(re.findall(r'<tr><th scope="row">', block)) == len(CASE_IDS)
        assert "casebook-compare" not in html.replace("cb-compare-block", "")


# ---- real builds with a broken block ---------------------------------------------------------------------
def test_a_bad_block_stops_the_build_with_page_line_and_option(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "src")
    about = src / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    bad = "```casebook-compare\ncases: [spat, nowhere]\n```\n\n```casebook-compare\ndimensions: [period, colour]\n```\n"
    about.write_text(text + "\n" + bad, encoding="utf-8")
    first = len(text.split("\n")) + 1  # the line of the first fence (the file ends with a newline)
    result = mkdocs_build(src, tmp_path / "out", "--strict")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"docs/about.md:{first + 1}:15: cases[1]: unknown case 'nowhere'" in result.stderr, result.stderr[-3000:]
    assert f"docs/about.md:{first + 5}:22: dimensions[1]: 'colour' is not one of" in result.stderr


def small_site(root: Path, page: str) -> Path:
    write_corpus(root, {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "docs" / "en").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(page, encoding="utf-8")
    (root / "docs" / "en" / "index.md").write_text("# Home\n", encoding="utf-8")
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
    (root / "mkdocs.yml").write_text(cfg + "\nnav:\n  - index.md\n  - English:\n      - en/index.md\n", encoding="utf-8")
    return root


def test_a_selection_with_no_case_fails_strict_only(tmp_path: Path) -> None:
    page = "---\ntitle: Accueil\n---\n\n# Accueil\n\n```casebook-compare\ncases: {mode: mandated, sector: education}\n```\n"
    src = small_site(tmp_path / "src", page)
    strict = mkdocs_build(src, tmp_path / "strict", "--strict")
    assert strict.returncode != 0 and "Traceback" not in strict.stderr
    assert "docs/index.md:8:1: cases: no case matches this selection" in strict.stderr, strict.stderr[-2000:]
    loose = mkdocs_build(src, tmp_path / "loose")
    assert loose.returncode == 0, loose.stderr[-2000:]
    assert (tmp_path / "loose" / "compare" / "index.html").exists()


def test_casebook_validate_checks_the_blocks_of_the_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casebook.cli import main

    root = write_corpus(tmp_path, {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})
    (root / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - casebook/cases\n", encoding="utf-8")  # a site
    (root / "docs" / "en").mkdir(parents=True)
    (root / "docs" / "en" / "p.md").write_text("---\ntitle: P\n---\n\n" + page_with("cases: [alpha, nowhere]"), encoding="utf-8")
    assert main(["validate", "--root", str(root)]) == 1
    # 4 lines of front matter and a blank line, then the page: its option line 6 is the file's line 10.
    assert "docs/en/p.md:10:16: cases[1]: unknown case 'nowhere' [error]" in capsys.readouterr().out


# ---- honest filters: "not stated in the source", undated cases, each language's order ----------------------
def test_facet_counts_count_what_the_source_leaves_unstated(small: Corpus) -> None:
    cases = small.sorted_cases()
    counts = compare.facet_counts(cases)
    for name, path in ((f.name, f.spec.key) for f in compare.default_spec().filters):
        empty = [c for c in cases if not c.facet_values().get(path)]
        if name not in counts:  # left out only when no case gives a value
            assert len(empty) == len(cases), name
            continue
        assert counts[name].get(compare.UNSTATED, 0) == len(empty), name
        for cid, n in counts[name].items():
            if cid != compare.UNSTATED:
                assert n == sum(cid in (c.facet_values().get(path) or []) for c in cases), (name, cid)
    unstated = [c.id for c in cases if compare.Selection(facets=(("mode", (compare.UNSTATED,)),)).matches(c)]
    assert unstated == [c.id for c in cases if not c.mode]
    assert [c.id for c in compare.undated(cases)] == [c.id for c in cases if not compare.years(c.period).dated]


def test_collation_key_sorts_accented_words_with_their_letter() -> None:
    from casebook.base.i18n import collation_key

    words = ["Santé publique", "Éducation", "Services à la jeunesse", "Sécurité publique", "Développement social",
             "Formation", "œuvre", "Orientation", "Zèbre", "eau"]
    # œ is folded to oe ("oeuvre" before "orientation"), É to E, whatever the system locale.
    assert sorted(words, key=collation_key) == ["Développement social", "eau", "Éducation", "Formation", "œuvre",
                                                 "Orientation", "Santé publique", "Sécurité publique",
                                                 "Services à la jeunesse", "Zèbre"]
