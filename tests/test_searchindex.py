"""Splitting the whole-site search index into one index per language (core, no browser)."""

from __future__ import annotations

from casebook.core.searchindex import index_path, split_index


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
