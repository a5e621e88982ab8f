"""The search-entry cache used under `mkdocs serve`: same index, fewer parses."""

from __future__ import annotations

import json
import os
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
