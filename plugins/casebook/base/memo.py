"""What one build keeps for the next under ``mkdocs serve``: a rebuild then redoes only what changed."""

from __future__ import annotations

from typing import Any


class BuildMemo:
    """Values made by the previous build, by key. Only what the last build used (read or wrote) is kept, so that
    edits do not pile up old values.

    Users: converted texts (:class:`casebook.content.markup.TextRenderer`: the key is the text, the page language, the
    bibliography's formatter, an object replaced when a ``.bib`` file changes, and where citation links lead; a
    hit also replays the keys the text cites); reference lists and whole case pages
    (:class:`casebook.publishing.site.SiteBuilder`, each under a key of its own shape); the JSON of search entries
    (``casebook.mkdocs.search``).
    """

    def __init__(self) -> None:
        self._old: dict[tuple[Any, ...], Any] = {}
        self._new: dict[tuple[Any, ...], Any] = {}

    def next_build(self) -> None:
        self._old, self._new = self._new, {}

    def get(self, key: tuple[Any, ...]) -> Any:
        hit = self._new.get(key)
        if hit is None:
            hit = self._old.get(key)
            if hit is not None:
                self._new[key] = hit
        return hit

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        self._new[key] = value

    def __len__(self) -> int:
        return len(self._new)
