"""Load and validate the files of a collection (``cases/`` or ``concepts/``), reporting every problem."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..base import dates
from ..base.diagnostics import Diagnostic, Severity, display_path, printable
from ..base.i18n import Localized, language_name, site_languages
from ..base.yamlfile import PathKey, YamlDocument, load_yaml
from .declaration import Model, check_vocabularies, default_model
from .entities import Case, Concept, Scheme, walk_texts
from .schema import validate

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # used with fullmatch: "$" would accept a final newline
SUFFIXES = (".yml", ".yaml")
# Ids whose page would take the place of a generated page: cases/index.md is the case index.
RESERVED_IDS = frozenset({"index"})

T = TypeVar("T", Case, Concept)


def links_leaving(folder: Path, root: Path) -> list[Diagnostic]:
    """Every symbolic link under ``folder`` whose target lies outside ``root``.

    MkDocs follows links in ``docs/`` and would publish, say, ``docs/key.txt -> ~/.ssh/id_rsa``.
    Linked folders are reported, not entered.
    """
    out: list[Diagnostic] = []
    if not folder.is_dir():
        return out
    top = root.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            if path.is_symlink() and not path.resolve().is_relative_to(top):
                out.append(Diagnostic(display_path(path, root), 1, 1, "", "symbolic link leading outside the repository folder: refused"))
    return out


def collection_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and not p.name.startswith(("_", ".")))


def _load_collection(folder: Path, root: Path | None, kind: str,
                     make: Callable[[str, str, dict[str, Any], YamlDocument], T],
                     checks: Callable[[YamlDocument], list[Diagnostic]],
                     rejected: list[YamlDocument] | None = None,
                     model: Model | None = None) -> tuple[dict[str, T], list[Diagnostic]]:
    """Every valid item of ``folder`` and every problem found. A file read as a mapping but with errors is left out of
    the items and added to ``rejected``: its concept ids and citation keys can still be checked."""
    items: dict[str, T] = {}
    seen: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for path in collection_files(folder):
        shown = display_path(path, root)
        ident = path.stem
        if not SLUG.fullmatch(ident):
            diags.append(Diagnostic(shown, 1, 1, "", f"bad {kind} id '{printable(ident)}' (the file name): use lowercase letters, digits and hyphens"))
            continue
        if ident in RESERVED_IDS:
            diags.append(Diagnostic(shown, 1, 1, "", f"the {kind} id '{ident}' is reserved (its page would replace the "
                                                     f"{kind} index): rename the file"))
            continue
        if ident in seen:
            diags.append(Diagnostic(shown, 1, 1, "", f"duplicate {kind} id '{ident}': {seen[ident]} has the same id"))
            continue
        seen[ident] = shown
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(folder.resolve()):
                diags.append(Diagnostic(shown, 1, 1, "", "symbolic link leading outside the repository folder: refused"))
                continue
        doc, found = load_yaml(path, shown) if not path.is_symlink() else load_yaml(path.resolve(), shown)
        diags.extend(found)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            got = "a list" if isinstance(doc.data, list) else f"{type(doc.data).__name__} {doc.data!r}"[:60]
            diags.append(Diagnostic(shown, 1, 1, "", f"a {kind} file must be a mapping of fields (key: value), got {got}"))
            continue
        problems = validate(doc, kind, model) + checks(doc)
        diags.extend(problems)
        if any(p.severity is Severity.ERROR for p in problems + found):
            if rejected is not None:
                rejected.append(doc)
            continue
        doc.release_positions()  # a later check that needs them reads the text again
        items[ident] = make(ident, shown, doc.data, doc)
    return items, diags


def text_checks(doc: YamlDocument) -> list[Diagnostic]:
    """A blank text in the site's first language is an error; a missing text in another of its languages is a warning
    (translation pending)."""
    langs = site_languages()
    out = []
    for path, text in walk_texts(doc.data):
        raw_first = _raw(doc.data, path).get(langs.default)
        if isinstance(raw_first, str) and raw_first and not raw_first.strip():
            out.append(doc.diag((*path, langs.default), f"{language_name(langs.default)} text is blank"))
        for lang in langs.others:
            if not text.get(lang):
                out.append(doc.diag((*path, lang) if isinstance(doc.data, dict) else path,
                                    f"{language_name(lang)} translation pending", severity=Severity.WARNING))
    return out


def _raw(data: Any, path: PathKey) -> dict[str, Any]:
    for part in path:
        data = data[part]
    return data if isinstance(data, dict) else {}


def _date_fields(data: Any, path: PathKey = ()) -> list[tuple[PathKey, dict[str, Any]]]:
    found: list[tuple[PathKey, dict[str, Any]]] = []
    _collect_dates(data, path, found)
    return found


def _collect_dates(data: Any, path: PathKey, found: list[tuple[PathKey, dict[str, Any]]]) -> None:
    if isinstance(data, dict):
        if "start" in data or "date" in data:
            found.append((path, data))
        for key, value in data.items():
            if isinstance(value, (dict, list)):
                _collect_dates(value, (*path, key), found)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, (dict, list)):
                _collect_dates(value, (*path, i), found)


def date_checks(doc: YamlDocument) -> list[Diagnostic]:
    out = []
    for path, node in _date_fields(doc.data):
        first = "start" if "start" in node else "date"
        for key in (first, "end"):
            value = node.get(key)
            if isinstance(value, str) and dates.parse(value) is None and re.match(r"^\d{4}(-\d{2}){0,2}$", value):
                out.append(doc.diag((*path, key), f"bad date '{value}': no such day or month"))
        start, end = node.get(first), node.get("end")
        if isinstance(start, str) and isinstance(end, str) and dates.parse(start) and dates.parse(end) \
                and dates.before(end, start):
            out.append(doc.diag((*path, "end"), f"ends ({end}) before it starts ({start})"))
    return out


def _case_checks(doc: YamlDocument) -> list[Diagnostic]:
    from ..bibliography.csl import check_references

    return text_checks(doc) + date_checks(doc) + check_references(doc)


def load_cases(folder: Path, root: Path | None = None, rejected: list[YamlDocument] | None = None,
               model: Model | None = None) -> tuple[dict[str, Case], list[Diagnostic]]:
    """Every valid case in ``folder``, checked against the site's ``model`` (the packaged default without one), and
    every problem found in any file."""
    declared = model or default_model()

    def make(ident: str, path: str, data: dict[str, Any], doc: YamlDocument) -> Case:
        return Case(ident, path, data, doc, declared)

    return _load_collection(folder, root, "case", make, _case_checks, rejected, declared)


def load_concepts(folder: Path, root: Path | None = None,
                  rejected: list[YamlDocument] | None = None) -> tuple[dict[str, Concept], list[Diagnostic]]:
    return _load_collection(folder, root, "concept", Concept, text_checks, rejected)


def load_schemes(folder: Path, root: Path | None = None, model: Model | None = None,
                 path: Path | None = None) -> tuple[dict[str, Scheme], list[Diagnostic]]:
    """The vocabularies (``_schemes.yml`` of ``folder``, or ``path``). A scheme's ``facet`` is the path it constrains:
    as written, or else the path of the model's field that names it; the model's names are checked against them."""
    path = path or folder / "_schemes.yml"
    declared = model or default_model()
    if not path.exists():
        return {}, check_vocabularies(declared, {}, None) if declared is not default_model() else []
    doc, diags = load_yaml(path, display_path(path, root))
    if doc is None:
        return {}, diags
    schemes: dict[str, Scheme] = {}
    if not isinstance(doc.data, dict):
        return {}, [*diags, doc.diag((), "the schemes file must be a mapping of scheme ids")]
    given = {vocab: field for field, vocab in declared.facet_paths().items()}
    for ident, body in doc.data.items():
        if not SLUG.fullmatch(str(ident)) or not isinstance(body, dict) or not isinstance(body.get("label"), dict):
            diags.append(doc.diag((ident,), "a scheme needs a slug id and a label {" + ", ".join(site_languages().codes) + "}"))
            continue
        schemes[ident] = Scheme(ident, Localized.from_data(body["label"]), str(body.get("facet") or given.get(ident, "")))
    # A site without its own model gets the packaged one: its vocabularies are not asked of the site.
    return schemes, [*diags, *(check_vocabularies(declared, schemes, doc) if declared is not default_model() else [])]
