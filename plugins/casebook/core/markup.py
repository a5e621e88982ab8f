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

from ..bibliography.citations import CitationExtension, CitationState
from .memo import BuildMemo

_SAFE_HREF = re.compile(r"^(https?://|mailto:|#|/|\.{0,2}/|[A-Za-z0-9_\-.]+(/|#|$))", re.I)
_OTHER_HOST = re.compile(r"^([a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)  # a scheme, or "//host" ("/\\host" for browsers)
_PLAIN = re.compile(r"^[^*_`\[\]<>&@#\\!|\n~=+-][^*_`\[\]<>&@\\|\n~]*$")
# Text around citations that Markdown leaves as it is (one line, nothing any inline pattern reads).
_CITED_TEXT = re.compile(r"[^*_`\[\]<>&@\\|\n~\t\r\x02\x03]*")
_LIST_START = re.compile(r"\d+\.[ ]")


def _plain(text: str) -> bool:
    """Text Markdown would give back as it is, in one paragraph: no markup, no list number, no indented code."""
    return bool(_PLAIN.match(text)) and not _LIST_START.match(text) and not text[:1].isspace()


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
        if not _PLAIN.match(text[:1]) or _LIST_START.match(text) or text[:1].isspace() or "@" not in text:
            return None
        state = self.state
        marks = len(state.cited), len(state.unknown)
        parts: list[str | etree.Element] = []
        pos = 0
        for m in self._bracket.compiled_re.finditer(text):
            el, _, _ = self._bracket.handleMatch(m, text)
            if not isinstance(el, etree.Element):
                del state.cited[marks[0]:], state.unknown[marks[1]:]
                return None
            parts += [text[pos:m.start()], el]
            pos = m.end()
        parts.append(text[pos:])
        out: list[str | etree.Element] = []
        for part in parts:
            if not isinstance(part, str):
                out.append(part)
                continue
            start = 0
            for m in self._narrative.compiled_re.finditer(part):
                found, _, _ = self._narrative.handleMatch(m, part)
                if not isinstance(found, etree.Element):
                    del state.cited[marks[0]:], state.unknown[marks[1]:]
                    return None
                out += [part[start:m.start()], found]
                start = m.end()
            out.append(part[start:])
        p = etree.Element("p")
        last: etree.Element | None = None
        for part in out:
            if isinstance(part, str):
                if not _CITED_TEXT.fullmatch(part):
                    del state.cited[marks[0]:], state.unknown[marks[1]:]
                    return None
                if last is None:
                    p.text = (p.text or "") + part
                else:
                    last.tail = (last.tail or "") + part
                continue
            if not all(_CITED_TEXT.fullmatch(t) for t in part.itertext()):
                del state.cited[marks[0]:], state.unknown[marks[1]:]
                return None  # Markdown would read the citation's own text (names, locator) again
            p.append(part)
            last = part
        _SafeLinks(self._md).run(p)
        return to_html_string(p)

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
