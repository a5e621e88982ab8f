"""A field added to the declared model (casebook.yml) and nothing else: it is validated, with located errors, and
shown on the case page, in its group and in the fact box, in both languages; with one line each in
``compare.columns``, it is a column (and the facet a filter) of the compare page and of the ``casebook-compare``
block; it is in the exports (cases.csv, cases.json) with no line at all. No code or template changes.

The field is the worked example of the contribute guide (docs/contribute-model.md): "funding model", a facet whose
values come from a new vocabulary, and "funding note", a text. The vocabulary and its two concepts are made up
for the test, in a copy of the site; they are not research content.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from casebook.base.diagnostics import Severity
from casebook.content.corpus import Paths, load_corpus

from .conftest import copy_site, mkdocs_build

# The text the guide tells a site to add (docs/contribute-model.md, step 1), under `fields:` after `level`.
FIELDS = """\
  funding_model:
    type: facet
    vocabulary: funding-model
    multiple: false
    label: {fr: Modèle de financement, en: Funding model}
    help:
      fr: "Comment la collaboration est financée : un identifiant du vocabulaire « funding-model »."
      en: "How the collaboration is funded: a concept id from the 'funding-model' scheme."
    group: collaboration
  funding_note:
    type: text
    label: {fr: Financement, en: Funding}
    help: {fr: Ce que la source dit du financement., en: What the source says about funding.}
    group: collaboration
    heading: false
"""
SCHEME = "funding-model:\n  label: {fr: Modèles de financement, en: Funding models}\n"
CONCEPTS = {
    "funding-mixed": "term: {fr: Financement mixte, en: Mixed funding}\nschemes: [funding-model]\n"
                     "definition: {fr: Plusieurs bailleurs., en: Several funders.}\n",
    "funding-public": "term: {fr: Financement public, en: Public funding}\nschemes: [funding-model]\n"
                      "definition: {fr: Un bailleur public., en: One public funder.}\n",
}
CASE = "spat"
# The compare page's columns over them (compare.columns, after the regimes): the facet also feeds a filter.
COLUMNS = """\
    - {field: funding_model, group: actors, filter: funding}
    - {field: funding_note, group: actors}
"""


def extend(root: Path, case_lines: str) -> Path:
    model = (root / "casebook.yml").read_text(encoding="utf-8")
    anchor = "\n  place:\n"
    assert anchor in model
    model = model.replace(anchor, "\n" + FIELDS + "  place:\n", 1)
    model = model.replace("- collaboration.regimes\n", "- collaboration.regimes\n- funding_model\n", 1)
    regimes = "    - {field: collaboration.regimes, group: actors, filter: regime}\n"
    assert model.count(regimes) == 1
    model = model.replace(regimes, regimes + COLUMNS, 1)
    (root / "casebook.yml").write_text(model, encoding="utf-8")
    schemes = root / "concepts" / "_schemes.yml"
    schemes.write_text(schemes.read_text(encoding="utf-8") + SCHEME, encoding="utf-8")
    for cid, text in CONCEPTS.items():
        (root / "concepts" / f"{cid}.yml").write_text(text, encoding="utf-8")
    case = root / "cases" / f"{CASE}.yml"
    case.write_text(case.read_text(encoding="utf-8") + case_lines, encoding="utf-8")
    return root


GOOD = "funding_model: funding-mixed\nfunding_note: {fr: Trois bailleurs se partagent les frais., en: Three funders share the costs.}\n"


@pytest.fixture(scope="module")
def extended_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = extend(copy_site(tmp_path_factory.mktemp("extended") / "src"), GOOD)
    out = root.parent / "site"
    result = mkdocs_build(root, out, "--strict", env={"CASEBOOK_SITE_URL": "http://127.0.0.1:8000/"})
    assert result.returncode == 0, result.stderr
    return root, out


def errors_in(root: Path) -> list[str]:
    return [d.format() for d in load_corpus(Paths.at(root)).diagnostics if d.severity is Severity.ERROR]


def test_the_new_field_is_valid_with_the_models_own_checks(tmp_path: Path) -> None:
    assert errors_in(extend(copy_site(tmp_path / "src"), GOOD)) == []


def line_of(root: Path, text: str) -> int:
    lines = (root / "cases" / f"{CASE}.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if ln.startswith(text))


@pytest.mark.parametrize(("value", "message"), [
    ("[funding-mixed]", "funding_model: expected a text, got a list"),  # `multiple: false`: one id, not a list
    ("funding-misxed", "funding_model: unknown concept 'funding-misxed'; did you mean 'funding-mixed' or 'funding-public'?"),
    ("education", "funding_model: 'education' is not a value of the 'funding-model' scheme"),
    ("Mixed", "funding_model: bad id 'Mixed': use lowercase letters, digits and hyphens"),
])
def test_a_bad_value_of_the_new_field_is_a_located_error(tmp_path: Path, value: str, message: str) -> None:
    root = extend(copy_site(tmp_path / "src"), f"funding_model: {value}\n")
    line = line_of(root, "funding_model:")
    assert [e for e in errors_in(root) if "funding_model" in e] == [f"cases/{CASE}.yml:{line}:16: {message}"]


def test_a_misspelt_new_field_is_an_unknown_key_with_the_nearest_name(tmp_path: Path) -> None:
    root = extend(copy_site(tmp_path / "src"), "funding_modle: funding-mixed\n")
    line = line_of(root, "funding_modle:")
    found = errors_in(root)
    assert any(e.startswith(f"cases/{CASE}.yml:{line}:1: funding_modle: unknown key 'funding_modle'; did you mean "
                            "'funding_model' or 'funding_note'?") for e in found), found


def test_the_published_schema_has_the_new_field_and_its_values(extended_site: tuple[Path, Path]) -> None:
    _, out = extended_site
    schema = json.loads((out / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    prop = schema["properties"]["funding_model"]
    assert prop["enum"] == ["funding-mixed", "funding-public"]  # an editor completes them
    assert prop["description"].startswith("Comment la collaboration est financée")
    assert "funding_note" in schema["properties"] and "funding_model" not in schema["required"]


def _section(page: str, ident: str) -> str:
    start = page.index(f'<h2 id="{ident}"')
    end = page.find("</section>", start)
    nested = page.count("<section", start, end)
    for _ in range(nested):  # the sub-sections' own ends
        end = page.find("</section>", end + 1)
    return page[start:end]


def _text(fragment: str) -> str:
    # ASCII whitespace folded; a no-break space is French typography and stays
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


@pytest.mark.parametrize(("lang", "label", "term", "note", "prefix"), [
    ("fr", "Modèle de financement", "Financement mixte", "Financement\u00a0: Trois bailleurs se partagent les frais.", ""),
    ("en", "Funding model", "Mixed funding", "Funding: Three funders share the costs.", "en/"),
])
def test_the_new_fields_are_on_the_case_page_where_the_model_puts_them(
        extended_site: tuple[Path, Path], lang: str, label: str, term: str, note: str, prefix: str) -> None:
    _, out = extended_site
    page = (out / prefix / "cases" / CASE / "index.html").read_text(encoding="utf-8")
    collaboration = _section(page, "collaboration")
    # the facet: an h3 of its own in the collaboration group, its value linked to its concept
    assert f'<h3 id="funding-model">{label}' in collaboration
    body = collaboration[collaboration.index('id="funding-model"'):]
    assert re.search(rf'<a href="[./]*concepts/funding-mixed/" class="cb-concept">{term}</a>', body)
    # the text: inline (heading: false), after its label and a colon (French: a no-break space before it)
    assert note in _text(collaboration)
    # the fact box lists it after the regimes (the model's `facts:` order)
    facts = page[page.index('<dl class="cb-facts">'):page.index("</dl>")]
    terms = re.findall(r"<dt>(.*?)</dt>", facts)
    assert label in terms and _text(facts).count(term) == 1
    # the on-page table of contents names it too (a sub-heading like the others)
    assert 'href="#funding-model"' in page


def test_a_case_without_the_new_field_shows_nothing_of_it(extended_site: tuple[Path, Path]) -> None:
    _, out = extended_site
    other = next(p for p in sorted((out / "cases").iterdir()) if p.is_dir() and p.name != CASE)
    page = (other / "index.html").read_text(encoding="utf-8")
    assert "funding-model" not in page and "Modèle de financement" not in page


def test_the_new_values_concept_page_lists_the_case(extended_site: tuple[Path, Path]) -> None:
    _, out = extended_site
    page = (out / "concepts" / "funding-mixed" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="[./]*cases/{CASE}/"', page)


# ---- the compare half: the compare page, the block, the exports --------------------------------------------
@pytest.mark.parametrize(("lang", "label", "note_label", "term", "note", "prefix"), [
    ("fr", "Modèle de financement", "Financement", "Financement mixte", "Trois bailleurs se partagent les frais.", ""),
    ("en", "Funding model", "Funding", "Mixed funding", "Three funders share the costs.", "en/"),
])
def test_the_new_fields_are_columns_and_a_filter_of_the_compare_page(
        extended_site: tuple[Path, Path], lang: str, label: str, note_label: str, term: str, note: str,
        prefix: str) -> None:
    _, out = extended_site
    page = (out / prefix / "compare" / "index.html").read_text(encoding="utf-8")
    meta = page[page.index("data-cb-meta"):]
    heads = re.findall(r'<th scope="col" data-d="([a-z_]+)" data-g="([a-z]+)"[^>]*>([^<]*)', meta)
    names = [(d, g) for d, g, _ in heads]
    at = names.index(("regimes", "actors"))
    assert names[at + 1:at + 3] == [("funding_model", "actors"), ("funding_note", "actors")]
    assert [t for d, _, t in heads if d in ("funding_model", "funding_note")] == [label, note_label]
    row = meta[meta.index(f'data-id="{CASE}"'):]
    row = row[:row.index("</tr>")]
    assert re.search(rf'<a href="[./]*concepts/funding-mixed/" class="cb-concept">{term}</a>', row)
    assert note in _text(row)
    # the filter: a select of its own, offering the value the case gives, and each row carries it
    select = page[page.index('<select name="funding">'):]
    select = select[:select.index("</select>")]
    assert f'<option value="funding-mixed" data-term="{term}">{term} (1)</option>' in select
    assert f'data-id="{CASE}" data-sector' in page and 'data-funding="funding-mixed"' in page
    assert 'data-facets="sector level type mode regime funding"' in page
    # the column chooser names it in its group
    assert f'value="funding_model" checked> {label}' in page


def test_the_new_fields_are_in_the_exports_and_the_block_schema(extended_site: tuple[Path, Path]) -> None:
    _, out = extended_site
    text = (out / "data" / "cases.csv").read_text(encoding="utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    # Not listed under exports.csv: appended after this site's columns, in the model's order, as their types say.
    assert header[-5:] == ["funding_model", "funding_model_fr", "funding_model_en", "funding_note_fr",
                           "funding_note_en"]
    row = dict(zip(header, next(r for r in rows if r[0] == CASE), strict=True))
    assert [row[c] for c in header[-5:]] == ["funding-mixed", "Financement mixte", "Mixed funding",
                                             "Trois bailleurs se partagent les frais.", "Three funders share the costs."]
    data = json.loads((out / "data" / "cases.json").read_text(encoding="utf-8"))
    case = next(c for c in data["cases"] if c["id"] == CASE)
    assert case["data"]["funding_model"] == "funding-mixed"
    assert data["concepts"]["funding-mixed"]["term"] == {"fr": "Financement mixte", "en": "Mixed funding"}
    block = json.loads((out / "schema" / "directive.schema.json").read_text(encoding="utf-8"))
    assert {"funding_model", "funding_note"} <= set(block["properties"]["dimensions"]["items"]["enum"])
    assert block["properties"]["cases"]["properties"]["funding"]["description"] == \
        "Concept ids of the 'funding-model' scheme."


def test_a_block_may_name_the_new_column_and_filter(tmp_path: Path) -> None:
    root = extend(copy_site(tmp_path / "src"), GOOD)
    page = root / "docs" / "funding.md"
    page.write_text("# F\n\n```casebook-compare\ncases: {funding: funding-mixed}\ndimensions: [funding_note]\n```\n\n"
                    "```casebook-compare\ncases: {funding: education}\n```\n", encoding="utf-8")
    from casebook.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        main(["validate", "--root", str(root)])
    found = [ln for ln in buf.getvalue().splitlines() if "docs/funding.md" in ln]
    # the first block is valid; the second names a concept of another vocabulary, located
    # line 9 of the page, column 18: where "education" starts after "cases: {funding: "
    assert found == ["docs/funding.md:9:18: cases.funding: 'education' is not a value of the 'funding-model' "
                     "scheme [error]"], found

