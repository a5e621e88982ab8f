"""The `casebook` command line: --version, --help, finding the site, checking some files, new cases, output formats."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.publishing.template import template_text

from .conftest import MINIMAL_CASE, ROOT, copy_site, make_project

MKDOCS = "site_name: T\ntheme: {name: material}\nplugins:\n  - search\n  - casebook/cases:\n      edit_uri: !ENV [X, ''] \n"


def tiny_site(tmp: Path, cases: dict[str, str | bytes] | None = None) -> Path:
    root = make_project(tmp, cases)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"casebook {metadata.version('casebook')}"


def test_help_describes_each_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert re.search(r"validate\s+check cases, concepts, BibTeX files", out)
    assert re.search(r"new\s+start a case from the commented template", out)
    assert "--version" in out
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    for option in ("FILE", "--root", "--model", "--allow-pending", "--format", "--uncited", "-v"):
        assert option in out
    assert main([]) == 2  # no command: the help, and the status of a usage error


def test_validate_finds_the_site_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_site(tmp_path / "site", {"good.yml": MINIMAL_CASE, "bad.yml": MINIMAL_CASE.replace("[education]", "[nowhere]")})
    (root / "docs" / "deep").mkdir(parents=True)
    for folder in (root, root / "cases", root / "docs" / "deep"):
        monkeypatch.chdir(folder)
        code, out, err = run(capsys, "validate")
        assert code == 1
        assert out.startswith("cases/bad.yml:4:10: sector[0]: unknown concept 'nowhere' [error]"), out
        assert "casebook: 2 cases, 4 concepts, 1 references; 1 error(s), 0 warning(s)" in err
    code, out, _ = run(capsys, "validate", "--root", str(root / "cases"))  # --root may be any folder inside it
    assert code == 1 and "cases/bad.yml:4:10" in out


@pytest.mark.parametrize("where", ["outside", "missing", "not-casebook"])
def test_validate_without_a_site_exits_2_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], where: str) -> None:
    folder = tmp_path / "here"
    make_project(folder)  # cases, concepts and a bibliography, but no mkdocs.yml
    if where == "not-casebook":  # a MkDocs site without Casebook's plugins
        (folder / "mkdocs.yml").write_text("site_name: T\nplugins: [search]\n", encoding="utf-8")
    monkeypatch.chdir(folder / "cases")
    argv = ["validate", "--root", "/nonexistent"] if where == "missing" else ["validate"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    if where == "missing":
        assert err == "casebook: /nonexistent: no such folder\n"
    else:
        assert err.startswith(f"casebook: no Casebook site in {folder.resolve() / 'cases'} or any folder above it: none "
                              "has a mkdocs.yml that enables Casebook's plugins (casebook/cases"), err
        assert "give --root DIR" in err
        assert "0 error(s)" not in err


def test_validate_files_checks_only_them_against_the_whole_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    other_bad = MINIMAL_CASE + "colour: blue\n"
    mine = MINIMAL_CASE.replace("[education]", "[educaton]").replace("Résumé du cas.", '"Résumé [@src2020] [@nobody]."')
    root = tiny_site(tmp_path, {"other.yml": other_bad, "mine.yml": mine, "fine.yml": MINIMAL_CASE})
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "validate", "cases/mine.yml")
    assert code == 1
    problems = [ln for ln in out.splitlines() if not ln.startswith(" ")]
    column = mine.splitlines()[2].index("@nobody") + 1  # the key itself, not the start of the text
    assert problems == [f"cases/mine.yml:3:{column}: summary.fr: unknown citation key 'nobody' [error]",
                        "cases/mine.yml:4:10: sector[0]: unknown concept 'educaton'; did you mean 'education'? [error]"], out
    assert "casebook: 1 file(s) checked against 2 cases, 4 concepts, 1 references; 2 error(s)" in err
    # a valid file that uses the site's concepts (concepts/) and references (bibliography/) passes
    assert run(capsys, "validate", "cases/fine.yml", "concepts/education.yml")[0] == 0
    code, _, err = run(capsys, "validate", str(root / "cases" / "nothing.yml"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "validate", "mkdocs.yml")
    assert code == 2 and "not a file Casebook reads" in err


def test_json_format_gives_one_object_per_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_site(tmp_path, {"x.yml": MINIMAL_CASE.replace("[education]", "[educaton]") + "colour: blue\n"})
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "validate", "--format", "json")
    assert code == 1
    found = [json.loads(line) for line in out.splitlines()]
    assert [sorted(d) for d in found] == [["column", "field", "hint", "line", "message", "path", "severity"]] * 2
    concept = next(d for d in found if d["field"] == "sector[0]")
    assert concept | {"hint": ""} == {"path": "cases/x.yml", "line": 4, "column": 10, "field": "sector[0]",
                                      "severity": "error", "message": concept["message"], "hint": ""}
    assert concept["message"].startswith("unknown concept 'educaton'")
    assert all(isinstance(d["hint"], str) for d in found)


def test_github_format_gives_workflow_annotations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_site(tmp_path, {"x.yml": MINIMAL_CASE.replace('end: "2018"', 'end: "2016"')})
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "validate", "--format", "github")
    assert code == 1
    # GitHub's workflow commands: properties escape % \r \n : and , ; the message escapes % \r \n
    assert out.splitlines() == ["::error file=cases/x.yml,line=7,col=33,title=period.end::ends (2016) before it starts (2017-02)"]
    pending = tiny_site(tmp_path / "p", {"x.yml": MINIMAL_CASE.replace("en: Laval}", 'en: ""}')})
    monkeypatch.chdir(pending)
    code, out, _ = run(capsys, "validate", "--format", "github")
    assert code == 1
    line = out.splitlines()[0]
    assert line.startswith("::warning file=cases/x.yml,line=6,col=24,title=place.en::English translation pending")


def test_new_case_writes_the_template_which_passes_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_site(tmp_path / "repo")
    (root / "plugins" / "casebook" / "schemas").mkdir(parents=True)  # the repository's schema, for the modeline
    (root / "plugins" / "casebook" / "schemas" / "case.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(root / "docs")
    code, _, err = run(capsys, "new", "case", "my-new-case")
    assert code == 0, err
    written = root / "cases" / "my-new-case.yml"
    assert written.read_text(encoding="utf-8") == template_text()
    assert "wrote cases/my-new-case.yml" in err
    code, out, err = run(capsys, "validate", "--root", str(root), str(written))
    assert (code, out) == (0, ""), out + err
    assert run(capsys, "new", "case", "my-new-case")[0] == 2  # never overwrites
    assert run(capsys, "new", "case", "My_Case")[0] == 2
    assert run(capsys, "new", "case", "index")[0] == 2


def test_new_case_outside_casebooks_repository_points_at_the_installed_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_site(tmp_path, {})
    monkeypatch.chdir(root)
    assert run(capsys, "new", "case", "x")[0] == 0
    first = (root / "cases" / "x.yml").read_text(encoding="utf-8").splitlines()[0]
    schema = first.removeprefix("# yaml-language-server: $schema=")
    assert json.loads((root / "cases" / schema).read_text(encoding="utf-8"))["title"] == "Casebook case"


def test_the_guides_show_the_template_casebook_new_writes() -> None:
    """One template: the YAML block of both contribute guides is the packaged template, line for line."""
    for guide in ("docs/contribute.md", "docs/en/contribute.md"):
        text = (ROOT / guide).read_text(encoding="utf-8")
        blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
        assert template_text() in blocks, guide


def test_template_uses_every_field_of_the_case_schema() -> None:
    """The template shows each top-level field a case can have (sections, structures and a case's own CSL references
    aside: the guide shows them)."""
    import yaml

    schema = json.loads((ROOT / "plugins" / "casebook" / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    fields = set(yaml.safe_load(template_text()))
    assert set(schema["properties"]) - fields == {"sections", "structures", "references"}


# ---- validate --model ------------------------------------------------------------------------------------------
def packaged_model() -> str:
    return (ROOT / "plugins" / "casebook" / "model" / "default.yml").read_text(encoding="utf-8")


def located(text: str, marker: str, at: str) -> tuple[int, int]:
    """The line and column (1-based) of ``at`` on the only line of ``text`` that holds ``marker``."""
    (line,) = [i for i, ln in enumerate(text.splitlines(), 1) if marker in ln]
    return line, text.splitlines()[line - 1].index(at) + 1


def test_validate_model_reports_the_models_problems_as_a_case_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_site(tmp_path / "site")
    monkeypatch.chdir(root)
    assert run(capsys, "validate")[0] == 0, "the tiny site is valid against the packaged model"
    text = packaged_model()
    assert text.count("    vocabulary: level\n") == 1 and text.count("    type: facet\n    label: {fr: Palier") == 1
    bad = text.replace("    type: facet\n    label: {fr: Palier", "    type: facett\n    label: {fr: Palier", 1)
    (tmp_path / "draft.yml").write_text(bad, encoding="utf-8")  # outside the site: shown as given
    code, out, err = run(capsys, "validate", "--model", str(tmp_path / "draft.yml"))
    assert code == 1
    line, column = located(bad, "type: facett", "facett")
    assert f"{(tmp_path / 'draft.yml').as_posix()}:{line}:{column}: fields.level.type: unknown type 'facett'; " \
           "did you mean 'facet'? [error]" in out.splitlines(), out
    assert "    hint: the types: text, " in out  # what to do: the types there are
    assert "casebook: 0 cases" in err, "the case, which gives a level, is refused by a model without one"
    # --format json gives the same, located
    code, out, _ = run(capsys, "validate", "--model", str(tmp_path / "draft.yml"), "--format", "json")
    problems = [json.loads(ln) for ln in out.splitlines()]
    assert {"path": (tmp_path / "draft.yml").as_posix(), "line": line, "column": column, "field": "fields.level.type",
            "severity": "error"}.items() <= next(p for p in problems if p["field"] == "fields.level.type").items()


def test_validate_model_checks_the_cases_against_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_site(tmp_path / "site", {"good.yml": MINIMAL_CASE, "other.yml": MINIMAL_CASE})
    monkeypatch.chdir(root)
    text = packaged_model()
    anchor = "\n  place:\n"
    assert text.count(anchor) == 1
    stricter = text.replace(anchor, "\n  funding_note:\n    type: text\n    required: true\n"
                                    "    label: {fr: Financement, en: Funding}\n" + anchor[1:], 1)
    (root / "stricter.yml").write_text(stricter, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--model", "stricter.yml")
    assert code == 1
    problems = [ln for ln in out.splitlines() if ln.startswith("cases/")]
    assert sorted(p.split(":")[0] for p in problems) == ["cases/good.yml", "cases/other.yml"], out
    assert all("funding_note" in p and "required" in p for p in problems), out
    # with FILEs, the model's own problems are still shown, with the files'
    broken = stricter.replace("    required: true\n    label: {fr: Financement", "    required: yes please\n"
                                                                                "    label: {fr: Financement", 1)
    (root / "stricter.yml").write_text(broken, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--model", "stricter.yml", "cases/good.yml")
    line, column = located(broken, "required: yes please", "yes please")
    shown = [ln.split(":")[0] for ln in out.splitlines() if not ln.startswith(" ")]
    assert code == 1 and "cases/other.yml" not in shown
    assert f"stricter.yml:{line}:{column}: fields.funding_note.required: 'required' must be true or false, got " \
           "'yes please' [error]" in out, out


def test_validate_model_that_does_not_exist_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = tiny_site(tmp_path / "site")
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "validate", "--model", "nowhere.yml")
    assert code == 2 and out == ""
    assert err.startswith("casebook: nowhere.yml: no such file"), err
