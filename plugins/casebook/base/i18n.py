"""Languages, multilingual texts and the URL convention: the site's first language at the root, each other one
under ``/<code>/``.

The site declares its languages (``languages: [fr, en]``, an option of ``casebook/cases``; see
:func:`use_languages`); without a declaration they are French then English, as this site has always been.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# The languages Casebook ships interface strings and APA terms for; a site may declare others (with a strings file).
SHIPPED: tuple[str, ...] = ("fr", "en")
# English names of the shipped languages, for diagnostics; any other language is named by its code.
_ENGLISH_NAMES = {"fr": "French", "en": "English"}
_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Languages:
    """The languages of a site, the first at the root. ``apa_fallback``: the APA terms a language without its own
    uses (set by ``casebook/bibliography``'s ``apa_fallback``), or None."""

    codes: tuple[str, ...] = SHIPPED
    apa_fallback: str | None = None

    @property
    def default(self) -> str:
        return self.codes[0]

    @property
    def others(self) -> tuple[str, ...]:
        return self.codes[1:]

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default else f"{lang}/"

    def of_url(self, url: str) -> str:
        for lang in self.others:
            if url == lang or url.startswith(f"{lang}/"):
                return lang
        return self.default


_SITE = [Languages()]


def site_languages() -> Languages:
    """The languages of the site being built (set once per build by :func:`use_languages`)."""
    return _SITE[0]


def use_languages(languages: Languages) -> Languages:
    """Make ``languages`` the site's languages (the plugins call it from their configuration); returns it."""
    _SITE[0] = languages
    return languages


def language_errors(value: Any) -> list[str]:
    """What is wrong with a declared list of languages (``languages:``), each message saying what to do."""
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        return ["must be a list of one or more language codes, the first at the root, e.g. [fr, en] or [en]"]
    out = []
    for code in value:
        if not isinstance(code, str) or not _CODE.match(code):
            out.append(f"{code!r} is not a language code: write a lowercase ISO 639 code (fr, en, es…)")
    dupes = sorted({c for c in value if isinstance(c, str) and list(value).count(c) > 1})
    if dupes:
        out.append(f"{', '.join(dupes)} listed twice: list each language once")
    return out


def first_text(get: Callable[[str], str | None], lang: str, last: Iterable[str]) -> tuple[str, str]:
    """The first text ``get`` gives in ``lang``, then in the site's languages in order, then in ``last``:
    ``(text, its language)``, or ``("", lang)`` when none has one. The fallback order of every text a reader sees."""
    text = get(lang)
    if text:
        return text, lang
    for code in (*site_languages().codes, *last):
        text = get(code)
        if text:
            return text, code
    return "", lang


def pick_in(texts: Mapping[str, str], lang: str) -> tuple[str, str]:
    """A label of the site's (a model's, a vocabulary's) in ``lang``, or, where it has none in that language, in the
    site's first language, then the others, then any: ``(text, its language)``; ``("", lang)`` when it has none."""
    return first_text(texts.get, lang, texts)


def language_name(lang: str) -> str:
    """The language's English name in diagnostics ("French"), or its code (``'es'``)."""
    return _ENGLISH_NAMES.get(lang, f"'{lang}'")


@lru_cache(maxsize=8)
def _unshipped(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The site's languages other than French and English, in order."""
    return tuple(lang for lang in codes if lang not in SHIPPED)


@dataclass(frozen=True)
class Localized:
    """A text a reader sees, in each of the site's languages. Only the first language is required; a missing text in
    another one is a translation pending. ``fr`` and ``en`` are fields (the shipped languages); any other language's
    text is in ``more``, as (code, text) pairs."""

    fr: str
    en: str = ""
    more: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_data(cls, data: Any) -> Localized:
        if isinstance(data, Localized):
            return data
        if isinstance(data, Mapping):
            extra = _unshipped(site_languages().codes)
            more = tuple((lang, str(data.get(lang) or "").strip()) for lang in extra if data.get(lang)) if extra else ()
            return cls(str(data.get("fr") or "").strip(), str(data.get("en") or "").strip(), more)
        return cls("", "")

    def get(self, lang: str) -> str:
        if lang == "fr":
            return self.fr
        if lang == "en":
            return self.en
        for code, text in self.more:
            if code == lang:
                return text
        return ""

    def pending(self, lang: str) -> bool:
        return not self.get(lang)

    def best(self, lang: str) -> str:
        """The text in ``lang``, or, when it is pending, in the first language that has it (the site's first)."""
        return self.best_with_lang(lang)[0]

    def best_with_lang(self, lang: str) -> tuple[str, str]:
        """The text :meth:`best` gives and its language (the page's, the site's in order, then French or English)."""
        return first_text(self.get, lang, SHIPPED)


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def collation_key(text: str) -> tuple[str, str]:
    """A sort key that follows French and English dictionary order whatever the system locale: accents and case
    are folded (Éducation sorts with the E's, œ as oe), then the text itself breaks ties so that the order is stable."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), text


def lang_prefix(lang: str) -> str:
    return site_languages().prefix(lang)


def page_url(lang: str, path: str) -> str:
    """Site-relative URL of a page: ``page_url('en', 'cases/x/')`` → ``en/cases/x/`` (French at the root)."""
    return lang_prefix(lang) + path.lstrip("/")


def lang_of_url(url: str) -> str:
    return site_languages().of_url(url)


def counterpart_url(url: str, lang: str) -> str:
    """The same page in ``lang``."""
    current = lang_of_url(url)
    bare = url[len(lang_prefix(current)):]
    return page_url(lang, bare)
