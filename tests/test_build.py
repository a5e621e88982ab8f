"""A real `mkdocs build --strict` of the site, and of broken copies of it, with the HTML checked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(src / "mkdocs.yml"), "-d", str(out), *extra],
                          capture_output=True, text=True, env=ENV, timeout=600)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


CASES = sorted(p.stem for p in (ROOT / "cases").glob("*.yml"))


@pytest.mark.parametrize("case", CASES)
def test_case_pages_exist_in_both_languages_and_switch(site: Path, case: str) -> None:
    fr = read(site, f"cases/{case}/index.html")
    en = read(site, f"en/cases/{case}/index.html")
    assert '<html lang="fr"' in fr and '<html lang="en"' in en
    assert f'href="../../en/cases/{case}/" hreflang="en"' in fr
    assert f'href="../../../cases/{case}/" hreflang="fr"' in en
    assert f"https://github.com/casebook/casebook/edit/main/cases/{case}.yml" in fr
    for html in (fr, en):
        assert "[@" not in html
        assert 'role="img"' not in html or "<title id=" in html


def test_indexes_and_glossary_and_bibliography(site: Path) -> None:
    for rel in ("cases/index.html", "en/cases/index.html", "concepts/index.html", "en/concepts/index.html",
                "bibliography/index.html", "en/bibliography/index.html", "concepts/accountability/index.html",
                "en/concepts/accountability/index.html", "schema/case.schema.json", "bibliography/casebook.bib"):
        assert (site / rel).exists(), rel
    index = read(site, "cases/index.html")
    # One row a case (the rows carry their values for the script: <tr data-…>), and the header row.
    assert index.count("<tr") == len(list((ROOT / "cases").glob("*.yml"))) + 1
    bib = read(site, "en/bibliography/index.html")
    assert 'id="ref-baril2025"' in bib and "Cited in" in bib


def test_this_site_words_its_index_descriptions_with_its_own_strings(site: Path) -> None:
    """strings/fr.yml and strings/en.yml (this site's) replace Casebook's generic descriptions and link home."""
    def description(path: str) -> str:
        found = re.search(r'<meta name="description" content="([^"]*)"', read(site, path))
        assert found, path
        return found[1]

    assert "secteur public québécois" in description("cases/index.html")
    assert "Québec&#39;s public sector" in description("en/cases/index.html")
    assert description("concepts/index.html").startswith("Glossaire bilingue")
    assert "accueil de Casebook" in read(site, "404.html")  # Aller à l'accueil de Casebook


def test_concept_page_lists_cases_that_use_it(site: Path) -> None:
    html = read(site, "concepts/accountability/index.html")
    assert 'href="../../cases/omhm-dis-hsmn/"' in html


def test_no_third_party_requests(site: Path, site_url: str) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', html):
            assert src.startswith(site_url), (page, src)


def test_search_index_exists(site: Path) -> None:
    assert (site / "search" / "search_index.json").exists()


@pytest.mark.parametrize("case", CASES)
def test_every_section_of_a_case_page_is_searched_in_its_language(site: Path, case: str) -> None:
    """Each heading of a case page (its body is held compressed until the page is rendered) has its search entry,
    with the heading as title, in the index of the page's language."""
    import html
    import json

    for prefix, index in (("", "search/search_index.json"), ("en/", "en/search/search_index.json")):
        page = read(site, f"{prefix}cases/{case}/index.html")
        body = page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
        headings = dict(re.findall(r'<h[23] id="([^"]+)">(.*?)<a class="headerlink"', body))
        assert len(headings) > 5, (prefix, case)
        docs = {d["location"]: d for d in json.loads(read(site, index))["docs"]}
        for ident, title in headings.items():
            entry = docs.get(f"cases/{case}/#{ident}")
            assert entry is not None, (prefix, case, ident)
            assert html.unescape(entry["title"]) == html.unescape(re.sub(r"<[^>]+>", "", title)).strip(), (prefix, case, ident)


def test_broken_case_stops_the_build_with_located_errors(site_copy: Path, tmp_path: Path) -> None:
    case = site_copy / "cases" / "spat.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("summary:", "summmary:", 1), encoding="utf-8")
    result = build(site_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    # one mistake, one error, at the misspelt key, with the field it stands for (not also "'summary' is required")
    assert re.search(r"cases/spat\.yml:\d+:1: summmary: unknown key 'summmary'; did you mean 'summary'\? "
                     r"\('summary' is required\)\n      hint: the fields allowed here: actors, ", result.stderr), result.stderr
    assert "Casebook found 1 error(s)" in result.stderr


def test_missing_english_fails_strict_but_builds_with_notice(site_copy: Path, tmp_path: Path) -> None:
    case = site_copy / "cases" / "spat.yml"
    text = case.read_text(encoding="utf-8")
    m = re.search(r"^place:\n  fr: .*\n  en: .*\n", text, re.M) or re.search(r"^place: \{fr: [^,]+, en: [^}]+\}\n", text, re.M)
    assert m, "place field not found"
    text = text.replace(m[0], "place:\n  fr: Québec\n")
    case.write_text(text, encoding="utf-8")
    strict = build(site_copy, tmp_path / "strict", "--strict")
    assert strict.returncode != 0
    assert "place.en: English translation pending" in strict.stderr
    loose = build(site_copy, tmp_path / "loose")
    assert loose.returncode == 0, loose.stderr
    en = (tmp_path / "loose" / "en" / "cases" / "spat" / "index.html").read_text(encoding="utf-8")
    assert "Translation pending" in en and '<span lang="fr" class="cb-pending">Québec</span>' in en


def test_script_in_a_case_is_escaped(site_copy: Path, tmp_path: Path) -> None:
    case = site_copy / "cases" / "spat.yml"
    text = case.read_text(encoding="utf-8")
    text += "sections:\n  - id: x\n    title: {fr: '<script>alert(1)</script>', en: '<b onclick=x>t</b>'}\n    body: {fr: '[a](javascript:alert(1))', en: '<img src=x onerror=alert(1)>'}\n"
    case.write_text(text, encoding="utf-8")
    assert "sections:" not in text.split("sections:", 1)[0] or True
    result = build(site_copy, tmp_path / "out")
    if result.returncode != 0:  # the case may already have sections: the duplicate key is then reported
        assert "duplicate key 'sections'" in result.stderr
        return
    fr = (tmp_path / "out" / "cases" / "spat" / "index.html").read_text(encoding="utf-8")
    en = (tmp_path / "out" / "en" / "cases" / "spat" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in fr and "&lt;script&gt;alert(1)" in fr
    assert "javascript:alert" not in fr
    assert "<img src=x" not in en and "<b onclick" not in en


def test_a_case_lists_its_source_among_its_references_and_cited_in_leads_there(site: Path) -> None:
    # cases/spat.yml names maillet-ch5 in `sources` only; the bibliography's "Cité dans" must land on its entry there.
    for prefix in ("", "en/"):
        case = read(site, f"{prefix}cases/spat/index.html")
        assert 'id="ref-maillet-ch5"' in case
        bib = read(site, f"{prefix}bibliography/index.html")
        entry = bib[bib.index('id="ref-maillet-ch5"'):]
        entry = entry[:entry.index("</li>")] if "</li>" in entry else entry[:4000]
        assert 'href="../cases/spat/#ref-maillet-ch5"' in entry


def test_search_has_one_entry_per_reference_at_its_anchor(site: Path) -> None:
    """The bibliography pages are searched reference by reference, in the page's language."""
    import json

    keys = set(re.findall(r'<li id="ref-([^"]+)"', read(site, "bibliography/index.html")))
    assert len(keys) > 150
    for lang, index in (("fr", "search/search_index.json"), ("en", "en/search/search_index.json")):
        docs = json.loads(read(site, index))["docs"]
        refs = {d["location"].split("#ref-")[1]: d for d in docs if d["location"].startswith("bibliography/#ref-")}
        assert set(refs) == keys, lang
        wood = refs["wood1991"]  # Wood & Gray (1991), an English article
        assert wood["title"] == ("Wood et Gray (1991)" if lang == "fr" else "Wood and Gray (1991)")  # APA narrative form
        # APA 7 §6.17: the list, and so its search entry, prints the English title in sentence case.
        assert "Toward a comprehensive theory of collaboration" in wood["text"] and "<" not in wood["text"]
        page = next(d for d in docs if d["location"] == "bibliography/")
        assert "@article" not in page["text"] and "Tous" not in page["text"], "no BibTeX, no filter labels"


def test_without_a_search_plugin_the_list_is_in_the_page_and_listed_works_count_for_the_case_filter(
        site_copy: Path, tmp_path: Path) -> None:
    config = site_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - search:\n      lang: [fr, en]\n", ""), encoding="utf-8")
    spat = site_copy / "cases" / "spat.yml"
    original = spat.read_text(encoding="utf-8")
    assert "works: [emerson2011]\n" in original and "wood1991" not in original
    spat.write_text(original.replace("works: [emerson2011]\n", "works: [emerson2011, wood1991]\n"), encoding="utf-8")
    result = build(site_copy, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out" / "search" / "search_index.json").exists()
    for prefix in ("", "en/"):
        html = (tmp_path / "out" / prefix / "bibliography" / "index.html").read_text(encoding="utf-8")
        assert "casebook:bibliography-list" not in html
        article = html[html.index("<article"):html.index("</article>")]
        assert article.count('<li id="ref-') == html.count('<li id="ref-') > 150
        entry = article[article.index('id="ref-wood1991"'):]
        entry = entry[:entry.index("</li>")]
        assert re.search(r'data-cases="[^"]*\bspat\b', entry), "spat lists wood1991 among its works"
        assert 'href="../cases/spat/#ref-wood1991"' in entry


def test_a_build_logs_no_noise(tmp_path: Path) -> None:
    """Generated pages reached from their indexes are not "not included in the nav", and the anchors of the reference
    lists added to pages are known to MkDocs' link checks; what remains is the summary and one line for all the uncited
    works, with their number (the entries `casebook validate --uncited` lists)."""
    result = build(ROOT, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    summary = ("INFO    -  Cleaning site", "INFO    -  Building documentation", "INFO    -  Documentation built")
    uncited = [ln for ln in lines if "never cited" in ln]
    noise = [ln for ln in lines if ln not in uncited and not ln.startswith(summary)
             and not re.fullmatch(r"INFO    -  casebook: \d+ cases, \d+ concepts, \d+ references loaded", ln)]
    assert noise == [], noise
    listed = subprocess.run([sys.executable, "-m", "casebook", "validate", "--uncited", "--root", str(ROOT)],
                            capture_output=True, text=True, env=ENV, timeout=120)
    works = [ln for ln in listed.stdout.splitlines() if ln.endswith("never cited: no page cites or lists this work [info]")]
    assert len(works) > 1
    assert uncited == [f"INFO    -  casebook: {len(works)} works in bibliography/ are never cited "
                       "(casebook validate --uncited lists them)"]
