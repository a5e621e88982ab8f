"""Splitting the whole-site search index into one index per language (core, no browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.publishing.searchindex import index_path, split_index


def test_split_keeps_each_language_and_rebases_english_locations() -> None:
    whole = {
        "config": {"lang": ["fr", "en"], "separator": "[\\s\\-]+"},
        "docs": [
            {"location": "", "title": "Accueil", "text": "a"},
            {"location": "cases/x/#intro", "title": "Intro", "text": "b"},
            {"location": "en/", "title": "Home", "text": "c"},
            {"location": "en/cases/x/#intro", "title": "Intro", "text": "d"},
            {"location": "english-notes/", "title": "Not English: only en/ marks English", "text": "e"},
        ],
    }
    parts = split_index(whole)
    assert [d["location"] for d in parts["fr"]["docs"]] == ["", "cases/x/#intro", "english-notes/"]
    assert [d["location"] for d in parts["en"]["docs"]] == ["", "cases/x/#intro"]
    assert [d["text"] for d in parts["en"]["docs"]] == ["c", "d"]
    assert parts["fr"]["config"] == {"lang": ["fr"], "separator": "[\\s\\-]+"}
    assert parts["en"]["config"]["lang"] == ["en"]
    assert whole["config"]["lang"] == ["fr", "en"], "the input is left as it was"


def test_index_paths() -> None:
    assert index_path("fr") == "search/search_index.json"
    assert index_path("en") == "en/search/search_index.json"


def test_the_index_is_split_before_the_search_plugin_writes_it(tmp_path: Path) -> None:
    """Material's index object writes the French part; the English part is written from its entries."""
    import json

    from casebook.mkdocs.search import split_before_writing

    class Index:
        def __init__(self) -> None:
            self.config = {"lang": ["fr", "en"], "separator": "[\\s]+", "pipeline": [], "fields": {}, "other": 1}
            self.entries = [{"location": "", "title": "Accueil", "text": "é"},
                            {"location": "en/cases/x/#a", "title": "A", "text": "b"}]

        def generate_search_index(self, prev: Any) -> str:
            raise AssertionError("replaced")

    class Search:
        def __init__(self) -> None:
            self.search_index, self.search_index_prev = Index(), None

    french_index = {"config": {"lang": ["fr"], "separator": "[\\s]+", "pipeline": [], "fields": {}},
                    "docs": [{"location": "", "title": "Accueil", "text": "é"}]}
    search = Search()
    finish = split_before_writing({"material/search": search}, str(tmp_path))
    assert finish is not None
    # a build: the plugin writes an empty index, and the French one is written over it, entry by entry
    assert json.loads(search.search_index.generate_search_index(None)) == {**french_index, "docs": []}
    root = tmp_path / "search/search_index.json"
    assert not root.exists()
    finish()
    assert json.loads(root.read_text(encoding="utf-8")) == french_index
    english = json.loads((tmp_path / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert english["docs"] == [{"location": "cases/x/#a", "title": "A", "text": "b"}] and english["config"]["lang"] == ["en"]
    assert root.read_text(encoding="utf-8") == json.dumps(french_index, ensure_ascii=False, separators=(",", ":"))

    # under serve, the plugin writes the French index itself
    from casebook.mkdocs.search import EncodedEntries

    served = Search()
    finish = split_before_writing({"material/search": served}, str(tmp_path / "served"), EncodedEntries())
    assert finish is not None
    assert json.loads(served.search_index.generate_search_index(None)) == french_index
    finish()
    assert not (tmp_path / "served/search/search_index.json").exists()

    dirty = Search()
    dirty.search_index_prev = Index()  # type: ignore[assignment]  # --dirtyreload merges the previous index in
    assert split_before_writing({"material/search": dirty}, str(tmp_path / "dirty")) is None
    assert split_before_writing({"search": object()}, str(tmp_path / "other")) is None
    assert not (tmp_path / "dirty").exists() and not (tmp_path / "other").exists()


def test_kept_entry_json_writes_what_json_dumps_writes() -> None:
    import json

    from casebook.mkdocs import search

    part = {"config": {"lang": ["fr"], "separator": "[\\s]+"},
            "docs": [{"location": "", "title": "Accueil « é »", "text": 'a "b" \\ c'},
                     {"location": "x/", "title": "T", "text": "t", "tags": ["a", "b"], "boost": 2},
                     {"location": "y/", "title": "T", "text": "t", "odd": {"nested": 1}}]}
    expected = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
    kept = search.EncodedEntries()
    assert search._dumps(part, kept) == expected
    kept.next_build()
    calls: list[Any] = []
    real = search._json
    try:
        search._json = lambda value: calls.append(value) or real(value)  # type: ignore[assignment]
        assert search._dumps(part, kept) == expected
    finally:
        search._json = real  # type: ignore[assignment]
    assert calls == [part["config"], part["docs"][2]], "a rebuild encodes only the config and the unhashable entry"
