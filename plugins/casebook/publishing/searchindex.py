"""Per-language search indexes.

MkDocs' search plugin (and Material's) writes one index for the whole site. A French search must not return English
pages, so the index is split by the URL convention: the first language's index keeps the pages at the root and stays
at ``search/search_index.json``; each other language's (English, say) keeps the pages under ``en/``, with locations
made relative to ``en/`` (Material resolves a result's location against the search base, which English pages set to
``…/en``), and goes to ``en/search/search_index.json``. Each index's ``config.lang`` names its own language only, so the browser loads one
stemmer.
"""

from __future__ import annotations

from typing import Any

from ..base.i18n import lang_of_url, lang_prefix, site_languages


def index_path(lang: str) -> str:
    """Site-relative path of the search index of ``lang``."""
    return lang_prefix(lang) + "search/search_index.json"


def split_index(index: dict[str, Any], langs: tuple[str, ...] | None = None) -> dict[str, dict[str, Any]]:
    """Split a whole-site search index into one index per language (see the module docstring)."""
    default = site_languages().default
    langs = site_languages().codes if langs is None else langs
    config = dict(index.get("config") or {})
    out: dict[str, dict[str, Any]] = {}
    for lang in langs:
        prefix = lang_prefix(lang)
        docs = []
        for doc in index.get("docs") or []:
            location = str(doc.get("location", ""))
            if lang_of_url(location) != lang:
                continue
            if lang != default:
                doc = {**doc, "location": location[len(prefix):]}
            docs.append(doc)
        out[lang] = {**index, "config": {**config, "lang": [lang]}, "docs": docs}
    return out
