"""The published content: ten cases, complete in both languages, every reference resolving."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from casebook.base.i18n import Localized
from casebook.base.yamlfile import parse_yaml
from casebook.content.corpus import Paths, load_corpus
from casebook.model.schema import validator

from .conftest import ROOT

REQUIRED = ("title", "short_title", "summary", "place")


def corpus():
    return load_corpus(Paths.at(ROOT))


def test_corpus_has_no_error_and_no_pending_translation() -> None:
    c = corpus()
    assert [d.format() for d in c.errors] == []
    assert [d.format() for d in c.warnings] == []


def test_ten_cases_with_required_fields_in_both_languages() -> None:
    c = corpus()
    assert len(c.cases) == 10
    for case in c.cases.values():
        for key in REQUIRED:
            text = Localized.from_data(case.data[key])
            assert text.fr.strip() and text.en.strip(), (case.id, key)
        assert case.sectors is not None and case.types, case.id
        assert case.mode in ("", "chosen", "mandated"), case.id  # left empty where the source does not say
        assert case.data["sources"], case.id
    # The colloquium sets these two side by side as chosen against mandated collaboration.
    assert (c.cases["saj-laval"].mode, c.cases["lpj-youth-protection"].mode) == ("chosen", "mandated")
    # The thesis never says whether the OMHM's initiative was chosen or mandated: it answered a request from the
    # general management and the members' part in it was written into their job descriptions (seed 000 L5483-5485,
    # L10628-10630), while the Cellule SMN "n'a pas été imposée d'en haut" (L5442-5444).
    assert c.cases["omhm-dis-hsmn"].mode == ""


def test_every_facet_value_and_citation_resolves() -> None:
    c = corpus()
    for case in c.cases.values():
        for _, concept, _ in case.concept_refs():
            assert concept in c.concepts, (case.id, concept)


def test_at_least_forty_concepts_each_bilingual() -> None:
    c = corpus()
    assert len(c.concepts) >= 40
    for concept in c.concepts.values():
        assert concept.term.fr and concept.term.en and concept.definition.fr and concept.definition.en, concept.id


def test_every_bib_entry_has_langid() -> None:
    c = corpus()
    assert c.bibliography.refs
    assert all(ref.lang in {"fr", "en"} for ref in c.bibliography.refs.values())


def _yaml_blocks(page: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


def test_contribute_guide_examples_validate() -> None:
    for page in (ROOT / "docs" / "contribute.md", ROOT / "docs" / "en" / "contribute.md"):
        blocks = _yaml_blocks(page)
        assert blocks, page
        doc, diags = parse_yaml(blocks[0], str(page))
        assert diags == [] and doc is not None
        assert list(validator("case").iter_errors(doc.data)) == []
        c = corpus()
        for value in [*doc.data["sector"], *doc.data["level"], *doc.data["collaboration"]["types"], doc.data["collaboration"]["mode"]]:
            assert value in c.concepts
        assert set(doc.data["sources"]) <= set(c.bibliography.refs)


def test_case_files_start_with_the_schema_line() -> None:
    for path in sorted((ROOT / "cases").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../plugins/casebook/schemas/case.schema.json", path
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)
