"""Under ``mkdocs serve``, reuse the search entries of pages whose HTML did not change.

Every rebuild makes the search plugin parse every page's HTML again (about a third of a rebuild of the real site).
The entries a page yields depend only on what the plugin reads: its URL, title, HTML, table of contents and
``search`` metadata. They are kept in a module-wide cache (serve makes new plugin instances for each rebuild), keyed
by the page URL with a digest of those inputs; a page whose digest is unchanged gets copies of its previous entries
instead of being parsed again.

This relies on one attribute of Material's search plugin (``search_index.add_entry_from_context`` and its
``entries`` list, Material 9.x). Where they are not found, nothing is changed.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from typing import Any

from .search import search_plugin
from .searchparser import fast_add_entry

_cache: dict[str, tuple[str, list[Any]]] = {}


def _toc_urls(items: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in items or []:
        out.append((str(getattr(item, "url", "")), str(getattr(item, "title", ""))))
        out.extend(_toc_urls(getattr(item, "children", None)))
    return out


def page_digest(page: Any) -> str:
    """A digest of everything the search plugin reads from a page."""
    h = hashlib.sha256()
    for part in (page.url, page.title, repr(sorted((page.meta or {}).items(), key=str)), repr(_toc_urls(page.toc)),
                 page.content or ""):
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _copy(entries: list[Any]) -> list[Any]:
    """Copies of search entries (flat dictionaries of strings, numbers and lists of tags): ``deepcopy`` is slower."""
    if not all(isinstance(e, dict) and all(isinstance(v, (str, int, float, bool, type(None), list)) for v in e.values())
               for e in entries):
        return copy.deepcopy(entries)
    return [{k: list(v) if isinstance(v, list) else v for k, v in e.items()} for e in entries]


def cached(add: Callable[[Any], None], entries: list[Any]) -> Callable[[Any], None]:
    """Wrap ``add`` (which appends a page's entries to ``entries``) with the cache."""

    def add_entry_from_context(page: Any) -> None:
        digest = page_digest(page)
        hit = _cache.get(page.url)
        if hit is not None and hit[0] == digest:
            entries.extend(_copy(hit[1]))
            return
        start = len(entries)
        add(page)
        _cache[page.url] = (digest, _copy(entries[start:]))

    return add_entry_from_context


def _uncached(add: Callable[[Any], None]) -> Callable[[Any], None]:
    def add_entry_from_context(page: Any) -> None:
        add(page)

    return add_entry_from_context


def install(plugins: Any, cache: bool = True) -> bool:
    """Put the cache in front of the search plugin's indexing, if it is Material's; True if installed. Without
    ``cache`` (a one-shot build, where no page is seen twice), only the fast parser: a digest of every page and a copy
    of its entries would be work for nothing."""
    index = getattr(search_plugin(plugins), "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    entries = getattr(index, "entries", None)
    if index is None or add is None or not isinstance(entries, list):
        return False
    if getattr(add, "__wrapped_by_casebook__", False):
        return True
    if callable(getattr(index, "create_entry_for_section", None)):
        add = fast_add_entry(index)  # Material's indexing, with its parser's cost per tag taken out
    wrapped = cached(add, entries) if cache else _uncached(add)
    wrapped.__wrapped_by_casebook__ = True  # type: ignore[attr-defined]
    index.add_entry_from_context = wrapped
    return True
