"""Everything the site is made of, loaded and cross-checked: cases, concepts, schemes, references."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..base.diagnostics import ORPHAN, Diagnostic, Severity, close_matches, did_you_mean, sort_diagnostics
from ..base.i18n import site_languages
from ..base.yamlfile import PathKey, YamlDocument, dotted
from ..bibliography.csl import references_of
from ..bibliography.model import Bibliography, Reference, fold, load_bibliography, with_works
from ..model.declaration import DEFAULT_FILE, Model, default_model, load_model
from ..model.entities import CASE_PAGE_IDS, Case, Concept, Scheme, walk_texts
from ..model.loading import load_cases, load_concepts, load_schemes
from ..model.refs import concept_refs
from .citations import keys_in

RELATIONS = ("broader", "narrower", "related")


@dataclass
class Corpus:
    cases: dict[str, Case] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    schemes: dict[str, Scheme] = field(default_factory=dict)
    bibliography: Bibliography = field(default_factory=Bibliography)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Files read as mappings but refused for their errors: their concept ids and citation keys are still checked,
    # so that one run reports every mistake.
    rejected_cases: list[YamlDocument] = field(default_factory=list)
    rejected_concepts: list[YamlDocument] = field(default_factory=list)
    model: Model = field(default_factory=default_model)  # the site's declared case model (casebook.yml)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def sorted_cases(self) -> list[Case]:
        return sorted(self.cases.values(), key=lambda c: c.sort_key)

    def cases_by_title(self, lang: str) -> list[Case]:
        """The cases in the alphabetical order of their short titles in ``lang`` (accents and case aside: É with
        E), the order of the previous and next case on a case page."""
        return sorted(self.cases.values(), key=lambda c: (fold(c.short_title.best(lang)), c.id))

    def concepts_in(self, scheme: str) -> list[Concept]:
        return [c for c in self.concepts.values() if scheme in c.schemes]

    def case_refs_to(self) -> dict[str, list[tuple[str, str]]]:
        """Backlinks: concept id → [(case id, how)], how is 'facet' or 'mention'."""
        out: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for case in self.cases.values():
            for _, concept, how in case.concept_refs():
                out[concept].add((case.id, how))
        result: dict[str, list[tuple[str, str]]] = {}
        for concept, refs in out.items():
            best: dict[str, str] = {}
            for case_id, how in refs:
                if best.get(case_id) != "facet":
                    best[case_id] = how
            result[concept] = sorted(best.items())
        return result


@dataclass(frozen=True)
class Paths:
    root: Path
    cases: Path
    concepts: Path
    bibliography: Path
    model: Path | None = None  # the declared case model; None: casebook.yml in root (the packaged one without it)

    @classmethod
    def at(cls, root: Path) -> Paths:
        return cls(root, root / "cases", root / "concepts", root / "bibliography")

    @property
    def model_file(self) -> Path:
        return self.model or self.root / DEFAULT_FILE


def load_corpus(paths: Paths) -> Corpus:
    corpus = Corpus()
    corpus.model, d0 = load_model(paths.model_file, root=paths.root, languages=site_languages().codes)
    vocabularies = paths.root / corpus.model.vocabularies if corpus.model.doc is not None else None
    corpus.cases, d1 = load_cases(paths.cases, paths.root, corpus.rejected_cases, corpus.model)
    corpus.concepts, d2 = load_concepts(paths.concepts, paths.root, corpus.rejected_concepts)
    corpus.schemes, d3 = load_schemes(paths.concepts, paths.root, corpus.model, vocabularies)
    bib_files = sorted(paths.bibliography.glob("*.bib")) if paths.bibliography.is_dir() else []
    bib = load_bibliography(bib_files, paths.root)
    works, d4 = case_works(corpus.cases, bib)
    corpus.bibliography = with_works(bib, works)
    corpus.diagnostics = [*d0, *d1, *d2, *d3, *corpus.bibliography.diagnostics, *d4]
    corpus.diagnostics += check_references(corpus)
    corpus.diagnostics += check_concept_graph(corpus)
    corpus.diagnostics += check_rejected(corpus, {(d.path, d.field) for d in corpus.errors})
    corpus.diagnostics = sort_diagnostics(corpus.diagnostics)
    return corpus


def case_works(cases: dict[str, Case], bib: Bibliography) -> tuple[list[Reference], list[Diagnostic]]:
    """The works the case files carry in ``references:``; a key of a .bib file or of another case is an error."""
    works: list[Reference] = []
    diags: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for case in cases.values():
        if not case.data.get("references"):
            continue
        for i, ref in references_of(case.doc, case.path):
            if ref.key in bib.refs:
                other = bib.refs[ref.key]
                diags.append(case.doc.diag(("references", i, "id"), f"'{ref.key}' is also a key of {other.path}:{other.line}: "
                                                                     "keep one of them (or give this work another id)"))
            elif ref.key in seen:
                diags.append(case.doc.diag(("references", i, "id"), f"'{ref.key}' is also the id of a work of {seen[ref.key]}"))
            else:
                seen[ref.key] = case.path
                works.append(ref)
    return works, diags


def _facet_schemes(corpus: Corpus) -> dict[str, str]:
    return {s.facet: s.id for s in corpus.schemes.values() if s.facet}


def _citations(doc: YamlDocument) -> list[tuple[PathKey, str]]:
    """Every citation key of a document, with its path; the document may be one refused for its structure."""
    found = []
    for path, text in walk_texts(doc.data):
        for lang in site_languages().codes:
            for key in keys_in(text.get(lang)):
                found.append(((*path, lang), key))

    def listed(owner: Any, path: PathKey) -> None:
        items = owner.get(path[-1]) if isinstance(owner, dict) else None
        for i, k in enumerate(items if isinstance(items, list) else []):
            if isinstance(k, str):
                found.append(((*path, i), k))

    for key in ("works", "sources"):
        listed(doc.data, (key,))
    listed(doc.data.get("framework") if isinstance(doc.data, dict) else None, ("framework", "works"))
    return found


def check_references(corpus: Corpus) -> list[Diagnostic]:
    """Unknown concepts, facet values outside their scheme, unknown citation keys (uncited entries: see
    :func:`casebook.bibliography.model.uncited`, once every page is known)."""
    out: list[Diagnostic] = []
    facets = _facet_schemes(corpus)
    bib = corpus.bibliography
    for case in corpus.cases.values():
        for path, concept, _how in case.concept_refs():
            problem = concept_problem(case.doc, path, concept, corpus, facets)
            if problem is not None:
                out.append(problem)
        out += _check_anchors(case, corpus.model)
    docs = [c.doc for c in corpus.cases.values()] + [c.doc for c in corpus.concepts.values()]
    for doc in docs:
        for path, key in _citations(doc):
            if bib.sources and key not in bib:
                out.append(_unknown_key(doc, path, key, bib))
    return out


def check_rejected(corpus: Corpus, flagged: set[tuple[str, str]]) -> list[Diagnostic]:
    """Concept ids and citation keys of the files refused for other errors, wherever their structure allows; a value
    that already has an error of its own (``flagged``: path and field) is not reported twice."""
    out: list[Diagnostic] = []
    facets = _facet_schemes(corpus)
    bib = corpus.bibliography
    for doc in corpus.rejected_cases:
        for path, concept, _how in concept_refs(corpus.model, doc.data):
            problem = concept_problem(doc, path, concept, corpus, facets)
            if problem is not None and (doc.path, dotted(path)) not in flagged:
                out.append(problem)
    known = set(corpus.concepts) | {PurePosixPath(d.path).stem for d in corpus.rejected_concepts}
    for doc in corpus.rejected_concepts:
        for rel in RELATIONS:
            targets = doc.data.get(rel)
            for i, target in enumerate(targets if isinstance(targets, list) else []):
                if isinstance(target, str) and target not in known and (doc.path, dotted((rel, i))) not in flagged:
                    out.append(doc.diag((rel, i), f"unknown concept '{target}'"))
    for doc in [*corpus.rejected_cases, *corpus.rejected_concepts]:
        for path, key in _citations(doc):
            if bib.sources and key not in bib and (doc.path, dotted(path)) not in flagged:
                out.append(_unknown_key(doc, path, key, bib))
    return out


def concept_problem(doc: YamlDocument, path: PathKey, concept: str, corpus: Corpus,
                    facets: dict[str, str]) -> Diagnostic | None:
    """What is wrong with a concept id at ``path`` (unknown, or outside the scheme of its facet), if anything."""
    scheme = facets.get(_facet_field(path))
    known = concept in corpus.concepts
    if known and not (scheme and scheme not in corpus.concepts[concept].schemes):
        return None  # the usual case: nothing to explain, nothing to compute
    allowed = sorted(c.id for c in corpus.concepts_in(scheme)) if scheme else sorted(corpus.concepts)
    listing = f"the '{scheme}' scheme allows: {', '.join(allowed)}" if scheme else \
        "a concept id is the name of a file in concepts/ (add one there for a new concept)"
    if not known:
        return doc.diag(path, f"unknown concept '{concept}'" + did_you_mean(close_matches(concept, allowed)), hint=listing)
    return doc.diag(path, f"'{concept}' is not a value of the '{scheme}' scheme", hint=listing)


def _unknown_key(doc: YamlDocument, path: PathKey, key: str, bib: Bibliography) -> Diagnostic:
    """An unknown citation key, at the key itself in a text, with the nearest keys of the bibliography."""
    near = close_matches(key, bib.refs)
    return doc.diag(path, f"unknown citation key '{key}'" + did_you_mean(near),
                    text=f"@{key}" if isinstance(path[-1], str) else "",
                    hint="a citation key must be the key of an entry in a bibliography/*.bib file (add the entry there "
                         "for a new work)")


def _check_anchors(case: Case, model: Model) -> list[Diagnostic]:
    """The ids of a case's tables and free sections anchor headings of its page: each must be its own."""
    out: list[Diagnostic] = []
    seen: set[str] = set()
    taken = CASE_PAGE_IDS | model.page_ids()
    for spec in model.all_fields():
        if spec.type not in ("tables", "sections"):
            continue
        for i, item in enumerate(spec.get(case.data) or []):
            ident = str(item.get("id") or "")
            if ident in taken:
                out.append(case.doc.diag((*spec.path, i, "id"), f"the id '{ident}' is one of the case page's own "
                                         f"headings (#{ident}); choose another"))
            elif ident in seen:
                out.append(case.doc.diag((*spec.path, i, "id"), f"the id '{ident}' is used twice on the case page"))
            seen.add(ident)
    return out


def cited_keys(corpus: Corpus) -> set[str]:
    """Every key a case or concept cites in its texts or lists (sources, works)."""
    return {key for doc in [c.doc for c in corpus.cases.values()] + [c.doc for c in corpus.concepts.values()]
            for _, key in _citations(doc)}


def _facet_field(path: PathKey) -> str:
    parts = [p for p in path if isinstance(p, str)]
    return dotted(tuple(parts))


def check_concept_graph(corpus: Corpus) -> list[Diagnostic]:
    """Relations point at known concepts; no cycle through broader; orphans are reported as info."""
    out: list[Diagnostic] = []
    concepts = corpus.concepts
    for c in concepts.values():
        for scheme in c.schemes:
            if corpus.schemes and scheme not in corpus.schemes:
                out.append(c.doc.diag(("schemes",), f"unknown scheme '{scheme}'"))
        for rel in RELATIONS:
            for i, target in enumerate(c.relation(rel)):
                if target not in concepts:
                    out.append(c.doc.diag((rel, i), f"unknown concept '{target}'"))
                elif target == c.id:
                    out.append(c.doc.diag((rel, i), "a concept cannot relate to itself"))
    for cycle in find_cycles(broader_graph(corpus)):
        first = concepts[cycle[0]]
        out.append(first.doc.diag(("broader",), "cycle in broader/narrower: " + " → ".join([*cycle, cycle[0]])))
    used = {cid for refs in [corpus.case_refs_to()] for cid in refs}
    related = {t for c in concepts.values() for rel in RELATIONS for t in c.relation(rel)}
    for c in concepts.values():
        if c.id not in used and c.id not in related and not any(c.relation(r) for r in RELATIONS):
            out.append(c.doc.diag((), ORPHAN, severity=Severity.INFO))
    return out


def broader_graph(corpus: Corpus) -> dict[str, set[str]]:
    """concept → its broader concepts, from both ``broader`` and the inverse of ``narrower``."""
    graph: dict[str, set[str]] = defaultdict(set)
    for c in corpus.concepts.values():
        for b in c.relation("broader"):
            if b in corpus.concepts:
                graph[c.id].add(b)
        for n in c.relation("narrower"):
            if n in corpus.concepts:
                graph[n].add(c.id)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each elementary cycle found by depth-first search, reported once, starting at its smallest id."""
    cycles: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cyc = stack[stack.index(nxt):]
                i = cyc.index(min(cyc))
                norm = tuple(cyc[i:] + cyc[:i])
                if norm not in seen:
                    seen.add(norm)
                    cycles.append(list(norm))
            elif not state.get(nxt):
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if not state.get(node):
            visit(node)
    return cycles
