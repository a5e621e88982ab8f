"""Markdown for untrusted texts: no raw HTML, safe links only, citations resolved.

Contributed texts come from YAML files anyone can propose. Raw HTML is not parsed (it is
shown as text), and links or images whose scheme is not http(s), mailto or relative are
dropped. A fast path skips Markdown for plain text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: N813

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from ..bibliography.citations import CitationExtension, CitationState

_SAFE_HREF = re.compile(r"^(https?://|mailto:|#|/|\.{0,2}/|[A-Za-z0-9_\-.]+(/|#|$))", re.I)
_PLAIN = re.compile(r"^[^*_`\[\]<>&@#\\!|\n~=+-][^*_`\[\]<>&@\\|\n~]*$")


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                for attr in ("href", "src"):
                    value = child.get(attr)
                    if value is not None and not _SAFE_HREF.match(value.strip()):
                        if child.tag == "img":
                            parent.remove(child)
                            break
                        del child.attrib[attr]


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
