"""Open data: every case as JSON and as CSV, and schema.org JSON-LD for each case page.

* ``/data/cases.json`` — ``{"version", "schema", "site", "languages", "count", "concepts", "cases"}``; each case is
  ``{"id", "url": {fr, en}, "data"}`` where ``data`` is the case file as validated (every text bilingual, the
  structure of ``case.schema.json``). Its structure is described by ``schema/cases-export.schema.json`` and by
  :data:`EXPORT_VERSION` (semantic versioning: a new optional field bumps the minor number; a field renamed or
  removed bumps the major number).
* ``/data/cases.csv`` — one row per case, the fields the model's ``exports.csv`` names (then every other field of a
  type the CSV can hold), each flattened as its type says (:func:`csv_columns`), UTF-8 with a byte order mark so that
  spreadsheets detect the encoding, RFC 4180 quoting and CRLF line ends. A cell that a spreadsheet would take
  for a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an
  apostrophe (:func:`guard`).
* JSON-LD — a schema.org ``Article`` per case page (its ``about``, place, period and sources are the fields the
  model's ``exports.jsonld`` names), serialised by :func:`script_json` so that no contributed text
  can close the ``<script>`` element.

No MkDocs import: the plugin writes the strings these functions return.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from markupsafe import Markup

from ..base.i18n import Localized, page_url, site_languages
from ..base.ui import tr
from ..compare.matrices import DATA_SOURCE_KINDS, facet_ids
from ..compare.spec import CsvField, ExportSpec, export_spec
from ..content.corpus import Corpus
from ..model.declaration import FieldSpec, Model, default_model
from ..model.entities import Case
from ..model.fields import value_words
from ..model.schema import localize_schema, schema_text

EXPORT_VERSION = "1.2.0"  # 1.1.0: the licence; 1.2.0: a case's data may hold its own works (references, CSL-YAML)
SCHEMA_PATH = "schema/cases-export.schema.json"
JSON_PATH = "data/cases.json"
CSV_PATH = "data/cases.csv"
LIST_SEP = "; "  # between the values of a list in one CSV cell
TEXT_SEP = "\n"  # between the texts of a list (findings, notes) in one CSV cell


def case_urls(case_id: str, site_url: str = "") -> dict[str, str]:
    """The case page in each language: absolute when ``site_url`` is known, else relative to the site root."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    return {lang: base + page_url(lang, f"cases/{case_id}/") for lang in site_languages().codes}


def export_schema_text() -> str:
    """The schema of ``cases.json`` the site publishes: its texts, terms and addresses in the site's languages, and
    ``languages`` one of them each (the packaged schema says French and English)."""
    codes = site_languages().codes
    schema = localize_schema(json.loads(schema_text("cases-export")), codes)
    schema["properties"]["languages"]["items"] = {"enum": list(codes)}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _referenced_concepts(cases: Iterable[Case]) -> list[str]:
    seen: dict[str, None] = {}
    for case in cases:
        for _, cid, _ in case.concept_refs():
            seen.setdefault(cid, None)
    return list(seen)


def cases_json(corpus: Corpus, *, site_url: str = "", license: Mapping[str, str] | None = None) -> str:
    """The open data: every case as loaded, with the concepts they use; ``license``: ``{id, name, url}``."""
    cases = corpus.sorted_cases()
    concepts: dict[str, Any] = {}
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    for cid in sorted(_referenced_concepts(cases)):
        c = corpus.concepts.get(cid)
        if c is None:
            continue
        concepts[cid] = {"term": {lang: c.term.get(lang) for lang in site_languages().codes}, "schemes": c.schemes,
                         "url": {lang: base + page_url(lang, f"concepts/{cid}/") for lang in site_languages().codes}}
    doc = {
        "version": EXPORT_VERSION,
        "schema": base + SCHEMA_PATH,
        "site": site_url,
        "languages": list(site_languages().codes),
        "count": len(cases),
        **({"license": dict(license)} if license else {}),
        "concepts": concepts,
        "cases": [{"id": c.id, "url": case_urls(c.id, site_url), "data": _plain_data(c.data)} for c in cases],
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def _plain_data(data: Any) -> Any:
    """The loaded YAML as JSON values (mappings and lists copied, keys as text)."""
    if isinstance(data, Mapping):
        return {str(k): _plain_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain_data(v) for v in data]
    return data


# ---- CSV ---------------------------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: prefix a risky first character with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_languages() -> tuple[str, ...]:
    """The languages of the CSV's text columns (``<prefix>_<code>``): the site's, in its order."""
    return site_languages().codes


def _both(prefix: str, text: Localized) -> dict[str, str]:
    return {f"{prefix}_{lang}": text.get(lang) for lang in csv_languages()}


def _texts(prefix: str, items: Iterable[Any]) -> dict[str, str]:
    locs = [Localized.from_data(x) for x in items]
    return {f"{prefix}_{lang}": TEXT_SEP.join(t.get(lang) for t in locs if t.get(lang)) for lang in csv_languages()}


def _terms(corpus: Corpus, ids: Iterable[str], lang: str) -> str:
    return LIST_SEP.join(corpus.concepts[i].term.get(lang) if i in corpus.concepts else i for i in ids)


def _facet(corpus: Corpus, name: str, ids: list[str]) -> dict[str, str]:
    return {name: LIST_SEP.join(ids), **{f"{name}_{lang}": _terms(corpus, ids, lang) for lang in csv_languages()}}


def _spec(model: Model | None) -> ExportSpec:
    return export_spec(model or default_model())


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    return [v for v in value or () if isinstance(v, str)] if isinstance(value, list) else []


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _field_columns(f: CsvField) -> list[str]:
    """The CSV columns of one field, as its type flattens it."""
    p, kind = f.name, f.spec.type
    langs = [f"{p}_{lang}" for lang in csv_languages()]
    if kind in ("text", "texts", "actors", "arrangements"):
        return langs
    if kind == "period":
        return [f"{p}_start", f"{p}_end", *([f"{p}_label_{lang}" for lang in csv_languages()] if f.label else [])]
    if kind == "facet":
        return [p, *langs]
    if kind == "findings":
        return [*([f"{p}_categories"] if f.spec.vocabulary else []), *langs]
    if kind == "data_sources":
        return [c for k in DATA_SOURCE_KINDS for c in (f"{p}_{k}", f"{p}_{k}_participants")]
    if kind == "items":
        return [c for sub in f.spec.item_fields for c in _item_columns(p, sub)]
    return [p]


def _item_columns(p: str, sub: FieldSpec) -> list[str]:
    """The columns of one part of an ``items`` field's entries: a text in each language, a period's two dates."""
    name = f"{p}_{sub.name}"
    if sub.type in ("text", "texts"):
        return [f"{name}_{lang}" for lang in csv_languages()]
    return [f"{name}_start", f"{name}_end"] if sub.type == "period" else [name]


def _item_cells(p: str, sub: FieldSpec, entries: list[Mapping[str, Any]]) -> dict[str, str]:
    """One line an entry, in the entries' order, in each column of the part (an empty line where an entry gives
    none), so that the n-th lines of the field's columns are the same entry."""
    values = [e.get(sub.name) for e in entries]
    name = f"{p}_{sub.name}"
    if sub.type in ("text", "texts"):
        return {f"{name}_{lang}": TEXT_SEP.join(value_words(sub, v, lang, fallback=False) for v in values) for lang in csv_languages()}
    if sub.type == "period":
        return {f"{name}_{end}": TEXT_SEP.join(str(v.get(end) or "") if isinstance(v, Mapping) else "" for v in values)
                for end in ("start", "end")}
    if sub.type == "boolean":
        return {name: TEXT_SEP.join("" if v is None else ("true" if v else "false") for v in values)}
    return {name: TEXT_SEP.join("" if v is None else str(v) for v in values)}  # number, boolean, link, date, values, works, concepts


def _field_cells(corpus: Corpus, f: CsvField, value: Any) -> dict[str, str]:
    p, kind = f.name, f.spec.type
    if kind == "text":
        return _both(p, Localized.from_data(value))
    if kind == "texts":
        return _texts(p, value if isinstance(value, list) else [])
    if kind in ("actors", "arrangements"):
        return _texts(p, [a.get("name") for a in _dicts(value)])
    if kind == "period":
        period = value if isinstance(value, Mapping) else {}
        row = {f"{p}_start": str(period.get("start") or ""), f"{p}_end": str(period.get("end") or "")}
        return row | (_both(f"{p}_label", Localized.from_data(period.get("label"))) if f.label else {})
    if kind == "facet":
        return _facet(corpus, p, _ids(value))
    if kind == "findings":
        items = _dicts(value)
        row = {}
        if f.spec.vocabulary:
            row[f"{p}_categories"] = LIST_SEP.join(sorted({c for x in items for c in _ids(x.get("categories"))}))
        return row | _texts(p, [x.get("text") for x in items])
    if kind == "data_sources":
        sources = _dicts(value)
        row = {}
        for k in DATA_SOURCE_KINDS:
            of_kind = [s for s in sources if s.get("kind") == k]
            counts = [int(s["count"]) for s in of_kind if s.get("count") is not None]
            people = [int(s["participants"]) for s in of_kind if s.get("participants") is not None]
            row[f"{p}_{k}"] = str(sum(counts)) if counts else ("yes" if of_kind else "")
            row[f"{p}_{k}_participants"] = str(sum(people)) if people else ""
        return row
    if kind == "items":
        entries = _dicts(value)
        return {c: v for sub in f.spec.item_fields for c, v in _item_cells(p, sub, entries).items()}
    if kind == "values":
        return {p: LIST_SEP.join(dict.fromkeys(str(v["concept"]) for v in _dicts(value) if v.get("concept")))}
    if kind in ("works", "concepts"):
        return {p: LIST_SEP.join(_ids(value))}
    if kind == "boolean":
        return {p: "" if value is None else ("true" if value else "false")}
    return {p: "" if value is None else str(value)}  # number, link, date


def csv_row(corpus: Corpus, case: Case, site_url: str = "", model: Model | None = None) -> dict[str, str]:
    urls = case_urls(case.id, site_url)
    row: dict[str, str] = {"id": case.id, **{f"url_{lang}": urls.get(lang, "") for lang in csv_languages()}}
    for f in _spec(model or corpus.model).csv:
        row |= _field_cells(corpus, f, f.spec.get(case.data))
    return row


def csv_columns(model: Model | None = None) -> list[str]:
    """The CSV's header: the case id, its page in each language, then each exported field's columns."""
    return ["id", *(f"url_{lang}" for lang in csv_languages()), *(c for f in _spec(model).csv for c in _field_columns(f))]


def cases_csv(corpus: Corpus, *, site_url: str = "", model: Model | None = None) -> str:
    """The CSV text, starting with a byte order mark; write it encoded as UTF-8."""
    buf = io.StringIO()
    writer = csv.writer(buf, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    model = model or corpus.model
    columns = csv_columns(model)
    writer.writerow(columns)
    for case in corpus.sorted_cases():
        row = csv_row(corpus, case, site_url, model)
        writer.writerow([guard(row.get(col, "")) for col in columns])
    return "\ufeff" + buf.getvalue()


# ---- JSON-LD ----------------------------------------------------------------------------------------------
_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``… escapes (the same string for a JSON parser), so neither
    ``</script>`` nor ``<!--`` can appear in the element, whatever a contributed text says.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _UNSAFE_IN_SCRIPT[m[0]], text))


def _plain(text: str) -> str:
    text = re.sub(r"\[(-?@[^\]]+)\]", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


def _work(corpus: Corpus, key: str) -> dict[str, Any] | None:
    ref = corpus.bibliography.refs.get(key)
    if ref is None:
        return None
    types = {"article": "ScholarlyArticle", "book": "Book", "phdthesis": "Thesis", "mastersthesis": "Thesis",
             "thesis": "Thesis", "incollection": "Chapter", "inbook": "Chapter", "report": "Report",
             "techreport": "Report", "legislation": "Legislation", "online": "WebPage"}
    work: dict[str, Any] = {"@type": types.get(ref.type, "CreativeWork"), "name": re.sub(r"[{}]", "", ref.title)}
    people = [{"@type": "Organization" if n.literal else "Person",
               "name": re.sub(r"[{}]", "", f"{n.given} {n.family}".strip())} for n in ref.authors]
    if people:
        work["author"] = people
    if ref.year:
        work["datePublished"] = ref.year
    if ref.url:
        work["url"] = ref.url
    return work


def temporal_coverage(case: Case, field: FieldSpec | None = None) -> str:
    """ISO 8601 interval of the case's period (``2018/2022``, ``2007/..`` when it has no end), or ''.
    ``field``: the period field (the model's ``exports.jsonld.period``; the case's ``period`` by default)."""
    value = field.get(case.data) if field is not None else case.period
    period = value if isinstance(value, Mapping) else {}
    start, end = str(period.get("start") or ""), str(period.get("end") or "")
    if not start:
        return ""
    return f"{start}/{end or '..'}"


def case_jsonld(corpus: Corpus, case: Case, lang: str, *, link: Callable[[str], str] | None = None,
                site_url: str = "", site_name: str = "Casebook", model: Model | None = None) -> dict[str, Any]:
    """schema.org description of one case page in ``lang``.

    ``link`` turns a site path (``en/concepts/x/``) into the URL to write; by default the path is appended to
    ``site_url`` (absolute URLs, as search engines want them).
    """
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"

    def to(path: str) -> str:
        return link(path) if link else base + path

    langs = site_languages()
    here = to(page_url(lang, f"cases/{case.id}/"))
    spec = _spec(model or corpus.model)
    about = []
    for cid in dict.fromkeys(cid for f in spec.about for cid in facet_ids(case, f)):
        c = corpus.concepts.get(cid)
        if c is not None:
            about.append({"@type": "DefinedTerm", "name": c.term.best(lang), "url": to(page_url(lang, f"concepts/{cid}/"))})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": here,
        "url": here,
        "genre": tr(lang, "jsonld_genre"),
        "name": _plain(case.title.best(lang)),
        "headline": _plain(case.short_title.best(lang))[:110],
        "description": _plain(case.summary.best(lang)),
        "inLanguage": lang,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": to(page_url(lang, ""))},
        "about": about,
        "keywords": [a["name"] for a in about],
    }
    if spec.place is not None:
        place = Localized.from_data(spec.place.get(case.data))
        data["spatialCoverage"] = {"@type": "Place", "name": _plain(place.best(lang))}
    coverage = temporal_coverage(case, spec.period) if spec.period is not None else ""
    if coverage:
        data["temporalCoverage"] = coverage
    keys = _ids(spec.based_on.get(case.data)) if spec.based_on is not None else []
    works = [w for w in (_work(corpus, k) for k in keys) if w]
    if works:
        data["isBasedOn"] = works
    # The page in the site's first language is the work; the others are its translations.
    others = [{"@id": to(page_url(o, f"cases/{case.id}/")), "inLanguage": o} for o in langs.others]
    if lang != langs.default:
        data["translationOfWork"] = {"@id": to(page_url(langs.default, f"cases/{case.id}/")), "inLanguage": langs.default}
    elif others:
        data["workTranslation"] = others[0] if len(others) == 1 else others
    return data


__all__ = ["EXPORT_VERSION", "case_jsonld", "cases_csv", "cases_json", "csv_columns", "csv_languages",
           "export_schema_text", "guard", "script_json", "temporal_coverage"]
