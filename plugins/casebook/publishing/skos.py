"""The glossary as SKOS in JSON-LD, for reuse by other tools (thesaurus managers, linked-data pipelines).

Published at ``/concepts/skos.jsonld``. Identifiers are the concept pages' absolute URLs (``<site>/concepts/<id>/``),
so a concept's IRI resolves to its French page, which links its English counterpart. The whole glossary is one
``skos:ConceptScheme`` (``<site>/concepts/``); each vocabulary of ``concepts/_schemes.yml`` is a scheme of its own
(``<site>/concepts/#scheme-<id>``, the anchor of its section on the index). Labels and definitions carry language
tags (``fr``, ``en``); a pending English text is left out rather than filled with French. Definitions are plain
text: Markdown is flattened and pandoc citations become APA author-date citations in the definition's language;
the works cited are also listed as ``dcterms:source`` (their anchors on the bibliography page).
"""

from __future__ import annotations

import re
from typing import Any

from ..base.i18n import page_url, site_languages
from ..base.ui import tr
from ..bibliography.apa import APA, CiteItem
from ..content.citations import BRACKET, NARRATIVE, bracket_text, parse_bracket
from ..content.corpus import RELATIONS, Corpus

SKOS_PATH = "concepts/skos.jsonld"

CONTEXT: dict[str, Any] = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    "definition": {"@id": "skos:definition", "@container": "@language"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "narrower": {"@id": "skos:narrower", "@type": "@id"},
    "related": {"@id": "skos:related", "@type": "@id"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "hasTopConcept": {"@id": "skos:hasTopConcept", "@type": "@id"},
    "topConceptOf": {"@id": "skos:topConceptOf", "@type": "@id"},
    "source": {"@id": "dcterms:source", "@type": "@id"},
    "seeAlso": {"@id": "http://www.w3.org/2000/01/rdf-schema#seeAlso", "@type": "@id"},
}

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def plain_definition(text: str, apa: APA, lang: str) -> str:
    """A definition as plain text: citations as APA author-date in ``lang``, Markdown markup removed."""
    refs = apa.bib.refs

    def bracket(m: re.Match[str]) -> str:
        items = parse_bracket(m["body"])
        if items is None:
            return m.group(0)
        text = bracket_text(apa, items, lang)
        return f"({text})" if text else ""

    def narrative(m: re.Match[str]) -> str:
        key = m["key"]
        if key not in refs:
            return m.group(0)
        names, year = apa.cite_text(CiteItem(key, (m["loc"] or "").strip()), lang, narrative=True)
        return f"{names} ({year})"

    out = re.sub(BRACKET, bracket, text)
    out = re.sub(NARRATIVE, narrative, out)
    out = _LINK.sub(r"\1", out)
    out = _EMPHASIS.sub(r"\2", out)
    return re.sub(r"[ \t]*\n[ \t]*", " ", out).replace(" )", ")").strip()


def closed_relations(corpus: Corpus) -> dict[str, dict[str, list[str]]]:
    """broader/narrower/related of every concept, made symmetric (SKOS: narrower is the inverse of broader,
    related is symmetric), keeping only known concepts, in a stable order."""
    rel: dict[str, dict[str, dict[str, None]]] = {c: {n: {} for n in RELATIONS} for c in corpus.concepts}
    inverse = {"broader": "narrower", "narrower": "broader", "related": "related"}
    for cid, concept in corpus.concepts.items():
        for name in RELATIONS:
            for target in concept.relation(name):
                if target in rel and target != cid:
                    rel[cid][name][target] = None
                    rel[target][inverse[name]][cid] = None
    return {c: {n: list(targets) for n, targets in names.items()} for c, names in rel.items()}


def skos_graph(corpus: Corpus, site_url: str, apa: APA | None = None) -> dict[str, Any]:
    """The JSON-LD document (a ``dict`` ready for ``json.dumps``)."""
    apa = apa or APA(corpus.bibliography)
    base = (site_url or "/").rstrip("/") + "/"

    def iri(cid: str) -> str:
        return base + page_url(site_languages().default, f"concepts/{cid}/")

    glossary = base + "concepts/"
    relations = closed_relations(corpus)
    schemes = {sid: f"{glossary}#scheme-{sid}" for sid in corpus.schemes}
    graph: list[dict[str, Any]] = [{
        "@id": glossary,
        "@type": "skos:ConceptScheme",
        "prefLabel": {lang: tr(lang, "skos_glossary") for lang in site_languages().codes},
        "hasTopConcept": [iri(c) for c in corpus.concepts if not relations[c]["broader"]],
    }]
    for sid, scheme in corpus.schemes.items():
        graph.append({
            "@id": schemes[sid],
            "@type": "skos:ConceptScheme",
            "prefLabel": {lang: scheme.label.get(lang) for lang in site_languages().codes if scheme.label.get(lang)},
        })
    for concept in corpus.concepts.values():
        node: dict[str, Any] = {
            "@id": iri(concept.id),
            "@type": "skos:Concept",
            "skos:notation": concept.id,
            "prefLabel": {lang: concept.term.get(lang) for lang in site_languages().codes if concept.term.get(lang)},
            "inScheme": [glossary] + [schemes[s] for s in concept.schemes if s in schemes],
            "seeAlso": [base + page_url(lang, f"concepts/{concept.id}/") for lang in site_languages().others],
        }
        aliases = {lang: concept.aliases(lang) for lang in site_languages().codes if concept.aliases(lang)}
        if aliases:
            node["altLabel"] = aliases
        definition = {lang: plain_definition(concept.definition.get(lang), apa, lang)
                      for lang in site_languages().codes if concept.definition.get(lang)}
        if definition:
            node["definition"] = definition
        for name in RELATIONS:
            if relations[concept.id][name]:
                node[name] = [iri(t) for t in relations[concept.id][name]]
        if not relations[concept.id]["broader"]:
            node["topConceptOf"] = glossary
        works = [k for k in concept.relation("works") if k in corpus.bibliography.refs]
        if works:
            node["source"] = [f"{base}bibliography/#ref-{k}" for k in works]
        graph.append(node)
    return {"@context": CONTEXT, "@graph": graph}
