"""Pandoc citation syntax as a Markdown extension (an inline processor, not a regex over the page).

Supported: ``[@key]``, ``[@key, p. 12]``, ``[@a; @b]``, ``[see @a, p. 3]``, ``[-@key]`` (year only)
and narrative ``@key`` (with an optional locator: ``@key [p. 33]``). Code spans and code blocks
are never touched: Markdown stashes them before inline processors run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: N813
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from ..base.diagnostics import Diagnostic
from ..bibliography.apa import APA, CiteItem, apa_lang

KEY = r"[A-Za-z0-9](?:[A-Za-z0-9_:.\-]*[A-Za-z0-9])?"
_ITEM = re.compile(rf"^\s*(?P<prefix>[^@]*?)\s*(?P<minus>-?)@(?P<key>{KEY})\s*(?:,\s*(?P<locator>.+?))?\s*$")
BRACKET = rf"\[(?P<body>[^\[\]]*?-?@{KEY}[^\[\]]*?)\]"
NARRATIVE = rf"(?<![\w@.])@(?P<key>{KEY})(?:\s\[(?P<loc>[^\[\]@]+)\])?"
ANY_KEY = re.compile(rf"(?<![\w.])-?@({KEY})")


@dataclass(frozen=True)
class CitePart:
    """One item of a bracketed citation: ``sep`` before it, then ``prefix``, ``names`` (empty when the names of
    the item before stand for it, or for ``-@key``) and ``year`` (with the locator)."""

    item: CiteItem
    sep: str
    prefix: str
    names: str
    year: str
    style: str = ""  # "i": the names are a title set in italics (APA 7 §8.14)

    @property
    def text(self) -> str:
        lead = f"{self.prefix} " if self.prefix else ""
        if self.names.endswith("”"):  # American punctuation: the comma goes inside the quotation marks
            return f"{lead}{self.names[:-1]},” {self.year}"
        return lead + (f"{self.names}, {self.year}" if self.names else self.year)


def cite_parts(apa: APA, items: list[CiteItem], lang: str) -> list[CitePart]:
    """The items of one parenthesis in order; works with the same author element follow one another and give it
    once: "(Smith, 2018a, 2018b)" (APA 7 §8.12). Items with a locator or a prefix keep their own names."""
    out: list[CitePart] = []
    last_names = None
    for i, it in enumerate(items):
        names, year = apa.cite_text(it, lang)
        style = apa.cite_style(apa.bib.refs[it.key])
        prev = items[i - 1] if i else None
        if (prev is not None and names == last_names and prev.key != it.key and apa.same_author(prev.key, it.key) and not prev.locator and not it.locator
                and not it.prefix and not it.suppress_author and not prev.suppress_author):
            out.append(CitePart(it, ", ", "", "", year))
        else:
            out.append(CitePart(it, "; " if i else "", it.prefix, "" if it.suppress_author else names, year, style))
        last_names = names
    return out


def bracket_text(apa: APA, items: list[CiteItem], lang: str) -> str:
    """A bracketed citation as plain text, its items in list order."""
    known = sorted((it for it in items if it.key in apa.bib.refs), key=lambda it: apa.sort_key(it.key))
    return "".join(p.sep + p.text for p in cite_parts(apa, known, lang))


def parse_bracket(body: str) -> list[CiteItem] | None:
    items = []
    for chunk in body.split(";"):
        m = _ITEM.match(chunk)
        if not m:
            return None
        items.append(CiteItem(m["key"], (m["locator"] or "").strip(), m["prefix"].strip(), bool(m["minus"])))
    return items or None


@dataclass
class CitationState:
    """Per-conversion context set by the caller: page language, links, and what was cited."""

    apa: APA | None = None
    lang: str = "fr"
    href: Callable[[str], str] = lambda key: f"#ref-{key}"
    cited: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


class _Base(InlineProcessor):
    def __init__(self, pattern: str, state: CitationState) -> None:
        super().__init__(pattern)
        self.state = state

    def _link(self, parent: etree.Element, key: str, text: str, italic: str = "", after: str = "") -> None:
        """A link to the reference: ``text``, then ``italic`` (a title in place of the author) in <i>, then ``after``."""
        a = etree.SubElement(parent, "a")
        a.set("href", self.state.href(key))
        a.set("class", "cb-cite__link")
        a.text = text
        if italic:
            i = etree.SubElement(a, "i")
            i.text = italic
            i.tail = after
        else:
            a.text += after

    def _mark_terms(self, span: etree.Element) -> None:
        """A citation formatted with the fallback language's APA terms ("n.d.", "and", "&" of ``apa_fallback``) on a
        page in a language without its own is marked as in that language."""
        terms = apa_lang(self.state.lang)
        if terms != self.state.lang:
            span.set("lang", terms)

    def _known(self, key: str) -> bool:
        apa = self.state.apa
        if apa is None or key not in apa.bib.refs:
            self.state.unknown.append(key)
            return False
        self.state.cited.append(key)
        return True


class BracketCitation(_Base):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]  # noqa: N802
        items = parse_bracket(m["body"])
        if items is None:
            return None, None, None  # type: ignore[return-value]
        apa = self.state.apa
        span = etree.Element("span")
        span.set("class", "cb-cite")
        known = [it for it in items if self._known(it.key)]
        missing = [it for it in items if it not in known]
        if apa is not None:
            known.sort(key=lambda it: apa.sort_key(it.key))
        span.text = "("
        last: etree.Element | None = None
        for part in cite_parts(apa, known, self.state.lang) if apa else []:
            if part.sep:
                if last is None:
                    span.text += part.sep
                else:
                    last.tail = (last.tail or "") + part.sep
            if part.style == "i" and part.names:
                lead = f"{part.prefix} " if part.prefix else ""
                self._link(span, part.item.key, lead, part.names, f", {part.year}")
            else:
                self._link(span, part.item.key, part.text)
            last = span[-1]
        for it in missing:
            bad = etree.SubElement(span, "span")
            bad.set("class", "cb-cite--missing")
            bad.text = ("; " if (known or bad is not span[0]) else "") + f"{it.key}?"
            last = bad
        if last is None:
            span.text += ")"
        else:
            last.tail = (last.tail or "") + ")"
        if known:
            self._mark_terms(span)
        return span, m.start(0), m.end(0)


class NarrativeCitation(_Base):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # type: ignore[override]  # noqa: N802
        key = m["key"]
        span = etree.Element("span")
        span.set("class", "cb-cite cb-cite--narrative")
        if not self._known(key):
            span.set("class", "cb-cite cb-cite--missing")
            span.text = f"{key}?"
            return span, m.start(0), m.end(0)
        assert self.state.apa is not None
        apa = self.state.apa
        names, year = apa.cite_text(CiteItem(key, (m["loc"] or "").strip()), self.state.lang, narrative=True)
        if apa.cite_style(apa.bib.refs[key]) == "i":
            self._link(span, key, "", names, f" ({year})")
        else:
            self._link(span, key, f"{names} ({year})")
        self._mark_terms(span)
        return span, m.start(0), m.end(0)


class CitationExtension(Extension):
    def __init__(self, state: CitationState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # After backticks (190) so code is never touched; before links (160).
        md.inlinePatterns.register(BracketCitation(BRACKET, self.state), "cb_cite_bracket", 175)
        md.inlinePatterns.register(NarrativeCitation(NARRATIVE, self.state), "cb_cite_narrative", 174)


def keys_in(text: str) -> list[str]:
    """Citation keys named in a text (for checks that need no rendering)."""
    return ANY_KEY.findall(text or "")


def strip_code(markdown: str) -> str:
    """Blank out fenced blocks and code spans, keeping line and column positions."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m[0])

    markdown = re.sub(r"(?ms)^(```|~~~).*?^\1[^\n]*$", blank, markdown)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", blank, markdown)


def keys_in_markdown(markdown: str) -> list[str]:
    """Citation keys of a Markdown page, outside its code."""
    return keys_in(strip_code(markdown))


# A citation link as the processors above write it (Markdown's serializer and ours keep class before href).
_CITE_LINK = re.compile(rf'<a class="cb-cite__link" href="(?P<href>[^"#]*#ref-(?P<key>{KEY}))"')


def number_citations(html: str) -> tuple[str, dict[str, list[str]]]:
    """Give each citation link of a page an id (``cite-KEY-1``, ``cite-KEY-2``… in the order of the page), so that
    the page's reference list can link back to each place a work is cited, as footnotes do.

    Returns the HTML and, by key, the ids of its citations in page order. Run on a whole page, once the texts are
    converted (a converted text is kept from one page to the next, so the numbers cannot be written earlier).
    """
    seen: dict[str, list[str]] = {}

    def mark(m: re.Match[str]) -> str:
        ids = seen.setdefault(m["key"], [])
        ids.append(f"cite-{m['key']}-{len(ids) + 1}")
        return f'<a class="cb-cite__link" id="{ids[-1]}" href="{m["href"]}"'

    return _CITE_LINK.sub(mark, html), seen


def backrefs(ids: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """For a reference list: by key, each citation's id with the letter of its link back (a, b, … z, aa, ab…, as
    footnotes do; the letter is only shown when a work is cited more than once)."""
    letters = "abcdefghijklmnopqrstuvwxyz"

    def label(n: int) -> str:
        out = ""
        while n:
            n, r = divmod(n - 1, 26)
            out = letters[r] + out
        return out

    return {key: [(ident, label(i)) for i, ident in enumerate(found, 1)] for key, found in ids.items()}


def locate_unknown(markdown: str, unknown: set[str], display: str) -> list[Diagnostic]:
    """Where unknown citation keys stand in a Markdown page (outside code)."""
    diags = []
    for n, line in enumerate(strip_code(markdown).splitlines(), 1):
        for key in keys_in(line):
            if key in unknown:
                diags.append(Diagnostic(display, n, line.find("@" + key) + 1, key, f"unknown citation key '{key}'"))
    return diags
