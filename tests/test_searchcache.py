"""The search-entry cache used under `mkdocs serve`: same index, fewer parses."""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path
from typing import Any

from casebook.mkdocs import searchcache

from .conftest import ROOT


class FakePage:
    def __init__(self, url: str, content: str, title: str = "T") -> None:
        self.url, self.content, self.title, self.meta, self.toc = url, content, title, {}, []


def test_unchanged_pages_reuse_their_entries_and_changed_ones_are_parsed_again() -> None:
    searchcache._cache.clear()
    parsed: list[str] = []

    def make_index() -> tuple[list[Any], Any]:
        entries: list[Any] = []

        def add(page: Any) -> None:
            parsed.append(page.url)
            entries.append({"location": page.url, "text": page.content, "tags": ["x"]})

        return entries, searchcache.cached(add, entries)

    _first, add1 = make_index()
    add1(FakePage("a/", "<p>one</p>"))
    add1(FakePage("b/", "<p>two</p>"))
    second, add2 = make_index()  # a rebuild: new plugin instances, module-wide cache
    add2(FakePage("a/", "<p>one</p>"))
    add2(FakePage("b/", "<p>two, edited</p>"))
    add2(FakePage("a/", "<p>one</p>", title="Renamed"))
    assert parsed == ["a/", "b/", "b/", "a/"]
    assert second == [{"location": "a/", "text": "<p>one</p>", "tags": ["x"]},
                      {"location": "b/", "text": "<p>two, edited</p>", "tags": ["x"]},
                      {"location": "a/", "text": "<p>one</p>", "tags": ["x"]}]
    second[0]["tags"].append("mutated")
    assert searchcache._cache["b/"][1][0]["tags"] == ["x"], "the cache keeps its own copies"


def test_a_rebuild_with_the_cache_writes_the_same_search_index(tmp_path: Path) -> None:
    """Two builds in one process (as serve does): the second reuses every entry and writes the same index."""
    from mkdocs.commands import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    searchcache._cache.clear()
    indexes = []
    for run in range(2):
        out = tmp_path / f"site{run}"
        cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out))
        cfg.plugins.on_startup(command="serve", dirty=False)  # the cache is serve's: a one-shot build parses once
        build.build(cfg)
        indexes.append({lang: json.loads((out / rel).read_text(encoding="utf-8"))
                        for lang, rel in (("fr", "search/search_index.json"), ("en", "en/search/search_index.json"))})
        if run == 0:
            cached_pages = len(searchcache._cache)
    assert cached_pages > 200  # every page of the real site went through the cache
    assert indexes[0] == indexes[1]
    assert indexes[0]["fr"]["docs"] and indexes[0]["en"]["docs"]


def test_pages_without_search_attributes_skip_only_materials_idle_pass() -> None:
    """Material's on_page_context, as installed for a build: every page is indexed; a page with a data-search-*
    attribute loses it from its HTML, as Material does; a page without keeps its HTML as it was."""
    from mkdocs.config import load_config

    from casebook.mkdocs.search import search_plugin

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cfg = load_config(str(ROOT / "mkdocs.yml"))
    cfg = cfg.plugins.on_config(cfg)  # as a build does first: the search plugin makes its index
    assert searchcache.install(cfg.plugins, cache=False)
    plugin = search_plugin(cfg.plugins)
    shortcut = [m for m in cfg.plugins.events["page_context"] if getattr(m, "__wrapped_by_casebook__", False)]
    assert len(shortcut) == 1 and not any(getattr(m, "__self__", None) is plugin for m in cfg.plugins.events["page_context"])
    assert searchcache.install(cfg.plugins, cache=False)  # again (serve: each build): still one shortcut
    assert [m for m in cfg.plugins.events["page_context"] if getattr(m, "__wrapped_by_casebook__", False)] == shortcut

    class Page(FakePage):
        def __init__(self, url: str, content: str) -> None:
            super().__init__(url, content)
            self.toc, self.meta = [], {}

    entries = plugin.search_index.entries
    pages = {}
    for way, run in (("shortcut", shortcut[0]), ("material", partial(type(plugin).on_page_context, plugin))):
        start = len(entries)
        pages[way] = [Page("a/", "<h1 id='a'>A</h1><p>Findings on trust</p>"),
                      Page("b/", "<h1 id='b'>B</h1><p data-search-exclude=\"x\">hidden</p><p>shown</p>")]
        for page in pages[way]:
            assert run({}, page=page, config=cfg, nav=None) is None
        pages[way].append(entries[start:])  # type: ignore[arg-type]
    plain, marked, found = pages["shortcut"]
    assert plain.content == "<h1 id='a'>A</h1><p>Findings on trust</p>"
    assert marked.content == "<h1 id='b'>B</h1><p>hidden</p><p>shown</p>"  # Material's removal, kept
    texts = {e["location"]: e["text"] for e in found}
    assert "Findings on trust" in texts["a/"] and "shown" in texts["b/"] and "hidden" not in texts["b/"]
    assert [p.content for p in pages["shortcut"][:2]] == [p.content for p in pages["material"][:2]]
    assert pages["shortcut"][2] == pages["material"][2]
