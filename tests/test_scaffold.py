"""`casebook new site DIR`: a new site that builds with --strict and validates as written, placeholders marked as such,
and a folder that is not empty refused without a file written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from casebook.cli import main
from casebook.publishing.project import read_config, site_at
from casebook.publishing.scaffold import site_files

from .conftest import mkdocs_build


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def text_of(html: str) -> str:
    """What a reader sees: the page's text, scripts and tags left out."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&")


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A site made by the command, built with --strict: (its folder, the built site, the build's log)."""
    folder = tmp_path_factory.mktemp("new") / "field-notes"
    assert main(["new", "site", str(folder), "--name", "Field notes: a casebook"]) == 0
    out = folder / "site"
    result = mkdocs_build(folder, out, "--strict")
    assert result.returncode == 0, result.stderr
    return folder, out, result.stderr


def test_the_new_site_builds_with_strict_and_no_warning(new_site: tuple[Path, Path, str]) -> None:
    folder, out, log = new_site
    assert "Traceback" not in log
    assert not [line for line in log.splitlines() if line.startswith("WARNING")], log
    for page in ("index.html", "en/index.html", "cases/example-case/index.html", "en/cases/example-case/index.html",
                 "compare/index.html", "en/compare/index.html", "concepts/example-term/index.html",
                 "en/bibliography/index.html", "404.html", "en/404.html"):
        assert (out / page).is_file(), page
    # no copy of Casebook's theme in the new site, yet its pages are Casebook's (switcher, styles, English 404)
    assert not (folder / "theme").exists()
    home = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="fr"' in home and "assets/casebook.css" in home
    compare = (out / "compare" / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="(\.\./[^"#]*)"', compare):  # no link to pages only Casebook's own site has
        target = (out / "compare" / href).resolve()
        assert (target / "index.html").is_file() or target.is_file(), href


def test_casebook_validate_passes_on_the_new_site(new_site: tuple[Path, Path, str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--root", str(new_site[0]))
    assert code == 0, out + err
    assert "1 cases, 2 concepts, 2 references; 0 error(s), 0 warning(s)" in err


def test_what_the_new_site_shows_is_marked_as_a_placeholder(new_site: tuple[Path, Path, str]) -> None:
    folder, out, _ = new_site
    case = text_of((out / "en" / "cases" / "example-case" / "index.html").read_text(encoding="utf-8"))
    assert "Example case — replace it with your first case" in case
    assert "This is a placeholder, not a real case" in case
    assert "Exemple de cas — remplacez-le par votre premier cas" in text_of(
        (out / "cases" / "example-case" / "index.html").read_text(encoding="utf-8"))
    for lang, notice in (("", "Site en construction"), ("en/", "Site under construction")):
        home = text_of((out / lang / "index.html").read_text(encoding="utf-8"))
        assert notice in home and "Field notes: a casebook" in home
        assert "Example case" in home or "Exemple de cas" in home, "the home page lists the case"
    concepts = [p.stem for p in (folder / "concepts").glob("*.yml") if p.stem != "_schemes"]
    assert sorted(concepts) == ["example-notion", "example-term"]
    for cid in concepts:
        term = yaml.safe_load((folder / "concepts" / f"{cid}.yml").read_text(encoding="utf-8"))["term"]
        assert "placeholder" in term["en"] and "provisoire" in term["fr"]
    bib = (folder / "bibliography" / "references.bib").read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{", bib, flags=re.M)) == 2
    assert "kept as examples of the format" in bib


def test_the_model_is_a_copy_of_casebooks_own(new_site: tuple[Path, Path, str]) -> None:
    from importlib import resources

    packaged = resources.files("casebook").joinpath("model", "default.yml").read_text(encoding="utf-8")
    copied = (new_site[0] / "casebook.yml").read_text(encoding="utf-8")
    assert copied.startswith("# The case model of this site")
    assert yaml.safe_load(copied) == yaml.safe_load(packaged)


def test_the_readme_says_what_to_edit_first(new_site: tuple[Path, Path, str]) -> None:
    readme = (new_site[0] / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Field notes: a casebook\n")
    steps = re.findall(r"^\d\. \*\*`?([^*`]+)", readme, flags=re.M)
    assert steps[0] == "mkdocs.yml" and "cases/example-case.yml" in steps and "docs/index.md" in steps, steps
    assert "mkdocs build --strict" in readme and "casebook validate" in readme


def test_the_name_is_one_yaml_string_whatever_it_holds() -> None:
    name = 'Notes: "terrain" # 2 — l\'été'
    config_text = next(f.text for f in site_files(name, ("fr", "en")) if f.path == "mkdocs.yml")
    config = yaml.load(config_text.replace("!ENV", ""), Loader=yaml.SafeLoader)
    assert config["site_name"] == name


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "new", "site", str(folder))
    assert code == 2
    assert f"casebook: {folder.resolve()}: not empty (it holds notes.txt); nothing was written: give a new or empty " \
           "folder" in err, err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    a_file = tmp_path / "file.md"
    a_file.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "new", "site", str(a_file))
    assert code == 2 and "is a file, not a folder" in err


def test_an_empty_folder_is_filled_and_the_site_is_found_there(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    code, _, err = run(capsys, "new", "site", str(folder))
    assert code == 0 and "README.md" in err
    site = site_at(folder)
    assert site is not None and site.paths.cases == folder / "cases"
    config = read_config(folder / "mkdocs.yml")
    assert config is not None and config["site_name"] == "empty", "the folder's name by default"


@pytest.mark.parametrize(("value", "message"), [
    ("", "give at least one language code"),
    ("en,EN", "'EN' is not a language code"),
    ("fr,fr", "fr listed twice"),
])
def test_a_bad_language_list_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, message: str) -> None:
    code, _, err = run(capsys, "new", "site", str(tmp_path / "x"), "--languages", value)
    assert code == 2 and f"--languages: {message}" in err, err
    assert not (tmp_path / "x").exists()


def test_case_options_are_not_site_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", "case", "x", "--languages", "en")
    assert code == 2 and "options of `casebook new site`" in err


@pytest.mark.parametrize("languages", ["en", "en,fr,es"])
def test_the_languages_chosen_are_the_sites(tmp_path: Path, capsys: pytest.CaptureFixture[str], languages: str) -> None:
    codes = languages.split(",")
    folder = tmp_path / "site"
    assert run(capsys, "new", "site", str(folder), "--languages", languages)[0] == 0
    config = read_config(folder / "mkdocs.yml")
    assert config is not None
    cases = next(p["casebook/cases"] for p in config["plugins"] if isinstance(p, dict) and "casebook/cases" in p)
    assert cases["languages"] == codes and config["theme"]["language"] == codes[0]
    out = folder / "out"
    result = mkdocs_build(folder, out, "--strict")
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("WARNING")], result.stderr
    for lang in codes:
        prefix = "" if lang == codes[0] else f"{lang}/"
        page = (out / prefix / "cases" / "example-case" / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page
        assert "Example case — replace it" in text_of(page) or lang == "fr"
    assert not (out / codes[0]).exists(), "the first language is at the root"
    model = yaml.safe_load((folder / "casebook.yml").read_text(encoding="utf-8"))
    assert list(model["fields"]["title"]["label"]) == codes, "the model's texts are in the site's languages"
    if codes == ["en"]:
        assert not (out / "fr").exists() and 'hreflang="fr"' not in (out / "index.html").read_text(encoding="utf-8")
        assert not (folder / "docs" / "fr").exists()
    else:
        # Spanish: Casebook's English strings to translate, and English APA terms by option
        assert (folder / "strings" / "es.yml").is_file() and not (folder / "strings" / "fr.yml").exists()
        assert cases["apa_fallback"] == "en"
        assert (out / "es" / "index.html").is_file() and (folder / "docs" / "es" / "index.md").is_file()
    code, _, err = run(capsys, "validate", "--root", str(folder))
    assert code == 0, err
