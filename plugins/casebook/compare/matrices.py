"""Cross-case displays as plain data: the case-ordered meta-matrix and the variable-by-case matrices.

* The **meta-matrix** has the cases as rows and :data:`DIMENSIONS` as columns, grouped as context; actors and
  governance; method and data; findings. A cell holds what the case says under a dimension, in its own words
  (bilingual :class:`Entry` texts), and the facet values it is tagged with (concept ids).
* A **variable-by-case matrix** (:class:`Matrix`) crosses the values of one variable (facilitating-factor
  categories, barrier categories, public values, data-source kinds) with the cases. Each cell lists the case's
  entries under that value; it is present when the list is not empty.
* :func:`select_cases` picks cases by id or by facet; the compare page's script applies the same rules in the
  browser (any of the values within a facet, every facet at once, periods that overlap the years asked for).

Nothing here imports MkDocs or renders HTML: the templates in ``theme/casebook/compare*.html`` do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..base import dates
from ..base.i18n import Localized, collation_key, site_languages
from ..content.corpus import Corpus
from ..model.entities import Case

GROUPS: tuple[str, ...] = ("context", "actors", "method", "findings")


@dataclass(frozen=True)
class Dimension:
    """One column of the meta-matrix. ``id`` is also its UI string key and its name in options and URLs."""

    id: str
    group: str
    sort: str = "text"  # how the browser sorts the column: text, date or count (of entries)
    facet: str = ""  # the filter this dimension feeds, if any


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("period", "context", "date", "period"),
    Dimension("place", "context"),
    Dimension("sector", "context", facet="sector"),
    Dimension("level", "context", facet="level"),
    Dimension("types", "actors", facet="type"),
    Dimension("mode", "actors", facet="mode"),
    Dimension("regimes", "actors"),
    Dimension("actors", "actors", "count"),
    Dimension("governance", "actors", "count"),
    Dimension("approach", "method"),
    Dimension("research_period", "method", "date"),
    Dimension("data_sources", "method", "count"),
    Dimension("facilitating_factors", "findings", "count"),
    Dimension("barriers", "findings", "count"),
    Dimension("outcomes", "findings", "count"),
    Dimension("lessons", "findings", "count"),
    Dimension("public_values", "findings", "count"),
)
DIMENSION_IDS: tuple[str, ...] = tuple(d.id for d in DIMENSIONS)
BY_ID: dict[str, Dimension] = {d.id: d for d in DIMENSIONS}

# Filters of the compare page and of the directive's ``cases`` option: name → case field (facet) it reads.
FACETS: dict[str, str] = {
    "sector": "sector",
    "level": "level",
    "type": "collaboration.types",
    "mode": "collaboration.mode",
    "regime": "collaboration.regimes",
}

DATA_SOURCE_KINDS: tuple[str, ...] = ("individual-interviews", "group-interviews", "observations", "documents",
                                      "questionnaires", "workshops", "other")

# Variable-by-case matrices: id → (case field whose values are the rows, scheme facet naming them).
MATRICES: dict[str, str] = {
    "facilitating_factors": "findings.facilitating_factors.categories",
    "barriers": "findings.barriers.categories",
    "public_values": "public_values.concept",
    "data_sources": "data_sources.kind",
}
UNCATEGORISED = ""  # row of the findings a case gives no category
UNSTATED = "unstated"  # the value of a facet a case leaves empty: "not stated in the source" (filters, counts)
NO_TEXT = Localized("")


@dataclass(frozen=True)
class Entry:
    """One thing a case says under a dimension or matrix value, in its own words."""

    text: Localized = NO_TEXT
    head: Localized = NO_TEXT  # a name the case gives (an actor, a governance body, a value's category)
    tag: str = ""  # a UI string key (an actor's kind, a data source's kind)
    concepts: tuple[str, ...] = ()  # concepts this entry is tagged with (categories, a public value)
    numbers: tuple[tuple[str, int], ...] = ()  # (UI string key, value): count, participants, organisations
    when: Localized = NO_TEXT  # a period, already worded in each language (data sources)
    emerging: bool = False

    def when_in(self, lang: str) -> str:
        return self.when.best(lang)


@dataclass(frozen=True)
class Cell:
    """What a case says under one dimension: facet values (concept ids) and entries."""

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


def _loc(data: Any) -> Localized:
    return Localized.from_data(data)


def _period_words(period: Mapping[str, Any]) -> Localized:
    """The period as the case words it (its label), or its dates, in each of the site's languages."""
    out = {}
    for lang in site_languages().codes:
        label = _loc(period.get("label")).get(lang) if period.get("label") else ""
        start, end = str(period.get("start") or ""), str(period.get("end") or "")
        if label:
            out[lang] = label
        elif start and end and start != end:
            out[lang] = f"{dates.fmt(start, lang)} – {dates.fmt(end, lang)}"
        else:
            out[lang] = dates.fmt(start or end, lang)
    return Localized.from_data(out)


def _findings(case: Case, key: str) -> list[dict[str, Any]]:
    return list((case.data.get("findings") or {}).get(key) or [])


def data_source_entry(source: Mapping[str, Any]) -> Entry:
    numbers = tuple((k, int(source[k])) for k in ("count", "participants", "organisations") if source.get(k) is not None)
    when = _period_words(source["period"]) if source.get("period") else NO_TEXT
    return Entry(text=_loc(source.get("note")), tag=f"ds_{source.get('kind', 'other')}", numbers=numbers, when=when)


def case_cells(case: Case) -> tuple[Cell, ...]:
    """Every dimension of the meta-matrix for one case."""
    d = case.data
    collab = case.collaboration
    research = d.get("research_design") or {}
    period = _period_words(case.period) if case.period else NO_TEXT
    cells = [
        Cell("period", entries=(Entry(period),) if period.get(site_languages().default) else ()),
        Cell("place", entries=(Entry(_loc(d.get("place"))),) if d.get("place") else ()),
        Cell("sector", tuple(case.sectors)),
        Cell("level", tuple(case.levels)),
        Cell("types", tuple(case.types)),
        Cell("mode", (case.mode,) if case.mode else ()),
        Cell("regimes", tuple(collab.get("regimes") or ())),
        Cell("actors", entries=tuple(Entry(_loc(a.get("role")), head=_loc(a.get("name")), tag=f"kind_{a.get('kind')}")
                                     for a in d.get("actors") or [])),
        Cell("governance", entries=tuple(Entry(_loc(g.get("description")), head=_loc(g.get("name")),
                                               concepts=tuple(g.get("concepts") or ()))
                                         for g in d.get("governance") or [])),
        Cell("approach", entries=(Entry(_loc(research.get("approach"))),) if research.get("approach") else ()),
        Cell("research_period", entries=(Entry(_period_words(research["period"])),)
             if research.get("period") else ()),
        Cell("data_sources", entries=tuple(data_source_entry(s) for s in d.get("data_sources") or [])),
    ]
    for key in ("facilitating_factors", "barriers", "outcomes", "lessons"):
        cells.append(Cell(key, entries=tuple(Entry(_loc(f.get("text")), concepts=tuple(f.get("categories") or ()))
                                             for f in _findings(case, key))))
    cells.append(Cell("public_values", entries=tuple(
        Entry(_loc(v.get("text")), head=_loc(v.get("category")), concepts=(v["concept"],), emerging=bool(v.get("emerging")))
        for v in d.get("public_values") or [])))
    return tuple(cells)


def case_facets(case: Case, *, unstated: bool = False) -> dict[str, list[str]]:
    """The values of each filter (:data:`FACETS`) for one case; with ``unstated``, a facet the case leaves empty
    has the value :data:`UNSTATED` ("not stated in the source"), so that it can be filtered and counted."""
    values = case.facet_values()
    out = {name: list(values.get(path) or []) for name, path in FACETS.items()}
    if unstated:
        out = {name: ids or [UNSTATED] for name, ids in out.items()}
    return out


# The dimensions of the meta-matrix that show a facet: empty, they say "not stated in the source".
FACET_DIMS: tuple[str, ...] = ("sector", "level", "types", "mode", "regimes")
# Counted in a case's summary row (findings and evidence), in this order.
COUNTED: tuple[str, ...] = ("facilitating_factors", "barriers", "outcomes", "lessons", "data_sources")


@dataclass(frozen=True)
class Summary:
    """A case's short cells for the compact table: years, facet values and counts."""

    years: Years
    facets: dict[str, tuple[str, ...]]  # dimension id (FACET_DIMS) → concept ids, () when not stated
    counts: tuple[tuple[str, int], ...]  # (dimension id, number of entries), the non-zero ones of COUNTED


def summary(row: Row) -> Summary:
    counts = tuple((d, len(row.cell(d).entries)) for d in COUNTED if row.cell(d).entries)
    return Summary(years(row.case.period), {d: row.cell(d).concepts for d in FACET_DIMS}, counts)


def facet_counts(cases: Sequence[Case]) -> dict[str, dict[str, int]]:
    """For each filter, how many of ``cases`` have each value, :data:`UNSTATED` included (a case counts once per
    value). A filter no case gives a value for is left out: it would only say "not stated" for every case."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for case in cases:
        for name, ids in case_facets(case, unstated=True).items():
            for cid in dict.fromkeys(ids):
                counts[name][cid] = counts[name].get(cid, 0) + 1
    return {name: found for name, found in counts.items() if set(found) - {UNSTATED}}


@dataclass
class MetaMatrix:
    """Cases as rows, dimensions as columns, grouped."""

    dimensions: list[Dimension]
    rows: list[Row]

    @property
    def groups(self) -> list[tuple[str, list[Dimension]]]:
        out: list[tuple[str, list[Dimension]]] = []
        for dim in self.dimensions:
            if out and out[-1][0] == dim.group:
                out[-1][1].append(dim)
            else:
                out.append((dim.group, [dim]))
        return out


def meta_matrix(cases: Sequence[Case], dimensions: Iterable[str] | None = None) -> MetaMatrix:
    wanted = list(dimensions) if dimensions is not None else list(DIMENSION_IDS)
    dims = [d for d in DIMENSIONS if d.id in wanted]  # always in the grouped order
    rows = []
    for case in cases:
        cells = {c.dim: c for c in case_cells(case)}
        rows.append(Row(case, tuple(cells[d.id] for d in dims)))
    return MetaMatrix(dims, rows)


@dataclass
class Matrix:
    """Values of one variable (rows) × cases (columns); a cell is the list of the case's entries."""

    kind: str
    rows: list[str]
    cases: list[Case]
    cells: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)
    without: list[Case] = field(default_factory=list)  # cases left out because they give nothing
    _with: dict[str, int] = field(default_factory=dict, repr=False)  # row → cases where present (computed once)

    def cell(self, row: str, case_id: str) -> list[Entry]:
        return self.cells.get((row, case_id), [])

    def present(self, row: str, case_id: str) -> bool:
        return bool(self.cells.get((row, case_id)))

    def count(self, row: str, case_id: str) -> int:
        """Findings in a category, or for data sources the sum of the counts the case gives."""
        entries = self.cell(row, case_id)
        if self.kind == "data_sources":
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


def _scheme_rows(corpus: Corpus, facet: str) -> list[str]:
    scheme = next((s.id for s in corpus.schemes.values() if s.facet == facet), "")
    return [c.id for c in corpus.concepts.values() if scheme and scheme in c.schemes]


def matrix(corpus: Corpus, kind: str, cases: Sequence[Case]) -> Matrix:
    """The variable-by-case matrix ``kind`` (a key of :data:`MATRICES`) for ``cases``.

    Rows: for factor and barrier categories, every category of the scheme (absences are findings too), then
    "uncategorised" when a case gives a finding without category; for public values, only the values some case
    gives; for data sources, the kinds some case uses, in the schema's order. Cases that give nothing for the
    variable are left out of the columns and listed in ``without``.
    """
    cells: dict[tuple[str, str], list[Entry]] = {}
    used: list[str] = []

    def add(row: str, case: Case, entry: Entry) -> None:
        cells.setdefault((row, case.id), []).append(entry)
        if row not in used:
            used.append(row)

    for case in cases:
        if kind in ("facilitating_factors", "barriers"):
            for f in _findings(case, kind):
                entry = Entry(_loc(f.get("text")), concepts=tuple(f.get("categories") or ()))
                for cat in entry.concepts or (UNCATEGORISED,):
                    add(cat, case, entry)
        elif kind == "public_values":
            for v in case.data.get("public_values") or []:
                add(v["concept"], case, Entry(_loc(v.get("text")), head=_loc(v.get("category")),
                                              concepts=(v["concept"],), emerging=bool(v.get("emerging"))))
        elif kind == "data_sources":
            for s in case.data.get("data_sources") or []:
                add(str(s.get("kind", "other")), case, data_source_entry(s))
        else:
            raise ValueError(f"unknown matrix {kind!r}")
    if kind in ("facilitating_factors", "barriers"):
        rows = _scheme_rows(corpus, MATRICES[kind])
        rows += [r for r in used if r not in rows and r != UNCATEGORISED]
        if UNCATEGORISED in used:
            rows.append(UNCATEGORISED)
    elif kind == "data_sources":
        rows = [k for k in DATA_SOURCE_KINDS if k in used] + [k for k in used if k not in DATA_SOURCE_KINDS]
    else:
        rows = used
    given = {cid for (_, cid) in cells}
    columns = [c for c in cases if c.id in given]
    return Matrix(kind, rows, columns, cells, [c for c in cases if c.id not in given])


def order_rows(m: Matrix, label: Any) -> list[str]:
    """Rows by the number of cases where present (most first), then by label; "uncategorised" stays last."""
    body = [r for r in m.rows if r != UNCATEGORISED]
    if m.kind == "data_sources":
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

    def matches(self, case: Case) -> bool:
        values = case_facets(case, unstated=True)
        for name, wanted in self.facets:
            if not set(wanted) & set(values.get(name, [])):
                return False
        if self.year_from is not None or self.year_to is not None:
            return years(case.period).overlaps(self.year_from, self.year_to)
        return True


def select_cases(corpus: Corpus, selection: Selection | None = None) -> list[Case]:
    """The cases a selection names, in period order (or in the order of the ids given)."""
    if selection is None:
        return corpus.sorted_cases()
    if selection.ids:
        return [corpus.cases[i] for i in selection.ids if i in corpus.cases]
    return [c for c in corpus.sorted_cases() if selection.matches(c)]


def facet_options(corpus: Corpus, cases: Sequence[Case]) -> dict[str, list[str]]:
    """For each filter, the concept ids the cases use, in order of first use by the schemes' concepts
    (without :data:`UNSTATED`: :func:`facet_counts` counts it)."""
    used: dict[str, set[str]] = {name: set() for name in FACETS}
    for case in cases:
        for name, values in case_facets(case).items():
            used[name].update(values)
    order = {cid: i for i, cid in enumerate(corpus.concepts)}
    return {name: sorted(ids, key=lambda x: (order.get(x, len(order)), x)) for name, ids in used.items() if ids}


def undated(cases: Sequence[Case]) -> list[Case]:
    """The cases whose source gives no year: the period filter offers them as a choice of their own."""
    return [c for c in cases if not years(c.period).dated]


def year_bounds(cases: Sequence[Case]) -> tuple[int, int] | None:
    found = [y for c in cases for y in (years(c.period).start, years(c.period).end) if y is not None]
    return (min(found), max(found)) if found else None
