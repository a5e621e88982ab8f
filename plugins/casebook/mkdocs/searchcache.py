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
    _skip_idle_attribute_pass(plugins)
    if getattr(add, "__wrapped_by_casebook__", False):
        return True
    if callable(getattr(index, "create_entry_for_section", None)):
        add = fast_add_entry(index)  # Material's indexing, with its parser's cost per tag taken out
    wrapped = cached(add, entries) if cache else _uncached(add)
    wrapped.__wrapped_by_casebook__ = True  # type: ignore[attr-defined]
    index.add_entry_from_context = wrapped
    return True


# What Material 9's SearchPlugin.on_page_context reads and the pattern it removes: the method the shortcut stands for.
_MATERIAL_NAMES = ("config", "enabled", "search_index", "add_entry_from_context", "re", "sub", "content")
_MATERIAL_CONSTS = (None, r"\s?data-search-\w+=\"[^\"]+\"", "")


def _skip_idle_attribute_pass(plugins: Any) -> bool:
    """Material's ``on_page_context`` indexes the page, then takes its ``data-search-*`` attributes out of its HTML
    with a regular expression tried at every character (3.1 s of CPU on the 167 MB of a 1,000-case site's pages). On
    a page without the text ``data-search-`` it has nothing to take out: the page is only indexed. Any other page,
    search plugin or version of the method: Material's own. True if put in place."""
    plugin = search_plugin(plugins)
    events = getattr(plugins, "events", {}).get("page_context")
    if plugin is None or type(plugin).__module__ != "material.plugins.search.plugin" or not isinstance(events, list):
        return False
    code = getattr(getattr(type(plugin), "on_page_context", None), "__code__", None)
    if code is None or code.co_names != _MATERIAL_NAMES or code.co_consts != _MATERIAL_CONSTS:
        return False  # not the method described above (another version of Material)
    for i, method in enumerate(events):
        if getattr(method, "__wrapped_by_casebook__", False):
            return True
        if getattr(method, "__self__", None) is plugin and getattr(method, "__name__", "") == "on_page_context":
            events[i] = _indexing_only_without_attributes(method, plugin)
            origins = getattr(plugins, "_event_origins", None)
            if isinstance(origins, dict) and method in origins:
                origins[events[i]] = origins[method]  # named in MkDocs' error messages
            return True
    return False


def _indexing_only_without_attributes(original: Callable[..., Any], plugin: Any) -> Callable[..., Any]:
    def on_page_context(context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        content = page.content
        if plugin.config.enabled and isinstance(content, str) and "data-search-" not in content:
            plugin.search_index.add_entry_from_context(page)
            return None
        return original(context, page=page, config=config, nav=nav)

    on_page_context.__wrapped_by_casebook__ = True  # type: ignore[attr-defined]
    return on_page_context
