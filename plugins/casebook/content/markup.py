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
from typing import cast

from markdown import Extension, Markdown, util
from markdown.inlinepatterns import InlineProcessor
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from ..base.memo import BuildMemo
from .citations import CitationExtension, CitationState

_SAFE_HREF = re.compile(r"^(https?://|mailto:|#|/|\.{0,2}/|[A-Za-z0-9_\-.]+(/|#|$))", re.I)
_OTHER_HOST = re.compile(r"^([a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)  # a scheme, or "//host" ("/\\host" for browsers)
_PLAIN = re.compile(r"^[^*_`\[\]<>&@#\\!|\n~=+-][^*_`\[\]<>&@\\|\n~]*$")
# Text around citations that Markdown leaves as it is (one line, nothing any inline pattern reads).
_CITED_TEXT = re.compile(r"[^*_`\[\]<>&@\\|\n~\t\r\x02\x03]*")
_LIST_START = re.compile(r"\d+\.[ ]")


def _starts_a_block(text: str) -> bool:
    """Whether Markdown reads the start of ``text`` as a list item or indented code."""
    return bool(_LIST_START.match(text)) or text[:1].isspace()


def _plain(text: str) -> bool:
    """Text Markdown would give back as it is, in one paragraph: no markup, no list number, no indented code."""
    return bool(_PLAIN.match(text)) and not _starts_a_block(text)


def _split(processor: InlineProcessor, text: str) -> list[str | etree.Element] | None:
    """``text`` cut around the matches of an inline processor, each replaced by the element it makes; None if one
    match makes none (Markdown would leave it as text)."""
    parts: list[str | etree.Element] = []
    pos = 0
    for m in processor.compiled_re.finditer(text):
        el, _, _ = processor.handleMatch(m, text)
        if not isinstance(el, etree.Element):
            return None
        parts += [text[pos:m.start()], el]
        pos = m.end()
    parts.append(text[pos:])
    return parts


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
    """Renders bilingual Markdown fields to safe HTML, one Markdown instance per language.

    With a :class:`BuildMemo`, conversions are looked up first; ``scope`` must then name where the state's
    citation links lead (the same ``scope`` with another ``href`` would reuse the wrong links).
    """

    def __init__(self, state: CitationState | None = None, *, memo: BuildMemo | None = None, scope: str = "") -> None:
        self.state = state or CitationState()
        self.memo, self.scope = memo, scope
        self._md = Markdown(extensions=[SafeExtension(), CitationExtension(self.state), "sane_lists"],
                            output_format="html")
        self._bracket = cast(InlineProcessor, self._md.inlinePatterns["cb_cite_bracket"])
        self._narrative = cast(InlineProcessor, self._md.inlinePatterns["cb_cite_narrative"])

    def _cited_paragraph(self, text: str) -> str | None:
        """Markdown's HTML for one plain paragraph whose only markup is citations, without running Markdown.

        The citations go through the same inline processors, in the order Markdown applies them (every
        bracketed one, then every narrative one), and the paragraph through the same link check and
        serializer. Anything else (another markup, a citation Markdown would read otherwise): ``None``.
        """
        if not _PLAIN.match(text[:1]) or _starts_a_block(text) or "@" not in text:
            return None
        state = self.state
        marks = len(state.cited), len(state.unknown)
        p = self._cited_element(text)
        if p is None:  # what the processors noted is not kept
            del state.cited[marks[0]:], state.unknown[marks[1]:]
            return None
        _SafeLinks(self._md).run(p)
        return to_html_string(p)

    def _cited_element(self, text: str) -> etree.Element | None:
        """The ``<p>`` of :meth:`_cited_paragraph`, or None."""
        parts = _split(self._bracket, text)
        if parts is None:
            return None
        out: list[str | etree.Element] = []
        for part in parts:
            found = [part] if not isinstance(part, str) else _split(self._narrative, part)
            if found is None:
                return None
            out += found
        p = etree.Element("p")
        last: etree.Element | None = None
        for part in out:
            if isinstance(part, str):
                if not _CITED_TEXT.fullmatch(part):
                    return None
                if last is None:
                    p.text = (p.text or "") + part
                else:
                    last.tail = (last.tail or "") + part
                continue
            if not all(_CITED_TEXT.fullmatch(t) for t in part.itertext()):
                return None  # Markdown would read the citation's own text (names, locator) again
            p.append(part)
            last = part
        return p

    def block(self, text: str) -> Markup:
        """A paragraph-level text (may hold several paragraphs and lists)."""
        if not text:
            return Markup("")
        if _plain(text):
            return Markup("<p>{}</p>").format(text)
        if self.memo is None:
            return self._convert(text)
        state = self.state
        key = (state.apa, state.lang, self.scope, text)
        hit = self.memo.get(key)
        if hit is not None:
            state.cited += hit[1]
            state.unknown += hit[2]
            return hit[0]
        marks = len(state.cited), len(state.unknown)
        html = self._convert(text)
        self.memo.put(key, (html, state.cited[marks[0]:], state.unknown[marks[1]:]))
        return html

    def _convert(self, text: str) -> Markup:
        cited = self._cited_paragraph(text)
        if cited is not None:
            return Markup(cited)
        self._md.reset()
        return Markup(self._md.convert(text))

    def inline(self, text: str) -> Markup:
        """A short text, without the surrounding paragraph."""
        if not text:
            return Markup("")
        if _plain(text):
            return escape(text)
        html = str(self.block(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)
