"""A field added to the declared model (casebook.yml) and nothing else: it is validated, with located errors, and
shown on the case page, in its group and in the fact box, in both languages. No code or template changes.

The field is the worked example of the contribute guide (docs/contribute-model.md): "funding model", a facet whose
values come from a new vocabulary, and "funding note", a text. The vocabulary and its two concepts are made up
for the test, in a copy of the site; they are not research content.
"""

from __future__ import annotations

import html
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


def extend(root: Path, case_lines: str) -> Path:
    model = (root / "casebook.yml").read_text(encoding="utf-8")
    anchor = "\n  place:\n"
    assert anchor in model
    model = model.replace(anchor, "\n" + FIELDS + "  place:\n", 1)
    model = model.replace("- collaboration.regimes\n", "- collaboration.regimes\n- funding_model\n", 1)
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
