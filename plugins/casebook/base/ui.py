"""Interface strings (everything the templates print that is not content): shipped in French and English as strings
files (``casebook/strings/fr.yml``, ``en.yml``); a site adds another language, or changes a shipped string, with a
strings file of its own in the same format, ``strings/<code>.yml`` (:func:`load_strings`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, close_matches, did_you_mean, display_path
from .i18n import SHIPPED, Languages, language_name
from .text import typography
from .yamlfile import load_yaml


def _shipped(lang: str) -> dict[str, str]:
    """The strings Casebook ships for ``lang``: ``casebook/strings/<lang>.yml``, a strings file like a site's; French
    gets its typography, the site's one rule (casebook.base.text.fr_typo): a narrow no-break space before ; ? !, a
    no-break space before : and inside « »."""
    data = yaml.safe_load(resources.files("casebook").joinpath("strings", f"{lang}.yml").read_text(encoding="utf-8"))
    return {str(key): typography(str(text), lang) for key, text in data.items()}


# The shipped strings, as they are before a site's strings files change them, and the site's (use_strings).
SHIPPED_UI: dict[str, dict[str, str]] = {lang: _shipped(lang) for lang in SHIPPED}
UI: dict[str, dict[str, str]] = {lang: dict(texts) for lang, texts in SHIPPED_UI.items()}


def tr(lang: str, key: str) -> str:
    return UI.get(lang, _NONE).get(key) or UI["fr"].get(key) or key


_NONE: dict[str, str] = {}


def ui_string(lang: str, key: str) -> str:
    """The string ``key`` of ``lang`` if the site has it, else ``""`` (no fallback, unlike :func:`tr`)."""
    return UI.get(lang, _NONE).get(key, "")


MAX_MISSING_SHOWN = 20
_FIELD = re.compile(r"\{(\w*)\}")
# What the strings whose text is a pattern, or a word put into another string, are for: a translator who meets them in
# a hint (a missing string, a placeholder dropped) cannot tell it from their English text alone.
PURPOSE = {
    "date_full": "how a full date is written, with {day}, {month} (a month_ name) and {year}",
    "date_month_year": "how a month and year are written, with {month} and {year}",
    "language_in": "a language's name as the open-data line lists it ('every case, in {languages}, as JSON'), with "
                   "{language} the name (a lang_ string)",
    "pending_text": "the note of a page shown partly in another language, with {language} the name of that language",
    "language_name": "this language's name in itself, in the language switcher",
    "og_locale": "the Open Graph locale of this language, e.g. es_ES",
}


def use_strings(extra: Mapping[str, Mapping[str, str]]) -> None:
    """The site's strings: the shipped ones, with ``extra`` (by language) replacing or adding to them."""
    UI.clear()
    UI.update({lang: dict(texts) for lang, texts in SHIPPED_UI.items()})
    for lang, texts in extra.items():
        UI.setdefault(lang, {}).update(texts)


def load_strings(folder: Path, root: Path, languages: Languages) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """Read ``<folder>/<code>.yml`` for each of the site's languages: optional for a shipped language (its keys replace
    the shipped strings), required for any other, which must give every string. Returns the strings by language and
    the problems, each located in its file with what to do."""
    out: dict[str, dict[str, str]] = {}
    diags: list[Diagnostic] = []
    english = SHIPPED_UI["en"]
    for lang in languages.codes:
        path = folder / f"{lang}.yml"
        shown = display_path(path, root)  # relative to the site, control characters escaped
        if not path.is_file():
            if lang not in SHIPPED:
                diags.append(Diagnostic(
                    shown, 0, 0, "languages", f"no interface strings for {language_name(lang)}: Casebook ships them "
                    f"for {' and '.join(SHIPPED)} only",
                    hint=f"write {shown} with every string of the English ones ({len(english)} keys): start from "
                         f"`casebook strings en > {shown}` and translate each text"))
            continue
        doc, found = load_yaml(path, shown)
        diags.extend(found)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            diags.append(doc.diag((), "a strings file is a mapping of keys to texts (key: text)"))
            continue
        texts: dict[str, str] = {}
        # the name of each of the site's languages in this file's language: lang_fr and lang_en ship, lang_es… may be added
        names = {f"lang_{code}" for code in languages.codes}
        for key, value in doc.data.items():
            if key in names and isinstance(value, str) and value.strip():
                texts[key] = typography(value, lang)
                continue
            if key not in english:
                diags.append(doc.diag((key,), f"unknown string '{key}'" + did_you_mean(close_matches(str(key), english)),
                                      key=True, hint="remove it, or correct its name (`casebook strings en` lists them)"))
                continue
            if not isinstance(value, str) or not value.strip():
                diags.append(doc.diag((key,), "expected a text, not empty",
                                      hint=f"English: {english[key]!r}"))
                continue
            want, got = set(_FIELD.findall(english[key])), set(_FIELD.findall(value))
            if want != got:
                diags.append(doc.diag((key,), f"the text must hold {', '.join('{' + f + '}' for f in sorted(want)) or 'no {…}'}"
                                      f" as the English one does", hint=_shown_as(key)))
                continue
            texts[key] = typography(value, lang)
        if lang not in SHIPPED:
            missing = [k for k in english if k not in doc.data]
            end = _last_line(doc.source)  # a missing key has no line of its own: it goes after the file's last one
            for key in missing[:MAX_MISSING_SHOWN]:
                diags.append(Diagnostic(shown, end, 1, key, "missing string",
                                        hint=f'add  {key}: "…"  at the end of the file ({_shown_as(key)})'))
            if len(missing) > MAX_MISSING_SHOWN:
                diags.append(Diagnostic(shown, end, 1, "", f"and {len(missing) - MAX_MISSING_SHOWN} more missing strings",
                                        hint="`casebook strings en` lists every key with its English text"))
        out[lang] = texts
    return out, diags


def _last_line(text: str) -> int:
    """The number of a text's last line that holds something (1 for an empty text)."""
    lines = text.split("\n")
    return next((i for i in range(len(lines), 0, -1) if lines[i - 1].strip()), 1)


def _shown_as(key: str) -> str:
    """What a hint says of a shipped string: what it is for, when its text does not say, and its English and French."""
    def quoted(text: str) -> str:  # as a strings file writes it: French with plain spaces (typography comes on reading)
        return "'" + text.replace("\u202f", " ").replace("\u00a0", " ") + "'"

    texts = f"English: {quoted(SHIPPED_UI['en'][key])}, French: {quoted(SHIPPED_UI['fr'][key])}"
    return f"{PURPOSE[key]}; {texts}" if key in PURPOSE else texts


def strings_yaml(lang: str) -> str:
    """The shipped strings of ``lang`` as a strings file (``casebook strings en``), to start a new language from."""
    return yaml.safe_dump(SHIPPED_UI[lang], allow_unicode=True, sort_keys=False, width=1000)
