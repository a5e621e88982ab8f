"""What a site compares and exports, read from the ``compare:`` and ``exports:`` sections of its declared model.

* :class:`CompareSpec` — the meta-matrix's column groups and columns (each over a declared field), the filters they
  feed, the compact table's cells, the variable-by-case matrices and the pictures.
* :class:`ExportSpec` — the columns of ``data/cases.csv`` and the fields the JSON-LD of a case page reads.

:func:`compare_spec` and :func:`export_spec` parse them once per model (cached) and report every problem as a located
:class:`Diagnostic` in the model file: an unknown field, group or picture, a matrix over a field that is not a list, a
label missing a language. Nothing here knows this site's fields: they all come from the declaration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..base.diagnostics import Diagnostic, close_matches, did_you_mean
from ..base.i18n import pick_in
from ..base.yamlfile import PathKey, dotted
from ..model.declaration import DEFAULT_FILE, DeclarationReader, FieldSpec, Model, pick

SORTS = ("text", "date", "count")
SINGLE_TYPES = ("text", "period", "date", "number", "link", "boolean")  # a cell holds one text
MATRIX_TYPES = ("findings", "values", "data_sources")  # the list types a matrix can cross with the cases
PICTURES = ("periods", "timeline")
PICTURE_TYPES = {"periods": "period", "timeline": "timeline"}
PERIOD_FILTER = "period"  # the name of the year filter (URLs, the block's ``cases: {period: …}``)
CSV_TYPES = ("text", "texts", "number", "boolean", "link", "date", "period", "facet", "values", "works", "concepts",
             "actors", "arrangements", "findings", "data_sources", "items")


def _label_in(labels: Mapping[str, str], lang: str, default: str = "") -> tuple[str, str]:
    """A label in ``lang``, else in the site's first language, then any (base.i18n.pick_in), with its language."""
    text, code = pick_in(labels, lang)
    return (text, code) if text else (default, lang)


def _own_or_field(labels: Mapping[str, str], spec: FieldSpec, lang: str) -> tuple[str, str]:
    """A column's or matrix's own label, else its field's; the one in ``lang`` first, whichever it is."""
    own, field_label = _label_in(labels, lang), spec.label_in(lang)
    if own[0] and (own[1] == lang or field_label[1] != lang):
        return own
    return field_label


@dataclass(frozen=True)
class Group:
    id: str
    labels: Mapping[str, str]

    def label(self, lang: str) -> str:
        return pick(self.labels, lang, self.id)

    def label_in(self, lang: str) -> tuple[str, str]:
        return _label_in(self.labels, lang, self.id)


@dataclass(frozen=True)
class Column:
    """One column of the meta-matrix, over one declared field. ``id`` is its name in URLs, options and the page."""

    id: str
    spec: FieldSpec
    group: str
    sort: str = "text"  # how the browser sorts the column: text, date or count (of entries)
    filter: str = ""  # the filter this column feeds, if any
    labels: Mapping[str, str] = field(default_factory=dict)
    count_one: Mapping[str, str] = field(default_factory=dict)  # "1 lesson" ({n} for the number)
    count_other: Mapping[str, str] = field(default_factory=dict)  # "{n} lessons"

    @property
    def type(self) -> str:
        return self.spec.type

    @property
    def single(self) -> bool:
        return self.spec.type in SINGLE_TYPES

    def label(self, lang: str) -> str:
        return self.label_in(lang)[0]

    def label_in(self, lang: str) -> tuple[str, str]:
        return _own_or_field(self.labels, self.spec, lang)

    def count_text_in(self, lang: str, n: int) -> tuple[str, str]:
        """``1 lesson``, ``5 lessons`` (as declared, else the number and the label) and the language it is in."""
        words = self.count_one if n == 1 else self.count_other
        if words:
            text, code = pick_in(words, lang)
            return (text or "{n}").replace("{n}", str(n)), code
        label, code = self.label_in(lang)
        return f"{n} {label.lower()}", code


@dataclass(frozen=True)
class Filter:
    """A filter of the compare page and a key of the block's ``cases:`` mapping: the values of a facet field."""

    name: str
    column: Column

    @property
    def spec(self) -> FieldSpec:
        return self.column.spec

    def label(self, lang: str) -> str:
        return self.column.label(lang)

    def label_in(self, lang: str) -> tuple[str, str]:
        return self.column.label_in(lang)


@dataclass(frozen=True)
class MatrixSpec:
    """A variable-by-case matrix: the values of a list field (rows) crossed with the cases (columns)."""

    id: str
    spec: FieldSpec
    heatmap: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)
    intro: Mapping[str, str] = field(default_factory=dict)
    rows: Mapping[str, str] = field(default_factory=dict)
    without: Mapping[str, str] = field(default_factory=dict)

    @property
    def type(self) -> str:
        return self.spec.type

    @property
    def slug(self) -> str:
        return self.id.replace("_", "-")

    def label(self, lang: str) -> str:
        return self.label_in(lang)[0]

    def label_in(self, lang: str) -> tuple[str, str]:
        return _own_or_field(self.labels, self.spec, lang)

    def text(self, what: str, lang: str) -> str:
        return pick(getattr(self, what), lang)

    def text_in(self, what: str, lang: str) -> tuple[str, str]:
        return _label_in(getattr(self, what), lang)


@dataclass(frozen=True, eq=False)
class CompareSpec:
    groups: tuple[Group, ...] = ()
    columns: tuple[Column, ...] = ()
    summary_columns: tuple[str, ...] = ()  # ids of facet columns, shown short in the compact table
    summary_counts: tuple[str, ...] = ()  # ids of list columns, counted in the compact table
    matrices: tuple[MatrixSpec, ...] = ()
    pictures: Mapping[str, FieldSpec] = field(default_factory=dict)  # periods / timeline → the field they draw

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns)

    def column(self, ident: str) -> Column | None:
        return _columns(self).get(ident)

    def group(self, ident: str) -> Group | None:
        return next((g for g in self.groups if g.id == ident), None)

    def matrix(self, ident: str) -> MatrixSpec | None:
        return next((m for m in self.matrices if m.id == ident), None)

    @property
    def filters(self) -> tuple[Filter, ...]:
        """The facet filters, in column order (the year filter is :attr:`period_field`)."""
        return _filters(self)

    @property
    def period_field(self) -> FieldSpec | None:
        """The period field the year filter reads (``None``: no year filter)."""
        return next((c.spec for c in self.columns if c.filter == PERIOD_FILTER), None)

    @property
    def facet_ids(self) -> tuple[str, ...]:
        """Columns of facet fields: empty, they say "not stated in the source"."""
        return tuple(c.id for c in self.columns if c.type == "facet")

    @property
    def single_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns if c.single)


@cache
def _columns(spec: CompareSpec) -> dict[str, Column]:
    return {c.id: c for c in spec.columns}


@cache
def _filters(spec: CompareSpec) -> tuple[Filter, ...]:
    return tuple(Filter(c.filter, c) for c in spec.columns if c.filter and c.filter != PERIOD_FILTER)


@dataclass(frozen=True)
class CsvField:
    spec: FieldSpec
    name: str  # the prefix of its columns
    label: bool = True  # period: also the label columns


@dataclass(frozen=True, eq=False)
class ExportSpec:
    csv: tuple[CsvField, ...] = ()
    about: tuple[FieldSpec, ...] = ()  # JSON-LD: facet fields → DefinedTerm
    place: FieldSpec | None = None  # text → spatialCoverage
    period: FieldSpec | None = None  # period → temporalCoverage
    based_on: FieldSpec | None = None  # works → isBasedOn


# ---- parsing ---------------------------------------------------------------------------------------------------
class _Reader(DeclarationReader):
    """The model's reader, for its ``compare:`` or ``exports:`` section (``top``)."""

    def __init__(self, model: Model, top: str) -> None:
        super().__init__(model.doc, model.languages, prefix=(top,), display=model.path or DEFAULT_FILE)
        self.model = model

    def entry(self, value: Any, path: PathKey, keys: Sequence[str]) -> Mapping[str, Any]:
        """A mapping of the section with only ``keys`` (each other one located); ``{}`` (located) when it is none."""
        what = f"'{dotted((*self.prefix, *path))}'"
        node = self.mapping(value, path, what)
        if node is None:
            return {}
        self.keys(node, path, keys, what)
        return node

    def labels(self, value: Any, path: PathKey) -> Mapping[str, str]:
        """A text in each of the site's languages, or none at all (``{}``: the field's label is used)."""
        return self.localized(value, path, f"'{path[-1]}'", required=False)

    def items(self, value: Any, path: PathKey) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "expected a list")
            return []
        return value

    def text(self, value: Any, path: PathKey) -> str:
        if not isinstance(value, str) or not value:
            self.error(path, "expected a name (text)")
            return ""
        return value

    def field(self, value: Any, path: PathKey) -> FieldSpec | None:
        name = self.text(value, path)
        if not name:
            return None
        spec = self.model.field(name)
        if spec is None:
            known = [f.key for f in self.model.all_fields()]
            self.error(path, f"unknown field '{name}'{did_you_mean(close_matches(name, known))}",
                       hint="name a field declared under fields (a dotted path for a nested one, e.g. "
                            "collaboration.types)")
        return spec


COLUMN_KEYS = ("field", "id", "group", "label", "sort", "filter", "count")
MATRIX_KEYS = ("id", "field", "heatmap", "label", "intro", "rows", "without")


def _default_sort(spec: FieldSpec) -> str:
    if spec.type in ("period", "date"):
        return "date"
    return "count" if spec.is_list and spec.type not in ("facet", "concepts") else "text"


def parse_compare(model: Model) -> tuple[CompareSpec, list[Diagnostic]]:
    """The ``compare:`` section of ``model``, with every problem located in the model file."""
    r = _Reader(model, "compare")
    top = r.entry(model.compare or {}, (), ("groups", "columns", "summary", "matrices", "pictures"))
    groups: list[Group] = []
    for i, raw in enumerate(r.items(top.get("groups"), ("groups",))):
        g = r.entry(raw, ("groups", i), ("id", "label"))
        ident = r.text(g.get("id"), ("groups", i, "id"))
        if ident and any(x.id == ident for x in groups):
            r.error(("groups", i, "id"), f"the group '{ident}' is declared twice")
        elif ident:
            groups.append(Group(ident, r.labels(g.get("label"), ("groups", i, "label"))))
    group_ids = [g.id for g in groups]
    columns: list[Column] = []
    filters: dict[str, str] = {}
    seen_groups: list[str] = []
    for i, raw in enumerate(r.items(top.get("columns"), ("columns",))):
        c = r.entry(raw, ("columns", i), COLUMN_KEYS)
        spec = r.field(c.get("field"), ("columns", i, "field"))
        group = r.text(c.get("group"), ("columns", i, "group"))
        if group and group not in group_ids:
            r.error(("columns", i, "group"), f"unknown group '{group}'{did_you_mean(close_matches(group, group_ids))}"
                                             f"; the groups are: {', '.join(group_ids) or 'none (declare compare.groups)'}")
            group = ""
        elif group and seen_groups and group != seen_groups[-1] and group in seen_groups:
            r.error(("columns", i, "group"), f"the columns of the group '{group}' must follow each other")
        if group and (not seen_groups or seen_groups[-1] != group):
            seen_groups.append(group)
        if spec is None or not group:
            continue
        ident = str(c.get("id") or spec.name)
        if any(x.id == ident for x in columns):
            r.error(("columns", i), f"two columns are named '{ident}': give one an id")
            continue
        sort = c.get("sort", _default_sort(spec))
        if sort not in SORTS:
            r.error(("columns", i, "sort"), f"'{sort}' is not one of: {', '.join(SORTS)}")
            sort = "text"
        name = c.get("filter") or ""
        if name:
            if not isinstance(name, str):
                r.error(("columns", i, "filter"), "expected a name (text)")
                name = ""
            elif name == PERIOD_FILTER and spec.type != "period":
                r.error(("columns", i, "filter"), f"the '{PERIOD_FILTER}' filter reads a period field; "
                                                  f"'{spec.key}' is a {spec.type} field")
                name = ""
            elif name != PERIOD_FILTER and spec.type != "facet":
                r.error(("columns", i, "filter"), f"a filter reads a facet field (concept ids of a vocabulary); "
                                                  f"'{spec.key}' is a {spec.type} field")
                name = ""
            elif name in filters:
                r.error(("columns", i, "filter"), f"the filter '{name}' is already fed by the column '{filters[name]}'")
                name = ""
            else:
                filters[name] = ident
        one: Mapping[str, str] = {}
        other: Mapping[str, str] = {}
        if "count" in c:
            cnt = r.entry(c["count"], ("columns", i, "count"), ("one", "other"))
            one = r.labels(cnt.get("one"), ("columns", i, "count", "one"))
            other = r.labels(cnt.get("other"), ("columns", i, "count", "other"))
        columns.append(Column(ident, spec, group, str(sort), name,
                              r.labels(c.get("label"), ("columns", i, "label")), one, other))
    by_id = {c.id: c for c in columns}
    summary = r.entry(top.get("summary") or {}, ("summary",), ("columns", "counts"))
    short: list[str] = []
    counted: list[str] = []
    for what, out in (("columns", short), ("counts", counted)):
        for i, ident in enumerate(r.items(summary.get(what), ("summary", what))):
            col = by_id.get(ident) if isinstance(ident, str) else None
            if col is None:
                r.error(("summary", what, i), f"unknown column '{ident}'{did_you_mean(close_matches(str(ident), by_id))}")
            elif what == "columns" and col.type != "facet":
                r.error(("summary", what, i), f"the compact table shows facet columns; '{ident}' is a {col.type} field")
            elif what == "counts" and (not col.spec.is_list or col.type in ("facet", "concepts")):
                r.error(("summary", what, i), f"only a list of entries can be counted; '{ident}' is a {col.type} field")
            else:
                out.append(ident)
    matrices: list[MatrixSpec] = []
    for i, raw in enumerate(r.items(top.get("matrices"), ("matrices",))):
        m = r.entry(raw, ("matrices", i), MATRIX_KEYS)
        spec = r.field(m.get("field"), ("matrices", i, "field"))
        if spec is None:
            continue
        if not spec.is_list:
            r.error(("matrices", i, "field"), f"a matrix crosses the items of a list with the cases; '{spec.key}' is a "
                                              f"{spec.type} field, not a list")
            continue
        if spec.type not in MATRIX_TYPES:
            r.error(("matrices", i, "field"), f"a matrix needs items with categories, concepts or kinds "
                                              f"({', '.join(MATRIX_TYPES)} fields); '{spec.key}' is a {spec.type} field")
            continue
        ident = str(m.get("id") or spec.name)
        if any(x.id == ident for x in matrices):
            r.error(("matrices", i), f"two matrices are named '{ident}': give one an id")
            continue
        heatmap = m.get("heatmap", False)
        if heatmap and not (spec.type == "findings" and spec.vocabulary):
            r.error(("matrices", i, "heatmap"), "a heatmap needs the categories of a vocabulary: a findings field "
                                                "with a vocabulary")
            heatmap = False
        texts = {k: r.labels(m.get(k), ("matrices", i, k)) for k in ("label", "intro", "rows", "without")}
        matrices.append(MatrixSpec(ident, spec, bool(heatmap), texts["label"], texts["intro"], texts["rows"],
                                   texts["without"]))
    pictures: dict[str, FieldSpec] = {}
    raw_pictures = top.get("pictures") or {}
    if not isinstance(raw_pictures, Mapping):
        r.error(("pictures",), "expected a mapping, e.g. {periods: {field: period}}")
        raw_pictures = {}
    for name, value in raw_pictures.items():
        if name not in PICTURES:
            r.error(("pictures", name), f"unknown picture '{name}'{did_you_mean(close_matches(str(name), PICTURES))}; "
                                        f"the pictures are: {', '.join(PICTURES)} (a heatmap is a matrix's "
                                        "'heatmap: true')", key=True)
            continue
        pic = r.entry(value, ("pictures", name), ("field",))
        spec = r.field(pic.get("field"), ("pictures", name, "field"))
        if spec is not None and spec.type != PICTURE_TYPES[name]:
            r.error(("pictures", name, "field"), f"the {name} picture draws a {PICTURE_TYPES[name]} field; "
                                                 f"'{spec.key}' is a {spec.type} field")
        elif spec is not None:
            pictures[name] = spec
    return CompareSpec(tuple(groups), tuple(columns), tuple(short), tuple(counted), tuple(matrices), pictures), r.diags


def _csv_name(spec: FieldSpec) -> str:
    return spec.name


def _raw_exports(model: Model) -> Mapping[str, Any]:
    raw = getattr(model, "exports", None)
    if raw is None and model.doc is not None and isinstance(model.doc.data, Mapping):
        raw = model.doc.data.get("exports")
    return raw or {}


def parse_exports(model: Model) -> tuple[ExportSpec, list[Diagnostic]]:
    """The ``exports:`` section of ``model``: the CSV's fields in order, then every other field of a type the CSV
    can hold (in declaration order) that ``omit`` does not name; the JSON-LD's fields."""
    r = _Reader(model, "exports")
    top = r.entry(_raw_exports(model), (), ("csv", "jsonld"))
    csv = r.entry(top.get("csv") or {}, ("csv",), ("fields", "omit"))
    out: list[CsvField] = []
    named: set[str] = set()
    for i, raw in enumerate(r.items(csv.get("fields"), ("csv", "fields"))):
        item = {"field": raw} if isinstance(raw, str) else r.entry(raw, ("csv", "fields", i), ("field", "name", "label"))
        where = ("csv", "fields", i) if isinstance(raw, str) else ("csv", "fields", i, "field")
        spec = r.field(item.get("field"), where)
        if spec is None:
            continue
        if spec.type not in CSV_TYPES:
            r.error(where, f"a {spec.type} field has no CSV form; list it under omit")
            continue
        named.add(spec.key)
        out.append(CsvField(spec, str(item.get("name") or _csv_name(spec)), bool(item.get("label", True))))
    omit: set[str] = set()
    for i, raw in enumerate(r.items(csv.get("omit"), ("csv", "omit"))):
        spec = r.field(raw, ("csv", "omit", i))
        if spec is not None:
            omit.add(spec.key)
    for spec in model.all_fields():
        if spec.key in named or spec.type not in CSV_TYPES:
            continue
        if any(spec.key == k or spec.key.startswith(k + ".") for k in omit):
            continue
        out.append(CsvField(spec, _csv_name(spec)))
    names: dict[str, str] = {}
    for f in out:
        if f.name in names:
            r.error(("csv",), f"'{f.spec.key}' and '{names[f.name]}' both make CSV columns named '{f.name}…': "
                              "give one a name")
        names[f.name] = f.spec.key
    ld = r.entry(top.get("jsonld") or {}, ("jsonld",), ("about", "place", "period", "based_on"))
    about = []
    for i, raw in enumerate(r.items(ld.get("about"), ("jsonld", "about"))):
        spec = r.field(raw, ("jsonld", "about", i))
        if spec is not None and spec.type != "facet":
            r.error(("jsonld", "about", i), f"'about' lists facet fields; '{spec.key}' is a {spec.type} field")
        elif spec is not None:
            about.append(spec)
    one: dict[str, FieldSpec | None] = {}
    for key, want in (("place", "text"), ("period", "period"), ("based_on", "works")):
        spec = r.field(ld[key], ("jsonld", key)) if key in ld else None
        if spec is not None and spec.type != want:
            r.error(("jsonld", key), f"'{key}' names a {want} field; '{spec.key}' is a {spec.type} field")
            spec = None
        one[key] = spec
    return ExportSpec(tuple(out), tuple(about), one["place"], one["period"], one["based_on"]), r.diags


@cache
def _parsed(model: Model) -> tuple[CompareSpec, tuple[Diagnostic, ...], ExportSpec, tuple[Diagnostic, ...]]:
    spec, diags = parse_compare(model)
    ex, ex_diags = parse_exports(model)
    return spec, tuple(diags), ex, tuple(ex_diags)


def compare_spec(model: Model) -> CompareSpec:
    """What ``model`` compares (parsed once; :func:`diagnostics` gives its problems)."""
    return _parsed(model)[0]


def export_spec(model: Model) -> ExportSpec:
    return _parsed(model)[2]


def diagnostics(model: Model) -> list[Diagnostic]:
    """Every problem of the ``compare:`` and ``exports:`` sections of ``model``."""
    parsed = _parsed(model)
    return [*parsed[1], *parsed[3]]


def index_facets(model: Model) -> tuple[Filter, ...]:
    """The case index's columns and filters (and the terms of the case cards, the first one's): the facet fields
    the model's ``index:`` names, or else the compare page's filters. Each is named by the compare filter it feeds
    (its name in the page's address), or else by its field's name."""
    return _index_facets(model)


@cache
def _index_facets(model: Model) -> tuple[Filter, ...]:
    spec = compare_spec(model)
    if model.index_keys is None:
        return spec.filters
    by_field = {f.spec.key: f.name for f in spec.filters}
    out = []
    for key in model.index_keys:
        field_ = model.field(key)
        if field_ is not None:
            out.append(Filter(by_field.get(key, field_.name), Column(field_.name, field_, "")))
    return tuple(out)
