"""A case carries its own works in ``references:`` (CSL-YAML, as pandoc's metadata): validated with located errors,
joined to the bibliography, formatted by the same APA formatter as BibTeX entries, cited with [@id] anywhere.

The expected references are the ones the formatter gives for the same work written by hand in BibTeX (the
equivalence is the point); locations are counted in the YAML written here.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from casebook.bibliography.apa import APA
from casebook.bibliography.csl import date_text
from casebook.bibliography.model import Bibliography, parse_bibtex
from casebook.content.corpus import Corpus, Paths, load_corpus

from .conftest import MINIMAL_CASE, copy_site, make_project, mkdocs_build

CITING = MINIMAL_CASE.replace("summary: {fr: Résumé du cas., en: Summary of the case.}",
                              'summary: {fr: "Résumé [@roy2022].", en: "Summary [@roy2022]."}')

WORKS = textwrap.dedent("""\
    references:
      - id: roy2022
        type: article-journal
        author:
          - {family: Roy, given: Marie-Ève}
          - literal: Ville de Laval
        issued: {date-parts: [[2022, 3]]}
        title: La collaboration à Laval
        container-title: Revue d'administration
        volume: 12
        issue: 3
        page: 45-67
        DOI: 10.1234/abc.5
        language: fr
      - id: gray1989
        type: book
        author: [{family: Gray, given: Barbara}]
        issued: 1989
        title: "Collaborating: finding common ground for multiparty problems"
        publisher: Jossey-Bass
        language: en
      - id: lee2019
        type: chapter
        author: [{family: Lee, given: Ann}]
        editor: [{family: Moss, given: Paul}, {family: Kim, given: Jo}]
        issued: "2019"
        title: A chapter
        container-title: The handbook
        publisher: Routledge
        page: "10–20"
        language: en-US
      - id: tremblay2020
        type: thesis
        author: [{family: Tremblay, given: Luc}]
        issued: 2020-09
        title: Une thèse
        publisher: Université Laval
        language: fr-CA
      - id: omh2021
        type: report
        author: [{literal: Office municipal d'habitation}]
        issued: 2021
        title: Rapport annuel
        publisher: OMH
        URL: https://example.org/rapport
        language: fr
    """)

SAME_IN_BIBTEX = textwrap.dedent("""\
    @article{roy2022, author = {Roy, Marie-Ève and {Ville de Laval}}, date = {2022-03},
      title = {La collaboration à Laval}, journal = {Revue d'administration}, volume = {12}, number = {3},
      pages = {45--67}, doi = {10.1234/abc.5}, langid = {french}}
    @book{gray1989, author = {Gray, Barbara}, year = {1989},
      title = {Collaborating: finding common ground for multiparty problems}, publisher = {Jossey-Bass}, langid = {english}}
    @incollection{lee2019, author = {Lee, Ann}, editor = {Moss, Paul and Kim, Jo}, year = {2019}, title = {A chapter},
      booktitle = {The handbook}, publisher = {Routledge}, pages = {10--20}, langid = {english}}
    @phdthesis{tremblay2020, author = {Tremblay, Luc}, date = {2020-09}, title = {Une thèse}, school = {Université Laval},
      langid = {french}}
    @report{omh2021, author = {{Office municipal d'habitation}}, year = {2021}, title = {Rapport annuel}, institution = {OMH},
      url = {https://example.org/rapport}, langid = {french}}
    """)


def corpus_of(tmp: Path, cases: dict[str, str | bytes]) -> Corpus:
    return load_corpus(Paths.at(make_project(tmp, cases)))


def errors(corpus: Corpus) -> list[str]:
    return [d.format() for d in corpus.errors]


def test_a_cases_works_join_the_bibliography_and_format_like_bibtex(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {"good.yml": CITING + WORKS})
    assert errors(corpus) == []
    bib = corpus.bibliography
    assert {"src2020", "roy2022", "gray1989", "lee2019", "tremblay2020", "omh2021"} <= set(bib.refs)
    refs, diags = parse_bibtex(SAME_IN_BIBTEX, "same.bib")
    assert not diags
    for ref in refs:
        alone, by_hand = Bibliography({ref.key: bib.refs[ref.key]}), Bibliography({ref.key: ref})
        for lang in ("fr", "en"):
            assert APA(alone).reference(ref.key, lang) == APA(by_hand).reference(ref.key, lang), (ref.key, lang)
    work = bib.refs["roy2022"]
    assert (work.path, work.line) == ("cases/good.yml", FIRST)  # the "- id:" line of the item
    # Its BibTeX (shown in the BibTeX box, published in casebook.bib) parses back to the same work.
    again, diags = parse_bibtex(work.raw, "again.bib")
    assert not diags and APA(Bibliography({"roy2022": again[0]})).reference("roy2022", "en") == \
        APA(Bibliography({"roy2022": work})).reference("roy2022", "en")


@pytest.mark.parametrize(("value", "iso"), [(2019, "2019"), ("2019-05", "2019-05"), ("2019-05-14", "2019-05-14"),
                                            ({"date-parts": [[2019, 5]]}, "2019-05"), ({"year": 2019}, "2019")])
def test_csl_date_forms(value: object, iso: str) -> None:
    assert date_text(value) == (iso, "")


def bad_case(item: str) -> str:
    return CITING + "references:\n" + textwrap.indent(textwrap.dedent(item), "  ")


FIRST = CITING.count("\n") + 2  # the line of the first item: after the case's lines and "references:"
GOOD_ITEM = "- id: roy2022\n  type: book\n  title: Un livre\n  language: fr\n"


@pytest.mark.parametrize(("item", "expected"), [
    # the list is indented by two spaces: "  - id:" puts the item's keys at column 5
    ("- id: x\n  type: book\n  title: T\n  language: fr\n  issued: 2022-13\n",
     f"cases/bad.yml:{FIRST + 4}:13: references[0].issued: no such date: 2022-13"),
    ("- id: x\n  type: book\n  title: T\n  language: fr\n  issued: {date-parts: [[2022, 2], [2023]]}\n",
     f"cases/bad.yml:{FIRST + 4}:13: references[0].issued: date-parts must hold one date"),
    ("- id: x\n  type: book\n  title: T\n  language: fr\n  URL: javascript:alert(1)\n",
     f"cases/bad.yml:{FIRST + 4}:10: references[0].URL: URL must start with http"),
    ("- id: x\n  type: book\n  title: T\n  language: fr\n  DOI: https://doi.org/10.1/x\n",
     f"cases/bad.yml:{FIRST + 4}:10: references[0].DOI: a DOI looks like 10.1234/abc"),
    ("- id: x\n  type: book\n  title: T\n  language: fr\n  author: [{given: Ann}]\n",
     f"cases/bad.yml:{FIRST + 4}:14: references[0].author[0]: a name needs 'family'"),
    ("- id: x\n  type: novel\n  title: T\n  language: fr\n", f"cases/bad.yml:{FIRST + 1}:11: references[0].type: 'novel' is not one of"),
    ("- id: x\n  type: book\n  title: T\n", f"cases/bad.yml:{FIRST}:5: references[0]: 'language' is required"),
    ("- id: x\n  type: book\n  title: T\n  language: german\n",  # a name, not a code
     f"cases/bad.yml:{FIRST + 3}:15: references[0].language: bad language code 'german': write a code in lower "
     "case, such as fr, en, es or fr-CA"),
    ("- id: x\n  type: book\n  title: T\n  language: FR\n", f"cases/bad.yml:{FIRST + 3}:15: references[0].language: bad language code 'FR'"),
    ("- id: x\n  type: book\n  titel: T\n  title: T\n  language: fr\n",
     f"cases/bad.yml:{FIRST + 2}:5: references[0].titel: unknown key 'titel'"),
    (GOOD_ITEM + "- id: roy2022\n  type: book\n  title: Autre\n  language: fr\n",
     f"cases/bad.yml:{FIRST + 4}:9: references[1].id: 'roy2022' is already the id of references[0]"),
    ("- id: src2020\n  type: book\n  title: T\n  language: fr\n",
     f"cases/bad.yml:{FIRST}:9: references[0].id: 'src2020' is also a key of bibliography/refs.bib:1"),
])
def test_bad_works_are_located_errors(tmp_path: Path, item: str, expected: str) -> None:
    corpus = corpus_of(tmp_path, {"bad.yml": bad_case(item)})
    found = errors(corpus)
    assert any(e.startswith(expected) for e in found), found


def test_a_work_in_a_language_the_site_is_not_in_keeps_its_language(tmp_path: Path) -> None:
    # a Spanish work on a French and English site: its language is its own, as a BibTeX work's langid = {spanish} is
    item = "- id: roy2022\n  type: book\n  title: Un libro\n  language: es-MX\n  issued: 2022\n"
    corpus = corpus_of(tmp_path, {"good.yml": bad_case(item)})
    assert errors(corpus) == []
    refs, diags = parse_bibtex("@book{roy2022, title = {Un libro}, year = {2022}, langid = {spanish}}", "es.bib")
    assert not diags and corpus.bibliography.refs["roy2022"].lang == refs[0].lang == "es"


def test_a_key_two_cases_use_is_a_located_error(tmp_path: Path) -> None:
    other = MINIMAL_CASE + "references:\n" + textwrap.indent(GOOD_ITEM, "  ")
    corpus = corpus_of(tmp_path, {"a.yml": CITING + "references:\n" + textwrap.indent(GOOD_ITEM, "  "), "b.yml": other})
    assert any(e.startswith(f"cases/b.yml:{FIRST}:9: references[0].id: 'roy2022' is also the id of a work of cases/a.yml")
               for e in errors(corpus)), errors(corpus)


def test_an_unknown_citation_of_a_case_is_still_reported(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, {"good.yml": CITING})  # cites roy2022, which no file defines
    assert any("unknown citation key 'roy2022'" in e for e in errors(corpus))


def test_a_fixture_site_lists_cites_and_exports_a_cases_own_works(tmp_path: Path) -> None:
    src = copy_site(tmp_path / "src")
    spat = src / "cases" / "spat.yml"
    text = spat.read_text(encoding="utf-8")
    assert "references:" not in text
    hostile = ("  - id: zz-own2024\n    type: report\n    author: [{literal: \"<script>alert('x')</script> Groupe\"}]\n"
               "    issued: 2024\n    title: \"Un rapport {brace \\\\input{/etc/passwd} <img src=x onerror=alert(1)>\"\n"
               "    publisher: Observatoire\n    language: fr\n")
    text = text.replace("sector: [", "references:\n" + textwrap.indent(WORKS.split("\n", 1)[1], "") + hostile + "sector: [", 1)
    text = text.replace("[@emerson2011]", "[@emerson2011; @roy2022]")
    spat.write_text(text, encoding="utf-8")
    page = src / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nVoir @gray1989 et [@zz-own2024].\n", encoding="utf-8")
    out = tmp_path / "out"
    result = mkdocs_build(src, out, "--strict")
    assert result.returncode == 0, result.stderr
    for prefix in ("", "en/"):
        bib_html = (out / prefix / "bibliography" / "index.html").read_text(encoding="utf-8")
        for key in ("roy2022", "gray1989", "lee2019", "tremblay2020", "omh2021", "zz-own2024"):
            assert f'<li id="ref-{key}"' in bib_html, (prefix, key)
        entry = bib_html[bib_html.index('<li id="ref-roy2022"'):]
        entry = entry[:entry.index("</li>")]
        assert "Roy, M.-È." in entry and "https://doi.org/10.1234/abc.5" in entry
        assert 'href="../cases/spat/#ref-roy2022"' in entry or 'href="../../en/cases/spat/' not in entry
        assert "<script>alert" not in bib_html and "onerror=alert" not in bib_html.replace("onerror=alert(1)&gt;", "")
        case_html = (out / prefix / "cases" / "spat" / "index.html").read_text(encoding="utf-8")
        assert 'href="#ref-roy2022"' in case_html and '<li id="ref-roy2022"' in case_html
        about = (out / prefix / "about" / "index.html").read_text(encoding="utf-8")
        if prefix == "":
            assert "Gray (1989)" in about and '<li id="ref-gray1989"' in about and '<li id="ref-zz-own2024"' in about
    items = {i["id"]: i for i in json.loads((out / "bibliography" / "casebook.json").read_text(encoding="utf-8"))}
    assert items["roy2022"]["issued"] == {"date-parts": [[2022, 3]]}
    assert items["roy2022"]["author"] == [{"family": "Roy", "given": "Marie-Ève"}, {"literal": "Ville de Laval"}]
    bib_text = (out / "bibliography" / "casebook.bib").read_text(encoding="utf-8")
    refs, diags = parse_bibtex(bib_text, "casebook.bib")
    assert not diags, diags  # the works' BibTeX, the hostile title too, keeps the file valid
    assert {"roy2022", "zz-own2024"} <= {r.key for r in refs}
    assert not re.search(r"\\input", bib_text[bib_text.index("zz-own2024"):])


def test_pandocs_nocase_span_is_not_shown_and_keeps_its_braces_in_the_bibtex(tmp_path: Path) -> None:
    item = ("- id: uk2020\n  type: book\n  title: 'Collaboration in the <span class=\"nocase\">UK</span>'\n"
            "  language: en\n")
    corpus = corpus_of(tmp_path, {"good.yml": CITING.replace("roy2022", "uk2020") + "references:\n" + textwrap.indent(item, "  ")})
    assert errors(corpus) == []
    work = corpus.bibliography.refs["uk2020"]
    assert work.title == "Collaboration in the UK"  # the markup is pandoc's, not text
    assert "title = {Collaboration in the {UK}}" in re.sub(r" +=", " =", work.raw)
    for lang in ("fr", "en"):
        shown = str(APA(Bibliography({"uk2020": work})).reference("uk2020", lang))
        assert "span" not in shown and "UK" in shown
