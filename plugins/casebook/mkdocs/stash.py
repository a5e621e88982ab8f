"""Page bodies kept compressed between their conversion and their page's turn to be written.

MkDocs converts every page (``on_page_content``) before it writes the first one, and holds every page's HTML in
between. On a 2,000-case site that is 4,000 case pages of about 50,000 characters, most of them in a text with a
character beyond U+00FF (a back-reference arrow, a narrow no-break space), which CPython stores at 2 bytes a
character: some 400 MB held at once. Each body is kept instead as zlib-compressed UTF-8 (about
a quarter of its characters in bytes) behind a marker, and put back just before its page is rendered, before the
search plugin reads it (``on_page_context``). Every plugin's ``on_page_content`` has run on it by then, and the
theme and the search plugin see the same HTML.

A page whose content another plugin replaced in the meantime (the bibliography pages, whose body
``casebook/bibliography`` writes in ``on_env``) keeps the new content; where a plugin added to it, the body takes the
marker's place.
"""

from __future__ import annotations

import zlib
from typing import Any

# Smaller bodies are kept as they are: compressing them saves little.
MIN_CHARS = 4000


class ContentStash:
    """The compressed bodies of the pages being built, by page URL."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[str, bytes]] = {}  # page URL -> (its marker, its compressed body)
        self._count = 0

    def __len__(self) -> int:
        return len(self._held)

    def put(self, url: str, html: str) -> str:
        """Keep ``html`` compressed; returns what the page holds meanwhile (``html`` itself when it is short)."""
        if len(html) < MIN_CHARS:
            return html
        self._count += 1
        marker = f"<!-- casebook: page body {self._count}, compressed until its page is rendered -->"
        self._held[url] = (marker, zlib.compress(html.encode("utf-8", "surrogatepass"), 1))
        return marker

    def restore(self, page: Any) -> None:
        """Give ``page`` its body back, if it was kept and its content still holds the marker."""
        held = self._held.pop(page.url, None)
        if held is None or not isinstance(page.content, str) or held[0] not in page.content:
            return
        html = zlib.decompress(held[1]).decode("utf-8", "surrogatepass")
        page.content = html if page.content == held[0] else page.content.replace(held[0], html, 1)
