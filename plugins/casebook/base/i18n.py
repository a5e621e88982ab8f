"""Languages, bilingual texts and the URL convention (French at the root, English under /en/)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGS: tuple[str, ...] = ("fr", "en")
DEFAULT_LANG = "fr"
LANG_NAMES = {"fr": "Français", "en": "English"}


@dataclass(frozen=True)
class Localized:
    """A text a reader sees, in French and English. ``en`` may be empty: translation pending."""

    fr: str
    en: str = ""

    @classmethod
    def from_data(cls, data: Any) -> Localized:
        if isinstance(data, Localized):
            return data
        if isinstance(data, Mapping):
            return cls(str(data.get("fr") or "").strip(), str(data.get("en") or "").strip())
        return cls("", "")

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr

    def pending(self, lang: str) -> bool:
        return not self.get(lang)

    def best(self, lang: str) -> str:
        """The text in ``lang``, or the other language's when pending."""
        return self.get(lang) or self.fr or self.en


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def collation_key(text: str) -> tuple[str, str]:
    """A sort key that follows French and English dictionary order whatever the system locale: accents and case
    are folded (Éducation sorts with the E's, œ as oe), then the text itself breaks ties so that the order is stable."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), text


def lang_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def page_url(lang: str, path: str) -> str:
    """Site-relative URL of a page: ``page_url('en', 'cases/x/')`` → ``en/cases/x/``."""
    return lang_prefix(lang) + path.lstrip("/")


def lang_of_url(url: str) -> str:
    for lang in LANGS:
        if lang != DEFAULT_LANG and (url == lang or url.startswith(f"{lang}/")):
            return lang
    return DEFAULT_LANG


def counterpart_url(url: str, lang: str) -> str:
    """The same page in ``lang``."""
    current = lang_of_url(url)
    bare = url[len(lang_prefix(current)):] if current != DEFAULT_LANG else url
    return page_url(lang, bare)
