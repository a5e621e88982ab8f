"""Citing a Casebook page itself, and the licence of the site's content and data.

A page is cited as a web page (APA 7, *Publication Manual* §10.16): its author (the site's authors as configured,
else the site as a group author), the date it last changed, its title in italics, the site's name (left out when
it is also the author, §9.8 / §10.16) and its URL. French pages follow the same pattern with French month names.

The date a page last changed comes from git where the site is a repository: one ``git log`` per build gives the
last commit date of every file (:func:`git_dates`); a page generated from several files takes the latest of them.
Without git (a copy, an archive), the date is unknown and the citation says « s. d. » / "n.d.".

No MkDocs import: the plugin hands in the page's title, URL, language and source files.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..base.dates import month_name
from ..base.text import typography
from ..bibliography.apa import apa_lang, in_lang

# Licences a site can name by their SPDX identifier; any other is given as {name, url}.
KNOWN_LICENSES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.{lang}"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/deed.{lang}"),
    "CC-BY-NC-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/deed.{lang}"),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.{lang}"),
}


@dataclass(frozen=True)
class License:
    """The licence of a site's content and data."""

    id: str  # SPDX identifier when known, else the name
    name: str
    url_pattern: str  # may hold {lang}

    def url(self, lang: str) -> str:
        return self.url_pattern.replace("{lang}", lang)


def license_of(value: Any) -> License:
    """A licence from the site's configuration: an SPDX id of :data:`KNOWN_LICENSES` or ``{name: …, url: …}``.

    Raises ``ValueError`` with a message saying what to write when the value is neither."""
    if isinstance(value, str) and value in KNOWN_LICENSES:
        name, url = KNOWN_LICENSES[value]
        return License(value, name, url)
    if isinstance(value, Mapping) and isinstance(value.get("name"), str) and value["name"].strip():
        url = value.get("url") or ""
        if not isinstance(url, str) or (url and not re.match(r"https?://", url)):
            raise ValueError(f"license.url: expected an http(s) address, got {url!r}")
        return License(str(value.get("id") or value["name"]), value["name"].strip(), url)
    known = ", ".join(KNOWN_LICENSES)
    raise ValueError(f"license: expected one of {known}, or a mapping with 'name' and 'url', got {value!r}")


def git_dates(root: Path) -> dict[str, str]:
    """The date (YYYY-MM-DD) of the last commit that changed each file of the repository at ``root``.

    Keys are paths relative to ``root``. Empty when ``root`` is not in a git work tree or git is missing."""
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                             timeout=30, check=True).stdout.strip()
        log = subprocess.run(["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."],
                             capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    dates: dict[str, str] = {}
    for chunk in log.split("\x00")[1:]:
        date, _, names = chunk.partition("\n")
        for name in names.split("\n"):
            name = name.strip()
            if name and name.startswith(prefix):
                dates.setdefault(name[len(prefix):], date.strip())  # newest first: keep the first seen
    return dates


def last_changed(dates: Mapping[str, str], sources: Iterable[str]) -> str:
    """The latest date among ``sources`` (files or folders ending in ``/``), or ``""`` when none is known."""
    found: list[str] = []
    for src in sources:
        if src.endswith("/"):
            found.extend(d for path, d in dates.items() if path.startswith(src))
        elif src in dates:
            found.append(dates[src])
    return max(found, default="")


BIBTEX_LANGIDS = {"fr": "french", "en": "english"}  # a page in another language is cited without ``langid``


def _apa_date(date: str, lang: str) -> str:
    if not date:
        return "s. d." if lang == "fr" else "n.d."
    year, month, day = (int(x) for x in date.split("-"))
    name = month_name(month, lang)
    return f"{year}, {day} {name}" if lang == "fr" else f"{year}, {name} {day}"


@dataclass(frozen=True)
class PageCitation:
    """How to cite one page: APA 7 (HTML, title in italics) and a BibTeX ``@online`` entry."""

    apa: Markup
    bibtex: str
    url: str
    date: str


def _breakable(url: str) -> Markup:
    """The URL as shown: a line may break after each slash (never inside a word), so a phone needs no sideways scroll."""
    return Markup("/<wbr>").join(escape(part) for part in url.split("/"))


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}\\%&$#_])", r"\\\1", text)


def cite_page(*, site_name: str, authors: list[str], title: str, url: str, date: str, lang: str,
              key: str, title_lang: str = "") -> PageCitation:
    """The citation of a page titled ``title`` at ``url`` (absolute), last changed on ``date`` (may be empty), in the
    APA 7 of ``lang`` (or of the site's ``apa_fallback`` for a language without APA terms). ``title_lang``: the
    title's language when it is not the page's (an untranslated title), given to the title as its ``lang``."""
    page_lang, lang = lang, apa_lang(lang)
    group = not authors
    names = authors or [site_name]
    if len(names) == 1:
        author = names[0]
    else:
        joiner = " et " if lang == "fr" else ", & "
        author = ", ".join(names[:-1]) + joiner + names[-1]
    author_part = author if author.endswith(".") else author + "."
    site_part = "" if group or site_name == author else f" {escape(site_name)}."
    when = _apa_date(date, lang)
    # In another language's APA terms (apa_fallback) the citation is marked as in that language, and the title as
    # in its own (the page's, or title_lang) when that is another.
    said = title_lang or page_lang
    cite = f'<cite lang="{escape(said)}">' if said != lang else "<cite>"
    text = (f"{escape(author_part)} ({when}). {cite}{escape(title)}</cite>.{site_part} "
            f'<a href="{escape(url)}">{_breakable(url)}</a>')
    apa = in_lang(typography(text, lang), lang, page_lang)
    fields = [("author", " and ".join("{" + _bib_escape(n) + "}" if group else _bib_escape(n) for n in names)),
              ("title", _bib_escape(title)), ("organization", _bib_escape(site_name))]
    if date:
        fields.append(("date", date))
    fields += [("url", url), *([("langid", BIBTEX_LANGIDS[page_lang])] if page_lang in BIBTEX_LANGIDS else [])]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return PageCitation(apa, f"@online{{{key},\n{body}\n}}", url, date)


def page_key(site_name: str, url: str) -> str:
    """A BibTeX key for a page: the site's name and the page's path, e.g. ``casebook-en-cases-spat``."""
    slug = re.sub(r"[^a-z0-9]+", "-", (site_name + " " + url).lower()).strip("-")
    return slug or "page"
