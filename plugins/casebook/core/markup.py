"""Markdown for untrusted texts: no raw HTML, safe links only, citations resolved.

Contributed texts come from YAML files anyone can propose. Raw HTML is not parsed (it is
shown as text), and links whose scheme is not http(s), mailto or relative are dropped.
Images must come from the site itself: an image from another host would make every reader's
browser request it. A fast path skips Markdown for plain text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree  # noqa: N813

from markdown import Extension, Markdown, util
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from ..bibliography.citations import CitationExtension, CitationState

_SAFE_HREF = re.compile(r"^(https?://|mailto:|#|/|\.{0,2}/|[A-Za-z0-9_\-.]+(/|#|$))", re.I)
_OTHER_HOST = re.compile(r"^([a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)  # a scheme, or "//host" ("/\\host" for browsers)
_PLAIN = re.compile(r"^[^*_`\[\]<>&@#\\!|\n~=+-][^*_`\[\]<>&@\\|\n~]*$")


def _as_browser_reads(value: str) -> str:
    """The URL a browser follows: entities decoded (Markdown writes mail autolinks as entities), blanks removed."""
    return re.sub(r"[\x00-\x20]", "", html.unescape(value.replace(util.AMP_SUBSTITUTE, "&")))


def safe_url(value: str, *, image: bool = False) -> bool:
    url = _as_browser_reads(value)
    if not _SAFE_HREF.match(url):
        return False
    return not (image and _OTHER_HOST.match(url.replace("\\", "/")))


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img" and not safe_url(child.get("src") or "", image=True):
                    _remove_keeping_tail(parent, child)
                    continue
                href = child.get("href")
                if href is not None and not safe_url(href):
                    del child.attrib["href"]


def _remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
    """Remove ``child`` but keep the text that follows it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


class SafeExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        for name in ("html_block",):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        for name in ("html", "entity"):
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        md.treeprocessors.register(_SafeLinks(md), "cb_safe_links", 0)


class TextRenderer:
    """Renders bilingual Markdown fields to safe HTML, one Markdown instance per language."""

    def __init__(self, state: CitationState | None = None) -> None:
        self.state = state or CitationState()
        self._md = Markdown(extensions=[SafeExtension(), CitationExtension(self.state), "sane_lists"],
                            output_format="html")

    def block(self, text: str) -> Markup:
        """A paragraph-level text (may hold several paragraphs and lists)."""
        if not text:
            return Markup("")
        if _PLAIN.match(text):
            return Markup("<p>{}</p>").format(text)
        self._md.reset()
        return Markup(self._md.convert(text))

    def inline(self, text: str) -> Markup:
        """A short text, without the surrounding paragraph."""
        if not text:
            return Markup("")
        if _PLAIN.match(text):
            return escape(text)
        html = str(self.block(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)
