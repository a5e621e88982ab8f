"""A case's own works: the ``references:`` list of a case file, written in CSL-YAML as pandoc's document metadata
allows (``id``, ``type``, ``author``, ``issued``, ``title``, ``container-title``…).

Each item becomes a :class:`~casebook.bibliography.model.Reference` with the BibTeX fields the APA formatter
reads, so it is formatted, sorted, cited and exported like an entry of a ``.bib`` file; its ``raw`` text (shown in
the BibTeX box and published in ``casebook.bib``) is a BibTeX entry written from it. The JSON Schema of cases checks
the shape (keys, types); :func:`check_references` checks what a schema cannot say (dates, addresses), with the
place of each problem (``cases/x.yml:40:9: references[2].issued: …``).
"""

from __future__ import annotations

import re
from dataclasses import fields as dataclass_fields
from typing import Any

from ..base.diagnostics import Diagnostic
from ..base.yamlfile import YamlDocument
from .model import SAFE_URL, Name, Reference

# CSL type -> BibTeX type (the APA formatter's types)
TYPES = {
    "article-journal": "article", "article": "article", "article-magazine": "article", "article-newspaper": "article",
    "book": "book", "chapter": "incollection", "paper-conference": "inproceedings", "report": "report",
    "thesis": "phdthesis", "webpage": "online", "post": "online", "post-weblog": "online",
    "legislation": "legislation", "bill": "legislation", "regulation": "legislation", "manuscript": "unpublished",
    "document": "misc", "dataset": "misc", "software": "misc", "speech": "misc", "interview": "misc",
    "personal_communication": "misc", "pamphlet": "misc", "standard": "misc",
}
LANGUAGES = {"fr": "french", "en": "english"}
# CSL variable -> BibTeX field, for the plain text variables
TEXT_FIELDS = {
    "title": "title", "publisher": "publisher", "publisher-place": "address", "volume": "volume", "page": "pages",
    "edition": "edition", "collection-title": "series", "note": "note", "chapter-number": "chapter",
    "ISBN": "isbn", "ISSN": "issn", "translated-title": "transtitle", "genre": "type", "medium": "howpublished",
}
_REFERENCE_FIELDS = {f.name for f in dataclass_fields(Reference)}  # the case protection of titles: "braced"
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None and not isinstance(value, bool) else ""


# pandoc's way to keep a word's case in a CSL title: <span class="nocase">UK</span> (BibTeX's braces: {UK})
NOCASE = re.compile(r'<span class="nocase">(.*?)</span>')


def date_text(value: Any) -> tuple[str, str]:
    """(ISO date, problem) of a CSL date: ``2019``, ``"2019-05"``, ``{date-parts: [[2019, 5]]}`` or ``{year: 2019}``."""
    parts: list[Any]
    if isinstance(value, int) and not isinstance(value, bool):
        parts = [value]
    elif isinstance(value, str):
        m = ISO.match(value.strip())
        if not m:
            return "", f"'{value[:40]}' is not a date: write 2019, 2019-05 or 2019-05-14, or date-parts: [[2019, 5, 14]]"
        parts = [int(x) for x in m.groups() if x]
    elif isinstance(value, dict) and "date-parts" in value:
        dp = value["date-parts"]
        if not (isinstance(dp, list) and len(dp) == 1 and isinstance(dp[0], list) and 1 <= len(dp[0]) <= 3):
            return "", "date-parts must hold one date: [[year]], [[year, month]] or [[year, month, day]]"
        parts = dp[0]
    elif isinstance(value, dict) and "year" in value:
        parts = [value.get(k) for k in ("year", "month", "day") if value.get(k) is not None]
    else:
        return "", "a date is a year (2019), a string (2019-05) or date-parts: [[2019, 5]]"
    try:
        nums = [int(p) for p in parts]
    except (TypeError, ValueError):
        return "", f"the parts of a date are numbers, got {parts!r}"[:120]
    if not 1000 <= nums[0] <= 2999 or (len(nums) > 1 and not 1 <= nums[1] <= 12) or (len(nums) > 2 and not 1 <= nums[2] <= 31):
        return "", f"no such date: {'-'.join(str(n) for n in nums)}"
    return "-".join([f"{nums[0]:04d}", *(f"{n:02d}" for n in nums[1:])]), ""


def _names(value: Any) -> tuple[Name, ...]:
    out = []
    for person in value if isinstance(value, list) else []:
        if not isinstance(person, dict):
            continue
        if _text(person.get("literal")):
            out.append(Name(_text(person["literal"]), "", True))
        elif _text(person.get("family")):
            family = " ".join(x for x in (_text(person.get("non-dropping-particle")), _text(person["family"])) if x)
            out.append(Name(family, _text(person.get("given"))))
    return tuple(out)


def check_references(doc: YamlDocument) -> list[Diagnostic]:
    """What the schema cannot check in ``references:``: dates, language, DOI and URL; ids used twice in the file."""
    items = doc.data.get("references") if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return []
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        ident = item.get("id")
        if isinstance(ident, str):
            if ident in seen:
                out.append(doc.diag(("references", i, "id"), f"'{ident}' is already the id of references[{seen[ident]}]"))
            seen.setdefault(ident, i)
        for name in ("issued", "original-date", "accessed"):
            if name in item:
                _, problem = date_text(item[name])
                if problem:
                    out.append(doc.diag(("references", i, name), problem))
        for role in ("author", "editor"):
            for j, person in enumerate(item.get(role) or []):
                if isinstance(person, dict) and not _text(person.get("family")) and not _text(person.get("literal")):
                    out.append(doc.diag(("references", i, role, j), "a name needs 'family' (and 'given'), or 'literal' "
                                                                     "for a group author"))
        url = item.get("URL")
        if url is not None and not SAFE_URL.match(_text(url)):
            out.append(doc.diag(("references", i, "URL"), "URL must start with http:// or https://"))
        doi = item.get("DOI")
        if doi is not None and not DOI.match(_text(doi)):
            out.append(doc.diag(("references", i, "DOI"), "a DOI looks like 10.1234/abc (without https://doi.org/)"))
    return out


def to_reference(item: dict[str, Any], path: str, line: int) -> Reference:
    """One valid CSL item as a Reference (the BibTeX fields the formatter reads)."""
    ctype = _text(item.get("type"))
    etype = TYPES.get(ctype, "misc")
    if etype == "phdthesis" and re.search(r"master|maîtrise|mémoire", _text(item.get("genre")), re.I):
        etype = "mastersthesis"
    code = _text(item.get("language"))[:2].lower()
    fields: dict[str, str] = {"langid": LANGUAGES.get(code, code)}
    for csl_name, bib_name in TEXT_FIELDS.items():
        if (value := _text(item.get(csl_name))):
            fields[bib_name] = value
    if "pages" in fields:
        fields["pages"] = re.sub(r"\s*[-–]+\s*", "--", fields["pages"])
    container = _text(item.get("container-title"))
    if container:
        fields["journal" if etype == "article" else "booktitle"] = container
    number = _text(item.get("issue")) if etype == "article" else _text(item.get("number"))
    if number:
        fields["number"] = number
    if etype in {"phdthesis", "mastersthesis"} and "publisher" in fields:
        fields["school"] = fields.pop("publisher")
    if etype == "report" and "publisher" in fields:
        fields["institution"] = fields.pop("publisher")
    for csl_name, bib_name in (("issued", "date"), ("original-date", "origdate"), ("accessed", "urldate")):
        if csl_name in item and (iso := date_text(item[csl_name])[0]):
            fields[bib_name] = iso
    if "date" in fields:
        fields["year"] = fields["date"][:4]
        if len(fields["date"]) == 4:
            del fields["date"]
    if (doi := _text(item.get("DOI"))):
        fields["doi"] = doi
    if (url := _text(item.get("URL"))):
        fields["url"] = url
    braced: dict[str, str] = {}
    for name in ("title", "booktitle"):
        if name in fields and NOCASE.search(fields[name]):
            braced[name] = NOCASE.sub(lambda m: "{" + m[1].replace("{", "").replace("}", "") + "}", fields[name])
            fields[name] = NOCASE.sub(lambda m: m[1], fields[name])
    key = _text(item.get("id"))
    authors, editors = _names(item.get("author")), _names(item.get("editor"))
    extra: dict[str, Any] = {"braced": braced} if braced and "braced" in _REFERENCE_FIELDS else {}
    return Reference(key, etype, fields, authors, editors, path, line,
                     bibtex(key, etype, {**fields, **braced}, authors, editors, keep=set(braced)), **extra)


def _bib_value(text: str) -> str:
    # Braces would unbalance the entry, a backslash start a LaTeX command: neither is text in CSL.
    return text.replace("\\", "").replace("{", "").replace("}", "")


def _bib_braced(text: str) -> str:
    """A title with the braces that protect its case: kept only where they balance."""
    text = text.replace("\\", "")
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0 or depth > 1:
            return _bib_value(text)
    return text if depth == 0 else _bib_value(text)


def _bib_names(names: tuple[Name, ...]) -> str:
    return " and ".join(f"{{{_bib_value(n.family)}}}" if n.literal else
                        (f"{_bib_value(n.family)}, {_bib_value(n.given)}" if n.given else _bib_value(n.family))
                        for n in names)


def bibtex(key: str, etype: str, fields: dict[str, str], authors: tuple[Name, ...], editors: tuple[Name, ...],
           keep: set[str] | None = None) -> str:
    """The BibTeX entry of a case's own work, for the BibTeX box and ``casebook.bib``; the fields in ``keep`` keep
    their (balanced) braces, which protect case."""
    rows = []
    if authors:
        rows.append(("author", _bib_names(authors)))
    if editors:
        rows.append(("editor", _bib_names(editors)))
    rows += [(name, _bib_braced(value) if name in (keep or set()) else _bib_value(value)) for name, value in fields.items()]
    width = max(len(name) for name, _ in rows)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in rows)
    return f"@{etype}{{{key},\n{body},\n}}"


def references_of(doc: YamlDocument, path: str) -> list[tuple[int, Reference]]:
    """The works of a valid case file, with the index of each in its ``references:`` list."""
    items = doc.data.get("references") if isinstance(doc.data, dict) else None
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and _text(item.get("id")):
            line, _ = doc.where(("references", i))
            out.append((i, to_reference(item, path, line)))
    return out
