"""The glossary exported as SKOS in JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

from casebook.bibliography.apa import APA
from casebook.content.corpus import Paths, load_corpus
from casebook.publishing.skos import plain_definition, skos_graph

from .conftest import make_project

RELATED = {
    "a-parent": "term: {fr: Parent, en: Parent}\ndefinition: {fr: 'Le parent [@src2020].', en: The parent.}\nnarrower: [a-child]\nworks: [src2020]\n",
    "a-child": "term: {fr: Enfant, en: Child}\naliases: {fr: [Petit]}\ndefinition: {fr: Selon @src2020 **enfant**., en: ''}\nrelated: [education]\n",
}


def corpus(tmp: Path):  # type: ignore[no-untyped-def]
    root = make_project(tmp)
    for cid, text in RELATED.items():
        (root / "concepts" / f"{cid}.yml").write_text(text, encoding="utf-8")
    return load_corpus(Paths.at(root))


def nodes(graph: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {n["@id"]: n for n in graph["@graph"]}


def test_concepts_are_skos_concepts_with_language_maps_and_symmetric_relations(tmp_path: Path) -> None:
    c = corpus(tmp_path)
    assert [d.format() for d in c.errors] == []
    graph = skos_graph(c, "https://example.org/site")
    assert graph["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    n = nodes(graph)
    base = "https://example.org/site/concepts/"
    parent, child, education = n[base + "a-parent/"], n[base + "a-child/"], n[base + "education/"]
    assert parent["@type"] == child["@type"] == "skos:Concept"
    assert parent["prefLabel"] == {"fr": "Parent", "en": "Parent"}
    # narrower on the parent implies broader on the child; related is symmetric
    assert parent["narrower"] == [base + "a-child/"] and child["broader"] == [base + "a-parent/"]
    assert child["related"] == [base + "education/"] and education["related"] == [base + "a-child/"]
    # top concepts: those without a broader one
    assert "topConceptOf" in parent and "topConceptOf" not in child
    assert base + "a-child/" not in n[base]["hasTopConcept"]
    # an English text still pending is left out, not filled with French
    assert set(child["definition"]) == {"fr"}
    assert child["altLabel"] == {"fr": ["Petit"]}
    # vocabularies are schemes of their own, anchored on the index
    assert base + "#scheme-sector" in education["inScheme"] and base in education["inScheme"]
    assert n[base + "#scheme-sector"]["@type"] == "skos:ConceptScheme"
    assert parent["source"] == ["https://example.org/site/bibliography/#ref-src2020"]
    assert parent["seeAlso"] == ["https://example.org/site/en/concepts/a-parent/"]
    json.dumps(graph)  # serialisable as is


def test_definitions_are_plain_text_with_apa_citations(tmp_path: Path) -> None:
    c = corpus(tmp_path)
    apa = APA(c.bibliography)
    # MINIMAL_BIB: Tremblay, Marie (2020). French: « (Tremblay, 2020) »; narrative « Tremblay (2020) ».
    assert plain_definition("Le parent [@src2020, p. 3].", apa, "fr") == "Le parent (Tremblay, 2020, p. 3)."
    assert plain_definition("Selon @src2020 **enfant** et [lien](https://x.org).", apa, "en") == \
        "Selon Tremblay (2020) enfant et lien."


def test_the_site_publishes_every_concept_and_links_the_export(built_site: Path) -> None:
    from .conftest import ROOT

    graph = json.loads((built_site / "concepts" / "skos.jsonld").read_text(encoding="utf-8"))
    concepts = [n for n in graph["@graph"] if n["@type"] == "skos:Concept"]
    expected = {p.stem for p in (ROOT / "concepts").glob("*.yml") if not p.name.startswith("_")}
    assert {n["skos:notation"] for n in concepts} == expected
    for lang_dir, href in (("", "skos.jsonld"), ("en/", "../../concepts/skos.jsonld")):
        html = (built_site / lang_dir / "concepts" / "index.html").read_text(encoding="utf-8")
        assert f'<a href="{href}" type="application/ld+json" download>' in html
