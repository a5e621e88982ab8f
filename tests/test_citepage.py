"""Citing a Casebook page itself, the licence in the footer and the open data, and the home page's case cards.

Expected citations follow the *Publication Manual* (7th ed.) §10.16 (a web page on a website: author, date,
title in italics, site name, URL) and §9.8 (a group author; the site name is left out when it is the author), with
French month names and « s. d. » on French pages (the Québec guides' adaptation).
"""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
import yaml

from casebook.publishing.citepage import cite_page, git_dates, last_changed, license_of, page_key

from .conftest import ROOT, make_project, mkdocs_build


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_group_author_is_the_site_and_its_name_is_not_repeated() -> None:
    c = cite_page(site_name="Casebook", authors=[], title="Compare the cases", url="https://x.org/en/compare/",
                  date="2026-12-03", lang="en", key="k")
    assert _text(c.apa) == "Casebook. (2026, December 3). Compare the cases. https://x.org/en/compare/"
    assert "<cite>Compare the cases</cite>" in c.apa  # the title in italics
    assert "author = {{Casebook}}" in c.bibtex  # a group author: braced whole, not parsed as a person's name


def test_french_date_and_named_authors_with_the_site_name() -> None:
    c = cite_page(site_name="Casebook", authors=["Roy, M.", "Tremblay, J."], title="Comparer les cas",
                  url="https://x.org/compare/", date="2026-02-01", lang="fr", key="k")
    assert _text(c.apa).replace("\u00a0", " ") == ("Roy, M. et Tremblay, J. (2026, 1 février). Comparer les cas. Casebook. "
                                                   "https://x.org/compare/")
    assert "author = {Roy, M. and Tremblay, J.}" in c.bibtex
    en = cite_page(site_name="Casebook", authors=["Roy, M.", "Tremblay, J."], title="T", url="u", date="", lang="en", key="k")
    assert _text(en.apa).startswith("Roy, M., & Tremblay, J. (n.d.). T. Casebook.")


def test_unknown_date_and_hostile_title() -> None:
    c = cite_page(site_name="Casebook", authors=[], title='<script>alert(1)</script> & "x"', url="https://x.org/a b/",
                  date="", lang="fr", key="k")
    assert "<script>" not in c.apa and "&lt;script&gt;" in c.apa
    assert "(s. d.)" in _text(c.apa)
    assert "date =" not in c.bibtex
    assert page_key("Casebook", "en/cases/spat/") == "casebook-en-cases-spat"


def test_url_breaks_only_after_slashes() -> None:
    c = cite_page(site_name="S", authors=[], title="T", url="https://casebook.example.org/en/cases/reflexive-school-success/",
                  date="", lang="en", key="k")
    shown = re.search(r">([^<]*(?:<wbr>[^<]*)*)</a>", str(c.apa))
    assert shown and all(part.endswith("/") or part == "" for part in shown[1].split("<wbr>")[:-1])


def test_git_dates_give_each_file_its_last_commit(tmp_path: Path) -> None:
    def git(*args: str, date: str = "") -> None:
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin"}
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, env=env)

    git("init", "-q")
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "a.yml").write_text("a")
    (tmp_path / "cases" / "b.yml").write_text("b")
    git("add", ".")
    git("commit", "-qm", "one", date="2025-01-02T10:00:00+00:00")
    (tmp_path / "cases" / "b.yml").write_text("b2")
    git("commit", "-qam", "two", date="2026-03-04T10:00:00+00:00")
    dates = git_dates(tmp_path)
    assert dates == {"cases/a.yml": "2025-01-02", "cases/b.yml": "2026-03-04"}
    assert last_changed(dates, ["cases/a.yml"]) == "2025-01-02"
    assert last_changed(dates, ["cases/"]) == "2026-03-04"
    assert last_changed(dates, ["docs/x.md"]) == ""
    assert git_dates(tmp_path / "cases") == {"a.yml": "2025-01-02", "b.yml": "2026-03-04"}  # a site in a subfolder
    assert git_dates(tmp_path.parent / "not-a-repo-here") == {}


def test_licence_by_id_or_by_name_and_a_bad_one_says_what_to_write() -> None:
    assert license_of("CC-BY-4.0").url("fr") == "https://creativecommons.org/licenses/by/4.0/deed.fr"
    own = license_of({"name": "Tous droits réservés", "url": "https://x.org/droits"})
    assert (own.name, own.url("en")) == ("Tous droits réservés", "https://x.org/droits")
    with pytest.raises(ValueError, match=r"CC-BY-4\.0"):
        license_of("MIT-ish")
    with pytest.raises(ValueError, match="http"):
        license_of({"name": "X", "url": "javascript:alert(1)"})


def test_a_bad_licence_stops_the_build_with_a_message(tmp_path: Path) -> None:
    project = make_project(tmp_path / "src")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: T\ntheme: {name: material}\nplugins:\n  - casebook/cases:\n"
                                        "      license: WTFPL-ish\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "casebook/cases.license: expected one of CC-BY-4.0" in result.stderr
    assert "Traceback" not in result.stderr


# ---- the real site -------------------------------------------------------------------------------------------
def _page(built_site: Path, path: str) -> str:
    return (built_site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["", "en/", "cases/spat/", "en/cases/spat/", "compare/", "en/concepts/trust/", "en/about/"])
def test_every_page_cites_itself_with_its_own_url(built_site: Path, site_url: str, path: str) -> None:
    html = _page(built_site, path)
    box = re.search(r'<section class="cb-cite-page".*?</section>', html, re.S)
    assert box, f"/{path} has no 'cite this page'"
    apa = re.search(r'<p class="cb-ref">(.*?)</p>', box[0], re.S)
    assert apa and _text(apa[1]).endswith(site_url + path)
    assert f"url = {{{site_url + path}}}" in box[0]
    en = path.startswith("en/")
    assert ("Cite this page" if en else "Citer cette page") in box[0]
    title = unescape(re.search(r"<cite>(.*?)</cite>", apa[1], re.S)[1])  # type: ignore[index]
    if path.startswith(("cases/", "en/cases/")):
        case = yaml.safe_load((ROOT / "cases" / "spat.yml").read_text(encoding="utf-8"))
        want = case["title"]["en" if en else "fr"].strip()
        # French typography: a no-break space before the colon (the YAML keeps a plain one)
        assert title == (want if en else re.sub(r" ([:;?!])", "\u00a0\\1", want))


def test_footer_speaks_the_pages_language_and_names_the_licence(built_site: Path) -> None:
    for path, words, other in (("", "Contenus et données sous licence", "Made with"),
                               ("en/", "Content and data under the licence", "Contenus")):
        footer = re.search(r'<div class="md-copyright">.*?</div>\s*</div>', _page(built_site, path), re.S)
        assert footer and words in footer[0] and other not in footer[0]
        assert "https://creativecommons.org/licenses/by/4.0/deed." + ("en" if path else "fr") in footer[0]


def test_open_data_carries_the_licence(built_site: Path) -> None:
    data = json.loads((built_site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert data["license"]["id"] == "CC-BY-4.0" and data["license"]["name"] == "CC BY 4.0"


def test_home_page_shows_how_many_cases_and_a_card_for_each(built_site: Path) -> None:
    ids = sorted(p.stem for p in (ROOT / "cases").glob("*.yml"))
    for path, heading in (("", f"Les {len(ids)} cas"), ("en/", f"The {len(ids)} cases")):
        html = _page(built_site, path)
        assert f'<h2 id="cb-cards-title">{heading}<a class="headerlink" href="#cb-cards-title"' in html  # permalink
        links = re.findall(r'<h3 class="cb-card__title"><a href="(?:\./)?cases/([^/"]+)/">(.*?)</a>', html)
        assert sorted(cid for cid, _ in links) == ids
        for cid, shown in links:
            case = yaml.safe_load((ROOT / "cases" / f"{cid}.yml").read_text(encoding="utf-8"))
            want = (case.get("short_title") or case["title"])["en" if path else "fr"]
            assert _text(shown) == want.strip()


def test_a_cards_block_with_options_is_a_located_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "src")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("---\ntitle: x\n---\n# Accueil\n\n```casebook-cases\nsort: title\n```\n",
                                               encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: T\ntheme: {name: material}\nplugins:\n  - casebook/cases\n",
                                        encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/index.md:7:1: casebook-cases: this block takes no options" in result.stderr
