"""Broken case files: every problem is reported, located at file, line, column and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.base.diagnostics import Severity
from casebook.content.corpus import Paths, load_corpus

from .conftest import MINIMAL_CASE, make_project


def diags_for(tmp: Path, cases: dict[str, str | bytes]) -> list[str]:
    corpus = load_corpus(Paths.at(make_project(tmp, cases)))
    return [d.format() for d in corpus.diagnostics if d.severity is not Severity.INFO]


def replace(old: str, new: str) -> str:
    assert old in MINIMAL_CASE
    return MINIMAL_CASE.replace(old, new)


# (name, file content, expected line:column prefix, expected field and message fragment)
BROKEN = [
    ("yaml syntax", replace("place: {fr: Laval, en: Laval}", "place: {fr: Laval, en: Laval"), "cases/x.yml:6:8: place:", "YAML syntax error: the '{' opened here is not closed with '}'"),
    ("tab indentation", replace("  mode: chosen", "\tmode: chosen"), "cases/x.yml:10:1:", "tab character"),
    ("wrong type", replace("period: {start: \"2017-02\", end: \"2018\"}", "period: [2017]"), "cases/x.yml:7:9: period:", "expected a mapping"),
    ("missing required field", replace("place: {fr: Laval, en: Laval}\n", ""), "cases/x.yml:1:1: <file>:", "'place' is required"),
    ("unknown key", MINIMAL_CASE + "colour: blue\n", "cases/x.yml:12:1: colour:", "unknown key 'colour'"),
    ("bad date form", replace('"2017-02"', '"Feb 2017"'), "cases/x.yml:7:17: period.start:", "bad date"),
    ("impossible date", replace('"2017-02"', '"2017-02-30"'), "cases/x.yml:7:17: period.start:", "no such day"),
    ("end before start", replace('end: "2018"', 'end: "2016"'), "cases/x.yml:7:33: period.end:", "ends (2016) before it starts (2017-02)"),
    ("empty French", replace("place: {fr: Laval, en: Laval}", 'place: {fr: "", en: Laval}'), "cases/x.yml:6:13: place.fr:", "must not be empty"),
    ("not a mapping", "- just\n- a list\n", "cases/x.yml:1:1: <file>:", "must be a mapping"),
    ("non-UTF-8", MINIMAL_CASE.encode("utf-8").replace("Résumé".encode(), "R\xe9sum\xe9".encode("latin-1")), "cases/x.yml:3:16: <file>:", "invalid UTF-8 byte 0xe9"),
    ("empty file", "", "cases/x.yml:1:1: <file>:", "the file is empty"),
    ("only comments", "# nothing yet\n", "cases/x.yml:1:1: <file>:", "the file is empty"),
    ("duplicate key", MINIMAL_CASE + "sector: [education]\n", "cases/x.yml:12:1: sector:", "duplicate key 'sector' (first given on line 4)"),
    ("string not integer", MINIMAL_CASE + "data_sources:\n  - kind: documents\n    count: trente\n", "cases/x.yml:14:12: data_sources[0].count:", "expected a whole number"),
    ("bad enum", MINIMAL_CASE + "data_sources:\n  - kind: podcasts\n", "cases/x.yml:13:11: data_sources[0].kind:", "is not one of"),
    ("unknown concept", replace("sector: [education]", "sector: [educaton]"), "cases/x.yml:4:10: sector[0]:", "unknown concept 'educaton'"),
    ("concept from the wrong scheme", replace("sector: [education]", "sector: [regional]"), "cases/x.yml:4:10: sector[0]:", "not a value of the 'sector' scheme"),
    ("unknown citation", replace("summary: {fr: Résumé du cas., en: Summary of the case.}", "summary:\n  fr: Résumé.\n  en: Summary [@nobody1999]."), "cases/x.yml:5:16: summary.en:", "unknown citation key 'nobody1999'"),
    ("yaml alias", replace("place: {fr: Laval, en: Laval}", "place: &p {fr: Laval, en: Laval}\nx: *p"), "cases/x.yml:6:8: <file>:", "anchors"),
    ("NUL byte", MINIMAL_CASE.replace("Laval}", "La\x00val}", 1), "cases/x.yml:6:26: <file>:", "NUL byte"),
]


@pytest.mark.parametrize(("name", "body", "where", "what"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_reported_with_location(tmp_path: Path, name: str, body: str | bytes, where: str, what: str) -> None:
    found = diags_for(tmp_path, {"x.yml": body})
    assert any(d.startswith(where) and what in d for d in found), found


def test_missing_english_is_a_warning_not_an_error(tmp_path: Path) -> None:
    corpus = load_corpus(Paths.at(make_project(tmp_path, {"x.yml": replace("en: Laval}", "en: \"\"}")})))
    assert [d.format() for d in corpus.warnings] == ["cases/x.yml:6:24: place.en: English translation pending"]
    assert not corpus.errors
    assert "x" in corpus.cases


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    found = diags_for(tmp_path, {"same.yml": MINIMAL_CASE, "same.yaml": MINIMAL_CASE})
    assert "cases/same.yml:1:1: <file>: duplicate case id 'same': cases/same.yaml has the same id" in found


def test_bad_id_in_file_name(tmp_path: Path) -> None:
    found = diags_for(tmp_path, {"Bad_Name.yml": MINIMAL_CASE})
    assert found == ["cases/Bad_Name.yml:1:1: <file>: bad case id 'Bad_Name' (the file name): use lowercase letters, digits and hyphens"]


def test_all_errors_of_all_files_in_one_run(tmp_path: Path) -> None:
    bad1 = MINIMAL_CASE + "colour: blue\nsize: big\n"
    bad2 = replace('end: "2018"', 'end: "2016"')
    found = diags_for(tmp_path, {"a.yml": bad1, "b.yml": bad2, "ok.yml": MINIMAL_CASE})
    assert len(found) == 3
    corpus = load_corpus(Paths.at(tmp_path))
    assert set(corpus.cases) == {"ok"}  # the good case is untouched


def test_valid_file_has_no_diagnostic(tmp_path: Path) -> None:
    assert diags_for(tmp_path, {"good.yml": MINIMAL_CASE}) == []


def test_symlink_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text(MINIMAL_CASE, encoding="utf-8")
    make_project(tmp_path / "p", {})
    (tmp_path / "p" / "cases" / "evil.yml").symlink_to(outside)
    corpus = load_corpus(Paths.at(tmp_path / "p"))
    assert "evil" not in corpus.cases
    assert any("symbolic link" in d.message for d in corpus.errors)


def test_huge_file_is_refused_quickly(tmp_path: Path) -> None:
    big = MINIMAL_CASE + "# " + "x" * 10_000_000 + "\n"
    found = diags_for(tmp_path, {"big.yml": big})
    assert found == ["cases/big.yml:1:1: <file>: file too large (10.0 MB; the limit is 1 MB)"]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    found = diags_for(tmp_path, {"deep.yml": "a: " + "[" * 100 + "]" * 100 + "\n"})
    assert any("nesting deeper than 40 levels" in d for d in found)


def test_validate_lists_works_no_page_cites_and_counts_markdown_pages(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`casebook validate -v`: an entry nothing cites is an info message; a citation in a docs/ page counts."""
    from casebook.cli import main

    from .conftest import copy_site

    root = copy_site(tmp_path / "repo")
    bib = root / "bibliography" / "sources.bib"
    text = bib.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    bib.write_text(text + "\n@misc{solo2020,\n  author = {Solo, Ana},\n  title = {Seule},\n  year = {2020},\n"
                   "  langid = {french}\n}\n", encoding="utf-8")
    assert main(["validate", "--root", str(root), "-v"]) == 0
    out = capsys.readouterr().out
    expected = f"bibliography/sources.bib:{line}:1: solo2020: never cited: no page cites or lists this work [info]"
    assert expected in out, out[-2000:]
    assert main(["validate", "--root", str(root)]) == 0  # without -v: one line for all of them, on stderr
    quiet = capsys.readouterr()
    assert expected not in quiet.out
    count = out.count("never cited")
    assert f"casebook: {count} works in bibliography/ are never cited (casebook validate --uncited lists them)" in quiet.err
    assert main(["validate", "--root", str(root), "--uncited"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert expected in listed and len(listed) == count
    assert "maillet-ch5: never cited" not in out  # spat lists it among its sources
    page = root / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nVoir [@solo2020].\n\n`[@nothing]` en code.\n", encoding="utf-8")
    assert main(["validate", "--root", str(root), "-v"]) == 0
    assert "solo2020: never cited" not in capsys.readouterr().out


def test_one_line_per_kind_of_notice() -> None:
    """What a build logs: one line per kind of information message, a kind of one keeps its located message."""
    from casebook.base.diagnostics import ORPHAN, UNCITED, Diagnostic, notice_summary

    works = [Diagnostic(f"bibliography/{name}.bib", i + 1, 1, f"k{i}", UNCITED, Severity.INFO)
             for i, name in enumerate(["a", "a", "b"])]
    lone = Diagnostic("concepts/x.yml", 1, 1, "", ORPHAN, Severity.INFO)
    other = Diagnostic("mkdocs.yml", 0, 0, "site_url", "no site_url: no sitemap.xml written", Severity.INFO)
    assert notice_summary([*works, lone, other]) == [
        "3 works in bibliography/ are never cited (casebook validate --uncited lists them)",
        "concepts/x.yml:1:1: <file>: " + ORPHAN,
        "mkdocs.yml:0:0: site_url: no site_url: no sitemap.xml written",
    ]


def test_three_independent_mistakes_give_three_errors_in_one_run(tmp_path: Path) -> None:
    """A schema error (an unknown key) no longer hides the file's concept-id, citation-key and date checks."""
    body = replace("sector: [education]", "sector: [educaton]")
    body = body.replace("en: Summary of the case.}", 'en: "Summary [@nobody1999]."}')
    body = body.replace('end: "2018"', 'end: "2016"') + "colour: blue\n"
    found = diags_for(tmp_path, {"x.yml": body})
    column = body.splitlines()[2].index("@nobody1999") + 1
    assert found == [
        f"cases/x.yml:3:{column}: summary.en: unknown citation key 'nobody1999'",
        "cases/x.yml:4:10: sector[0]: unknown concept 'educaton'; did you mean 'education'?",
        "cases/x.yml:7:33: period.end: ends (2016) before it starts (2017-02)",
        "cases/x.yml:12:1: colour: unknown key 'colour'",
    ], found
    corpus = load_corpus(Paths.at(tmp_path))
    assert "x" not in corpus.cases  # still refused: the build stops on its errors


def test_exactly_three_errors_for_three_mistakes(tmp_path: Path) -> None:
    """The review's rounds: a misspelt field (a schema error), a misspelt concept and an unknown citation key were
    reported in two runs; now one run gives exactly three errors, one per mistake."""
    body = replace("summary: {fr: Résumé du cas., en: Summary of the case.}",
                   'sumary: {fr: Résumé du cas., en: "Summary [@nobody1999]."}')
    body = body.replace("mode: chosen", "mode: chosn")
    found = diags_for(tmp_path, {"x.yml": body})
    assert len(found) == 3, found
    assert [f.split(": ", 2)[1] for f in found] == ["sumary", "sumary.en", "collaboration.mode"], found
    assert "did you mean 'summary'?" in found[0] and "unknown citation key 'nobody1999'" in found[1]
    assert "unknown concept 'chosn'; did you mean 'chosen'?" in found[2]


def test_a_value_with_its_own_schema_error_is_not_reported_twice(tmp_path: Path) -> None:
    found = diags_for(tmp_path, {"x.yml": replace("sector: [education]", "sector: [Education]")})
    assert found == ["cases/x.yml:4:10: sector[0]: bad id 'Education': use lowercase letters, digits and hyphens"]


def test_a_concept_file_with_a_schema_error_still_gets_its_citation_and_relation_checks(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "concepts" / "odd.yml").write_text(
        "term: {fr: Bizarre, en: Odd}\ndefinition: {fr: \"Voir [@nobody].\", en: See.}\nbroader: [nowhere]\ncolour: x\n",
        encoding="utf-8")
    found = [d.format() for d in load_corpus(Paths.at(root)).errors]
    assert found == ["concepts/odd.yml:2:25: definition.fr: unknown citation key 'nobody'",
                     "concepts/odd.yml:3:11: broader[0]: unknown concept 'nowhere'",
                     "concepts/odd.yml:4:1: colour: unknown key 'colour'"], found


# (name, the broken line replacing MINIMAL_CASE's 'place: …' line, where and what is reported)
SYNTAX = [
    ("unclosed quote in a flow mapping", 'place: {fr: "Laval, en: Laval}', "6:13: place:", "this quote is not closed on its line"),
    ("unclosed quote in a block", 'place:\n  fr: "Laval\n  en: Laval', "7:7: place.fr:", "this quote is not closed on its line"),
    ("unclosed single quote", "place: {fr: 'Laval, en: Laval}", "6:13: place:", "this quote is never closed"),
    ("unclosed brace", "place: {fr: Laval, en: Laval", "6:8: place:", "the '{' opened here is not closed with '}'"),
    ("no colon", "place Laval", "6:1: <file>:", "this line has no ':' after its field name"),
    ("colon in a text", "place: Laval: la ville", "6:13: place:", "': ' inside a text: put the whole text between quotes"),
    ("question mark in braces", "place: {fr: Où ?, en: Where?}", "6:16: place:", "'?' cannot stand here"),
]


@pytest.mark.parametrize(("name", "line", "where", "what"), SYNTAX, ids=[s[0] for s in SYNTAX])
def test_a_yaml_syntax_error_points_where_to_look_and_says_what_to_do(tmp_path: Path, name: str, line: str,
                                                                       where: str, what: str) -> None:
    from casebook.base.yamlfile import parse_yaml

    body = replace("place: {fr: Laval, en: Laval}", line)
    found = diags_for(tmp_path, {"x.yml": body})
    assert len(found) == 1 and found[0].startswith(f"cases/x.yml:{where} YAML syntax error: ") and what in found[0], found
    _, (diag,) = parse_yaml(body, "x.yml")
    assert diag.hint.startswith(f"look at line {diag.line}, column {diag.column}; the YAML parser says: ")


def test_a_quote_never_closed_is_reported_where_it_opens(tmp_path: Path) -> None:
    found = diags_for(tmp_path, {"x.yml": MINIMAL_CASE + 'source_notes:\n  - fr: "unfinished\n    en: x\n'})
    assert found == ["cases/x.yml:13:9: source_notes[0].fr: YAML syntax error: this quote is never closed: add the "
                     "closing quote at the end of the text"], found


def test_a_syntax_error_deep_in_a_file_names_its_field_path(tmp_path: Path) -> None:
    body = MINIMAL_CASE + ('timeline:\n  - date: "2017"\n    event: {fr: Un., en: One.}\n'
                           '  - date: "2018"\n    event: {fr: "Deux., en: Two.}\n  - date: "2019"\n    event: {fr: T., en: T.}\n')
    found = diags_for(tmp_path, {"x.yml": body})
    assert found == ["cases/x.yml:16:17: timeline[1].event: YAML syntax error: this quote is not closed on its line "
                     "(the text runs on to the quote on line 17): close it on this line"], found


def test_misspelt_names_get_the_nearest_valid_ones(tmp_path: Path) -> None:
    misspelt_field = replace("summary:", "sumary:")
    found = diags_for(tmp_path, {"x.yml": misspelt_field})
    # one mistake, one error: at the misspelt key, not also "'summary' is required" at the top of the file
    assert found == ["cases/x.yml:3:1: sumary: unknown key 'sumary'; did you mean 'summary'? ('summary' is required)"]
    found = diags_for(tmp_path / "k", {"x.yml": replace("sources: [src2020]", "sources: [src2002]")})
    assert found == ["cases/x.yml:11:11: sources[0]: unknown citation key 'src2002'; did you mean 'src2020'?"]
    corpus = load_corpus(Paths.at(make_project(tmp_path / "c", {"x.yml": replace("[regional]", "[regionl]")})))
    (diag,) = corpus.errors
    assert diag.message == "unknown concept 'regionl'; did you mean 'regional'?"
    assert diag.hint == "the 'level' scheme allows: regional"
    (far,) = diags_for(tmp_path / "f", {"x.yml": replace("[regional]", "[zzz]")})
    assert far.endswith("unknown concept 'zzz'")  # nothing near: no suggestion


def test_a_missing_field_says_what_to_add(tmp_path: Path) -> None:
    corpus = load_corpus(Paths.at(make_project(tmp_path, {"x.yml": replace("place: {fr: Laval, en: Laval}\n", "")})))
    (diag,) = corpus.errors
    assert diag.message == "'place' is required"
    assert diag.hint.startswith("add the field 'place', e.g. place: {")


def test_a_section_or_table_id_that_is_a_heading_of_the_case_page_is_a_located_error(tmp_path: Path) -> None:
    """A case's tables and free sections are anchored by their id on its page, beside the page's own headings."""
    extra = ("sections:\n"
             "  - id: timeline\n    part: context\n    title: {fr: Frise, en: Timeline}\n    body: {fr: Texte., en: Text.}\n"
             "  - id: background\n    part: context\n    title: {fr: Contexte, en: Background}\n    body: {fr: Texte., en: Text.}\n"
             "  - id: background\n    title: {fr: Encore, en: Again}\n    body: {fr: Texte., en: Text.}\n")
    found = diags_for(tmp_path, {"x.yml": MINIMAL_CASE + extra})
    assert "cases/x.yml:13:9: sections[0].id: the id 'timeline' is one of the case page's own headings (#timeline); " \
           "choose another" in found, found
    assert "cases/x.yml:21:9: sections[2].id: the id 'background' is used twice on the case page" in found, found
    assert not [d for d in found if "sections[1]" in d]


def test_a_part_outside_the_schema_is_a_located_error(tmp_path: Path) -> None:
    extra = "sections:\n  - id: notes\n    part: appendix\n    title: {fr: Notes, en: Notes}\n    body: {fr: Texte., en: Text.}\n"
    found = diags_for(tmp_path, {"x.yml": MINIMAL_CASE + extra})
    assert any(d.startswith("cases/x.yml:14:") and "sections[0].part" in d for d in found), found
