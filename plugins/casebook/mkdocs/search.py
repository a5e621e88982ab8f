"""Per-language search: split the search plugin's index and serve it through Casebook's search worker."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from ..base.i18n import site_languages
from ..base.memo import BuildMemo
from ..publishing.searchindex import index_path, split_index
from .common import log

WORKERS = "assets/javascripts/workers"


@cache
def material_worker() -> str:
    """File name of Material's search worker (it carries a content hash that changes between releases)."""
    import material  # the theme package; only its file layout is used

    folder = Path(material.__file__).parent / "templates" / WORKERS
    names = sorted(p.name for p in folder.glob("search.*.min.js"))
    return names[-1] if names else ""


def worker_url() -> str:
    """Site-relative URL of the worker that the theme's config block gives Material (see theme/main.html)."""
    name = material_worker()
    if not name:
        return ""
    return f"{WORKERS}/casebook-search.js?material={name}"


def search_plugin(plugins: Any) -> Any:
    """The site's search plugin (Material's, or MkDocs' own), or None."""
    return plugins.get("material/search") or plugins.get("search")


def search_entries(plugins: Any) -> list[dict[str, Any]] | None:
    """The entries list of the search plugin's index (Material's and MkDocs' keep one), or None."""
    entries = getattr(getattr(search_plugin(plugins), "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


def split_before_writing(plugins: Any, site_dir: str, encoded: EncodedEntries | None = None) -> Callable[[], None] | None:
    """Write the other languages' indexes from the search plugin's entries, and the first language's in its place.

    Without this, the plugin writes the whole index and :func:`split_site_index` reads it back (megabytes of JSON
    decoded and encoded again on every build). It relies on Material's ``search_index`` (its ``entries``, ``config``
    and ``generate_search_index``); where they are not found, or under ``--dirtyreload`` (the plugin then merges the
    previous index in), nothing is changed and None is returned. Call it before the search plugin's
    ``on_post_build``, and what it returns after it.

    Each index is written entry by entry: a 2,000-case site's indexes are some 60 million characters each, which
    one string would hold at 2 bytes a character (its narrow no-break spaces), and its UTF-8 bytes once more. So
    the search plugin writes an empty index, and the function returned writes the first language's over it. Under
    ``mkdocs serve`` (``encoded``, which keeps each entry's JSON from one build to the next) the plugin writes the
    first language's index itself, and the function returned does nothing.
    """
    search = search_plugin(plugins)
    index = getattr(search, "search_index", None)
    generate = getattr(index, "generate_search_index", None)
    entries, config = getattr(index, "entries", None), getattr(index, "config", None)
    if index is None or generate is None or not isinstance(entries, list) or not isinstance(config, dict) \
            or getattr(search, "search_index_prev", None) is not None:
        return None
    keys = ("lang", "separator", "pipeline", "fields")
    if any(k not in config for k in keys):
        return None
    parts = split_index({"config": {k: config[k] for k in keys}, "docs": entries})
    first = site_languages().default
    for lang, part in parts.items():
        if lang != first:
            _write(site_dir, lang, part, encoded)
    at_root = _dumps(parts[first], encoded) if encoded is not None else _json({**parts[first], "docs": []})
    if encoded is not None:
        encoded.next_build()

    def root_only(prev: Any) -> str:
        return at_root

    index.generate_search_index = root_only  # this build's index object only: the plugin makes one per build
    if encoded is not None:
        return lambda: None
    return lambda: _write(site_dir, first, parts[first])


class EncodedEntries:
    """The JSON of each search entry, kept from one build to the next (``mkdocs serve`` rebuilds the same entries).

    Only what the last build used is kept. An entry whose values are not all strings, numbers or lists of those is
    encoded afresh each time.
    """

    def __init__(self) -> None:
        self._memo = BuildMemo()

    def next_build(self) -> None:
        self._memo.next_build()

    def encode(self, entry: dict[str, Any]) -> str:
        try:
            key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in entry.items())
            hash(key)
        except TypeError:
            return _json(entry)
        text = self._memo.get(key)
        if text is None:
            text = _json(entry)
            self._memo.put(key, text)
        return str(text)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _dumps(part: dict[str, Any], encoded: EncodedEntries | None) -> str:
    """``part`` as JSON, the same text as ``json.dumps`` gives, each entry taken from ``encoded`` when given."""
    if encoded is None or list(part) != ["config", "docs"]:
        return _json(part)
    return '{"config":' + _json(part["config"]) + ',"docs":[' + ",".join(encoded.encode(d) for d in part["docs"]) + "]}"


def _write(site_dir: str, lang: str, part: dict[str, Any], encoded: EncodedEntries | None = None) -> None:
    """Write ``part`` as :func:`_dumps` gives it, entry by entry (see :func:`split_before_writing`)."""
    target = Path(site_dir) / index_path(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8", newline="") as out:
        if list(part) != ["config", "docs"]:
            out.write(_dumps(part, encoded))
        else:
            out.write('{"config":' + _json(part["config"]) + ',"docs":[')
            for i, doc in enumerate(part["docs"]):
                out.write(("," if i else "") + (encoded.encode(doc) if encoded is not None else _json(doc)))
            out.write("]}")
    log.debug(f"search index {lang}: {len(part['docs'])} entries")


def split_site_index(site_dir: str) -> None:
    """Rewrite ``search/search_index.json`` as the first language's index and write the others' (``en/search/…``)."""
    whole = Path(site_dir) / index_path(site_languages().default)
    if not whole.is_file():
        return
    index = json.loads(whole.read_text(encoding="utf-8"))
    for lang, part in split_index(index).items():
        _write(site_dir, lang, part)
