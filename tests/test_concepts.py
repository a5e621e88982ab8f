"""The concept graph rules: known targets, no cycle through broader/narrower, orphans reported."""

from __future__ import annotations

from pathlib import Path

from casebook.base.diagnostics import Severity
from casebook.content.corpus import Paths, find_cycles, load_corpus

from .concept_index import cases as _cases
from .concept_index import concepts_index as _concepts_index
from .concept_index import map_section as _map_section
from .conftest import make_project


def test_find_cycles_reports_each_cycle_once() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def write(tmp: Path, cid: str, body: str) -> None:
    (tmp / "concepts" / f"{cid}.yml").write_text("term: {fr: T, en: T}\ndefinition: {fr: D., en: D.}\n" + body, encoding="utf-8")


def test_cycle_unknown_relation_and_orphan(tmp_path: Path) -> None:
    make_project(tmp_path)
    write(tmp_path, "alpha", "broader: [beta]\n")
    write(tmp_path, "beta", "broader: [gamma]\n")
    write(tmp_path, "gamma", "narrower: [delta]\nbroader: [alpha]\nrelated: [nowhere]\n")
    write(tmp_path, "delta", "")
    write(tmp_path, "lonely", "")
    corpus = load_corpus(Paths.at(tmp_path))
    msgs = [d.format() for d in corpus.diagnostics]
    assert "concepts/alpha.yml:3:10: broader: cycle in broader/narrower: alpha → beta → gamma → alpha" in msgs
    assert "concepts/gamma.yml:5:11: related[0]: unknown concept 'nowhere'" in msgs
    infos = [d.format() for d in corpus.diagnostics if d.severity is Severity.INFO]
    assert "concepts/lonely.yml:1:1: <file>: no case refers to this concept and it has no relation" in infos
    assert not any("delta.yml" in m for m in infos)  # delta is narrower of gamma: not an orphan


def test_backlinks_say_how_a_case_uses_a_concept(project: Path) -> None:
    corpus = load_corpus(Paths.at(project))
    refs = corpus.case_refs_to()
    assert refs["education"] == [("good", "facet")]
    assert refs["chosen"] == [("good", "facet")]


# ---- the concepts index's map: the grid for a few cases, a table of counts above the model's limit ----------------
def _text(html: str) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_above_the_limit_the_concepts_index_counts_instead_of_drawing_the_grid(tmp_path: Path) -> None:
    root = make_project(tmp_path, _cases(41))
    en = _map_section(_concepts_index(root, "en"))
    assert "cb-concept-matrix" not in en and "Case 7" not in en, "no column per case"
    assert _text(en).startswith("Concepts × cases ¶ With more than 40 cases, the concept × case grid is left out")
    # 41 cases use education and intersectoral as characteristics; chosen, 14 of them (c00, c03, ..., c39)
    assert _text(en).endswith("Concepts Cases As a characteristic Named in the analysis Sector Education 41 41 0 "
                              "Level Regional 41 41 0 Type Intersectoral 41 41 0 Mode Chosen 14 14 0")
    assert 'data-search-exclude' in en, "the rows' terms are in the A-Z list; the search index gets them once"
    fr = _text(_map_section(_concepts_index(root, "fr")))
    assert "Avec plus de 40 cas, la grille concepts × cas est omise" in fr
    assert "Éducation 41 41 0" in fr and "Choisie 14 14 0" in fr


def test_up_to_the_limit_the_grid_stays_and_the_model_moves_the_limit(tmp_path: Path) -> None:
    root = make_project(tmp_path, _cases(40))
    en = _map_section(_concepts_index(root, "en"))
    assert "cb-concept-matrix" in en and "left out" not in en
    assert en.count('<th scope="col" class="cb-vhead">') == 40, "a column per case"
    # a site whose model sets the limit at 3: its 4 cases get the table of counts
    root = make_project(tmp_path / "small", _cases(4))
    model = (ROOT_MODEL.read_text(encoding="utf-8")).replace("version: 1\n", "version: 1\nconcept_matrix_max_cases: 3\n")
    (root / "casebook.yml").write_text(model, encoding="utf-8")
    (root / "concepts" / "_schemes.yml").write_text((ROOT_MODEL.parents[3] / "concepts" / "_schemes.yml").read_text(
        encoding="utf-8"), encoding="utf-8")  # the vocabularies the model names
    html = _map_section(_concepts_index(root, "en"))
    assert "cb-concept-matrix" not in html and "With more than 3 cases" in _text(html)
    assert "Education 4 4 0" in _text(html)


ROOT_MODEL = Path(__file__).resolve().parent.parent / "plugins" / "casebook" / "model" / "default.yml"
