"""Open data: every case as JSON and as CSV, and schema.org JSON-LD for each case page.

* ``/data/cases.json`` — ``{"version", "schema", "site", "languages", "count", "concepts", "cases"}``; each case is
  ``{"id", "url": {fr, en}, "data"}`` where ``data`` is the case file as validated (every text bilingual, the
  structure of ``case.schema.json``). Its structure is described by ``schema/cases-export.schema.json`` and by
  :data:`EXPORT_VERSION` (semantic versioning: a new optional field bumps the minor number; a field renamed or
  removed bumps the major number).
* ``/data/cases.csv`` — one row per case, :data:`CSV_COLUMNS` flattened, UTF-8 with a byte order mark so that
  spreadsheets detect the encoding, RFC 4180 quoting and CRLF line ends. A cell that a spreadsheet would take
  for a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an
  apostrophe (:func:`guard`).
* JSON-LD — a schema.org ``Article`` per case page, serialised by :func:`script_json` so that no contributed text
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
from ..compare.matrices import DATA_SOURCE_KINDS
from ..content.corpus import Corpus
from ..model.entities import Case

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
        concepts[cid] = {"term": {"fr": c.term.fr, "en": c.term.en}, "schemes": c.schemes,
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


def _both(prefix: str, text: Localized) -> dict[str, str]:
    return {f"{prefix}_fr": text.fr, f"{prefix}_en": text.en}


def _texts(prefix: str, items: Iterable[Any]) -> dict[str, str]:
    locs = [Localized.from_data(x) for x in items]
    return {f"{prefix}_fr": TEXT_SEP.join(t.fr for t in locs if t.fr),
            f"{prefix}_en": TEXT_SEP.join(t.en for t in locs if t.en)}


def _terms(corpus: Corpus, ids: Iterable[str], lang: str) -> str:
    return LIST_SEP.join(corpus.concepts[i].term.get(lang) if i in corpus.concepts else i for i in ids)


def _facet(corpus: Corpus, name: str, ids: list[str]) -> dict[str, str]:
    return {name: LIST_SEP.join(ids), f"{name}_fr": _terms(corpus, ids, "fr"), f"{name}_en": _terms(corpus, ids, "en")}


def csv_row(corpus: Corpus, case: Case, site_url: str = "") -> dict[str, str]:
    d = case.data
    period = case.period
    research = d.get("research_design") or {}
    findings = d.get("findings") or {}
    urls = case_urls(case.id, site_url)
    row: dict[str, str] = {"id": case.id, "url_fr": urls.get("fr", ""), "url_en": urls.get("en", "")}
    row |= _both("title", case.title) | _both("short_title", case.short_title) | _both("summary", case.summary)
    row |= _both("place", Localized.from_data(d.get("place")))
    row |= {"period_start": str(period.get("start") or ""), "period_end": str(period.get("end") or "")}
    row |= _both("period_label", Localized.from_data(period.get("label")))
    facets = case.facet_values()
    row |= _facet(corpus, "sector", case.sectors) | _facet(corpus, "level", case.levels)
    row |= _facet(corpus, "types", case.types) | _facet(corpus, "mode", [case.mode] if case.mode else [])
    row |= _facet(corpus, "regimes", facets["collaboration.regimes"])
    row |= _texts("actors", [a.get("name") for a in d.get("actors") or []])
    row |= _texts("governance", [g.get("name") for g in d.get("governance") or []])
    row |= _both("approach", Localized.from_data(research.get("approach")))
    rp = research.get("period") or {}
    row |= {"research_start": str(rp.get("start") or ""), "research_end": str(rp.get("end") or "")}
    sources = d.get("data_sources") or []
    for kind in DATA_SOURCE_KINDS:
        of_kind = [s for s in sources if s.get("kind") == kind]
        counts = [int(s["count"]) for s in of_kind if s.get("count") is not None]
        people = [int(s["participants"]) for s in of_kind if s.get("participants") is not None]
        row[f"ds_{kind}"] = str(sum(counts)) if counts else ("yes" if of_kind else "")
        row[f"ds_{kind}_participants"] = str(sum(people)) if people else ""
    for key in ("facilitating_factors", "barriers"):
        items = findings.get(key) or []
        cats = sorted({c for f in items for c in f.get("categories") or []})
        row[f"{key}_categories"] = LIST_SEP.join(cats)
        row |= _texts(key, [f.get("text") for f in items])
    for key in ("outcomes", "lessons"):
        row |= _texts(key, [f.get("text") for f in findings.get(key) or []])
    row["public_values"] = LIST_SEP.join(dict.fromkeys(v["concept"] for v in d.get("public_values") or []))
    row["sources"] = LIST_SEP.join(d.get("sources") or [])
    return row


def csv_columns() -> list[str]:
    cols = ["id", "url_fr", "url_en"]
    for name in ("title", "short_title", "summary", "place"):
        cols += [f"{name}_fr", f"{name}_en"]
    cols += ["period_start", "period_end", "period_label_fr", "period_label_en"]
    for name in ("sector", "level", "types", "mode", "regimes"):
        cols += [name, f"{name}_fr", f"{name}_en"]
    cols += ["actors_fr", "actors_en", "governance_fr", "governance_en", "approach_fr", "approach_en",
             "research_start", "research_end"]
    for kind in DATA_SOURCE_KINDS:
        cols += [f"ds_{kind}", f"ds_{kind}_participants"]
    for key in ("facilitating_factors", "barriers"):
        cols += [f"{key}_categories", f"{key}_fr", f"{key}_en"]
    cols += ["outcomes_fr", "outcomes_en", "lessons_fr", "lessons_en", "public_values", "sources"]
    return cols


CSV_COLUMNS: tuple[str, ...] = tuple(csv_columns())


def cases_csv(corpus: Corpus, *, site_url: str = "") -> str:
    """The CSV text, starting with a byte order mark; write it encoded as UTF-8."""
    buf = io.StringIO()
    writer = csv.writer(buf, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for case in corpus.sorted_cases():
        row = csv_row(corpus, case, site_url)
        writer.writerow([guard(row.get(col, "")) for col in CSV_COLUMNS])
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


def temporal_coverage(case: Case) -> str:
    """ISO 8601 interval of the case's period (``2018/2022``, ``2007/..`` when it has no end), or ''."""
    period = case.period
    start, end = str(period.get("start") or ""), str(period.get("end") or "")
    if not start:
        return ""
    return f"{start}/{end or '..'}"


def case_jsonld(corpus: Corpus, case: Case, lang: str, *, link: Callable[[str], str] | None = None,
                site_url: str = "", site_name: str = "Casebook") -> dict[str, Any]:
    """schema.org description of one case page in ``lang``.

    ``link`` turns a site path (``en/concepts/x/``) into the URL to write; by default the path is appended to
    ``site_url`` (absolute URLs, as search engines want them).
    """
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"

    def to(path: str) -> str:
        return link(path) if link else base + path

    langs = site_languages()
    here = to(page_url(lang, f"cases/{case.id}/"))
    about = []
    for cid in dict.fromkeys([*case.sectors, *case.levels, *case.types, *([case.mode] if case.mode else [])]):
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
        "spatialCoverage": {"@type": "Place", "name": _plain(Localized.from_data(case.data.get("place")).best(lang))},
    }
    coverage = temporal_coverage(case)
    if coverage:
        data["temporalCoverage"] = coverage
    works = [w for w in (_work(corpus, k) for k in case.data.get("sources") or []) if w]
    if works:
        data["isBasedOn"] = works
    # The page in the site's first language is the work; the others are its translations.
    others = [{"@id": to(page_url(o, f"cases/{case.id}/")), "inLanguage": o} for o in langs.others]
    if lang != langs.default:
        data["translationOfWork"] = {"@id": to(page_url(langs.default, f"cases/{case.id}/")), "inLanguage": langs.default}
    elif others:
        data["workTranslation"] = others[0] if len(others) == 1 else others
    return data


__all__ = ["CSV_COLUMNS", "EXPORT_VERSION", "case_jsonld", "cases_csv", "cases_json", "guard", "script_json",
           "temporal_coverage"]
