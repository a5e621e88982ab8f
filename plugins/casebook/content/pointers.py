"""A case's pointers to a part of its page, made links: ``voir « Gouvernance »``, ``see "Governance"``.

Case texts send the reader to another part of the case page in words. A pointer is ``voir``/``see`` (a few words may
follow: ``see trust, under "…"``), then one or more quoted titles (``« … »``, ``"…"`` or ``“…”``, joined by ``,``,
``et``/``and``, ``ou``/``or``). Each quoted title that is, word for word, the title of a heading of the case's page
becomes a link to that heading; the others stay text.

The transformation works on the text's HTML as it is shown (escaped, typeset): the link's text is that HTML, as it
was (no text is added or taken away); its ``href`` is made only of the page's URL and the heading's id, both given by
the caller, never of the text. Tags, existing links, headings and code are left as they are; a quoted title holding
a tag is not a pointer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from markupsafe import escape

_B = "[ \\t\\n\\r\\u00a0\\u202f]"  # the blanks French typography may put inside « »
_ENT = r"&(?!#34;|quot;)#?\w+;"  # an entity that is not a double quote (&#39;, &amp;…)
_INNER = {"fr": rf"(?:[^<>«»&]|{_ENT})+?", "en": rf"(?:[^<>\"&]|{_ENT})+?", "cu": rf"(?:[^<>“”&]|{_ENT})+?"}
_DQ = r"(?:\"|&#34;|&quot;)"
_QUOTE = rf"(?:«{_INNER['fr']}»|{_DQ}{_INNER['en']}{_DQ}|“{_INNER['cu']}”)"
_POINTER = re.compile(
    r"(?P<keep><a\b[^>]*>.*?</a\s*>|<(?P<code>code|pre|kbd|samp|script|style|textarea|h[1-6])\b[^>]*>.*?</(?P=code)\s*>"
    r"|<[^>]*>)"
    rf"|\b(?:[Vv]oir|[Ss]ee)\b(?:[^<>()«»\"“”&.;!?]|{_ENT}){{0,80}}?{_QUOTE}"
    rf"(?:{_B}*(?:,|et|and|ou|or){_B}+{_QUOTE})*",
    re.S,
)
_QUOTED = re.compile(rf"«(?P<fr>{_INNER['fr']})»|{_DQ}(?P<en>{_INNER['en']}){_DQ}|“(?P<cu>{_INNER['cu']})”")
_EDGES = re.compile(f"^({_B}*)(.*?)({_B}*)$", re.S)
_BLANKS = re.compile(f"{_B}+")
_TAGS = re.compile(r"<[^>]*>")


def heading_key(text_html: str) -> str:
    """What a heading's title (or a pointer's quoted words) says, to compare one with the other: its tags taken out,
    entities read, blanks (no-break ones too) as single spaces."""
    return _BLANKS.sub(" ", html.unescape(_TAGS.sub("", text_html)).replace("\u00a0", " ")).strip()


def may_point(text_html: str) -> bool:
    """Whether an HTML text may hold a pointer (a cheap test before :func:`link_pointers`): it holds "voir" or "see"."""
    return "voir" in text_html or "see" in text_html or "Voir" in text_html or "See" in text_html


def link_pointers(text_html: str, headings: Mapping[str, str], page_href: str) -> str:
    """``text_html`` with each pointer's quoted title that names a heading (``headings``: :func:`heading_key` of its
    title → its id) inside a link to ``page_href#id`` (``page_href`` empty: the same page)."""
    if not headings:
        return text_html

    def quoted(m: re.Match[str]) -> str:
        name = m.lastgroup or "fr"
        start, end = m.start(name) - m.start(), m.end(name) - m.start()
        lead, title, trail = _EDGES.match(m[name]).groups()  # type: ignore[union-attr]
        ident = headings.get(heading_key(title))
        if ident is None or not title:
            return m[0]
        href = escape(f"{page_href}#{ident}")
        whole = m[0]
        return f'{whole[:start]}{lead}<a href="{href}">{title}</a>{trail}{whole[end:]}'

    def pointer(m: re.Match[str]) -> str:
        if m["keep"] is not None:
            return m[0]
        return _QUOTED.sub(quoted, m[0])

    return _POINTER.sub(pointer, text_html)


def unresolved(text_html: str, headings: Mapping[str, str]) -> list[str]:
    """The quoted titles of the pointers of ``text_html`` that name no heading of ``headings`` (as plain text)."""
    out: list[str] = []
    for m in _POINTER.finditer(text_html):
        if m["keep"] is None:
            keys = (heading_key(q[q.lastgroup or "fr"]) for q in _QUOTED.finditer(m[0]))
            out += [k for k in keys if k not in headings]
    return out
