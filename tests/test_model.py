"""The declared case model (casebook.yml): read with located errors, and the source of the case JSON Schema."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from casebook.base.diagnostics import Severity
from casebook.base.yamlfile import load_yaml, parse_yaml
from casebook.content.corpus import Paths, load_corpus
from casebook.model.caseschema import case_schema, case_schema_text
from casebook.model.declaration import default_model, load_model, parse_model
from casebook.model.schema import validate

from .conftest import MINIMAL_CASE, ROOT, make_project
from .test_validation import BROKEN

PACKAGED = ROOT / "plugins" / "casebook" / "model" / "default.yml"


def site_model():  # type: ignore[no-untyped-def]
    model, diags = load_model(ROOT / "casebook.yml", root=ROOT)
    assert diags == []
    return model


def test_this_site_declares_the_packaged_model() -> None:
    # a site without casebook.yml gets the packaged model, and `casebook new site` starts from it: they are one text
    assert (ROOT / "casebook.yml").read_text(encoding="utf-8") == PACKAGED.read_text(encoding="utf-8")


def test_the_model_declares_every_field_of_a_case() -> None:
    model = site_model()
    assert [f.name for f in model.fields] == [
        "title", "short_title", "summary", "sector", "level", "place", "period", "timeline", "actors", "collaboration",
        "governance", "research_design", "data_sources", "framework", "findings", "public_values", "structures",
        "concepts", "works", "sources", "references", "source_notes", "sections"]
    assert model.field("collaboration.mode").type == "facet"  # type: ignore[union-attr]
    assert model.field("collaboration.mode").multiple is False  # type: ignore[union-attr]
    assert model.field("findings.barriers").constrained_path == "findings.barriers.categories"  # type: ignore[union-attr]
    for spec in model.all_fields():
        assert set(spec.labels) == {"fr", "en"}, spec.key


def test_the_packaged_schema_is_generated_from_the_model() -> None:
    # plugins/casebook/schemas/case.schema.json is output: `python -m casebook.model.caseschema > …` writes it
    text = (ROOT / "plugins" / "casebook" / "schemas" / "case.schema.json").read_text(encoding="utf-8")
    assert case_schema_text(site_model()) == text
    assert case_schema(default_model()) == json.loads(text)


def test_the_generated_schema_accepts_every_case_of_the_site() -> None:
    model = site_model()
    for path in sorted((ROOT / "cases").glob("*.yml")):
        doc, diags = load_yaml(path, path.name)
        assert doc is not None and not diags
        assert validate(doc, "case", model) == [], path


def test_a_required_field_follows_the_declaration() -> None:
    schema = case_schema(site_model())
    assert schema["required"] == ["title", "short_title", "summary", "sector", "level", "place", "period",
                                  "collaboration", "sources"]
    assert schema["properties"]["collaboration"]["required"] == ["types"]
    assert schema["properties"]["sources"]["allOf"][1] == {"minItems": 1}


@pytest.mark.parametrize(("name", "body", "where", "what"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_site_that_declares_its_model_rejects_what_the_schema_did(tmp_path: Path, name: str, body: str | bytes,
                                                                     where: str, what: str) -> None:
    root = make_project(tmp_path, {"x.yml": body})
    shutil.copy(ROOT / "casebook.yml", root / "casebook.yml")
    shutil.copy(ROOT / "concepts" / "_schemes.yml", root / "concepts" / "_schemes.yml")
    corpus = load_corpus(Paths.at(root))
    assert corpus.model.path == "casebook.yml"
    found = [d.format() for d in corpus.diagnostics if d.severity is not Severity.INFO]
    assert not [d for d in found if d.startswith("casebook.yml")], found
    assert any(d.startswith(where) and what in d for d in found), found


# ---- located errors in the declaration ------------------------------------------------------------------------------
HEAD = """\
version: 1
groups:
  - id: findings
    label: {fr: Résultats, en: Findings}
fields:
"""


def errors_of(fields: str, *, head: str = HEAD, languages: tuple[str, ...] = ("fr", "en")) -> list[str]:
    _, diags = parse_model(head + textwrap.indent(textwrap.dedent(fields), "  "), "casebook.yml", languages)
    return [d.format() for d in diags]


def test_an_unknown_type_is_located_with_the_nearest_type() -> None:
    found = errors_of("""\
        funding:
          type: facett
          label: {fr: Financement, en: Funding}
        """)
    assert found == ["casebook.yml:7:11: fields.funding.type: unknown type 'facett'; did you mean 'facet'?"]


def test_an_unknown_key_is_located_with_the_nearest_key() -> None:
    found = errors_of("""\
        funding:
          type: text
          lable: {fr: Financement, en: Funding}
        """)
    assert "casebook.yml:8:5: fields.funding.lable: unknown key 'lable' in a field of type 'text'; did you mean 'label'?" in found
    assert "casebook.yml:6:3: fields.funding: the label of 'funding' is required: one text per site language (fr, en)" in found


def test_an_unknown_top_level_key_is_located() -> None:
    found = errors_of("a: {type: text, label: {fr: A, en: A}}\n", head=HEAD.replace("fields:", "feilds:\n  x: 1\nfields:"))
    assert found[0] == "casebook.yml:5:1: feilds: unknown key 'feilds' in the model; did you mean 'fields'?"


def test_a_label_missing_a_site_language_is_located() -> None:
    found = errors_of("""\
        funding:
          type: text
          label: {fr: Financement}
        """)
    assert found == ["casebook.yml:8:12: fields.funding.label: the label of 'funding' has no 'en' text: add en: …"]
    # the site's languages are what the labels must give: a third one is asked for everywhere
    three = errors_of("funding: {type: text, label: {fr: F, en: F}}\n", languages=("en", "fr", "es"))
    assert "casebook.yml:6:32: fields.funding.label: the label of 'funding' has no 'es' text: add es: …" in three
    assert any("groups[0].label" in d and "'es'" in d for d in three)


def test_a_page_group_that_does_not_exist_is_located() -> None:
    found = errors_of("""\
        funding:
          type: text
          label: {fr: Financement, en: Funding}
          group: finding
        """)
    assert found == ["casebook.yml:9:12: fields.funding.group: no page group 'finding'; did you mean 'findings'?"]


def test_a_facet_without_vocabulary_and_an_option_of_the_wrong_kind_are_located() -> None:
    found = errors_of("""\
        funding:
          type: facet
          label: {fr: Financement, en: Funding}
          multiple: several
        """)
    assert "casebook.yml:9:15: fields.funding.multiple: 'multiple' must be true or false, got 'several'" in found
    assert "casebook.yml:6:3: fields.funding: the facet 'funding' names no vocabulary" in found


def test_a_fact_naming_no_field_is_located() -> None:
    found = errors_of("a: {type: text, label: {fr: A, en: A}}\n", head=HEAD.replace("fields:", "facts: [b]\nfields:"))
    assert found == ["casebook.yml:5:9: facts[0]: no field 'b'; did you mean 'a'?"] or \
        found == ["casebook.yml:5:9: facts[0]: no field 'b'"]


PERIODS = """\
    founded: {type: date, label: {fr: Fondé, en: Founded}}
    years: {type: period, label: {fr: Années, en: Years}}
    later: {type: period, label: {fr: Plus tard, en: Later}}
    """


def model_of(fields: str, *, head: str = HEAD):  # type: ignore[no-untyped-def]
    model, diags = parse_model(head + textwrap.indent(textwrap.dedent(fields), "  "), "casebook.yml")
    assert not diags, [d.format() for d in diags]
    return model


def test_the_cases_period_is_the_declared_field_or_the_first_of_type_period() -> None:
    """What orders the cases and dates their cards: no field needs the name 'period'."""
    first = model_of(PERIODS).period_field
    assert first is not None and first.key == "years"
    named = model_of(PERIODS, head=HEAD.replace("fields:", "period: later\nfields:")).period_field
    assert named is not None and named.key == "later"
    assert model_of("founded: {type: date, label: {fr: Fondé, en: Founded}}\n").period_field is None
    assert default_model().period_field is not None and default_model().period_field.key == "period"


def test_a_period_that_names_no_period_field_is_located() -> None:
    assert errors_of(PERIODS, head=HEAD.replace("fields:", "period: founded\nfields:")) == [
        "casebook.yml:5:9: period: 'period' names a field of type period: 'founded' is of type 'date'"]
    assert errors_of(PERIODS, head=HEAD.replace("fields:", "period: yeras\nfields:")) == [
        "casebook.yml:5:9: period: 'period' names the case's period field: no field 'yeras'; did you mean 'years'?"]


ITEMS = """\
    work_days:
      type: items
      label: {fr: Journées de travail, en: Work days}
      fields:
        date: {type: date, label: {fr: Date, en: Date}, required: true}
        task: {type: text, label: {fr: Tâche, en: Task}, required: true}
        volunteers: {type: number, integer: true, label: {fr: Présents, en: Present}}
    """


def where(text: str, marker: str, at: str) -> str:
    """``line:column`` of ``at`` on the only line of ``text`` holding ``marker``."""
    (line,) = [i for i, ln in enumerate(text.splitlines(), 1) if marker in ln]
    return f"{line}:{text.splitlines()[line - 1].index(at) + 1}"


def test_an_items_field_declares_the_parts_of_its_entries() -> None:
    model = model_of(ITEMS)
    spec = model.field("work_days")
    assert spec is not None and [p.name for p in spec.item_fields] == ["date", "task", "volunteers"]
    assert model.field("work_days.date") is None, "the parts of an entry are not fields of the case"
    items = case_schema(model)["properties"]["work_days"]["items"]
    assert items["required"] == ["date", "task"] and list(items["properties"]) == ["date", "task", "volunteers"]
    assert items["additionalProperties"] is False and items["properties"]["volunteers"] == {"type": "integer"}


@pytest.mark.parametrize(("old", "new", "marker", "at", "message"), [
    ("type: number, integer: true", "type: facet, vocabulary: sector", "type: facet", "facet",
     "fields.work_days.fields.volunteers.type: an entry of 'work_days' holds values of the types text, texts, "
     "number, boolean, link, date, period: 'volunteers' is of type 'facet'"),
    ("required: true}\n    volunteers", "required: true, group: findings}\n    volunteers", "group: findings",
     "group", "fields.work_days.fields.task.group: 'group' has no meaning for a part of an entry"),
    ("  fields:\n", "  feilds:\n", "feilds", "feilds", "fields.work_days.feilds: unknown key 'feilds'"),
])
def test_a_mistake_in_the_parts_of_an_entry_is_located(old: str, new: str, marker: str, at: str, message: str) -> None:
    fields = textwrap.dedent(ITEMS)
    assert fields.count(old) == 1
    text = HEAD + textwrap.indent(fields.replace(old, new), "  ")
    found = errors_of(fields.replace(old, new))
    assert any(d.startswith(f"casebook.yml:{where(text, marker, at)}: {message}") for d in found), found


def test_a_case_gives_the_entries_its_model_declares() -> None:
    packaged = (ROOT / "casebook.yml").read_text(encoding="utf-8")
    assert packaged.count("\n  place:\n") == 1
    model, diags = parse_model(packaged.replace("\n  place:\n", "\n" + textwrap.indent(textwrap.dedent(ITEMS), "  ")
                                                + "  place:\n"), "casebook.yml")
    assert not diags, diags
    case = MINIMAL_CASE + ('work_days:\n  - date: "2023-03"\n    task: {fr: Compost, en: Compost}\n'
                           '    volunteers: 4\n  - date: "2023-10"\n    tsak: {fr: Paillage, en: Mulching}\n')
    doc, diags = parse_yaml(case, "cases/x.yml")
    assert doc is not None and not diags
    found = [d.format() for d in validate(doc, "case", model)]
    line = case.splitlines().index("    tsak: {fr: Paillage, en: Mulching}") + 1
    assert found == [f"cases/x.yml:{line}:5: work_days[1].tsak: unknown key 'tsak'; did you mean 'task'? "
                     "('task' is required)"], found


def test_the_case_index_names_facet_fields() -> None:
    fields = "kind: {type: facet, vocabulary: k, label: {fr: Genre, en: Kind}}\n" + textwrap.dedent(PERIODS)
    model = model_of(fields, head=HEAD.replace("fields:", "index: [kind]\nfields:"))
    assert model.index_keys == ("kind",)
    assert model_of(fields).index_keys is None, "no index: the compare page's filters"
    assert errors_of(fields, head=HEAD.replace("fields:", "index: [kind, years]\nfields:")) == [
        "casebook.yml:5:15: index[1]: the case index filters by facet fields: 'years' is of type 'period'"]
    assert errors_of(fields, head=HEAD.replace("fields:", "index: [knd]\nfields:")) == [
        "casebook.yml:5:9: index[0]: no field 'knd'; did you mean 'kind'?"]


def test_a_bad_declaration_does_not_crash_and_says_where(tmp_path: Path) -> None:
    for text in ("- a list\n", "version: 1\nfields: [a, b]\n", "version: 2\nfields: {a: {type: text, label: {fr: A, en: A}}}\n",
                 "version: 1\nfields: {a: 3}\n", "version: 1\nfields: {a: {type: [text], label: 4}}\n"):
        _, diags = parse_model(text, "casebook.yml")
        assert diags and all(d.path == "casebook.yml" and d.line >= 1 for d in diags), text


def test_a_facet_naming_a_missing_vocabulary_is_located(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    model = (ROOT / "casebook.yml").read_text(encoding="utf-8")
    (root / "casebook.yml").write_text(model, encoding="utf-8")
    corpus = load_corpus(Paths.at(root))
    found = [d.format() for d in corpus.errors if d.path == "casebook.yml"]
    # the tiny project's _schemes.yml has four vocabularies; the model names more
    line = next(i for i, ln in enumerate(model.splitlines(), 1) if "vocabulary: intersectoral-regime" in ln)
    col = model.splitlines()[line - 1].index("intersectoral-regime") + 1
    assert f"casebook.yml:{line}:{col}: fields.collaboration.fields.regimes.vocabulary: no vocabulary " \
           "'intersectoral-regime' in concepts/_schemes.yml" in found


def test_a_scheme_that_names_another_field_is_located(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    shutil.copy(ROOT / "casebook.yml", root / "casebook.yml")
    schemes = (ROOT / "concepts" / "_schemes.yml").read_text(encoding="utf-8").replace("facet: level", "facet: levels")
    (root / "concepts" / "_schemes.yml").write_text(schemes, encoding="utf-8")
    corpus = load_corpus(Paths.at(root))
    found = [d.format() for d in corpus.errors if d.path == "concepts/_schemes.yml"]
    assert len(found) == 1 and "level.facet: the vocabulary 'level' says it constrains 'levels', but the model " \
        "gives it to 'level'" in found[0]


def test_a_site_without_a_model_gets_the_packaged_one(tmp_path: Path) -> None:
    corpus = load_corpus(Paths.at(make_project(tmp_path, {"x.yml": MINIMAL_CASE})))
    assert corpus.model is default_model()
    assert not corpus.errors


def test_a_compare_cell_of_a_number_or_a_date_is_in_each_site_language() -> None:
    """fields.extract, which the compare page's cells read: a number is the same text in every language of the site
    (a third language included), a date is written in each."""
    from casebook.base.i18n import Languages, use_languages
    from casebook.model.fields import extract

    model = model_of("size: {type: number, label: {fr: Taille, en: Size}}\n"
                     "founded: {type: date, label: {fr: Fondé, en: Founded}}\n")
    size, founded = model.field("size"), model.field("founded")
    assert size is not None and founded is not None
    use_languages(Languages(("en", "fr", "es"), "en"))
    (item,) = extract(size, 58)[1]
    assert [item.text.get(lang) for lang in ("en", "fr", "es")] == ["58", "58", "58"]
    use_languages(Languages(("en", "fr")))
    (item,) = extract(founded, "2017-02")[1]
    assert (item.text.get("en"), item.text.get("fr")) == ("February 2017", "février 2017")


def test_a_model_file_read_again_unchanged_is_the_same_model(tmp_path: Path) -> None:
    """Under ``mkdocs serve`` every rebuild reads the model again: the same text gives the same Model (the validators
    compiled for it are reused, not made again and kept beside the old ones); an edit gives a new one, which shows it."""
    path = tmp_path / "casebook.yml"
    text = PACKAGED.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first, diags = load_model(path, root=tmp_path)
    again, diags_again = load_model(path, root=tmp_path)
    assert again is first and diags == diags_again == []
    assert text.count("  title: Casebook case\n") == 1
    path.write_text(text.replace("  title: Casebook case\n", "  title: Casebook case, revised\n"), encoding="utf-8")
    edited, _ = load_model(path, root=tmp_path)
    assert edited is not first and edited.title == "Casebook case, revised" and first.title == "Casebook case"
    broken = text.replace("    type: text\n", "    type: novel\n", 1)
    path.write_text(broken, encoding="utf-8")
    for _ in range(2):  # the errors of a bad model are reported on every read, not only the first
        _, found = load_model(path, root=tmp_path)
        assert any("novel" in d.message for d in found)


def test_the_concept_matrix_limit_is_a_whole_number_of_cases() -> None:
    fields = "kind: {type: facet, vocabulary: k, label: {fr: Genre, en: Kind}}\n"
    assert model_of(fields).concept_matrix_max_cases == 40, "the default: the grid up to 40 cases"
    head = HEAD.replace("fields:", "concept_matrix_max_cases: 12\nfields:")
    assert model_of(fields, head=head).concept_matrix_max_cases == 12
    assert model_of(fields, head=HEAD.replace("fields:", "concept_matrix_max_cases: 0\nfields:")
                    ).concept_matrix_max_cases == 0
    for bad, shown in (("-3", "-3"), ("'many'", "'many'"), ("true", "true"), ("2.5", "2.5")):
        found = errors_of(fields, head=HEAD.replace("fields:", f"concept_matrix_max_cases: {bad}\nfields:"))
        assert len(found) == 1 and found[0].startswith(
            "casebook.yml:5:27: concept_matrix_max_cases: 'concept_matrix_max_cases' must be a whole number of cases, "
            "0 or more, got "), found
        assert shown in found[0]
