"""The concept map, as a matrix: the concepts cases share (rows, grouped by vocabulary) × the cases (columns).

It replaces a drawing in which every case was wired to every concept it shares (10 cases, about 40 concepts, a
hairball of crossing curves, its labels 5 px tall). A matrix answers the two questions a reader brings to the map
(which concepts does this case use? which cases use this concept, and how?) by reading one column or one row; it
has no lines to follow, its text is the page's text at any width, a screen reader reads it as a table, and on a
phone its first column stays while it scrolls. Concepts used by a single case are left out (their case page lists
them); the concept pages give each concept's cases in full.

Above ``max_cases`` cases (the model's ``concept_matrix_max_cases``, 40 by default) no reader can use a grid with
hundreds of columns (8.4 MB of HTML per language at 1,000 cases): the map is then a table of the same rows, each
concept with its number of cases, as a characteristic and as a mention, and no column per case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..bibliography.model import fold
from ..content.corpus import Corpus
from ..model.entities import Case


@dataclass(frozen=True)
class Row:
    """One concept: its id, term and page, how each case uses it (``facet``, ``mention`` or ``""``), and how many do."""

    id: str
    term: str
    href: str
    uses: tuple[str, ...]  # empty in the compact table
    count: int
    facets: int = 0  # the cases that use it as a characteristic
    mentions: int = 0  # ... that name it in their analysis only


@dataclass(frozen=True)
class ConceptMatrix:
    cases: tuple[tuple[Case, str, str], ...]  # (case, short title, page)
    groups: tuple[tuple[str, tuple[Row, ...]], ...]  # (vocabulary label, its rows); "" for concepts in none
    compact: bool = False  # more cases than ``max_cases``: no case columns (``cases`` is empty)
    max_cases: int = 0  # the limit it was drawn with


def concept_map(corpus: Corpus, lang: str, url: Callable[[str], str], *, min_cases: int = 2,
                max_cases: int | None = None) -> ConceptMatrix | None:
    """The matrix of the concepts at least ``min_cases`` cases share, or ``None`` when there is none; with more than
    ``max_cases`` cases (default: the model's ``concept_matrix_max_cases``), its compact form."""
    backlinks = corpus.case_refs_to()
    cases = corpus.sorted_cases()
    shared = [cid for cid, refs in backlinks.items()
              if cid in corpus.concepts and len({case for case, _ in refs if case in corpus.cases}) >= min_cases]
    if not cases or not shared:
        return None
    limit = corpus.model.concept_matrix_max_cases if max_cases is None else max_cases
    compact = len(cases) > limit
    column = {c.id: i for i, c in enumerate(cases)}
    rows: dict[str, Row] = {}
    for cid in shared:
        uses = [""] * len(cases)
        for case_id, how in backlinks[cid]:
            if case_id in column and uses[column[case_id]] != "facet":  # a characteristic says more than a mention
                uses[column[case_id]] = how
        term = corpus.concepts[cid].term.best(lang)
        facets = uses.count("facet")
        count = len(uses) - uses.count("")
        rows[cid] = Row(cid, term, url(f"concepts/{cid}/"), () if compact else tuple(uses), count, facets,
                        count - facets)
    order = lambda r: (-r.count, fold(r.term), r.term)  # noqa: E731 - the same order in every group
    groups: list[tuple[str, tuple[Row, ...]]] = []
    placed: set[str] = set()
    for scheme in corpus.schemes.values():
        members = [r for cid, r in rows.items() if cid not in placed and scheme.id in corpus.concepts[cid].schemes]
        if members:
            placed |= {r.id for r in members}
            groups.append((scheme.label.best(lang), tuple(sorted(members, key=order))))
    rest = [r for cid, r in rows.items() if cid not in placed]
    if rest:
        groups.append(("", tuple(sorted(rest, key=order))))
    columns = () if compact else tuple((c, c.short_title.best(lang), url(f"cases/{c.id}/")) for c in cases)
    return ConceptMatrix(columns, tuple(groups), compact, limit)
