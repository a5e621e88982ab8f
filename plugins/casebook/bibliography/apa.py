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

from ..base.i18n import site_languages
from ..base.text import NBSP, typography
from .model import Bibliography, Name, Reference, fold

TERMS = {
    "fr": {"and": "et", "and_ref": "et", "and_narr": "et", "ed": "dir.", "eds": "dir.", "in": "Dans", "p": "p.",
           "pp": "p.", "nd": "s.\u00a0d.", "etal": "et al.", "thesis": "Thèse de doctorat", "masters": "Mémoire de maîtrise",
           "chapter": "chapitre", "unpublished": "Manuscrit non publié", "incomplete": "référence incomplète", "missing": "manque"},
    "en": {"and": "&", "and_ref": "&", "and_narr": "and", "ed": "Ed.", "eds": "Eds.", "in": "In", "p": "p.",
           "pp": "pp.", "nd": "n.d.", "etal": "et al.", "thesis": "Doctoral dissertation", "masters": "Master's thesis",
           "chapter": "Chapter", "unpublished": "Unpublished manuscript", "incomplete": "incomplete reference", "missing": "missing"},
}

FIELD_NAMES = {
    "fr": {"title": "titre", "author": "auteurs", "journal": "revue", "pages": "pages", "publisher": "éditeur",
           "year": "année", "type": "type", "langid": "langue", "booktitle": "ouvrage", "editor": "direction",
           "volume": "volume", "url": "adresse"},
    "en": {},
}


def apa_lang(lang: str) -> str:
    """The language whose APA terms format a page in ``lang``: its own, or the site's ``apa_fallback`` for a language
    Casebook has no terms for (the plugins refuse such a language without one, naming the option)."""
    if lang in TERMS:
        return lang
    fallback = site_languages().apa_fallback
    if fallback not in TERMS:
        raise ValueError(f"no APA 7 terms for '{lang}' (Casebook has them for {', '.join(TERMS)}): set apa_fallback")
    return str(fallback)


def in_lang(html: Markup | str, lang: str, around: str, tag: str = "span") -> Markup:
    """``html`` (already escaped) in a ``<tag lang>`` when its language is known and is not the one ``around`` it (a
    work's title in another language than its reference, a reference in the fallback language's APA terms), else in
    a plain ``<tag>`` (``i`` for an italic title) or as it is (``span``). WCAG 3.1.2, the language of parts."""
    if lang and lang != around:
        return Markup('<{0} lang="{1}">{2}</{0}>').format(Markup(tag), lang, Markup(html))
    return Markup(html) if tag == "span" else Markup("<{0}>{1}</{0}>").format(Markup(tag), Markup(html))


_URL_BREAK = re.compile(r"(?<=/)(?!/)|(?=[._?#&=~-])")


def breakable_url(url: str) -> Markup:
    """A URL shown as text, with a line-break opportunity (``<wbr>``) after each slash and before ``. _ ? # & = ~ -``
    (where the Chicago Manual of Style breaks a URL), so that a long one wraps between its parts on a phone instead of
    being cut in the middle of a word."""
    pieces = [p for p in _URL_BREAK.split(url) if p]
    return Markup("<wbr>").join(escape(p) for p in pieces)


def _end(text: str) -> str:
    """A part of a reference ended with a period, unless it ends with one, or with ? ! … (a title in a ``<span lang>``
    counts by its last letter)."""
    bare = text[: -len("</span>")] if text.endswith("</span>") else text
    return text if bare.endswith((".", "?", "!", "…")) else text + "."


_SEGMENT = re.compile(r"\{(?:[^{}]|\{[^{}]*\})*\}|[^{}]+|[{}]")
_TOKEN = re.compile(r"(?P<word>\w[\w'’]*)|(?P<stop>[:?!.—](?=\s))|.", re.S)


def sentence_case(braced: str) -> str:
    """APA 7 §6.17 sentence case of an English title written in title case, BibTeX style.

    The first word of the title and of each subtitle (after a colon, a dash or an end mark) takes a capital; a word
    whose only capital is its first letter is lowered; a word with other capitals (UK, McGuire) and anything in
    braces (``{Max Weber}``) is kept as written. Braces are not printed.
    """
    out: list[str] = []
    cap = True
    for seg in _SEGMENT.findall(braced):
        if seg.startswith("{") and seg.endswith("}") and len(seg) > 1:
            inner = seg[1:-1].replace("{", "").replace("}", "")
            out.append(inner)
            if any(c.isalnum() for c in inner):
                cap = False
            continue
        if seg in "{}":
            continue
        for m in _TOKEN.finditer(seg):
            word = m["word"]
            if word is None:
                if m["stop"]:
                    cap = True
                elif not m[0].isspace() and m[0] not in "(\"'“‘«[":
                    cap = False  # a title that starts with a sign, not a word, is left as it is
                out.append(m[0])
                continue
            if cap:
                word = word[:1].upper() + word[1:]
                cap = False
            elif word[:1].isupper() and not any(c.isupper() for c in word[1:]) and word != "I":
                word = word[:1].lower() + word[1:]
            out.append(word)
    return "".join(out)


_FR_SUBTITLE = re.compile(r"(\s:\s+)([^\W\d_][^\W\d_A-ZÀ-ÖØ-Þ]*)(?=[\s,;.!?'’]|$)")


def french_case(braced: str) -> str:
    """A French title: the first word after a colon is lower case (the subtitle of a French title takes a capital
    only after a period, in Couture's French adaptation of APA 7); braced words are kept. Braces are not printed."""
    lowered = _FR_SUBTITLE.sub(lambda m: m[1] + (m[2][:1].lower() + m[2][1:] if m[2][:1].isupper() else m[2]), braced)
    return lowered.replace("{", "").replace("}", "")


def _ordinal(edition: str, lang: str) -> str:
    """'3' -> '3rd ed.' / '3e éd.'; a written edition ('Rev.') is kept before 'ed.'."""
    value = edition.strip()
    if value.isdigit():
        n = int(value)
        if lang == "fr":
            return f"{n}{'re' if n == 1 else 'e'} éd."
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} ed."
    if re.search(r"\b(ed|éd)\.", value):
        return value
    return f"{value} {'éd.' if lang == 'fr' else 'ed.'}"


_APOS = re.compile(r"[^\w ]|_")


def _name_key(text: str) -> str:
    """Letter by letter (APA 7 §9.45): accents, capitals, spaces, apostrophes, hyphens and periods do not count."""
    return _APOS.sub("", fold(text)).replace(" ", "")


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str = ""
    prefix: str = ""
    suppress_author: bool = False


CONTAINED = {"incollection", "inbook", "inproceedings"}  # their editors are those of the book, not of the work


class APA:
    """Renders one bibliography; suffixes and et al. forms are computed once, results cached."""

    def __init__(self, bib: Bibliography) -> None:
        self.bib = bib
        self.suffix: dict[str, str] = {}
        self.names_shown: dict[str, int] = {}
        self._ref_cache: dict[tuple[str, str], Markup] = {}
        self._sort_cache: dict[str, tuple[str, ...]] = {}
        self._author_keys: dict[str, tuple[str, ...]] = {}
        self._titles: dict[tuple[str, str], str] = {}
        self._disambiguate()

    # ---- who stands in the author position ---------------------------------------------------
    @staticmethod
    def creators(ref: Reference) -> tuple[Name, ...]:
        """The authors; for a book with editors and no author, its editors (APA 7 §9.10, §10.2 ex. 28)."""
        if ref.authors or ref.type in CONTAINED:
            return ref.authors
        return ref.editors

    @staticmethod
    def _edited(ref: Reference) -> bool:
        return not ref.authors and bool(ref.editors) and ref.type not in CONTAINED

    # ---- disambiguation -------------------------------------------------------------
    def _disambiguate(self) -> None:
        # APA 7 §8.19, §9.47: letters only for works with the same author element and the same year. With no
        # author, the title stands in the author position: works with different titles share nothing.
        groups: dict[tuple[tuple[str, ...], str], list[Reference]] = defaultdict(list)
        for ref in self.bib.refs.values():
            who = self._author_key(ref) or (("title", fold(ref.title)) if ref.title else ("key", ref.key))
            groups[(who, ref.year)].append(ref)
        for refs in groups.values():
            if len(refs) < 2:
                continue
            titled = all(r.title for r in refs)
            refs.sort(key=lambda r: (fold(r.title), r.key) if titled else (r.key, ""))
            for i, ref in enumerate(refs):
                self.suffix[ref.key] = _letters(i)
        # APA 7 §8.20: first authors with the same surname and different initials are cited with their initials.
        # A surname recorded without initials names no one else (the same person, often, less fully recorded).
        initials: dict[str, set[str]] = defaultdict(set)
        for ref in self.bib.refs.values():
            names = self.creators(ref)
            if names and names[0].given and not names[0].literal:
                initials[fold(names[0].family)].add(names[0].initials())
        self.with_initials: set[str] = {
            ref.key for ref in self.bib.refs.values()
            if (names := self.creators(ref)) and names[0].given and len(initials[fold(names[0].family)]) > 1}
        # APA 7 §8.18 et al.: works with 3+ authors whose short forms collide show more names.
        short: dict[tuple[str, str], list[Reference]] = defaultdict(list)
        for ref in self.bib.refs.values():
            names = self.creators(ref)
            if len(names) >= 3 or (ref.others and names):
                short[(fold(names[0].family), ref.year)].append(ref)
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

    def _author_key(self, ref: Reference) -> tuple[str, ...]:
        known = self._author_keys.get(ref.key)
        if known is None:
            names = tuple(fold(n.family) for n in self.creators(ref))
            known = self._author_keys[ref.key] = (*names, "+others") if ref.others else names
        return known

    def year(self, ref: Reference, lang: str) -> str:
        lang = apa_lang(lang)
        suffix = self.suffix.get(ref.key, "")
        if not ref.year:
            return TERMS[lang]["nd"] + (f"-{suffix}" if suffix else "")
        return ref.year + suffix

    # ---- names ----------------------------------------------------------------------------
    def _ref_name(self, name: Name) -> str:
        if name.literal or not name.given:
            return name.family
        return f"{name.family}, {name.initials()}" + (f", {name.jr}" if name.jr else "")

    def ref_authors(self, names: tuple[Name, ...], others: bool, lang: str) -> str:
        shown = [self._ref_name(n) for n in names]
        if len(names) > 20:  # APA 7 §9.8: the first 19, an ellipsis, the last; no "&"
            return ", ".join(shown[:19]) + ", … " + shown[-1]
        if others:  # the source names only some authors ("Zhu et al."); a lone family name takes no comma
            bare = len(shown) == 1 and (names[0].literal or not names[0].given)
            return ", ".join(shown) + (" " if bare else ", ") + TERMS[lang]["etal"]
        if len(shown) == 1:
            return shown[0]
        conj = TERMS[lang]["and_ref"]
        if lang == "en":
            # The comma before "&" follows inverted names ("Andrews, R., & Mostafa, A.") and series of three or
            # more; two bare family names take none: "Andrews & Mostafa".
            bare = len(shown) == 2 and (names[0].literal or not names[0].given)
            return ", ".join(shown[:-1]) + (f" {conj} " if bare else f", {conj} ") + shown[-1]
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

    def _role(self, names: tuple[Name, ...], lang: str) -> str:
        return TERMS[lang]["eds" if len(names) > 1 else "ed"]

    def same_author(self, a: str, b: str) -> bool:
        """Whether two works have the same author element: the same names with the same initials."""
        def who(key: str) -> tuple[tuple[str, str], ...]:
            ref = self.bib.refs[key]
            return (*((fold(n.family), n.initials()) for n in self.creators(ref)), ("+others", "") if ref.others else ("", ""))
        return bool(self.creators(self.bib.refs[a])) and who(a) == who(b)

    def cite_style(self, ref: Reference) -> str:
        """How a title standing in for the author is set in a citation (APA 7 §8.14): ``i`` italic for the works
        whose title is italic in the list, ``q`` quoted for articles and chapters, ``""`` for laws and authored
        works."""
        if self.creators(ref):
            return ""
        if ref.type == "legislation" or not ref.title:
            return ""
        return "q" if ref.type in CONTAINED or ref.type == "article" else "i"

    def cite_authors(self, ref: Reference, lang: str, narrative: bool) -> str:
        names = self.creators(ref)
        if not names:
            title = ref.title or ref.key
            title = typography(title if len(title) <= 60 else title[:57].rstrip() + "…", ref.lang)
            if self.cite_style(ref) == "q":
                return f"«{NBSP}{title}{NBSP}»" if lang == "fr" else f"“{title}”"
            return title
        fams = [n.family for n in names]
        if ref.key in self.with_initials:
            fams[0] = f"{names[0].initials()} {fams[0]}"
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
    def title_text(self, ref: Reference, name: str = "title") -> str:
        """A title as the list prints it: English ones in sentence case (APA 7 §6.17), with the subtitle."""
        known = self._titles.get((ref.key, name))
        if known is not None:
            return known
        text = ref.braced.get(name, ref.get(name))
        if name == "title" and text and ref.get("subtitle"):
            sub = ref.braced.get("subtitle", ref.get("subtitle"))
            text = f"{text} : {sub}" if ref.lang == "fr" else f"{text}: {sub}"
        if ref.lang == "en":
            text = sentence_case(text)
        elif ref.lang == "fr":
            text = french_case(text)
        else:
            text = text.replace("{", "").replace("}", "")
        text = self._titles[(ref.key, name)] = typography(text, ref.lang)
        return text

    def _title(self, ref: Reference, lang: str, italic: bool) -> Markup:
        if not ref.title:
            return Markup("")
        out = in_lang(escape(self.title_text(ref)), ref.lang, lang, "i" if italic else "span")
        trans = ref.get("transtitle")
        if trans and ref.lang and ref.lang != lang:
            out += Markup(" [{}]").format(typography(trans, lang))
        return out

    def reference(self, key: str, lang: str) -> Markup:
        """The reference of ``key`` on a page in ``lang``. Formatted with the fallback language's APA terms (the site's
        ``apa_fallback``) it is marked as in that language; its title, journal or book, in its work's language when
        that is another."""
        page_lang, lang = lang, apa_lang(lang)
        html = self._ref_cache.get((key, lang))
        if html is None:
            html = self._ref_cache[(key, lang)] = self._reference(self.bib.refs[key], lang)
        return in_lang(html, lang, page_lang)

    def _reference(self, ref: Reference, lang: str) -> Markup:
        terms = TERMS[lang]
        etype = ref.type
        italic_title = etype not in {"article", "legislation"} and etype not in CONTAINED
        title = self._title(ref, lang, italic_title)
        year = escape(self.year(ref, lang))
        parts: list[Markup] = []
        creators = self.creators(ref)
        # What follows the title in parentheses: the edition, the editors of an authored book (APA 7 §10.2).
        after: list[str] = []
        if ref.get("edition") and etype in {"book", "collection", "report", "techreport", "misc", "online"}:
            after.append(_ordinal(ref.get("edition"), lang))
        if ref.authors and ref.editors and etype not in CONTAINED:
            after.append(f"{self.editors_in(ref.editors, lang)}, {self._role(ref.editors, lang)}")
        if etype in {"report", "techreport"} and ref.get("number"):
            after.append(ref.get("number"))
        if title and after:
            title = Markup("{} ({})").format(title, "; ".join(after))
        if creators:
            who = self.ref_authors(creators, ref.others, lang)
            if self._edited(ref):
                who = f"{who} ({self._role(creators, lang)})"
            # APA 7 §9.8-9.11: the author element ends with a period, group authors and bare names too.
            parts.append(Markup("{} ({}).").format(_end(who), year))
            if title:
                parts.append(Markup(_end(title)))
        elif etype == "legislation" and title:
            parts.append(Markup("{} ({}).").format(title, year))  # APA 7 §11.4: Name of Act (Year), in roman
        elif title:
            parts.append(Markup(_end(title)))
            parts.append(Markup("({}).").format(year))
        else:
            parts.append(Markup("({}).").format(year))
        if etype == "article":
            src = Markup("")
            if ref.get("journal"):
                src = in_lang(escape(ref.get("journal")), ref.lang, lang, "i")
                if ref.get("volume"):
                    src += Markup(", <i>{}</i>").format(ref.get("volume"))
                if ref.get("number"):
                    src += Markup("({})").format(ref.get("number"))
                if ref.get("pages"):
                    src += Markup(", {}").format(_pages(ref.get("pages")))
                parts.append(src + Markup("."))
        elif etype in CONTAINED:
            bits = Markup(escape(terms["in"])) + Markup(" ")
            if ref.editors:
                bits += Markup("{} ({}), ").format(self.editors_in(ref.editors, lang), self._role(ref.editors, lang))
            if ref.get("booktitle"):
                bits += in_lang(escape(self.title_text(ref, "booktitle")), ref.lang, lang, "i")
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
        elif etype == "unpublished":  # APA 7 §10.8: [Unpublished manuscript], then where it was written
            if parts and title:
                parts[-1] = Markup("{} [{}].").format(title, terms["unpublished"])
            what = ref.get("institution") or ref.get("school") or ref.get("howpublished") or ref.get("organization")
            if what:
                parts.append(Markup(_end(escape(what))))
        elif etype in {"report", "techreport"}:
            inst = ref.get("institution") or ref.get("publisher")
            if inst and not (creators and creators[0].family == inst):  # APA 7 §9.29: not twice
                parts.append(Markup(_end(escape(inst))))
        elif etype in {"book", "collection"}:
            if ref.get("publisher"):
                parts.append(Markup(_end(escape(ref.get("publisher")))))
        elif etype != "legislation":  # online, misc, unpublished
            what = ref.get("howpublished") or ref.get("organization") or ref.get("publisher") or ref.get("institution")
            if what and not (creators and creators[0].family == what):
                parts.append(Markup(_end(escape(what))))
        if ref.doi:
            link = f"https://doi.org/{ref.doi}"
            parts.append(Markup('<a href="{}">{}</a>').format(link, breakable_url(link)))
        elif ref.url:
            parts.append(Markup('<a href="{}">{}</a>').format(ref.url, breakable_url(ref.url)))
        orig = ref.get("origdate")[:4]
        if orig and orig != ref.year:  # APA 7 §9.41: a republished work, after the DOI or URL, no period
            parts.append(Markup("({})").format(
                f"Ouvrage original publié en {orig}" if lang == "fr" else f"Original work published {orig}"))
        html = Markup(" ").join(p for p in parts if p)
        if ref.incomplete:
            missing = ", ".join(FIELD_NAMES[lang].get(f, f) for f in ref.incomplete)
            html += Markup(' <small class="cb-incomplete" title="{} : {}">[{}]</small>' if lang == "fr" else
                           ' <small class="cb-incomplete" title="{}: {}">[{}]</small>').format(
                terms["incomplete"], missing, terms["incomplete"])
        return html

    # ---- in-text citations ------------------------------------------------------------------
    def cite_year(self, ref: Reference, lang: str) -> str:
        """The date of a citation: "1922/1995" for a republished work (APA 7 §8.15)."""
        year = self.year(ref, lang)
        orig = ref.get("origdate")[:4]
        return f"{orig}/{year}" if orig and ref.year and orig != ref.year else year

    def cite_text(self, item: CiteItem, lang: str, narrative: bool = False) -> tuple[str, str]:
        """(author part, year part) of one citation."""
        lang = apa_lang(lang)
        ref = self.bib.refs[item.key]
        names = self.cite_authors(ref, lang, narrative)
        year = self.cite_year(ref, lang)
        if item.locator:
            year = f"{year}, {item.locator}"
        return names, year

    def sort_key(self, key: str) -> tuple[str, ...]:
        """APA 7 §9.44-9.48: letter by letter on the author element (the title when there is none, without an
        initial article), "nothing precedes something", one author before several, then year (n.d. first)."""
        cached = self._sort_cache.get(key)
        if cached is None:
            ref = self.bib.refs[key]
            head = [_name_key(n.family) + " " + _name_key(n.given) for n in self.creators(ref)]
            if not head:
                title = ref.title or ref.key
                head = [_name_key(_ARTICLE.sub("", title) if ref.lang == "en" else title)]
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
