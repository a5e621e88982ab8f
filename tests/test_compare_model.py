"""What is compared and exported comes from the declared model (``compare:`` and ``exports:`` in casebook.yml).

* each mistake in those sections is a located error in the model file;
* a field added to the declaration, with one line naming it as a column, appears on the compare page, in the
  ``casebook-compare`` block's valid options, in the published block schema and in the exports (CSV, JSON) with
  no code change.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from importlib import resources
from pathlib import Path

import jinja2
import pytest

from casebook.compare import matrices as compare
from casebook.compare.directive import directive_schema, parse_page
from casebook.compare.spec import compare_spec, diagnostics, export_spec
from casebook.content.corpus import Corpus, Paths, load_corpus
from casebook.model.declaration import Model, parse_model
from casebook.publishing import exports
from casebook.publishing.comparepage import ComparePages
from casebook.publishing.site import SiteBuilder

from .conftest import ROOT
from .test_compare import ALPHA, BETA, GAMMA, write_corpus

DEFAULT = resources.files("casebook").joinpath("model", "default.yml").read_text(encoding="utf-8")


def edited(*pairs: str) -> str:
    """The packaged model's text with pieces replaced: (old, new, old, new…), each old piece there exactly once."""
    text = DEFAULT
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def model_with(*pairs: str) -> Model:
    model, diags = parse_model(edited(*pairs), "casebook.yml")
    assert [d.format() for d in diags if d.field.split(".")[0] not in ("compare", "exports")] == []
    return model


def line_of(text: str, needle: str) -> int:
    """The line of ``needle``'s first place in the compare: or exports: section."""
    return text[:text.index(needle, text.index("\ncompare:"))].count("\n") + 1


def errors_of(model: Model) -> list[str]:
    return [d.format() for d in diagnostics(model)]


def test_this_sites_declaration_has_no_error_and_its_columns_take_their_labels_from_the_fields() -> None:
    model, diags = parse_model(DEFAULT, "casebook.yml")
    assert diags == [] and errors_of(model) == []
    spec = compare_spec(model)
    labels = {c.id: (c.label("fr"), c.label("en")) for c in spec.columns}
    # No label is written in compare.columns: each is its field's (the case page's) label.
    assert labels["types"] == ("Type de collaboration", "Type of collaboration")
    assert labels["research_period"] == ("Collecte des données", "Data collection")
    assert [f.name for f in spec.filters] == ["sector", "level", "type", "mode", "regime"]
    assert spec.period_field is not None and spec.period_field.key == "period"


COLUMNS = "  columns:\n    - {field: period, group: context, filter: period}\n"


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    (COLUMNS, COLUMNS + "    - {field: fundng, group: context}\n", "fundng",
     "compare.columns[1].field: unknown field 'fundng'"),
    (COLUMNS, COLUMNS + "    - {field: collaboration.tpyes, group: context}\n", "collaboration.tpyes",
     "did you mean 'collaboration.types'"),
    (COLUMNS, COLUMNS + "    - {field: summary, group: setting}\n", "setting",
     "compare.columns[1].group: unknown group 'setting'"),
    (COLUMNS, COLUMNS + "    - {field: summary, group: context, filter: where}\n", "where",
     "a filter reads a facet field (concept ids of a vocabulary); 'summary' is a text field"),
    ("  matrices:\n", "  matrices:\n    - {id: places, field: place}\n", "field: place}",
     "compare.matrices[0].field: a matrix crosses the items of a list with the cases; 'place' is a text field, "
     "not a list"),
    ("  matrices:\n", "  matrices:\n    - {id: who, field: actors}\n", "field: actors}",
     "a matrix needs items with categories, concepts or kinds"),
    ("  pictures:\n", "  pictures:\n    heatmaps: {field: period}\n", "heatmaps",
     "compare.pictures.heatmaps: unknown picture 'heatmaps'"),
    ("  pictures:\n", "  pictures:\n    timeline: {field: period}\n", "timeline: {field: period}",
     "the timeline picture draws a timeline field; 'period' is a period field"),
    ("    - {id: context, label: {fr: \"Contexte\", en: \"Context\"}}",
     "    - {id: context, label: {fr: \"Contexte\"}}", "label: {fr: \"Contexte\"}",
     "compare.groups[0].label: 'label' has no 'en' text: add en: …"),
    ("    columns: [sector, level, types, mode]", "    columns: [sector, level, place, mode]", "place, mode]",
     "the compact table shows facet columns; 'place' is a text field"),
    ("      - {field: data_sources, name: ds}\n", "      - {field: data_sources, name: ds}\n      - sections\n",
     "- sections", "a sections field has no CSV form; list it under omit"),
])
def test_each_mistake_in_compare_or_exports_is_located_in_the_model_file(old: str, new: str, where: str,
                                                                          message: str) -> None:
    model = model_with(old, new)
    text = edited(old, new)
    found = errors_of(model)
    line = line_of(text, where)
    assert any(f"casebook.yml:{line}:" in d and message in d for d in found), (line, found)


# ---- a new field, compared and exported with no code change ------------------------------------------------
FIELD = """  funding_model:
    type: text
    label: {fr: Modèle de financement, en: Funding model}
"""


@pytest.fixture(scope="module")
def funded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Model, Corpus]:
    model = model_with("\ncompare:\n", "\n" + FIELD + "\ncompare:\n",  # the field after the last one
                       COLUMNS, COLUMNS + "    - {field: funding_model, group: context}\n")  # a column over it
    assert errors_of(model) == []
    root = write_corpus(tmp_path_factory.mktemp("funded"), {"alpha": ALPHA, "beta": BETA, "gamma": GAMMA})
    corpus = load_corpus(Paths.at(root))
    # The case files carry the new field (their validation against the model's schema is the model's part).
    alpha = corpus.cases["alpha"]
    corpus.cases["alpha"] = dataclasses.replace(alpha, data={
        **alpha.data, "funding_model": {"fr": "Subvention du ministère", "en": "A ministry grant"}})
    return model, corpus


def test_a_declared_field_is_a_column_of_the_compare_page_and_of_the_block(funded: tuple[Model, Corpus]) -> None:
    model, corpus = funded
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme")))
    cp = ComparePages(SiteBuilder(corpus, env), env, model=model)
    made = {p.url: p for p in cp.pages()}
    fr, en = cp.render(made["compare/"]), cp.render(made["en/compare/"])
    assert '<th scope="col" data-d="funding_model" data-g="context" data-sort="text">Modèle de financement' in fr
    assert 'value="funding_model" checked> Modèle de financement' in fr  # the column chooser
    assert "<td>Subvention du ministère</td>" in fr and "<td>A ministry grant</td>" in en
    # The block accepts the new column once declared, and only then.
    page = "```casebook-compare\ndimensions: [funding_model]\n```\n"
    (block,) = parse_page(page, corpus, page="docs/p.md", model=model)
    assert block.diagnostics == [] and block.options is not None
    assert "A ministry grant" in cp.render_block(block.options, "en", "en/p/")
    (old,) = parse_page(page, corpus, page="docs/p.md")
    assert old.options is None and "'funding_model' is not one of: period, place," in old.diagnostics[0].message
    assert "funding_model" in directive_schema(compare_spec(model))["properties"]["dimensions"]["items"]["enum"]


def test_a_declared_field_is_in_the_csv_and_the_json(funded: tuple[Model, Corpus]) -> None:
    model, corpus = funded
    header, *rows = list(csv.reader(io.StringIO(exports.cases_csv(corpus, model=model).lstrip("\ufeff"))))
    # Neither listed in exports.csv.fields nor omitted: appended after the listed ones, in declaration order.
    assert header[-2:] == ["funding_model_fr", "funding_model_en"]
    assert header[:-2] == exports.csv_columns()  # this site's columns are unchanged
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_id["alpha"]["funding_model_fr"] == "Subvention du ministère"
    assert by_id["alpha"]["funding_model_en"] == "A ministry grant"
    assert by_id["beta"]["funding_model_fr"] == ""
    data = json.loads(exports.cases_json(corpus))
    alpha = next(c for c in data["cases"] if c["id"] == "alpha")
    assert alpha["data"]["funding_model"] == {"fr": "Subvention du ministère", "en": "A ministry grant"}
    # Listed under exports.csv.omit, it leaves the CSV.
    omitted = model_with("\ncompare:\n", "\n" + FIELD + "\ncompare:\n", "    omit: [timeline,",
                         "    omit: [funding_model, timeline,")
    assert "funding_model" not in [f.spec.key for f in export_spec(omitted).csv]
    assert exports.csv_columns(omitted) == exports.csv_columns()


def test_a_site_without_periods_or_filters_gets_no_period_page_and_no_filter(tmp_path: Path) -> None:
    model = model_with("    - {field: period, group: context, filter: period}\n", "",
                       "    periods: {field: period}\n", "")
    spec = compare_spec(model)
    assert spec.period_field is None and "period" not in spec.ids
    root = write_corpus(tmp_path, {"alpha": ALPHA, "beta": BETA})
    corpus = load_corpus(Paths.at(root))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme")))
    cp = ComparePages(SiteBuilder(corpus, env), env, model=model)
    html = cp.render(next(p for p in cp.pages() if p.url == "compare/"))
    assert 'name="from"' not in html and 'data-d="period" data-g' not in html
    assert "compare/periods/" not in {p.url for p in cp.pages()}
    assert compare.year_bounds(corpus.sorted_cases(), spec) is None
