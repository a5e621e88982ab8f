"""The bibliography in the formats reference managers read: COinS, CSL-JSON and RIS.

- COinS (OpenURL 1.0 ContextObjects in a ``<span class="Z3988">``): Zotero's browser connector reads them from a
  page. The keys follow the OpenURL 1.0 KEV metadata formats (journal, book, dissertation, dc) and the way Zotero's
  ``Zotero.OpenURL.parseContextObject`` maps them to its item types: ``rft.genre=bookitem`` is a book section,
  ``proceeding`` a conference paper, ``report`` a report; ``mtx:dc`` with ``rft.type`` a web page, a document or
  a statute. Zotero splits the string on ``&`` and ``=`` before decoding, so every value is percent-encoded.
- CSL-JSON (the input format of CSL processors, read by Zotero, Mendeley and pandoc), CSL 1.0.2 types and variables.
- RIS (read by Zotero, Mendeley and EndNote).

Plain functions of a parsed :class:`~casebook.bibliography.model.Reference`; nothing here produces HTML (the
templates escape what they embed).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from .model import Bibliography, Name, Reference

# BibTeX type -> (CSL type, RIS type, COinS format, COinS genre or dc type)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "article": ("article-journal", "JOUR", "journal", "article"),
    "book": ("book", "BOOK", "book", "book"),
    "collection": ("book", "EDBOOK", "book", "book"),
    "incollection": ("chapter", "CHAP", "book", "bookitem"),
    "inbook": ("chapter", "CHAP", "book", "bookitem"),
    "inproceedings": ("paper-conference", "CPAPER", "book", "proceeding"),
    "report": ("report", "RPRT", "book", "report"),
    "techreport": ("report", "RPRT", "book", "report"),
    "phdthesis": ("thesis", "THES", "dissertation", ""),
    "mastersthesis": ("thesis", "THES", "dissertation", ""),
    "thesis": ("thesis", "THES", "dissertation", ""),
    "online": ("webpage", "ELEC", "dc", "webpage"),
    "legislation": ("legislation", "STAT", "dc", "statute"),
    "unpublished": ("manuscript", "UNPB", "dc", "manuscript"),
    "misc": ("document", "GEN", "dc", "document"),
}
CHAPTER_TYPES = {"incollection", "inbook", "inproceedings"}
THESIS_TYPES = {"phdthesis", "mastersthesis", "thesis"}
DEGREE = {"phdthesis": "Doctoral dissertation", "mastersthesis": "Master's thesis", "thesis": "Thesis"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _kind(ref: Reference) -> tuple[str, str, str, str]:
    return KINDS.get(ref.type, KINDS["misc"])


_UNPLAIN = re.compile(r"[{}]|(?! )\s|  ")  # braces, a space other than " ", two spaces
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    """One line of text: no braces (BibTeX case protection), no line breaks (they would forge a RIS tag)."""
    if not _UNPLAIN.search(text):  # the usual case, and the fast one
        return text.strip(" ")
    return _SPACES.sub(" ", text.replace("{", "").replace("}", "")).strip()


def _get(ref: Reference, name: str) -> str:
    return _plain(ref.get(name))


def title(ref: Reference) -> str:
    """The title with its subtitle, as one string (French spacing before the colon in French works)."""
    main, sub = _get(ref, "title"), _get(ref, "subtitle")
    if not sub:
        return main
    if not main:
        return sub
    sep = " : " if ref.lang == "fr" else ": "
    return main.rstrip(" :") + sep + sub


def date_parts(value: str) -> list[int] | None:
    """``2025``, ``2025-03`` or ``2025-03-14`` as CSL date-parts; None for anything else."""
    m = _DATE.match(value.strip())
    if not m:
        return None
    parts = [int(x) for x in m.groups() if x]
    if (len(parts) > 1 and not 1 <= parts[1] <= 12) or (len(parts) > 2 and not 1 <= parts[2] <= 31):
        return None
    return parts


def issued(ref: Reference) -> tuple[list[int] | None, str]:
    """The date of the work: (date-parts, "") when it reads as a date, (None, text) otherwise."""
    date = _get(ref, "date")
    if date and (parts := date_parts(date)):
        return parts, ""
    year = _get(ref, "year")
    if year:
        parts = date_parts(year)
        return (parts, "") if parts else (None, year)
    return None, date


def pages(ref: Reference) -> tuple[str, str]:
    """(first, last) page of ``pages``: ``32--56`` gives ("32", "56"), ``e12`` gives ("e12", "")."""
    value = _get(ref, "pages")
    if not value:
        return "", ""
    bits = re.split(r"\s*(?:-+|–|—)\s*", value, maxsplit=1)
    first = bits[0]
    last = bits[1] if len(bits) > 1 else ""
    return first, last


def _page_range(ref: Reference) -> str:
    first, last = pages(ref)
    return f"{first}-{last}" if last else first


def _publisher(ref: Reference) -> str:
    for name in ("publisher", "institution", "school", "organization"):
        if value := _get(ref, name):
            return value
    return ""


def _container(ref: Reference) -> str:
    return _get(ref, "journal") or _get(ref, "journaltitle") if ref.type == "article" else _get(ref, "booktitle")


def _family(name: Name) -> str:
    return _plain(name.family)


def _given(name: Name) -> str:
    return _plain(name.given)


def _suffix(name: Name) -> str:
    """The Jr part of a BibTeX name ("Jr.", "III"), on a model that keeps it."""
    return _plain(str(getattr(name, "jr", "") or ""))


def _missing_note(ref: Reference) -> str:
    return f"Incomplete reference, missing: {', '.join(ref.incomplete)}" if ref.incomplete else ""


def _notes(ref: Reference) -> list[str]:
    notes = [n for n in (_get(ref, "note"), _missing_note(ref)) if n]
    if ref.type not in THESIS_TYPES and _get(ref, "howpublished") and _publisher(ref):
        notes.insert(0, _get(ref, "howpublished"))
    return notes


# ---- COinS -----------------------------------------------------------------------------------------
def _kev(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in pairs if v)


def coins(ref: Reference) -> str:
    """The OpenURL 1.0 KEV ContextObject of ``ref``: the ``title`` of a COinS span (escape it for HTML)."""
    _, _, fmt, genre = _kind(ref)
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}"),
                                    ("rfr_id", "info:sid/casebook:bibliography")]
    if ref.doi:
        pairs.append(("rft_id", f"info:doi/{ref.doi}"))
    if ref.url:
        pairs.append(("rft_id", ref.url))
    the_title = title(ref)
    if fmt == "journal":
        pairs += [("rft.genre", genre), ("rft.atitle", the_title), ("rft.jtitle", _container(ref)),
                  ("rft.volume", _get(ref, "volume")), ("rft.issue", _get(ref, "number"))]
    elif fmt == "book":
        pairs.append(("rft.genre", genre))
        if ref.type in CHAPTER_TYPES:
            pairs += [("rft.atitle", the_title), ("rft.btitle", _container(ref))]
        else:
            pairs.append(("rft.btitle", the_title))
        pairs += [("rft.pub", _publisher(ref)), ("rft.place", _get(ref, "address") or _get(ref, "location")),
                  ("rft.edition", _get(ref, "edition")), ("rft.series", _get(ref, "series"))]
    elif fmt == "dissertation":
        pairs += [("rft.title", the_title), ("rft.inst", _get(ref, "school") or _get(ref, "institution")),
                  ("rft.degree", _get(ref, "type") or DEGREE.get(ref.type, ""))]
    else:  # Dublin Core: web pages, documents, statutes
        pairs += [("rft.type", genre), ("rft.title", the_title), ("rft.publisher", _publisher(ref))]
    people = [n for n in ref.authors if not n.literal]
    if people and not ref.authors[0].literal:
        pairs += [("rft.aulast", _family(people[0])), ("rft.aufirst", _given(people[0]))]
    for name in ref.authors:
        if name.literal:
            pairs.append(("rft.aucorp", _family(name)))
        else:
            full = f"{_family(name)}, {_given(name)}" if _given(name) else _family(name)
            pairs.append(("rft.creator" if fmt == "dc" else "rft.au", full))
    parts, literal = issued(ref)
    pairs.append(("rft.date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) if parts else literal))
    first, last = pages(ref)
    if first:
        pairs += [("rft.pages", _page_range(ref)), ("rft.spage", first), ("rft.epage", last)]
    pairs += [("rft.isbn", _get(ref, "isbn")), ("rft.issn", _get(ref, "issn")), ("rft.language", ref.lang)]
    return _kev(pairs)


# ---- CSL-JSON --------------------------------------------------------------------------------------
def _csl_names(names: tuple[Name, ...]) -> list[dict[str, str]]:
    out = []
    for name in names:
        if name.literal:
            out.append({"literal": _family(name)})
        else:
            one = {"family": _family(name)}
            if _given(name):
                one["given"] = _given(name)
            if _suffix(name):
                one["suffix"] = _suffix(name)
            out.append(one)
    return out


def csl_item(ref: Reference) -> dict[str, Any]:
    """One CSL-JSON item (CSL 1.0.2 variables)."""
    ctype = _kind(ref)[0]
    item: dict[str, Any] = {"id": ref.key, "type": ctype}
    if the_title := title(ref):
        item["title"] = the_title
    if ref.authors:
        item["author"] = _csl_names(ref.authors)
    if ref.editors:
        item["editor"] = _csl_names(ref.editors)
    parts, literal = issued(ref)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    elif literal:
        item["issued"] = {"literal": literal}
    orig = date_parts(_get(ref, "origdate"))
    if orig:
        item["original-date"] = {"date-parts": [orig]}
    if accessed := date_parts(_get(ref, "urldate")):
        item["accessed"] = {"date-parts": [accessed]}
    values = {
        "container-title": _container(ref),
        "collection-title": _get(ref, "series"),
        "publisher": _publisher(ref) or (_get(ref, "howpublished") if ref.type not in THESIS_TYPES else ""),
        "publisher-place": _get(ref, "address") or _get(ref, "location"),
        "volume": _get(ref, "volume"),
        "issue": _get(ref, "number") if ref.type == "article" else "",
        "number": _get(ref, "number") if ref.type != "article" else "",
        "page": _page_range(ref),
        "chapter-number": _get(ref, "chapter"),
        "edition": _get(ref, "edition"),
        "genre": (_get(ref, "type") or DEGREE.get(ref.type, "")) if ref.type in THESIS_TYPES else _get(ref, "type"),
        "DOI": ref.doi,
        "URL": ref.url,
        "ISBN": _get(ref, "isbn"),
        "ISSN": _get(ref, "issn"),
        "language": ref.lang,
        "note": "; ".join(_notes(ref)),
    }
    item.update({k: v for k, v in values.items() if v})
    return item


def csl_json(bib: Bibliography, keys: list[str] | None = None) -> str:
    """The CSL-JSON array of ``keys`` (default: every entry), one item a line."""
    items = [json.dumps(csl_item(bib.refs[k]), ensure_ascii=False) for k in (keys if keys is not None else bib.refs)]
    return "[\n" + ",\n".join(items) + "\n]\n"


# ---- RIS ---------------------------------------------------------------------------------------------
def _ris_name(name: Name) -> str:
    if name.literal or not _given(name):
        return _family(name)
    return ", ".join(x for x in (_family(name), _given(name), _suffix(name)) if x)


def ris_lines(ref: Reference) -> list[tuple[str, str]]:
    """The (tag, value) lines of one RIS record, from ``TY`` to ``ER``."""
    rtype = _kind(ref)[1]
    if rtype == "BOOK" and ref.editors and not ref.authors:
        rtype = "EDBOOK"
    lines: list[tuple[str, str]] = [("TY", rtype), ("ID", ref.key)]
    lines += [("AU", _ris_name(n)) for n in ref.authors]
    lines += [("ED" if ref.type in {"book", "collection"} else "A2", _ris_name(n)) for n in ref.editors]
    lines.append(("TI", title(ref)))
    container = _container(ref)
    if container:
        lines.append(("T2", container))
        if ref.type == "article":
            lines.append(("JO", container))
    lines.append(("T3", _get(ref, "series")))
    parts, literal = issued(ref)
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join([str(parts[0]), *(f"{p:02d}" for p in parts[1:])]) + ("/" if len(parts) < 3 else "")))
    elif literal:
        lines.append(("PY", literal))
    lines += [("VL", _get(ref, "volume")), ("IS", _get(ref, "number") if ref.type == "article" else ""),
              ("M1", _get(ref, "number") if ref.type != "article" else "")]
    first, last = pages(ref)
    lines += [("SP", first), ("EP", last), ("SE", _get(ref, "chapter")), ("ET", _get(ref, "edition"))]
    publisher = _publisher(ref) or (_get(ref, "howpublished") if ref.type not in THESIS_TYPES else "")
    lines += [("PB", publisher), ("CY", _get(ref, "address") or _get(ref, "location"))]
    if ref.type in THESIS_TYPES:
        lines.append(("M3", _get(ref, "type") or DEGREE.get(ref.type, "")))
    lines += [("SN", _get(ref, "isbn") or _get(ref, "issn")), ("DO", ref.doi), ("UR", ref.url), ("LA", ref.lang)]
    lines += [("N1", n) for n in _notes(ref)]
    lines.append(("ER", ""))
    return [(tag, value) for tag, value in lines if value or tag == "ER"]


def ris_record(ref: Reference) -> str:
    return "".join(f"{tag}  - {value}".rstrip(" ") + "\r\n" if tag != "ER" else "ER  - \r\n"
                   for tag, value in ris_lines(ref))


def ris(bib: Bibliography, keys: list[str] | None = None) -> str:
    return "\r\n".join(ris_record(bib.refs[k]) for k in (keys if keys is not None else bib.refs))


class Exports:
    """The COinS of each reference of one bibliography, made once (they do not depend on the page's language)."""

    def __init__(self, bib: Bibliography) -> None:
        self.bib = bib
        self._coins: dict[str, str] = {}

    def coins(self, key: str) -> str:
        value = self._coins.get(key)
        if value is None:
            value = self._coins[key] = coins(self.bib.refs[key])
        return value


_SHARED: list[Exports] = []


def shared_exports(bib: Bibliography) -> Exports:
    """The exports of ``bib``, made once per loaded bibliography (see :func:`~casebook.bibliography.apa.shared_apa`)."""
    if _SHARED and _SHARED[0].bib is bib:
        return _SHARED[0]
    _SHARED[:] = [Exports(bib)]
    return _SHARED[0]
