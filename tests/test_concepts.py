"""The concept graph rules: known targets, no cycle through broader/narrower, orphans reported."""

from __future__ import annotations

from pathlib import Path

from casebook.base.diagnostics import Severity
from casebook.content.corpus import Paths, find_cycles, load_corpus

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
