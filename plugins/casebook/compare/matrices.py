"""Cross-case displays as plain data: the case-ordered meta-matrix and the variable-by-case matrices.

What is compared comes from the site's declared model (:mod:`casebook.compare.spec`), not from this code:

* The **meta-matrix** has the cases as rows and the declared columns (:class:`~casebook.compare.spec.Column`, each
  over a field) as columns, in their declared groups. A cell holds what the case says under a column, in its own
  words (bilingual :class:`Entry` texts), and the concept ids it is tagged with; the field's type says how
  (:func:`casebook.model.fields.extract`), so a new field needs no code.
* A **variable-by-case matrix** (:class:`Matrix`) crosses the values of one list field (the categories of findings,
  the concepts of values, the kinds of data sources) with the cases. Each cell lists the case's entries under that
  value; it is present when the list is not empty.
* :func:`select_cases` picks cases by id or by the declared filters; the compare page's script applies the same
  rules in the browser (any of the values within a facet, every facet at once, periods that overlap the years
  asked for).

Nothing here imports MkDocs or renders HTML: the templates in ``theme/casebook/compare*.html`` do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..base import dates
from ..base.i18n import Localized, collation_key
from ..content.corpus import Corpus
from ..model.declaration import FieldSpec, Model, default_model
from ..model.entities import Case
from ..model.fields import Item, data_source_item, extract
from .spec import Column, CompareSpec, compare_spec

Entry = Item  # one thing a case says under a column or matrix value, in its own words
data_source_entry = data_source_item

# The kinds of data sources, in the order of the data_sources type (its JSON Schema enum): the rows of its matrix.
DATA_SOURCE_KINDS: tuple[str, ...] = ("individual-interviews", "group-interviews", "observations", "documents",
                                      "questionnaires", "workshops", "other")
UNCATEGORISED = ""  # row of the findings a case gives no category
UNSTATED = "unstated"  # the value of a facet a case leaves empty: "not stated in the source" (filters, counts)
NO_TEXT = Localized("")


@cache
def default_spec() -> CompareSpec:
    """What this site compares when no model is given: the packaged default model's."""
    return compare_spec(default_model())


def spec_of(model: Model | None) -> CompareSpec:
    return compare_spec(model) if model is not None else default_spec()


@dataclass(frozen=True)
class Cell:
    """What a case says under one column: facet values (concept ids) and entries."""

    dim: str
    concepts: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.concepts and not self.entries


@dataclass(frozen=True)
class Row:
    case: Case
    cells: tuple[Cell, ...]

    def cell(self, dim: str) -> Cell:
        return next((c for c in self.cells if c.dim == dim), Cell(dim))


@dataclass(frozen=True)
class Years:
    """A period in whole years, for filters and pictures: ``end`` is ``None`` when the case gives no end."""

    start: int | None
    end: int | None

    @property
    def dated(self) -> bool:
        return self.start is not None

    def overlaps(self, lo: int | None, hi: int | None) -> bool:
        """True when the period meets ``lo``–``hi``; an undated period meets no range, an open one runs on."""
        if self.start is None:
            return lo is None and hi is None
        if hi is not None and self.start > hi:
            return False
        return not (lo is not None and self.end is not None and self.end < lo)


def years(period: Mapping[str, Any]) -> Years:
    start = dates.parse(str(period.get("start") or ""))
    end = dates.parse(str(period.get("end") or ""))
    return Years(start[0] if start else None, end[0] if end else None)


def period_of(case: Case, spec: CompareSpec | None = None) -> Mapping[str, Any]:
    """The period the year filter and the pictures read (the declared period column), ``{}`` when none."""
    field_ = (spec or default_spec()).period_field
    value = field_.get(case.data) if field_ is not None else None
    return value if isinstance(value, Mapping) else {}


def case_years(case: Case, spec: CompareSpec | None = None) -> Years:
    return years(period_of(case, spec))


def column_cell(case: Case, column: Column) -> Cell:
    concepts, entries = extract(column.spec, column.spec.get(case.data))
    return Cell(column.id, concepts, entries)


def case_cells(case: Case, spec: CompareSpec | None = None) -> tuple[Cell, ...]:
    """Every column of the meta-matrix for one case."""
    return tuple(column_cell(case, c) for c in (spec or default_spec()).columns)


def facet_ids(case: Case, spec_: FieldSpec) -> list[str]:
    value = spec_.get(case.data)
    if isinstance(value, str):
        return [value] if value else []
    return [v for v in value or () if isinstance(v, str)] if isinstance(value, list) else []


def case_facets(case: Case, *, unstated: bool = False, spec: CompareSpec | None = None) -> dict[str, list[str]]:
    """The values of each declared filter for one case; with ``unstated``, a facet the case leaves empty has the
    value :data:`UNSTATED` ("not stated in the source"), so that it can be filtered and counted."""
    out = {f.name: facet_ids(case, f.spec) for f in (spec or default_spec()).filters}
    if unstated:
        out = {name: ids or [UNSTATED] for name, ids in out.items()}
    return out


@dataclass(frozen=True)
class Summary:
    """A case's short cells for the compact table: years, facet values and counts."""

    years: Years
    facets: dict[str, tuple[str, ...]]  # column id (the spec's summary columns) → concept ids, () when not stated
    counts: tuple[tuple[str, int], ...]  # (column id, number of entries), the non-zero ones of the summary counts


def summary(row: Row, spec: CompareSpec | None = None) -> Summary:
    sp = spec or default_spec()
    cells = {c.dim: c for c in row.cells}

    def cell(dim: str) -> Cell:
        found = cells.get(dim)
        if found is None:
            col = sp.column(dim)
            found = column_cell(row.case, col) if col is not None else Cell(dim)
        return found

    counts = tuple((d, len(cell(d).entries)) for d in sp.summary_counts if cell(d).entries)
    return Summary(case_years(row.case, sp), {d: cell(d).concepts for d in sp.summary_columns}, counts)


def facet_counts(cases: Sequence[Case], spec: CompareSpec | None = None) -> dict[str, dict[str, int]]:
    """For each filter, how many of ``cases`` have each value, :data:`UNSTATED` included (a case counts once per
    value). A filter no case gives a value for is left out: it would only say "not stated" for every case."""
    sp = spec or default_spec()
    counts: dict[str, dict[str, int]] = {f.name: {} for f in sp.filters}
    for case in cases:
        for name, ids in case_facets(case, unstated=True, spec=sp).items():
            for cid in dict.fromkeys(ids):
                counts[name][cid] = counts[name].get(cid, 0) + 1
    return {name: found for name, found in counts.items() if set(found) - {UNSTATED}}


@dataclass
class MetaMatrix:
    """Cases as rows, columns grouped."""

    dimensions: list[Column]
    rows: list[Row]

    @property
    def groups(self) -> list[tuple[str, list[Column]]]:
        out: list[tuple[str, list[Column]]] = []
        for dim in self.dimensions:
            if out and out[-1][0] == dim.group:
                out[-1][1].append(dim)
            else:
                out.append((dim.group, [dim]))
        return out


def meta_matrix(cases: Sequence[Case], dimensions: Iterable[str] | None = None,
                spec: CompareSpec | None = None) -> MetaMatrix:
    sp = spec or default_spec()
    wanted = set(dimensions) if dimensions is not None else None
    dims = [d for d in sp.columns if wanted is None or d.id in wanted]  # always in the grouped order
    return MetaMatrix(dims, [Row(case, tuple(column_cell(case, d) for d in dims)) for case in cases])


@dataclass
class Matrix:
    """Values of one variable (rows) × cases (columns); a cell is the list of the case's entries.
    ``kind`` is the matrix's declared id, ``type`` its field's type (findings, values, data_sources)."""

    kind: str
    rows: list[str]
    cases: list[Case]
    cells: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)
    without: list[Case] = field(default_factory=list)  # cases left out because they give nothing
    _with: dict[str, int] = field(default_factory=dict, repr=False)  # row → cases where present (computed once)
    type: str = "findings"

    def cell(self, row: str, case_id: str) -> list[Entry]:
        return self.cells.get((row, case_id), [])

    def present(self, row: str, case_id: str) -> bool:
        return bool(self.cells.get((row, case_id)))

    def count(self, row: str, case_id: str) -> int:
        """Findings in a category, or for data sources the sum of the counts the case gives."""
        entries = self.cell(row, case_id)
        if self.type == "data_sources":
            return sum(dict(e.numbers).get("count", 0) for e in entries)
        return len(entries)

    def cases_with(self, row: str) -> int:
        if not self._with:
            for (r, _), entries in self.cells.items():
                if entries:
                    self._with[r] = self._with.get(r, 0) + 1
        return self._with.get(row, 0)

    def chunks(self, size: int) -> list[list[Case]]:
        """Cases in groups of at most ``size`` columns, so that a table stays readable."""
        return [self.cases[i:i + size] for i in range(0, len(self.cases), size)] or [[]]


def _scheme_rows(corpus: Corpus, facet: str, vocabulary: str = "") -> list[str]:
    scheme = vocabulary or next((s.id for s in corpus.schemes.values() if s.facet == facet), "")
    return [c.id for c in corpus.concepts.values() if scheme and scheme in c.schemes]


def matrix(corpus: Corpus, kind: str, cases: Sequence[Case], spec: CompareSpec | None = None) -> Matrix:
    """The variable-by-case matrix ``kind`` (a declared matrix id) for ``cases``.

    Rows: for findings with a vocabulary, every category of the vocabulary (absences are findings too), then
    "uncategorised" when a case gives a finding without category; for values (and findings without a vocabulary),
    only the concepts some case gives; for data sources, the kinds some case uses, in the type's order. Cases that
    give nothing for the variable are left out of the columns and listed in ``without``.
    """
    decl = (spec or default_spec()).matrix(kind)
    if decl is None:
        raise ValueError(f"unknown matrix {kind!r}")
    fspec, mtype = decl.spec, decl.type
    cells: dict[tuple[str, str], list[Entry]] = {}
    used: list[str] = []

    def add(row: str, case: Case, entry: Entry) -> None:
        cells.setdefault((row, case.id), []).append(entry)
        if row not in used:
            used.append(row)

    for case in cases:
        value = fspec.get(case.data)
        if mtype == "data_sources":
            for s in value or []:
                add(str(s.get("kind", "other")), case, data_source_item(s))
            continue
        for entry in extract(fspec, value)[1]:
            for cat in entry.concepts or ((UNCATEGORISED,) if mtype == "findings" else ()):
                add(cat, case, entry)
    if mtype == "findings" and fspec.vocabulary:
        rows = _scheme_rows(corpus, fspec.constrained_path, fspec.vocabulary)
        rows += [r for r in used if r not in rows and r != UNCATEGORISED]
        if UNCATEGORISED in used:
            rows.append(UNCATEGORISED)
    elif mtype == "findings":
        rows = [r for r in used if r != UNCATEGORISED] + ([UNCATEGORISED] if UNCATEGORISED in used else [])
    elif mtype == "data_sources":
        rows = [k for k in DATA_SOURCE_KINDS if k in used] + [k for k in used if k not in DATA_SOURCE_KINDS]
    else:
        rows = used
    given = {cid for (_, cid) in cells}
    columns = [c for c in cases if c.id in given]
    return Matrix(kind, rows, columns, cells, [c for c in cases if c.id not in given], type=mtype)


def order_rows(m: Matrix, label: Any) -> list[str]:
    """Rows by the number of cases where present (most first), then by label; "uncategorised" stays last."""
    body = [r for r in m.rows if r != UNCATEGORISED]
    if m.type == "data_sources":
        return m.rows
    body.sort(key=lambda r: (-m.cases_with(r), collation_key(str(label(r)))))
    return body + ([UNCATEGORISED] if UNCATEGORISED in m.rows else [])


# ---- selection ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Selection:
    """Which cases: by id (in the order given), or by facet values (any value within a facet, all facets)."""

    ids: tuple[str, ...] = ()
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def matches(self, case: Case, spec: CompareSpec | None = None) -> bool:
        values = case_facets(case, unstated=True, spec=spec)
        for name, wanted in self.facets:
            if not set(wanted) & set(values.get(name, [])):
                return False
        if self.year_from is not None or self.year_to is not None:
            return case_years(case, spec).overlaps(self.year_from, self.year_to)
        return True


def select_cases(corpus: Corpus, selection: Selection | None = None, spec: CompareSpec | None = None) -> list[Case]:
    """The cases a selection names, in period order (or in the order of the ids given)."""
    if selection is None:
        return corpus.sorted_cases()
    if selection.ids:
        return [corpus.cases[i] for i in selection.ids if i in corpus.cases]
    return [c for c in corpus.sorted_cases() if selection.matches(c, spec)]


def facet_options(corpus: Corpus, cases: Sequence[Case], spec: CompareSpec | None = None) -> dict[str, list[str]]:
    """For each filter, the concept ids the cases use, in order of first use by the schemes' concepts
    (without :data:`UNSTATED`: :func:`facet_counts` counts it)."""
    sp = spec or default_spec()
    used: dict[str, set[str]] = {f.name: set() for f in sp.filters}
    for case in cases:
        for name, values in case_facets(case, spec=sp).items():
            used[name].update(values)
    order = {cid: i for i, cid in enumerate(corpus.concepts)}
    return {name: sorted(ids, key=lambda x: (order.get(x, len(order)), x)) for name, ids in used.items() if ids}


def undated(cases: Sequence[Case], spec: CompareSpec | None = None) -> list[Case]:
    """The cases whose source gives no year: the period filter offers them as a choice of their own."""
    return [c for c in cases if not case_years(c, spec).dated]


def year_bounds(cases: Sequence[Case], spec: CompareSpec | None = None) -> tuple[int, int] | None:
    found = [y for c in cases for span in (case_years(c, spec),) for y in (span.start, span.end) if y is not None]
    return (min(found), max(found)) if found else None
