"""The site's declared case model (``casebook.yml``): its fields, the parts of the case page and the fact box.

The declaration is read like a case file: every problem is a located :class:`Diagnostic` (file, line, column, the
key), and a bad declaration never raises. What it declares drives the JSON Schema (:mod:`.caseschema`), the case
page (``theme/casebook/fields.html``) and, through :func:`casebook.model.fields.extract`, the comparisons. The
format is documented in ``docs/contribute-model.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic, close_matches, describe_value, did_you_mean, display_path
from ..base.i18n import pick_in
from ..base.yamlfile import MAX_BYTES, PathKey, YamlDocument, dotted, load_yaml, parse_yaml
from .fields import ITEM_TYPES, TYPES

DEFAULT_FILE = "casebook.yml"
DEFAULT_LANGUAGES: tuple[str, ...] = ("fr", "en")
VERSION = 1

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

TOP_KEYS = ("version", "case", "vocabularies", "groups", "facts", "period", "index", "concept_matrix_max_cases", "fields",
            "compare", "exports")
CONCEPT_MATRIX_MAX_CASES = 40  # above this many cases, the concepts index shows a table of counts, not the grid
CASE_KEYS = ("label", "title", "help")
GROUP_KEYS = ("id", "label", "part", "fold", "sections_order")
FIELD_KEYS = ("type", "label", "help", "required", "group", "order", "heading", "anchor", "example", "view", "plural")
# Specialised templates of this site's built-in fields (theme/casebook/fields.html, ``view_<name>``).
VIEWS = ("framework",)


def pick(texts: Mapping[str, str], lang: str, default: str = "") -> str:
    """A declared text (a label, an intro…) in ``lang``; in a language the model gives none in, the site's first
    language's, then the others', then any (base.i18n.pick_in, which also says which); ``default`` when there is none."""
    return pick_in(texts, lang)[0] or default


@dataclass(frozen=True, eq=False)
class FieldSpec:
    """One declared field. ``path`` is its place in a case file (``("collaboration", "types")``)."""

    name: str
    path: tuple[str, ...]
    type: str
    labels: Mapping[str, str]
    help: Mapping[str, str] = field(default_factory=dict)
    required: bool = False
    order: float = 0.0
    group: str = ""  # the page group it is shown in; "" = not in the page body
    heading: bool = True  # an h3 sub-section titled by the label (False: shown inline in its group)
    anchor: str = ""
    vocabulary: str = ""
    multiple: bool = True
    options: Mapping[str, Any] = field(default_factory=dict)  # the type's other options (markdown, min_items…)
    fields: tuple[FieldSpec, ...] = ()  # a group's subfields (each a field of the case)
    item_fields: tuple[FieldSpec, ...] = ()  # an ``items`` field's: the parts of each of its entries
    view: str = ""
    example: Any = None
    plural: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return ".".join(self.path)

    def label(self, lang: str) -> str:
        return self.label_in(lang)[0]

    def label_in(self, lang: str) -> tuple[str, str]:
        """The label in ``lang``, or, in a language the model gives none in, the site's first language's, then any;
        with the language it is in (its name, in the page's language, when it has none)."""
        text, code = pick_in(self.labels, lang)
        return (text, code) if text else (self.name, lang)

    def plural_label(self, lang: str) -> str:
        return self.plural_label_in(lang)[0]

    def plural_label_in(self, lang: str) -> tuple[str, str]:
        return (self.plural[lang], lang) if self.plural.get(lang) else self.label_in(lang)

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    @property
    def is_list(self) -> bool:
        """Whether the value in a case file is a list (a matrix can only be made over such a field)."""
        if self.type == "facet":
            return self.multiple
        return TYPES[self.type].is_list if self.type in TYPES else False

    def get(self, data: Mapping[str, Any]) -> Any:
        """The value at this field's path in a case's data (``None`` when absent)."""
        node: Any = data
        for part in self.path:
            if not isinstance(node, Mapping):
                return None
            node = node.get(part)
        return node

    @property
    def constrained_path(self) -> str:
        """The dotted path whose concept ids come from :attr:`vocabulary` (what a scheme's ``facet:`` names)."""
        if not self.vocabulary:
            return ""
        suffix = {"findings": ".categories", "values": ".concept"}.get(self.type, "")
        return self.key + suffix


@dataclass(frozen=True, eq=False)
class GroupSpec:
    """One part of the case page: a ``<section>`` with an h2."""

    id: str
    labels: Mapping[str, str]
    part: str = ""  # the name a case's free sections and tables give in ``part:`` to go here
    fold: bool = True
    sections_order: float = float("inf")  # where those sections and tables go among the group's fields

    def label(self, lang: str) -> str:
        return self.label_in(lang)[0]

    def label_in(self, lang: str) -> tuple[str, str]:
        """As :meth:`FieldSpec.label_in`."""
        text, code = pick_in(self.labels, lang)
        return (text, code) if text else (self.id, lang)


@dataclass(frozen=True, eq=False)
class FactSpec:
    """One entry of the fact box: a field, shown wide (a line of its own) or not, and how (``years``: a period in
    whole years)."""

    spec: FieldSpec
    wide: bool = False
    view: str = ""


FACT_KEYS = ("field", "wide", "view")
FACT_VIEWS = ("years",)


@dataclass(frozen=True, eq=False)
class Model:
    """A site's declared case model."""

    fields: tuple[FieldSpec, ...]
    groups: tuple[GroupSpec, ...] = ()
    facts: tuple[FactSpec, ...] = ()
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    vocabularies: str = "concepts/_schemes.yml"
    title: str = "Casebook case"
    labels: Mapping[str, str] = field(default_factory=dict)
    help: Mapping[str, str] = field(default_factory=dict)
    compare: Mapping[str, Any] = field(default_factory=dict)  # read by casebook.compare.spec (its own checks)
    exports: Mapping[str, Any] = field(default_factory=dict)  # idem
    path: str = ""  # the file it was read from, as shown in diagnostics
    source: str = field(default="", repr=False)  # its text: two models with the same text are the same model
    doc: YamlDocument | None = field(default=None, repr=False)
    period_key: str = ""  # the ``period:`` the file declares ("": the first field of type period)
    index_keys: tuple[str, ...] | None = None  # the ``index:`` it declares (None: the compare page's filters)
    concept_matrix_max_cases: int = CONCEPT_MATRIX_MAX_CASES  # the most cases the concept x case grid shows

    def all_fields(self) -> tuple[FieldSpec, ...]:
        return _all_fields(self)

    def field(self, path: str) -> FieldSpec | None:
        return _by_key(self).get(path)

    def group_fields(self, group: str) -> tuple[FieldSpec, ...]:
        return _group_fields(self, group)

    def group(self, ident: str) -> GroupSpec | None:
        return next((g for g in self.groups if g.id == ident), None)

    def group_of_part(self, part: str) -> GroupSpec | None:
        return next((g for g in self.groups if g.part == part), None)

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(g.part for g in self.groups if g.part)

    @property
    def default_part(self) -> str:
        """The part a free section or table without ``part:`` goes to: the last group's that takes one."""
        return self.parts[-1] if self.parts else ""

    def facet_paths(self) -> dict[str, str]:
        """Each path whose concept ids come from a vocabulary → that vocabulary's id."""
        return {f.constrained_path: f.vocabulary for f in self.all_fields() if f.vocabulary}

    @property
    def period_field(self) -> FieldSpec | None:
        """The case's period: what orders the cases and gives the years of the case cards and of the case index. The
        field the file's ``period:`` names, or else its first field of type ``period`` (``None``: the site has none)."""
        return _period_field(self)

    def page_ids(self) -> frozenset[str]:
        """The anchors the model gives the case page: its groups and its fields' sub-sections."""
        return frozenset({g.id for g in self.groups} | {f.anchor for f in self.all_fields() if f.group and f.heading})


@cache
def _all_fields(model: Model) -> tuple[FieldSpec, ...]:
    out: list[FieldSpec] = []

    def walk(specs: Sequence[FieldSpec]) -> None:
        for spec in specs:
            out.append(spec)
            walk(spec.fields)

    walk(model.fields)
    return tuple(out)


@cache
def _by_key(model: Model) -> dict[str, FieldSpec]:
    return {f.key: f for f in _all_fields(model)}


@cache
def _period_field(model: Model) -> FieldSpec | None:
    if model.period_key:
        return model.field(model.period_key)
    return next((f for f in _all_fields(model) if f.type == "period"), None)


@cache
def _group_fields(model: Model, group: str) -> tuple[FieldSpec, ...]:
    return tuple(sorted((f for f in _all_fields(model) if f.group == group), key=lambda f: f.order))


# ---- loading -------------------------------------------------------------------------------------------------------
@cache
def default_model() -> Model:
    """The packaged model (this site's), used by a site that declares none."""
    text = resources.files("casebook").joinpath("model", "default.yml").read_text(encoding="utf-8")
    return _parse(text, "casebook/model/default.yml", DEFAULT_LANGUAGES)[0]


def load_model(path: Path, *, root: Path | None = None,
               languages: Sequence[str] = DEFAULT_LANGUAGES) -> tuple[Model, list[Diagnostic]]:
    """The model declared in ``path`` and every problem found in it. A missing file is no problem: the site gets
    :func:`default_model`. With errors, the model holds what could be read (the default's fields when none could)."""
    if not path.exists():
        return default_model(), []
    key = _file_key(path, root, tuple(languages))
    kept = _LOADED.get(key) if key is not None else None
    if kept is not None:  # the same text as the last build's: the same model, and what is cached on it
        return kept[0], list(kept[1])
    doc, diags = load_yaml(path, display_path(path, root))
    if doc is None:
        return default_model(), diags
    model, found = _from_doc(doc, tuple(languages))
    if key is not None:
        _LOADED.clear()
        _LOADED[key] = (model, diags + found)
    return model, diags + found


# The last model read from a file, by its path, where its messages show it, its bytes and the languages: under
# ``mkdocs serve`` every rebuild reads the file again, and a new Model each time missed the validators compiled for
# the last one (keyed on the model: about 0.2 s of CPU a rebuild, and one more validator kept each time).
_LOADED: dict[tuple[Any, ...], tuple[Model, list[Diagnostic]]] = {}


def _file_key(path: Path, root: Path | None, languages: tuple[str, ...]) -> tuple[Any, ...] | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return (str(path.resolve()), display_path(path, root), path.read_bytes(), languages)
    except OSError:
        return None


def parse_model(text: str, display: str = DEFAULT_FILE,
                languages: Sequence[str] = DEFAULT_LANGUAGES) -> tuple[Model, list[Diagnostic]]:
    """:func:`load_model` for a text (tests, ``casebook new site``)."""
    return _parse(text, display, tuple(languages))


def _parse(text: str, display: str, languages: tuple[str, ...]) -> tuple[Model, list[Diagnostic]]:
    doc, diags = parse_yaml(text, display)
    if doc is None:
        return (default_model() if display != "casebook/model/default.yml" else Model(())), diags
    model, found = _from_doc(doc, languages)
    return model, diags + found


class DeclarationReader:
    """Checks a declaration, or one section of it (``prefix``: where the section stands in the file), collecting
    located diagnostics. Shared by this module and :mod:`casebook.compare.spec` (``compare:``, ``exports:``)."""

    def __init__(self, doc: YamlDocument | None, languages: tuple[str, ...], *, prefix: PathKey = (),
                 display: str = DEFAULT_FILE) -> None:
        self.doc, self.languages, self.prefix, self.display = doc, languages, prefix, display
        self.diags: list[Diagnostic] = []

    def error(self, path: PathKey, message: str, *, key: bool = False, hint: str = "") -> None:
        full = (*self.prefix, *path)
        if self.doc is not None:
            self.diags.append(self.doc.diag(full, message, key=key, hint=hint))
        else:  # a model made in code: no file to point into
            self.diags.append(Diagnostic(self.display, 1, 1, dotted(full), message, hint=hint))

    def keys(self, node: Mapping[str, Any], path: PathKey, allowed: Sequence[str], what: str) -> None:
        for k in node:
            if k not in allowed:
                near = close_matches(str(k), allowed)
                self.error((*path, k), f"unknown key '{k}' in {what}" + did_you_mean(near), key=True,
                           hint=f"the keys allowed here: {', '.join(allowed)}")

    def mapping(self, node: Any, path: PathKey, what: str) -> Mapping[str, Any] | None:
        if isinstance(node, Mapping):
            return node
        self.error(path, f"{what} must be a mapping (key: value), got {describe_value(node)}")
        return None

    def localized(self, node: Any, path: PathKey, what: str, *, required: bool = True) -> dict[str, str]:
        if node is None:
            if required:
                self.error(path[:-1], f"{what} is required: one text per site language ({', '.join(self.languages)})",
                           key=bool(path[:-1]),
                           hint="e.g. " + "label: {" + ", ".join(f"{lang}: …" for lang in self.languages) + "}")
            return {}
        if not isinstance(node, Mapping):
            self.error(path, f"{what} must give one text per site language ({', '.join(self.languages)}), "
                             f"got {describe_value(node)}")
            return {}
        out: dict[str, str] = {}
        for lang, text in node.items():
            if lang not in self.languages:
                near = close_matches(str(lang), self.languages)
                self.error((*path, lang), f"'{lang}' is not a language of the site ({', '.join(self.languages)})"
                           + did_you_mean(near), key=True)
            elif not isinstance(text, str) or not text.strip():
                self.error((*path, lang), f"{what} in '{lang}' must be a text that is not empty")
            else:
                out[str(lang)] = text
        for lang in self.languages:
            if lang not in node:
                self.error(path, f"{what} has no '{lang}' text: add {lang}: …",
                           hint=f"every label and help text is given in each site language ({', '.join(self.languages)})")
        return out

    def boolean(self, node: Mapping[str, Any], path: PathKey, name: str, default: bool) -> bool:
        value = node.get(name, default)
        if not isinstance(value, bool):
            self.error((*path, name), f"'{name}' must be true or false, got {describe_value(value)}")
            return default
        return value

    def whole_number(self, node: Mapping[str, Any], path: PathKey, name: str, default: int, *,
                     what: str = "a whole number, 0 or more", hint: str = "") -> int:
        value = node.get(name, default)
        if not _option_ok(value, "int"):
            self.error((*path, name), f"'{name}' must be {what}, got {describe_value(value)}", hint=hint)
            return default
        return int(value)

    def number(self, node: Mapping[str, Any], path: PathKey, name: str, default: float) -> float:
        value = node.get(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error((*path, name), f"'{name}' must be a number, got {describe_value(value)}")
            return default
        return float(value)


def _from_doc(doc: YamlDocument, languages: tuple[str, ...]) -> tuple[Model, list[Diagnostic]]:
    r = DeclarationReader(doc, languages)
    top = r.mapping(doc.data, (), "the model file")
    if top is None:
        return default_model(), r.diags
    r.keys(top, (), TOP_KEYS, "the model")
    version = top.get("version")
    if version is None:
        r.error((), "'version' is required", hint=f"add version: {VERSION} at the top of the file")
    elif version != VERSION:
        r.error(("version",), f"unknown model version {describe_value(version)}: this Casebook reads version {VERSION}")
    case = r.mapping(top.get("case") or {}, ("case",), "'case'") or {}
    r.keys(case, ("case",), CASE_KEYS, "'case'")
    labels = r.localized(case.get("label"), ("case", "label"), "the case's label", required=False)
    help_ = r.localized(case.get("help"), ("case", "help"), "the case's help", required=False)
    title = case.get("title", "Casebook case")
    if not isinstance(title, str):
        r.error(("case", "title"), f"'title' must be a text, got {describe_value(title)}")
        title = "Casebook case"
    vocab = top.get("vocabularies", "concepts/_schemes.yml")
    if not isinstance(vocab, str) or not vocab.strip():
        r.error(("vocabularies",), f"'vocabularies' must be the path of the schemes file, got {describe_value(vocab)}")
        vocab = "concepts/_schemes.yml"
    groups = _groups(r, top.get("groups", []))
    group_ids = [g.id for g in groups]
    counter = iter(range(1, 10_000))
    fields: list[FieldSpec] = []
    raw_fields = top.get("fields")
    if raw_fields is None:
        r.error((), "'fields' is required: the case fields, each with its type and label")
    elif (body := r.mapping(raw_fields, ("fields",), "'fields'")) is not None:
        if not body:
            r.error(("fields",), "'fields' declares no field")
        fields = _fields(r, body, ("fields",), (), group_ids, counter)
    raw: dict[str, Mapping[str, Any]] = {}
    for name in ("compare", "exports"):
        raw[name] = top.get(name, {})
        if not isinstance(raw[name], Mapping):
            r.error((name,), f"'{name}' must be a mapping, got {describe_value(raw[name])}")
            raw[name] = {}
    model = Model(tuple(fields), tuple(groups), (), languages, vocab, title, labels, help_, raw["compare"],
                  raw["exports"], doc.path, doc.source, doc)
    facts = _facts(r, top.get("facts", []), model)
    period = _period(r, top, model)
    index = _index(r, top, model)
    max_cases = _concept_matrix_max_cases(r, top)
    model = Model(model.fields, model.groups, facts, languages, vocab, title, labels, help_, raw["compare"],
                  raw["exports"], doc.path, doc.source, doc, period, index, max_cases)
    _check_anchors(r, model)
    return model, r.diags


def _groups(r: DeclarationReader, raw: Any) -> list[GroupSpec]:
    if not isinstance(raw, list):
        r.error(("groups",), f"'groups' must be a list of the case page's parts, got {describe_value(raw)}")
        return []
    out: list[GroupSpec] = []
    seen: set[str] = set()
    parts: set[str] = set()
    for i, node in enumerate(raw):
        path: PathKey = ("groups", i)
        g = r.mapping(node, path, "a group")
        if g is None:
            continue
        r.keys(g, path, GROUP_KEYS, "a group")
        ident = g.get("id")
        if not isinstance(ident, str) or not _SLUG.fullmatch(ident):
            r.error((*path, "id") if "id" in g else path,
                    "a group needs an 'id': lowercase letters, digits and hyphens (its anchor on the case page)")
            continue
        if ident in seen:
            r.error((*path, "id"), f"two groups have the id '{ident}'")
            continue
        seen.add(ident)
        part = g.get("part", "")
        if part and (not isinstance(part, str) or not _SLUG.fullmatch(part)):
            r.error((*path, "part"), "'part' must be a name: lowercase letters, digits and hyphens")
            part = ""
        elif part and part in parts:
            r.error((*path, "part"), f"two groups take the part '{part}'")
            part = ""
        if part:
            parts.add(part)
        out.append(GroupSpec(ident, r.localized(g.get("label"), (*path, "label"), f"the label of group '{ident}'"),
                             str(part), r.boolean(g, path, "fold", True),
                             r.number(g, path, "sections_order", float("inf"))))
    return out


def _fields(r: DeclarationReader, body: Mapping[str, Any], path: PathKey, parent: tuple[str, ...], group_ids: list[str],
            counter: Iterator[int]) -> list[FieldSpec]:
    out: list[FieldSpec] = []
    for name, node in body.items():
        here = (*path, name)
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            r.error(here, f"bad field name '{name}': use lowercase letters, digits and underscores, starting with a "
                          "letter", key=True)
            continue
        spec = _field(r, name, node, here, (*parent, name), group_ids, counter)
        if spec is not None:
            out.append(spec)
    return out


def _field(r: DeclarationReader, name: str, node: Any, path: PathKey, fpath: tuple[str, ...], group_ids: list[str],
           counter: Iterator[int]) -> FieldSpec | None:
    position = next(counter)
    f = r.mapping(node, path, f"the field '{name}'")
    if f is None:
        return None
    kind = f.get("type")
    if kind is None:
        r.error(path, f"the field '{name}' has no 'type'", key=True, hint=f"the types: {', '.join(TYPES)}")
        return None
    if not isinstance(kind, str) or kind not in TYPES:
        near = close_matches(str(kind), TYPES)
        r.error((*path, "type"), f"unknown type {describe_value(kind)}" + did_you_mean(near),
                hint=f"the types: {', '.join(TYPES)}")
        return None
    ftype = TYPES[kind]
    r.keys(f, path, (*FIELD_KEYS, *ftype.options), f"a field of type '{kind}'")
    labels = r.localized(f.get("label"), (*path, "label"), f"the label of '{name}'")
    help_ = r.localized(f.get("help"), (*path, "help"), f"the help of '{name}'", required=False)
    plural = r.localized(f.get("plural"), (*path, "plural"), f"the plural label of '{name}'", required=False)
    group = f.get("group", "")
    if group and group not in group_ids:
        near = close_matches(str(group), group_ids)
        r.error((*path, "group"), f"no page group '{group}'" + did_you_mean(near),
                hint=f"the groups: {', '.join(group_ids)}" if group_ids else "declare it under 'groups'")
        group = ""
    anchor = f.get("anchor", name.replace("_", "-"))
    if not isinstance(anchor, str) or not _SLUG.fullmatch(anchor):
        r.error((*path, "anchor"), "'anchor' must be lowercase letters, digits and hyphens")
        anchor = name.replace("_", "-")
    view = f.get("view", "")
    if view and view not in VIEWS:
        r.error((*path, "view"), f"unknown view {describe_value(view)}" + did_you_mean(close_matches(str(view), VIEWS)),
                hint=f"leave 'view' out for the generic rendering of the type; the views: {', '.join(VIEWS)}")
        view = ""
    options: dict[str, Any] = {}
    for opt, want in ftype.options.items():
        if opt in f and opt not in ("fields",):
            value = f[opt]
            if not _option_ok(value, want):
                r.error((*path, opt), f"'{opt}' must be {_WANT[want]}, got {describe_value(value)}")
                continue
            options[opt] = value if want != "localized" else r.localized(value, (*path, opt), f"'{opt}'")
    vocabulary = str(options.pop("vocabulary", "") or "")
    if kind == "facet" and not vocabulary:
        r.error(path, f"the facet '{name}' names no vocabulary", key=True, hint="add vocabulary: <a scheme id of the vocabularies>")
    multiple = bool(options.pop("multiple", True))
    children: tuple[FieldSpec, ...] = ()
    entries: tuple[FieldSpec, ...] = ()
    if kind in ("group", "items"):
        sub = f.get("fields")
        body = r.mapping(sub, (*path, "fields"), f"the fields of '{name}'") if sub is not None else None
        if sub is None:
            r.error(path, f"the {kind} field '{name}' has no 'fields'", key=True,
                    hint="" if kind == "group" else "give the parts of each entry, e.g. fields: {date: {type: date, "
                                                    "label: …}, task: {type: text, label: …}}")
        if body is not None and kind == "group":
            children = tuple(_fields(r, body, (*path, "fields"), fpath, group_ids, counter))
        elif body is not None:
            entries = tuple(_item_fields(r, name, body, (*path, "fields"), fpath, counter))
    return FieldSpec(
        name=name, path=fpath, type=kind, labels=labels, help=help_, required=r.boolean(f, path, "required", False),
        order=r.number(f, path, "order", 10.0 * position), group=str(group), heading=r.boolean(f, path, "heading", True),
        anchor=anchor, vocabulary=vocabulary, multiple=multiple, options=options, fields=children,
        item_fields=entries, view=str(view), example=f.get("example"), plural=plural)


ITEM_KEYS = ("type", "label", "help", "required", "example")


def _item_fields(r: DeclarationReader, name: str, body: Mapping[str, Any], path: PathKey, fpath: tuple[str, ...],
                 counter: Iterator[int]) -> list[FieldSpec]:
    """The parts of each entry of the ``items`` field ``name``: fields of the :data:`ITEM_TYPES`, in no page group."""
    out: list[FieldSpec] = []
    for spec in _fields(r, body, path, fpath, [], counter):
        here = (*path, spec.name)
        if spec.type not in ITEM_TYPES:
            r.error((*here, "type"), f"an entry of '{name}' holds values of the types {', '.join(ITEM_TYPES)}: "
                                     f"'{spec.name}' is of type '{spec.type}'",
                    hint="a list of its own is a field of the case, not a part of an entry")
            continue
        raw = body.get(spec.name)
        for k in raw if isinstance(raw, Mapping) else ():
            if k not in (*ITEM_KEYS, *TYPES[spec.type].options):
                r.error((*here, k), f"'{k}' has no meaning for a part of an entry: it is shown in the entry's row",
                        key=True, hint=f"the keys allowed here: {', '.join((*ITEM_KEYS, *TYPES[spec.type].options))}")
        out.append(spec)
    if not out and body:
        r.error(path, f"'{name}' declares no usable part of an entry")
    return out


_WANT = {"bool": "true or false", "int": "a whole number (0 or more)", "number": "a number", "str": "a text",
         "localized": "one text per site language", "mapping": "a mapping"}


def _option_ok(value: Any, want: str) -> bool:
    if want == "bool":
        return isinstance(value, bool)
    if want == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if want == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if want == "str":
        return isinstance(value, str) and bool(value.strip())
    return isinstance(value, Mapping)


def _facts(r: DeclarationReader, raw: Any, model: Model) -> tuple[FactSpec, ...]:
    if not isinstance(raw, list):
        r.error(("facts",), f"'facts' must be a list of field paths, got {describe_value(raw)}")
        return ()
    by_key = {f.key: f for f in model.all_fields()}
    out: list[FactSpec] = []
    for i, item in enumerate(raw):
        path: PathKey = ("facts", i)
        wide, view = False, ""
        if isinstance(item, Mapping):
            r.keys(item, path, FACT_KEYS, "a fact")
            wide = r.boolean(item, path, "wide", False)
            view = item.get("view", "")
            if view and view not in FACT_VIEWS:
                r.error((*path, "view"), f"unknown view {describe_value(view)}" + did_you_mean(close_matches(str(view), FACT_VIEWS)),
                        hint=f"the views of a fact: {', '.join(FACT_VIEWS)}")
                view = ""
            path, item = (*path, "field"), item.get("field")
        if not isinstance(item, str) or item not in by_key:
            near = close_matches(str(item), by_key)
            r.error(path, f"no field {describe_value(item)}" + did_you_mean(near),
                    hint="a fact is a field's path (collaboration.types), or {field: <path>, wide: true}")
            continue
        if view == "years" and by_key[item].type != "period":
            r.error(path, f"the view 'years' shows a period: '{item}' is of type '{by_key[item].type}'")
            view = ""
        out.append(FactSpec(by_key[item], wide, str(view)))
    return tuple(out)


def _period(r: DeclarationReader, top: Mapping[str, Any], model: Model) -> str:
    """The ``period:`` key: the path of a field of type period ("" when the file gives none, or a bad one)."""
    if "period" not in top:
        return ""
    value = top["period"]
    periods = [f.key for f in model.all_fields() if f.type == "period"]
    hint = f"the fields of type period: {', '.join(periods)}" if periods else "declare a field of type period"
    spec = model.field(value) if isinstance(value, str) else None
    if spec is None:
        near = close_matches(str(value), periods)
        r.error(("period",), f"'period' names the case's period field: no field {describe_value(value)}"
                + did_you_mean(near), hint=hint)
        return ""
    if spec.type != "period":
        r.error(("period",), f"'period' names a field of type period: '{value}' is of type '{spec.type}'", hint=hint)
        return ""
    return spec.key


def _index(r: DeclarationReader, top: Mapping[str, Any], model: Model) -> tuple[str, ...] | None:
    """The ``index:`` key: the facet fields the case index shows and filters by, in order."""
    if "index" not in top:
        return None
    raw = top["index"]
    facets = [f.key for f in model.all_fields() if f.type == "facet"]
    if not isinstance(raw, list):
        r.error(("index",), f"'index' must be a list of facet fields, got {describe_value(raw)}",
                hint=f"e.g. index: [{', '.join(facets[:2])}]" if facets else "")
        return None
    out: list[str] = []
    for i, item in enumerate(raw):
        spec = model.field(item) if isinstance(item, str) else None
        if spec is None:
            r.error(("index", i), f"no field {describe_value(item)}" + did_you_mean(close_matches(str(item), facets)),
                    hint=f"the facet fields: {', '.join(facets)}" if facets else "declare a field of type facet")
        elif spec.type != "facet":
            r.error(("index", i), f"the case index filters by facet fields: '{item}' is of type '{spec.type}'",
                    hint=f"the facet fields: {', '.join(facets)}")
        else:
            out.append(spec.key)
    return tuple(out)


def _concept_matrix_max_cases(r: DeclarationReader, top: Mapping[str, Any]) -> int:
    """The ``concept_matrix_max_cases:`` key: the most cases for which the concepts index draws its concept x case
    grid (above it, a table of each concept's counts)."""
    return r.whole_number(top, (), "concept_matrix_max_cases", CONCEPT_MATRIX_MAX_CASES,
                          what="a whole number of cases, 0 or more",
                          hint=f"e.g. concept_matrix_max_cases: {CONCEPT_MATRIX_MAX_CASES}")


def _check_anchors(r: DeclarationReader, model: Model) -> None:
    seen: dict[str, str] = {g.id: f"the group '{g.id}'" for g in model.groups}
    for f in model.all_fields():
        if not (f.group and f.heading):
            continue
        if f.anchor in seen:
            r.error((*_decl_path(f), "anchor") if "anchor" in _raw_field(model, f) else _decl_path(f),
                    f"the anchor '{f.anchor}' of '{f.key}' is also that of {seen[f.anchor]}: give it another 'anchor'")
        seen[f.anchor] = f"the field '{f.key}'"


def _decl_path(spec: FieldSpec) -> PathKey:
    """Where a field stands in the declaration: ``fields.collaboration.fields.types``."""
    out: list[str] = ["fields"]
    for i, part in enumerate(spec.path):
        if i:
            out.append("fields")
        out.append(part)
    return tuple(out)


def declaration_path(spec: FieldSpec) -> PathKey:
    """The path of ``spec`` in the declaration file, for a located message (``model.doc.diag(path, …)``)."""
    return _decl_path(spec)


def _raw_field(model: Model, spec: FieldSpec) -> Mapping[str, Any]:
    node: Any = model.doc.data if model.doc is not None else {}
    for part in _decl_path(spec):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def check_vocabularies(model: Model, schemes: Mapping[str, Any], schemes_doc: YamlDocument | None) -> list[Diagnostic]:
    """Each vocabulary a field names exists; a scheme's ``facet:``, when written, names the field that uses it."""
    out: list[Diagnostic] = []
    doc = model.doc
    uses: dict[str, str] = {}
    for spec in model.all_fields():
        if not spec.vocabulary:
            continue
        if spec.vocabulary not in schemes:
            near = close_matches(spec.vocabulary, schemes)
            if doc is not None:
                out.append(doc.diag((*_decl_path(spec), "vocabulary"),
                                    f"no vocabulary '{spec.vocabulary}' in {model.vocabularies}" + did_you_mean(near),
                                    hint=f"the vocabularies: {', '.join(schemes)}" if schemes else
                                    f"declare it in {model.vocabularies}"))
            continue
        uses[spec.vocabulary] = spec.constrained_path
    for ident, scheme in schemes.items():
        facet = getattr(scheme, "facet", "")
        written = schemes_doc is not None and isinstance(schemes_doc.data, Mapping) and \
            isinstance(schemes_doc.data.get(ident), Mapping) and "facet" in schemes_doc.data[ident]
        if written and facet and uses.get(ident) != facet and schemes_doc is not None:
            known = model.facet_paths()
            field_ = next((k for k, v in known.items() if v == ident), "")
            message = (f"the vocabulary '{ident}' says it constrains '{facet}', but the model gives it to '{field_}'"
                       if field_ else f"the vocabulary '{ident}' says it constrains '{facet}', but no field of the model "
                                      f"names it: add vocabulary: {ident} to that field in {model.path or DEFAULT_FILE}")
            out.append(schemes_doc.diag((ident, "facet"), message))
    return out
