"""Everything the site is made of, loaded and cross-checked: cases, concepts, schemes, references."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..bibliography.citations import keys_in
from ..bibliography.csl import references_of
from ..bibliography.model import Bibliography, Reference, load_bibliography, with_works
from .diagnostics import ORPHAN, Diagnostic, Severity, sort_diagnostics
from .loading import load_cases, load_concepts, load_schemes
from .model import Case, Concept, Scheme, walk_texts
from .yamlfile import PathKey, YamlDocument, dotted

RELATIONS = ("broader", "narrower", "related")


@dataclass
class Corpus:
    cases: dict[str, Case] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    schemes: dict[str, Scheme] = field(default_factory=dict)
    bibliography: Bibliography = field(default_factory=Bibliography)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def sorted_cases(self) -> list[Case]:
        return sorted(self.cases.values(), key=lambda c: c.sort_key)

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

    @classmethod
    def at(cls, root: Path) -> Paths:
        return cls(root, root / "cases", root / "concepts", root / "bibliography")


def load_corpus(paths: Paths) -> Corpus:
    corpus = Corpus()
    corpus.cases, d1 = load_cases(paths.cases, paths.root)
    corpus.concepts, d2 = load_concepts(paths.concepts, paths.root)
    corpus.schemes, d3 = load_schemes(paths.concepts, paths.root)
    bib_files = sorted(paths.bibliography.glob("*.bib")) if paths.bibliography.is_dir() else []
    bib = load_bibliography(bib_files, paths.root)
    works, d4 = case_works(corpus.cases, bib)
    corpus.bibliography = with_works(bib, works)
    corpus.diagnostics = [*d1, *d2, *d3, *corpus.bibliography.diagnostics, *d4]
    corpus.diagnostics += check_references(corpus)
    corpus.diagnostics += check_concept_graph(corpus)
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
    found = []
    for path, text in walk_texts(doc.data):
        for lang in ("fr", "en"):
            for key in keys_in(text.get(lang)):
                found.append(((*path, lang), key))
    for key in ("works", "sources"):
        for i, k in enumerate(doc.data.get(key) or []):
            found.append(((key, i), k))
    framework = doc.data.get("framework") or {}
    for i, k in enumerate(framework.get("works") or []):
        found.append((("framework", "works", i), k))
    return found


def check_references(corpus: Corpus) -> list[Diagnostic]:
    """Unknown concepts, facet values outside their scheme, unknown citation keys (uncited entries: see
    :func:`casebook.bibliography.model.uncited`, once every page is known)."""
    out: list[Diagnostic] = []
    facets = _facet_schemes(corpus)
    bib = corpus.bibliography
    for case in corpus.cases.values():
        for path, concept, _how in case.concept_refs():
            if concept not in corpus.concepts:
                out.append(case.doc.diag(path, f"unknown concept '{concept}'"))
                continue
            field_name = _facet_field(path)
            scheme = facets.get(field_name)
            if scheme and scheme not in corpus.concepts[concept].schemes:
                out.append(case.doc.diag(path, f"'{concept}' is not a value of the '{scheme}' scheme"))
    docs = [c.doc for c in corpus.cases.values()] + [c.doc for c in corpus.concepts.values()]
    for doc in docs:
        for path, key in _citations(doc):
            if bib.sources and key not in bib:
                out.append(doc.diag(path, f"unknown citation key '{key}'"))
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
