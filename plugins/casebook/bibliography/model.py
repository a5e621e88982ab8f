"""References loaded from BibTeX files, with the file and line of each entry."""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, MiddlewareErrorBlock, ParsingFailedBlock

from ..base.diagnostics import UNCITED, Diagnostic, Severity, display_path
from ..base.yamlfile import MAX_BYTES, read_text

# A work's language: BibLaTeX's ``langid`` names (babel's and polyglossia's) and their variants, or a language code.
LANGIDS = {"french": "fr", "francais": "fr", "français": "fr", "acadian": "fr", "canadien": "fr",
           "english": "en", "american": "en", "british": "en", "canadian": "en", "australian": "en",
           "newzealand": "en", "ukenglish": "en", "usenglish": "en",
           "spanish": "es", "español": "es", "castilian": "es", "catalan": "ca", "galician": "gl", "basque": "eu",
           "portuguese": "pt", "portuges": "pt", "brazil": "pt", "brazilian": "pt", "italian": "it",
           "german": "de", "ngerman": "de", "austrian": "de", "naustrian": "de", "swissgerman": "de",
           "nswissgerman": "de", "dutch": "nl", "danish": "da", "swedish": "sv", "norsk": "nb", "nynorsk": "nn",
           "norwegian": "no", "finnish": "fi", "icelandic": "is", "polish": "pl", "czech": "cs", "slovak": "sk",
           "slovene": "sl", "croatian": "hr", "serbian": "sr", "hungarian": "hu", "romanian": "ro", "bulgarian": "bg",
           "russian": "ru", "ukrainian": "uk", "greek": "el", "turkish": "tr", "latin": "la", "hebrew": "he",
           "arabic": "ar", "japanese": "ja", "chinese": "zh", "korean": "ko"}
_LANG_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$")


def language_code(value: str) -> str:
    """The language code of a BibTeX ``langid`` or ``language`` (``english``, ``ngerman``, ``Spanish``, ``es``,
    ``pt-BR``), or ``""`` when it names none (a misspelt name)."""
    text = value.strip().lower()
    if text in LANGIDS:
        return LANGIDS[text]
    m = _LANG_CODE.match(text)
    return m[1] if m else ""
TYPES = {"article", "book", "incollection", "inbook", "phdthesis", "mastersthesis", "thesis", "report",
         "techreport", "online", "legislation", "misc", "unpublished", "inproceedings", "collection"}
BRACED = {"title", "subtitle", "booktitle"}  # fields whose case APA changes: their braces are kept aside
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$")


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""
    literal: bool = False  # a corporate author, shown as written
    jr: str = ""  # the Jr part of a BibTeX name: "Jr.", "III"

    def initials(self) -> str:
        parts = re.split(r"([\s-]+)", self.given.strip())
        out = ""
        for part in parts:
            if not part.strip():
                continue
            if part.strip() == "-":
                out = out.rstrip() + "-"
                continue
            letter = part.strip(".")[:1]
            if letter:
                out += f"{letter.upper()}. "
        return out.strip()


@dataclass(frozen=True)
class Reference:
    key: str
    type: str
    fields: dict[str, str]
    authors: tuple[Name, ...]
    editors: tuple[Name, ...]
    path: str
    line: int
    raw: str
    others: bool = False  # "and others": the author list is not complete
    # title, subtitle and booktitle as written, with the braces that protect their case (``{UK}``): the source of
    # the sentence case of an English title. Absent when the value had no braces.
    braced: dict[str, str] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        """The work's language (its ``langid``, else its ``language``), a code: ``en``, ``fr``, ``es``…"""
        return language_code(self.fields.get("langid") or self.fields.get("language") or "")

    @property
    def year(self) -> str:
        year = self.fields.get("year", "").strip()
        return year or self.fields.get("date", "").strip()[:4]

    @property
    def title(self) -> str:
        return self.fields.get("title", "").strip()

    @property
    def incomplete(self) -> list[str]:
        return [x.strip() for x in self.fields.get("incomplete", "").split(",") if x.strip()]

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    @property
    def url(self) -> str:
        url = self.get("url")
        return url if SAFE_URL.match(url) else ""

    @property
    def doi(self) -> str:
        doi = self.get("doi")
        return doi if re.match(r"^10\.\d{4,9}/\S+$", doi) else ""


# Letters that Unicode does not decompose into a base letter and an accent: ø has no "o" in it for NFKD.
_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l",
                          "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i"})


def fold(text: str) -> str:
    """Accent- and case-insensitive sort key: É sorts with E, Ø with O, æ as ae, ß as ss."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass
class Bibliography:
    refs: dict[str, Reference] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # display path -> raw text

    def __contains__(self, key: str) -> bool:
        return key in self.refs

    def digest(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.sources):
            h.update(name.encode())
            h.update(self.sources[name].encode())
        return h.hexdigest()


def _names(value: object) -> tuple[tuple[Name, ...], bool]:
    if not value:
        return (), False
    names: list[Name] = []
    others = False
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, mw.NameParts):
            first, von = list(item.first), list(item.von)
            # BibTeX reads "de Graaf", "van Dorp" and "'t Hart" (no first name) as von + Last; bibtexparser
            # makes "de", "van" and "'t" a first name. A first name of von-like (lower-case) words only is von.
            if first and not von and all(_is_von(w) for w in first):
                von, first = first, []
            family = " ".join([*von, *item.last]).strip()
            given = " ".join(first).strip()
            jr = " ".join(item.jr).strip()
            if family.lower() == "others" and not given:
                others = True
                continue
            literal = family.startswith("{") or (not given and not von and " " in family)
            names.append(Name(family.strip("{}"), given, literal, jr))
        else:
            text = str(item).strip()
            if text.lower() == "others":
                others = True
            elif text:
                names.append(Name(text.strip("{}"), "", True))
    return tuple(names), others


def _is_von(word: str) -> bool:
    """A von part in BibTeX: its first letter (after apostrophes and braces) is lower case: de, van, 't, d'."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].islower()


def _clean(value: str) -> str:
    text = re.sub(r"\s+", " ", value).strip()
    # Braces protect case in BibTeX; they are not text.
    return text.replace("{", "").replace("}", "")


# A value with none of LaTeX's special characters (nor "--" or "''", which it turns into typography) comes
# back from pylatexenc unchanged; checked on every value of the real and synthetic bibliographies.
_NO_LATEX = re.compile(r"(?:[^\\{}~%$&`'^_#\-\n\t\r]|'(?!')|-(?!-))*")


class _LatexDecoding(mw.LatexDecodingMiddleware):
    """bibtexparser's LaTeX decoding, skipping pylatexenc (about 2 ms a value) for values without LaTeX."""

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if _NO_LATEX.fullmatch(python_string):
            return python_string, ""
        return super()._transform_python_value_string(python_string)  # type: ignore[no-any-return]


def _middlewares() -> list[mw.BlockMiddleware]:
    return [_LatexDecoding(keep_braced_groups=True), mw.SeparateCoAuthors(), mw.SplitNameParts()]


def _undecodable_field(block: MiddlewareErrorBlock) -> tuple[str, int] | None:
    """The field (and its line) whose LaTeX or names bibtexparser could not decode, tried one field at a time."""
    entry = block.ignore_error_block
    if not isinstance(entry, Entry):
        return None
    for f in entry.fields:
        probe = bibtexparser.parse_string(f"@misc{{probe, {f.key} = {{{f.value}}}}}", append_middleware=_middlewares())
        if probe.failed_blocks:
            return f.key, (f.start_line or 0) + 1
    return None


def parse_bibtex(text: str, display: str) -> tuple[list[Reference], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    try:
        library = bibtexparser.parse_string(text, append_middleware=_middlewares())
    except Exception as exc:  # bibtexparser raises plain exceptions on some inputs
        return [], [Diagnostic(display, 1, 1, "", f"malformed BibTeX: {exc}")]
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            diags.append(Diagnostic(display, line, 1, block.key, f"duplicate key '{block.key}'"))
        elif isinstance(block, MiddlewareErrorBlock) and (found := _undecodable_field(block)):
            name, fline = found
            key = _key_of(block.raw or "")
            diags.append(Diagnostic(display, fline, 1, f"{key}.{name}" if key else name,
                                    f"cannot decode the LaTeX of '{name}' (commands such as \\href are not supported): "
                                    "write it as plain text"))
        elif isinstance(block, ParsingFailedBlock):
            raw = block.raw or ""
            first = raw.strip().splitlines()[0][:60] if raw.strip() else ""
            diags.append(Diagnostic(display, line, 1, _key_of(raw), f"malformed BibTeX entry: {first}"))
    refs = []
    for entry in library.entries:
        refs.append(_reference(entry, display, diags))
    return refs, diags


def _key_of(raw: str) -> str:
    m = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)", raw)
    return m[1] if m else ""


def _reference(entry: Entry, display: str, diags: list[Diagnostic]) -> Reference:
    line = (entry.start_line or 0) + 1
    fields: dict[str, str] = {}
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    others = False
    braced: dict[str, str] = {}
    for f in entry.fields:
        name = f.key.lower()
        if name == "author":
            authors, others = _names(f.value)
        elif name == "editor":
            editors, _ = _names(f.value)
        else:
            value = str(f.value)
            fields[name] = _clean(value)
            if name in BRACED and "{" in value:
                braced[name] = re.sub(r"\s+", " ", value).strip()
    etype = entry.entry_type.lower()
    if etype not in TYPES:
        diags.append(Diagnostic(display, line, 1, entry.key, f"unsupported entry type @{etype}", Severity.WARNING))
    if not language_code(fields.get("langid") or fields.get("language") or ""):
        said = fields.get("langid") or fields.get("language")
        diags.append(Diagnostic(display, line, 1, entry.key,
                                f"langid {said!r} names no language" if said else "langid is missing",
                                hint="give the work's language: langid = {english}, {french}, {spanish}… (BibLaTeX's "
                                     "names) or a language code, e.g. {es}"))
    if fields.get("url") and not SAFE_URL.match(fields["url"]):
        diags.append(Diagnostic(display, line, 1, entry.key, "url must start with http:// or https://"))
    return Reference(entry.key, etype, fields, authors, editors, display, line, (entry.raw or "").strip(), others, braced)


# The last bibliography loaded, by the digest of what was read: `casebook/cases` and `casebook/bibliography`
# both load it, and `mkdocs serve` rebuilds with unchanged .bib files; either way it is parsed once.
_LAST: dict[str, Bibliography] = {}


def content_digest(files: list[Path]) -> str:
    """A digest of what ``files`` hold (names and bytes): an edit counts even if it keeps the size and time."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{len(str(path))}:{path}|".encode())
        try:
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:  # no symlink, pipe or huge file: read_text refuses them
                digest.update(path.read_bytes())
            else:
                digest.update(f"not read:{info.st_mode}:{info.st_size}:{info.st_mtime_ns}".encode())
        except OSError as exc:
            digest.update(f"error:{exc}".encode())
    return digest.hexdigest()


def load_bibliography(files: list[Path], root: Path | None = None) -> Bibliography:
    """Every reference of ``files``; the same (immutable) result while their names and contents stay the same."""
    read = []
    digest = hashlib.sha256()
    for path in sorted(files):
        shown = display_path(path, root)
        text, diags = read_text(path, shown)
        read.append((shown, text, diags))
        digest.update(f"{len(shown)}:{shown}|".encode())
        digest.update(b"-" if text is None else f"{len(text)}:{text}|".encode())
        digest.update(repr([d.format() for d in diags]).encode())
    key = digest.hexdigest()
    if key in _LAST:
        return _LAST[key]
    bib = _parse_all(read)
    _LAST.clear()
    _LAST[key] = bib
    return bib


def _parse_all(read: list[tuple[str, str | None, list[Diagnostic]]]) -> Bibliography:
    bib = Bibliography()
    where: dict[str, tuple[str, int]] = {}
    for shown, text, diags in read:
        bib.diagnostics.extend(diags)
        if text is None:
            continue
        bib.sources[shown] = text
        refs, diags = parse_bibtex(text, shown)
        bib.diagnostics.extend(diags)
        for ref in refs:
            if ref.key in where:
                first = where[ref.key]
                bib.diagnostics.append(Diagnostic(shown, ref.line, 1, ref.key,
                                                  f"duplicate key '{ref.key}' (also at {first[0]}:{first[1]})"))
                continue
            where[ref.key] = (shown, ref.line)
            bib.refs[ref.key] = ref
    return bib


# The last bibliography joined with the works of the case files (see with_works).
_JOINED: dict[tuple[int, tuple[tuple[str, int, str], ...]], Bibliography] = {}


def with_works(bib: Bibliography, works: list[Reference]) -> Bibliography:
    """``bib`` and the works the case files carry (checked already: no key of ``bib`` among them).

    The same object while ``bib`` and the works stay the same, as :func:`load_bibliography` gives."""
    if not works:
        return bib
    key = (id(bib), tuple((r.path, r.line, r.raw) for r in works))
    if key in _JOINED:
        return _JOINED[key]
    joined = Bibliography({**bib.refs, **{r.key: r for r in works}}, list(bib.diagnostics), dict(bib.sources))
    for ref in works:
        joined.sources[ref.path] = joined.sources.get(ref.path, "") + ref.raw + "\n"
    _JOINED.clear()
    _JOINED[key] = joined
    return joined


__all__ = ["MAX_BYTES", "Bibliography", "Name", "Reference", "fold", "load_bibliography", "parse_bibtex", "with_works"]


def uncited(bib: Bibliography, cited: set[str]) -> list[Diagnostic]:
    """An information message for each entry that no page cites or lists among its references."""
    return [Diagnostic(ref.path, ref.line, 1, ref.key, UNCITED, Severity.INFO)
            for ref in bib.refs.values() if ref.key not in cited]
