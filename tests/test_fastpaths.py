"""The build's fast paths give exactly what the reference code gives.

* YAML: libyaml's parser under our composer must give the same data, positions and diagnostics as
  the pure-Python loader, or step aside (and then the pure-Python loader reports).
* JSON Schema: the compiled yes/no check must never call valid a document that ``jsonschema`` rejects.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from casebook.base import yamlfile
from casebook.base.yamlfile import parse_yaml
from casebook.model.schema import _fast_check, validator

from .conftest import MINIMAL_CASE, ROOT

REAL_FILES = sorted((ROOT / "cases").glob("*.yml")) + sorted((ROOT / "concepts").glob("*.yml"))


def _reference(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(yamlfile, "_fast_single_node", lambda text: None)
        return _summary(parse_yaml(text, "x.yml"))


def _summary(result: tuple[yamlfile.YamlDocument | None, list[Any]]) -> Any:
    doc, diags = result
    data = None if doc is None else (doc.data, doc.positions, doc.key_positions)
    return data, [d.format() for d in diags]


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_real_files_take_the_fast_path_and_load_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    assert _summary(parse_yaml(text, "x.yml")) == _reference(text, monkeypatch)


def test_most_real_case_files_take_the_fast_path() -> None:
    # The speed is real: only a file with a "?" inside a flow collection ({fr: "…?"}) falls back.
    cases = sorted((ROOT / "cases").glob("*.yml"))
    fast = [p.name for p in cases if yamlfile._fast_single_node(p.read_text(encoding="utf-8")) is not None]
    assert len(fast) >= len(cases) - 2, fast


# Inputs the two parsers read differently, or that the loader refuses: the fast path must step aside.
TRICKY = [
    MINIMAL_CASE.replace("  mode: chosen", "\tmode: chosen"),  # libyaml accepts some tabs
    MINIMAL_CASE.replace("[education]", "[education, ? x]"),  # "?" in a flow sequence
    MINIMAL_CASE.replace("{fr: Laval, en: Laval}", "{fr: Laval?, en: Laval}"),  # "?" inside a flow plain scalar
    MINIMAL_CASE.replace("[src2020]", "[src2020: ]"),  # single-pair mapping with an empty value
    MINIMAL_CASE.replace("summary: {fr: Résumé du cas., en: Summary of the case.}", "summary: |#\n  x\n"),
    MINIMAL_CASE.replace("Laval, en", "La\ufeffval, en"),  # a BOM inside the text
    MINIMAL_CASE.replace("\n", "\r\n"),
    MINIMAL_CASE.replace("sector: [education]", "sector: &s [education]\nlevel2: *s"),
    MINIMAL_CASE.replace("sector: [education]", "sector: !!str education"),
    "%YAML 1.1\n---\n" + MINIMAL_CASE,
    MINIMAL_CASE + "---\nsecond: document\n",
    "a: " + "[" * 60 + "]" * 60 + "\n",
    "title: {fr: 'Pourquoi ?', en: 'Why?'}\n",
    "title:\n  fr: Pourquoi collaborer ?\n  en: Why collaborate?\n",
    "key: [a, b\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_inputs_give_what_the_reference_loader_gives(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _summary(parse_yaml(text, "x.yml")) == _reference(text, monkeypatch)


def test_unsafe_text_check_finds_what_its_regular_expression_finds() -> None:
    """The substring search that sends a file to the pure-Python loader answers as the pattern it stands for."""
    import random

    rng = random.Random(7)
    odd = ["a: |#x", "a: >-2#", "a: |+ #", "x\n%YAML 1.1", "%TAG", "a\tb", "a\r\n", "\ufeffa", "a: '|#'", "#|",
           "a: b # c", "a: |\n  #x", "a: |1-#", "q: -#", "a: x|y#", "", "#", "|", "a:\u2028", "\x85", "# c\n|-#",
           *("".join(rng.choice("|>#-+09\n%\tab :") for _ in range(rng.randint(0, 12))) for _ in range(3000))]
    texts = [p.read_text(encoding="utf-8") for p in REAL_FILES] + odd
    assert any(yamlfile._fast_unsafe(t) for t in odd) and not all(yamlfile._fast_unsafe(t) for t in odd)
    for text in texts:
        assert yamlfile._fast_unsafe(text) == bool(yamlfile._FAST_UNSAFE.search(text)), repr(text[:80])


def test_question_marks_outside_flow_collections_keep_the_fast_path() -> None:
    assert yamlfile._fast_single_node("title:\n  fr: Pourquoi collaborer ?\n  en: Why?\n") is not None
    assert yamlfile._fast_single_node("title: {fr: Pourquoi ?, en: Why?}\n") is None


def _case() -> dict[str, Any]:
    doc, _ = parse_yaml(MINIMAL_CASE, "x.yml")
    assert doc is not None
    return dict(doc.data)


def _variants() -> list[dict[str, Any]]:
    base = _case()
    out = [base]
    for key, value in [("sector", ["education", "education"]), ("sector", ["education", 1]), ("sector", [True, 1]),
                       ("sector", "education"), ("sector", ["Education"]), ("sector", ["education\n"]),
                       ("period", {"start": "2017\n"}), ("period", {"start": 2017}), ("period", {}),
                       ("period", {"label": {"fr": "été"}}), ("title", {"fr": ""}), ("title", {"fr": "x", "de": "y"}),
                       ("title", {"en": "only English"}), ("colour", "blue"), ("sources", []), ("sources", [None]),
                       ("data_sources", [{"kind": "documents", "count": -1}]),
                       ("data_sources", [{"kind": "documents", "count": 3.0}]),
                       ("data_sources", [{"kind": "documents", "count": True}]),
                       ("data_sources", [{"kind": True}]), ("data_sources", [{"kind": "letters"}]),
                       ("data_sources", [{"kind": "documents", "count": 3}]),
                       ("collaboration", {"types": ["intersectoral"]}), ("timeline", [{"date": "2018-13", "event": {"fr": "x"}}])]:
        variant = copy.deepcopy(base)
        variant[key] = value
        out.append(variant)
    missing = copy.deepcopy(base)
    del missing["place"]
    return [*out, missing]


@pytest.mark.parametrize("data", _variants())
def test_fast_schema_check_is_never_more_lenient_than_jsonschema(data: dict[str, Any]) -> None:
    errors = list(validator("case").iter_errors(data))
    if _fast_check("case")(data):
        assert errors == []


def test_fast_schema_check_accepts_every_real_file() -> None:
    for path in REAL_FILES:
        if path.name.startswith("_"):
            continue
        doc, _ = parse_yaml(path.read_text(encoding="utf-8"), path.name)
        assert doc is not None
        name = "case" if path.parent.name == "cases" else "concept"
        assert list(validator(name).iter_errors(doc.data)) == []
        assert _fast_check(name)(doc.data), path.name


# ---- Markdown: a paragraph whose only markup is citations -------------------------------------------
def _renderers(lang: str) -> tuple[Any, Any]:
    from casebook.bibliography.apa import APA
    from casebook.bibliography.model import load_bibliography
    from casebook.content.citations import CitationState
    from casebook.content.markup import TextRenderer

    bib = load_bibliography(sorted((ROOT / "bibliography").glob("*.bib")), ROOT)
    apa = APA(bib)
    fast = TextRenderer(CitationState(apa=apa, lang=lang))
    reference = TextRenderer(CitationState(apa=apa, lang=lang))
    reference._cited_paragraph = lambda text: None  # type: ignore[method-assign]
    return fast, reference


def _real_texts() -> list[str]:
    from casebook.model.entities import walk_texts

    texts = []
    for path in REAL_FILES:
        doc, _ = parse_yaml(path.read_text(encoding="utf-8"), path.name)
        if doc is not None and isinstance(doc.data, dict):
            texts += [t for _, loc in walk_texts(doc.data) for t in (loc.fr, loc.en) if t]
    return texts


CITED = ["Voir [@emerson2011] et @ansell2008.", "1. Une liste [@emerson2011]", "Selon @emerson2011 [p. 33], oui.",
         "A [@emerson2011, @ansell2008] b", "Un & deux [@emerson2011].", "Deux [see @emerson2011, p. 3; @ansell2008] et [-@ansell2008].",
         "x [@emerson2011] *em* y", "Q ? [@emerson2011] « citation » l'école — fin…", "a [@emerson2011]@ansell2008 b",
         "Inconnu [@nobody2020] et @nobody2021.", "Fin [@emerson2011].  Double  espace.", "[@emerson2011] en tête.",
         "Courriel [@emerson2011] moi@example.org", "Un <b>gras</b> [@emerson2011]", "Ligne [@emerson2011]\nsuite"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cited_paragraphs_render_as_markdown_renders_them(lang: str) -> None:
    fast, reference = _renderers(lang)
    texts = _real_texts() + CITED
    took_fast_path = 0
    for text in texts:
        took_fast_path += fast._cited_paragraph(text) is not None
        for state in (fast.state, reference.state):
            state.cited.clear()
            state.unknown.clear()
        assert (str(fast.block(text)), str(fast.inline(text))) == (str(reference.block(text)), str(reference.inline(text))), text
        assert fast.state.cited == reference.state.cited and fast.state.unknown == reference.state.unknown, text
    assert took_fast_path >= 20  # the fast path is really taken


# ---- links ---------------------------------------------------------------------------------------------
def test_relpath_matches_posixpath() -> None:
    import itertools
    import posixpath

    from casebook.publishing.site import _relpath

    paths = ["", ".", "./", "a", "a/", "a/b", "a/b/", "a//b/", "en/cases/x/", "en/", "cases/x/", "./a/./b", "../a", "/a/b", "a/../b"]
    for path, start in itertools.product(paths, repeat=2):
        assert _relpath(path or ".", start or ".") == posixpath.relpath(path or ".", start or "."), (path, start)


# ---- positions released after the checks ---------------------------------------------------------------
def test_released_positions_come_back_the_same() -> None:
    text = (ROOT / "cases" / "spat.yml").read_text(encoding="utf-8")
    doc, _ = parse_yaml(text, "cases/spat.yml")
    assert doc is not None
    before = [(p, doc.where(p), doc.where(p, key=True)) for p in list(doc.positions)[::7]]
    doc.release_positions()
    assert doc.positions == {} and doc.released
    assert [(p, doc.where(p), doc.where(p, key=True)) for p, _, _ in before] == before
    assert not doc.released and doc.positions


def test_corpus_diagnostics_still_point_at_their_line(tmp_path: Path) -> None:
    from casebook.content.corpus import Paths, load_corpus

    from .conftest import make_project

    case = MINIMAL_CASE.replace("sector: [education]", "sector: [education, nowhere]")
    corpus = load_corpus(Paths.at(make_project(tmp_path, {"x.yml": case})))
    assert [d.format() for d in corpus.errors] == ["cases/x.yml:4:21: sector[1]: unknown concept 'nowhere'"]


# ---- compiled templates shared across Jinja environments -------------------------------------------------
def test_compiled_templates_are_shared_only_between_alike_environments(tmp_path: Path) -> None:
    import jinja2

    from casebook.mkdocs.common import share_compiled_templates

    (tmp_path / "t.html").write_text("<p>{{ x }}</p>", encoding="utf-8")

    def env(autoescape: bool) -> jinja2.Environment:
        e = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), autoescape=autoescape)
        share_compiled_templates(e)
        return e

    first, second, raw = env(True), env(True), env(False)
    assert first.bytecode_cache is second.bytecode_cache is not raw.bytecode_cache
    assert first.get_template("t.html").render(x="<b>") == "<p>&lt;b&gt;</p>"
    assert second.get_template("t.html").render(x="<b>") == "<p>&lt;b&gt;</p>"  # loaded from the cache
    assert raw.get_template("t.html").render(x="<b>") == "<p><b></p>"  # compiled with its own settings
    (tmp_path / "t.html").write_text("<div>{{ x }}</div>", encoding="utf-8")  # an edited template compiles again
    assert env(True).get_template("t.html").render(x="y") == "<div>y</div>"


# ---- a file read again with the same text is not parsed again (mkdocs serve) ----------------------------
def test_unchanged_files_are_not_parsed_again(tmp_path: Path) -> None:
    from casebook.base.yamlfile import load_yaml

    path = tmp_path / "x.yml"
    path.write_text(MINIMAL_CASE, encoding="utf-8")
    first, diags = load_yaml(path, "cases/x.yml")
    again, _ = load_yaml(path, "cases/x.yml")
    assert first is not None and again is first and diags == []
    path.write_text(MINIMAL_CASE.replace("Laval", "Lévis"), encoding="utf-8")
    edited, _ = load_yaml(path, "cases/x.yml")
    assert edited is not first and edited is not None and edited.data["place"]["fr"] == "Lévis"
    broken = MINIMAL_CASE.replace("place: {fr: Laval, en: Laval}", "place: {fr: Laval")
    path.write_text(broken, encoding="utf-8")
    _, errors = load_yaml(path, "cases/x.yml")
    _, errors_again = load_yaml(path, "cases/x.yml")
    assert errors and errors_again == errors and errors_again is not errors  # the caller may extend its list


PLAIN = ["Un texte simple.", "L'école « publique » — fin…", "1. Une étape", "12. Douze", "2019. Une année",
         "    Indenté comme du code", "Texte, virgule; point-virgule", "Q ? oui !", "Une ligne 3. pas une liste"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_plain_texts_render_as_markdown_renders_them(lang: str) -> None:
    """The plain-text shortcut gives what Markdown gives (quotes may come escaped: the same text in a browser)."""
    import html

    from casebook.content import markup

    fast, reference = _renderers(lang)
    reference_convert = reference._convert
    took_shortcut = 0
    for text in _real_texts() + PLAIN:
        took_shortcut += markup._plain(text)
        expected = str(reference_convert(text))
        inline = expected[3:-4] if expected.startswith("<p>") and expected.endswith("</p>") and expected.count("<p>") == 1 \
            else expected
        assert html.unescape(str(fast.block(text))) == html.unescape(expected), text
        assert html.unescape(str(fast.inline(text))) == html.unescape(inline), text
    assert took_shortcut >= 20  # the shortcut is really taken
    assert not markup._plain("1. Une étape") and not markup._plain("    Indenté")
