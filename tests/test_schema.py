"""The editor schemas: bilingual descriptions and examples on every field, the site's concept ids in the published
schema, and the same required fields as the build."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from casebook.base.diagnostics import Severity
from casebook.base.text import fr_typo
from casebook.base.yamlfile import parse_yaml
from casebook.content.corpus import Corpus, Paths, load_corpus
from casebook.model.loading import _case_checks
from casebook.model.schema import published_schema, schema_text, validate
from casebook.publishing.template import template_text

from .conftest import ROOT


def slots(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of a schema (at any depth, in its definitions too), by a readable path."""
    if not isinstance(node, dict):
        return
    for name, sub in (node.get("properties") or {}).items():
        yield f"{path}.{name}".lstrip("."), sub
        yield from slots(sub, f"{path}.{name}")
    if isinstance(node.get("items"), dict):
        yield from slots(node["items"], f"{path}[]")
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(node.get(key) or []):
            yield from slots(sub, f"{path}/{key}{i}")
    for name, sub in (node.get("$defs") or {}).items():
        yield from slots(sub, f"$defs.{name}")


@pytest.mark.parametrize("name", ["case", "concept"])
def test_every_field_has_a_french_and_english_description_and_an_example(name: str) -> None:
    schema = json.loads(schema_text(name))
    Draft202012Validator.check_schema(schema)
    root = Draft202012Validator(schema)
    found = list(slots(schema))
    assert len(found) >= (80 if name == "case" else 12)  # the review counted 80 property slots in the case schema
    for where, slot in found:
        description = slot.get("description", "")
        assert description.count("\n\n") == 1, (where, description)
        fr, en = description.split("\n\n")
        assert fr and en and fr != en, where
        # French typography: a no-break space before : ; ? ! » and after « (what fr_typo writes)
        assert not re.search(r"[^\u00a0\u202f][:;?!»]|«[^\u00a0\u202f]", fr), (where, fr)
        assert fr_typo(fr.replace("\u00a0", " ")) == fr, where
        assert "\u00a0" not in en, where
        assert slot.get("examples"), f"{where} has no example"
        sub = root.evolve(schema={**slot, "$defs": schema.get("$defs", {})})
        for example in slot["examples"]:
            errors = [e.message for e in sub.iter_errors(example)]
            assert not errors, (where, example, errors)


@cache
def real_corpus() -> Corpus:
    return load_corpus(Paths.at(ROOT))


def published(name: str) -> dict[str, Any]:
    corpus = real_corpus()
    concepts = {c.id: list(c.schemes) for c in corpus.concepts.values()}
    facets = {s.facet: s.id for s in corpus.schemes.values() if s.facet}
    schema = json.loads(published_schema(name, concepts, facets))
    Draft202012Validator.check_schema(schema)
    return schema


def test_the_published_schema_lists_the_concept_ids_of_each_facet() -> None:
    corpus = real_corpus()
    schema = published("case")
    validator = Draft202012Validator(schema)

    def ids(scheme: str) -> list[str]:
        return sorted(c.id for c in corpus.concepts.values() if scheme in c.schemes)

    props = schema["properties"]
    assert props["sector"]["items"]["enum"] == ids("sector")
    assert props["level"]["items"]["enum"] == ids("level")
    assert props["collaboration"]["properties"]["types"]["items"]["enum"] == ids("collaboration-type")
    assert props["collaboration"]["properties"]["mode"]["enum"] == ids("collaboration-mode") == ["chosen", "mandated"]
    assert props["public_values"]["items"]["properties"]["concept"]["enum"] == ids("public-value")
    findings = props["findings"]["properties"]
    assert findings["facilitating_factors"]["items"]["properties"]["categories"]["items"]["enum"] == ids("facilitating-factor")
    assert findings["barriers"]["items"]["properties"]["categories"]["items"]["enum"] == ids("barrier")
    assert schema["$defs"]["conceptId"]["enum"] == sorted(corpus.concepts)  # any other concept field: every id
    # what an editor then says
    case = yaml.safe_load(template_text())
    assert list(validator.iter_errors(case)) == []
    wrong = copy.deepcopy(case)
    wrong["sector"] = ["regional"]  # a concept, but a level
    assert [e.json_path for e in validator.iter_errors(wrong)] == ["$.sector[0]"]
    # every case of the site passes the schema its editor uses (the strict build has checked them)
    for path in sorted((ROOT / "cases").glob("*.yml")):
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert errors == [], path.name
    concept = published("concept")
    assert concept["$defs"]["conceptList"]["items"]["enum"] == sorted(corpus.concepts)


def test_the_site_publishes_the_schema_with_its_concept_ids(built_site: Path) -> None:
    served = json.loads((built_site / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    assert served == published("case")
    assert json.loads((built_site / "schema" / "concept.schema.json").read_text(encoding="utf-8")) == published("concept")


def fields(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every key of a document, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from fields(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from fields(value, (*path, i))


def without(data: Any, path: tuple[str | int, ...]) -> Any:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return out


def build_refuses(data: Any) -> bool:
    """Whether the strict build refuses a case: a schema error, or a warning (a translation pending)."""
    doc, found = parse_yaml(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "cases/x.yml")
    assert doc is not None and not found
    problems = validate(doc, "case") + _case_checks(doc)
    return any(p.severity >= Severity.WARNING for p in problems)


FULL_CASE = {
    **yaml.safe_load(template_text()),
    "structures": [{"id": "phases", "title": {"fr": "Phases", "en": "Phases"}, "intro": {"fr": "I.", "en": "I."},
                    "columns": {"when": {"fr": "Quand", "en": "When"}, "detail": {"fr": "D.", "en": "D."}},
                    "items": [{"label": {"fr": "A", "en": "A"}, "concept": "coproduction", "when": {"fr": "2018", "en": "2018"},
                               "detail": {"fr": "D.", "en": "D."}, "description": {"fr": "D.", "en": "D."}}]}],
    "sections": [{"id": "contexte", "title": {"fr": "Contexte", "en": "Context"}, "body": {"fr": "T.", "en": "T."}}],
}


def test_the_schema_and_the_build_require_the_same_fields() -> None:
    """Remove each field of a case that uses every field, one at a time: the published schema refuses the case exactly
    when the strict build does (so every field the build requires is required in the schema, and the reverse)."""
    validator = Draft202012Validator(published("case"))
    assert not build_refuses(FULL_CASE) and not list(validator.iter_errors(FULL_CASE))
    paths = list(fields(FULL_CASE))
    assert len(paths) > 130
    required = []
    for path in paths:
        case = without(FULL_CASE, path)
        by_schema = any(True for _ in validator.iter_errors(case))
        assert by_schema == build_refuses(case), (path, by_schema)
        if by_schema:
            required.append(path)
    # what the rule says is required: the top-level fields the guide lists, and each text's two languages
    top = {p[0] for p in required if len(p) == 1}
    assert top == {"title", "short_title", "summary", "sector", "level", "place", "period", "collaboration", "sources"}
    assert ("title", "en") in required and ("title", "fr") in required
    assert ("timeline", 0, "event") in required and ("actors", 0, "kind") in required
    assert ("period", "end") not in required and ("timeline", 1, "label") not in required
