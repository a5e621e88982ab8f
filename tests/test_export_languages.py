"""The open data follow the site's declared languages: the CSV's text and page columns (``<prefix>_<code>``, one
per language, in the site's order), the terms and pages of ``cases.json``, and the schema the site publishes for
``cases.json``. Built for real: the tiny sites of test_languages.py, English only and English, French, Spanish.
Expected texts are the fixture's own (test_languages.TEXTS, CONCEPTS), not read off the output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .test_languages import CONCEPTS, TEXTS, built_site

URL = "https://example.org/"


@pytest.fixture(scope="module")
def en_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("x-en"), ["en"])


@pytest.fixture(scope="module")
def en_fr_es(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .test_languages import es_strings

    return built_site(tmp_path_factory.mktemp("x-en-fr-es"), ["en", "fr", "es"], options="apa_fallback: en\n",
                      strings=es_strings())


def read_csv(site: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = (site / "data" / "cases.csv").read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def read_json(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text(encoding="utf-8"))


def test_a_three_language_csv_has_a_column_per_language_in_the_sites_order(en_fr_es: Path) -> None:
    header, rows = read_csv(en_fr_es)
    assert header[:4] == ["id", "url_en", "url_fr", "url_es"]
    for prefix in ("title", "short_title", "summary", "place", "sector"):
        at = header.index(f"{prefix}_en")
        assert header[at:at + 3] == [f"{prefix}_en", f"{prefix}_fr", f"{prefix}_es"], prefix
    (row,) = rows
    assert row["url_en"] == URL + "cases/committee/" and row["url_es"] == URL + "es/cases/committee/"
    for lang in ("en", "fr", "es"):
        assert row[f"title_{lang}"] == TEXTS["title"][lang]
        assert row[f"place_{lang}"] == TEXTS["place"][lang]
        assert row[f"sector_{lang}"] == CONCEPTS["education"][1][lang]


def test_an_english_only_csv_has_no_french_column(en_only: Path) -> None:
    header, rows = read_csv(en_only)
    assert header[:2] == ["id", "url_en"]
    assert not [c for c in header if c.endswith("_fr")], header
    assert "title_en" in header and "sector_en" in header and "period_start" in header
    assert rows[0]["title_en"] == TEXTS["title"]["en"] and rows[0]["url_en"] == URL + "cases/committee/"


def test_the_json_gives_terms_and_pages_in_each_language(en_fr_es: Path, en_only: Path) -> None:
    data = read_json(en_fr_es, "data/cases.json")
    assert data["languages"] == ["en", "fr", "es"]
    assert data["concepts"]["education"]["term"] == CONCEPTS["education"][1]
    assert list(data["concepts"]["education"]["url"]) == ["en", "fr", "es"]
    assert read_json(en_only, "data/cases.json")["concepts"]["education"]["term"] == {"en": "Education"}


def validator_of(site: Path) -> Draft202012Validator:
    schema = read_json(site, "schema/cases-export.schema.json")
    case = read_json(site, "schema/case.schema.json")
    registry = Registry().with_resource(case["$id"], Resource.from_contents(case))
    return Draft202012Validator(schema, registry=registry)


@pytest.mark.parametrize("name", ["en_only", "en_fr_es"])
def test_the_published_schema_of_cases_json_is_the_sites(name: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(name)
    data = read_json(site, "data/cases.json")
    schema = read_json(site, "schema/cases-export.schema.json")
    assert schema["properties"]["languages"]["items"] == {"enum": data["languages"]}
    assert sorted(schema["$defs"]["bilingual"]["properties"]) == sorted(data["languages"])
    errors = [e.message for e in validator_of(site).iter_errors(data)]
    assert errors == []
    # the schema checks the languages: a French term in an English-only site's export is refused
    if name == "en_only":
        data["concepts"]["education"]["term"]["fr"] = "Éducation"
        assert [e.message for e in validator_of(site).iter_errors(data)]
