"""APA 7 references and author-date citations, in French and English.

Why our own formatter rather than citeproc-py with ``apa.csl``: citeproc-py 0.11 has no
year-suffix disambiguation (2018a, 2018b), title-cases titles unless told the item's
language, chokes on LaTeX accents in its own BibTeX reader, and costs about 5–6 ms an
entry: 5,000 entries in two languages would take about a minute, against a 10 s budget.
This module implements the APA 7 rules the site needs (entry types, et al., suffixes,
French terms and typography) as pure functions, tested against strings written from the
APA rules. See ``docs/about.md`` and the issue notes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from string import ascii_lowercase

from markupsafe import Markup, escape

from .model import Bibliography, Name, Reference, fold

NBSP = "\u00a0"

TERMS = {
    "fr": {"and": "et", "and_ref": "et", "and_narr": "et", "ed": "dir.", "eds": "dir.", "in": "Dans", "p": "p.",
           "pp": "p.", "nd": "s.\u00a0d.", "etal": "et al.", "thesis": "Thèse de doctorat", "masters": "Mémoire de maîtrise",
           "chapter": "chapitre", "incomplete": "référence incomplète", "missing": "manque"},
    "en": {"and": "&", "and_ref": "&", "and_narr": "and", "ed": "Ed.", "eds": "Eds.", "in": "In", "p": "p.",
           "pp": "pp.", "nd": "n.d.", "etal": "et al.", "thesis": "Doctoral dissertation", "masters": "Master's thesis",
           "chapter": "Chapter", "incomplete": "incomplete reference", "missing": "missing"},
}

FIELD_NAMES = {
    "fr": {"title": "titre", "author": "auteurs", "journal": "revue", "pages": "pages", "publisher": "éditeur",
           "year": "année", "type": "type", "langid": "langue", "booktitle": "ouvrage", "editor": "direction",
           "volume": "volume", "url": "adresse"},
    "en": {},
}


NNBSP = "\u202f"
_BLANKS = "[ \t\n\u00a0\u202f]"
_BEFORE_NARROW = re.compile(_BLANKS + r"+([;?!])")
_BEFORE_WIDE = re.compile(_BLANKS + r"+([:»])")
_BEFORE_CLOSING = re.compile(r"(?<=[^\s\u00a0\u202f«])»")
_AFTER_OPENING = re.compile("«" + _BLANKS + "*")


def fr_typo(text: str) -> str:
    """French typography, the one rule of the site (interface strings, references, contributed texts):

    a narrow no-break space (U+202F) before ``;``, ``?`` and ``!``, and a no-break space (U+00A0) before ``:`` and
    inside guillemets (after ``«``, before ``»``). The space the writer typed before ``; : ? !`` becomes the no-break
    one; none is added where there was none (``10:30``, ``http://``, ``?`` after a word stay as they are). Inside
    guillemets a missing space is added (``«mot»`` is never right in French).
    """
    if not any(c in text for c in ";:?!«»"):
        return text
    text = _BEFORE_NARROW.sub(NNBSP + r"\1", text)
    text = _BEFORE_WIDE.sub(NBSP + r"\1", text)
    text = _BEFORE_CLOSING.sub(NBSP + "»", text)
    return _AFTER_OPENING.sub("«" + NBSP, text)


def _t(text: str, work_lang: str) -> str:
    return fr_typo(text) if work_lang == "fr" else text


_URL_BREAK = re.compile(r"(?<=/)(?!/)|(?=[._?#&=~-])")


def breakable_url(url: str) -> Markup:
    """A URL shown as text, with a line-break opportunity (``<wbr>``) after each slash and before ``. _ ? # & = ~ -``
    (where the Chicago Manual of Style breaks a URL), so that a long one wraps between its parts on a phone instead of
    being cut in the middle of a word."""
    pieces = [p for p in _URL_BREAK.split(url) if p]
    return Markup("<wbr>").join(escape(p) for p in pieces)


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!", "…")) else text + "."


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str = ""
    prefix: str = ""
    suppress_author: bool = False


class APA:
    """Renders one bibliography; suffixes and et al. forms are computed once, results cached."""

    def __init__(self, bib: Bibliography) -> None:
        self.bib = bib
        self.suffix: dict[str, str] = {}
        self.names_shown: dict[str, int] = {}
        self._ref_cache: dict[tuple[str, str], Markup] = {}
        self._sort_cache: dict[str, tuple[str, ...]] = {}
        self._disambiguate()

    # ---- disambiguation -------------------------------------------------------------
    def _disambiguate(self) -> None:
        groups: dict[tuple[tuple[str, ...], str], list[Reference]] = defaultdict(list)
        for ref in self.bib.refs.values():
            groups[(self._author_key(ref), ref.year)].append(ref)
        for refs in groups.values():
            if len(refs) < 2:
                continue
            titled = all(r.title for r in refs)
            refs.sort(key=lambda r: (fold(r.title), r.key) if titled else (r.key, ""))
            for i, ref in enumerate(refs):
                self.suffix[ref.key] = _letters(i)
        # APA 7 et al.: works with 3+ authors whose short forms collide show more names.
        short: dict[tuple[str, str], list[Reference]] = defaultdict(list)
        for ref in self.bib.refs.values():
            if len(ref.authors) >= 3 or ref.others:
                short[(fold(ref.authors[0].family) if ref.authors else ref.key, ref.year)].append(ref)
        for refs in short.values():
            for ref in refs:
                need = 1
                for other in refs:
                    if other is ref or self._author_key(other) == self._author_key(ref):
                        continue
                    a, b = self._author_key(ref), self._author_key(other)
                    n = next((i + 1 for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)) + 1)
                    need = max(need, n)
                self.names_shown[ref.key] = need

    @staticmethod
    def _author_key(ref: Reference) -> tuple[str, ...]:
        names = tuple(fold(n.family) for n in ref.authors)
        return (*names, "+others") if ref.others else names

    def year(self, ref: Reference, lang: str) -> str:
        suffix = self.suffix.get(ref.key, "")
        if not ref.year:
            return TERMS[lang]["nd"] + (f"-{suffix}" if suffix else "")
        return ref.year + suffix

    # ---- names ----------------------------------------------------------------------------
    def _ref_name(self, name: Name) -> str:
        if name.literal or not name.given:
            return name.family
        return f"{name.family}, {name.initials()}"

    def ref_authors(self, names: tuple[Name, ...], others: bool, lang: str) -> str:
        shown = [self._ref_name(n) for n in names[:20]]
        if len(names) > 20:
            shown = [*shown[:19], "…", self._ref_name(names[-1])]
        if others:  # the source names only some authors ("Zhu et al."); a lone family name takes no comma
            bare = len(shown) == 1 and (names[0].literal or not names[0].given)
            return ", ".join(shown) + (" " if bare else ", ") + TERMS[lang]["etal"]
        if len(shown) == 1:
            return shown[0]
        conj = TERMS[lang]["and_ref"]
        if lang == "en":
            return ", ".join(shown[:-1]) + f", {conj} " + shown[-1]
        return ", ".join(shown[:-1]) + f" {conj} " + shown[-1]

    def editors_in(self, names: tuple[Name, ...], lang: str) -> str:
        def one(n: Name) -> str:
            return n.family if n.literal or not n.given else f"{n.initials()} {n.family}"
        shown = [one(n) for n in names]
        conj = TERMS[lang]["and_ref"]
        if len(shown) <= 1:
            return "".join(shown)
        if len(shown) == 2:
            return f"{shown[0]} {conj} {shown[1]}"
        return ", ".join(shown[:-1]) + (f", {conj} " if lang == "en" else f" {conj} ") + shown[-1]

    def cite_authors(self, ref: Reference, lang: str, narrative: bool) -> str:
        names = ref.authors
        if not names:
            title = ref.title or ref.key
            return _t(title if len(title) <= 60 else title[:57].rstrip() + "…", ref.lang)
        fams = [n.family for n in names]
        many = len(fams) >= 3 or ref.others
        if many:
            n = min(self.names_shown.get(ref.key, 1), len(fams))
            if n >= len(fams) and not ref.others:
                many = False
            else:
                return ", ".join(fams[:n]) + (" " if n == 1 else ", ") + TERMS[lang]["etal"]
        if len(fams) == 1:
            return fams[0]
        conj = TERMS[lang]["and_narr" if narrative else "and"]
        if len(fams) == 2:
            return f"{fams[0]} {conj} {fams[1]}"
        return ", ".join(fams[:-1]) + (f", {conj} " if lang == "en" else f" {conj} ") + fams[-1]

    # ---- references -------------------------------------------------------------------------
    def _title(self, ref: Reference, lang: str, italic: bool) -> Markup:
        title = escape(_t(ref.title, ref.lang)) if ref.title else Markup("")
        if not ref.title:
            return Markup("")
        out = Markup("<i>{}</i>").format(title) if italic else title
        trans = ref.get("transtitle")
        if trans and ref.lang and ref.lang != lang:
            out += Markup(" [{}]").format(_t(trans, lang))
        return out

    def reference(self, key: str, lang: str) -> Markup:
        cached = self._ref_cache.get((key, lang))
        if cached is not None:
            return cached
        ref = self.bib.refs[key]
        html = self._reference(ref, lang)
        self._ref_cache[(key, lang)] = html
        return html

    def _reference(self, ref: Reference, lang: str) -> Markup:
        terms = TERMS[lang]
        italic_title = ref.type not in {"article", "incollection", "inbook", "inproceedings"}
        title = self._title(ref, lang, italic_title)
        year = escape(self.year(ref, lang))
        parts: list[Markup] = []
        if ref.authors:
            parts.append(Markup("{} ({}).").format(self.ref_authors(ref.authors, ref.others, lang), year))
            if title:
                parts.append(Markup(_end(title)))
        elif title:
            parts.append(Markup(_end(title)))
            parts.append(Markup("({}).").format(year))
        else:
            parts.append(Markup("({}).").format(year))
        etype = ref.type
        if etype == "article":
            src = Markup("")
            if ref.get("journal"):
                src = Markup("<i>{}</i>").format(ref.get("journal"))
                if ref.get("volume"):
                    src += Markup(", <i>{}</i>").format(ref.get("volume"))
                if ref.get("number"):
                    src += Markup("({})").format(ref.get("number"))
                if ref.get("pages"):
                    src += Markup(", {}").format(_pages(ref.get("pages")))
                parts.append(src + Markup("."))
        elif etype in {"incollection", "inbook", "inproceedings"}:
            bits = Markup(escape(terms["in"])) + Markup(" ")
            if ref.editors:
                role = terms["eds"] if len(ref.editors) > 1 else terms["ed"]
                bits += Markup("{} ({}), ").format(self.editors_in(ref.editors, lang), role)
            book = ref.get("booktitle")
            if book:
                bits += Markup("<i>{}</i>").format(_t(book, ref.lang))
            if ref.get("pages"):
                bits += Markup(" ({} {})").format(terms["pp"], _pages(ref.get("pages")))
            elif ref.get("chapter"):
                bits += Markup(" ({} {})").format(terms["chapter"], ref.get("chapter"))
            parts.append(bits + Markup("."))
            if ref.get("publisher"):
                parts.append(Markup(_end(escape(ref.get("publisher")))))
        elif etype in {"phdthesis", "mastersthesis", "thesis"}:
            kind = terms["masters"] if etype == "mastersthesis" else terms["thesis"]
            school = ref.get("school") or ref.get("institution")
            desc = f"{kind}, {school}" if school else kind
            if parts and title:
                parts[-1] = Markup("{} [{}].").format(title, desc)
            else:
                parts.append(Markup("[{}].").format(desc))
        elif etype in {"report", "techreport"}:
            if ref.get("number") and parts and title:
                parts[-1] = Markup("{} ({}).").format(title, ref.get("number"))
            inst = ref.get("institution") or ref.get("publisher")
            if inst and not (ref.authors and ref.authors[0].family == inst):
                parts.append(Markup(_end(escape(inst))))
        elif etype in {"book", "collection"}:
            if ref.get("edition") and parts and title:
                parts[-1] = Markup("{} ({} éd.).").format(title, ref.get("edition")) if lang == "fr" else \
                    Markup("{} ({} ed.).").format(title, ref.get("edition"))
            if ref.editors and not ref.authors:
                role = terms["eds"] if len(ref.editors) > 1 else terms["ed"]
                parts.insert(0, Markup("{} ({}).").format(self.ref_authors(ref.editors, False, lang), role))
            if ref.get("publisher"):
                parts.append(Markup(_end(escape(ref.get("publisher")))))
        else:  # online, legislation, misc, unpublished
            what = ref.get("howpublished") or ref.get("organization") or ref.get("publisher") or ref.get("institution")
            if what and not (ref.authors and ref.authors[0].family == what):
                parts.append(Markup(_end(escape(what))))
        if ref.doi:
            link = f"https://doi.org/{ref.doi}"
            parts.append(Markup('<a href="{}">{}</a>').format(link, breakable_url(link)))
        elif ref.url:
            parts.append(Markup('<a href="{}">{}</a>').format(ref.url, breakable_url(ref.url)))
        html = Markup(" ").join(p for p in parts if p)
        if ref.incomplete:
            missing = ", ".join(FIELD_NAMES[lang].get(f, f) for f in ref.incomplete)
            html += Markup(' <small class="cb-incomplete" title="{} : {}">[{}]</small>' if lang == "fr" else
                           ' <small class="cb-incomplete" title="{}: {}">[{}]</small>').format(
                terms["incomplete"], missing, terms["incomplete"])
        return html

    # ---- in-text citations ------------------------------------------------------------------
    def cite_text(self, item: CiteItem, lang: str, narrative: bool = False) -> tuple[str, str]:
        """(author part, year part) of one citation."""
        ref = self.bib.refs[item.key]
        names = self.cite_authors(ref, lang, narrative)
        year = self.year(ref, lang)
        if item.locator:
            year = f"{year}, {item.locator}"
        return names, year

    def sort_key(self, key: str) -> tuple[str, ...]:
        cached = self._sort_cache.get(key)
        if cached is None:
            ref = self.bib.refs[key]
            head = [fold(n.family) + " " + fold(n.given) for n in ref.authors] or [fold(ref.title or ref.key)]
            cached = (*head[:1], " ".join(head[1:]), ref.year or "0000", self.suffix.get(key, ""), fold(ref.title), key)
            self._sort_cache[key] = cached
        return cached

    def sorted_keys(self, keys: list[str] | None = None) -> list[str]:
        return sorted(keys if keys is not None else self.bib.refs, key=self.sort_key)


_SHARED: list[tuple[Bibliography, APA]] = []


def shared_apa(bib: Bibliography) -> APA:
    """The formatter of ``bib``, made once: every page and plugin then reuses its formatted references.

    ``load_bibliography`` returns the same object while the ``.bib`` files keep their content, so under
    ``mkdocs serve`` a rebuild formats nothing again.
    """
    for known, apa in _SHARED:
        if known is bib:
            return apa
    apa = APA(bib)
    _SHARED[:] = [(bib, apa)]
    return apa


def _pages(pages: str) -> str:
    return re.sub(r"\s*-{1,2}\s*", "–", pages)


def _letters(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = ascii_lowercase[r] + out
    return out
