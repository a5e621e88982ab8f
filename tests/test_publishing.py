"""Publishing: sitemap.xml with hreflang alternates, robots.txt, canonical URLs, 404 pages in both languages,
titles and descriptions for sharing, and the README's GitHub Pages workflow."""

from __future__ import annotations

import gzip
import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from casebook.publishing.publish import (
    alternates,
    not_found_texts,
    robots_txt,
    site_pages,
    sitemap_xml,
    write_publishing_files,
)
from casebook.publishing.site import description

from .conftest import ROOT
from .linkcheck import SiteChecker

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


# ---- core.publish ----------------------------------------------------------------------------------------------------
def _site(tmp: Path, names: list[str]) -> Path:
    for name in names:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text("<p>x</p>", encoding="utf-8")
    return tmp


def test_site_pages_are_directory_urls_without_404(tmp_path: Path) -> None:
    site = _site(tmp_path, ["index.html", "404.html", "en/index.html", "en/404.html", "cases/a/index.html",
                            "en/cases/a/index.html", "old.html", "assets/x.js"])
    assert site_pages(site) == ["", "cases/a/", "en/", "en/cases/a/", "old.html"]


def test_alternates_need_both_languages() -> None:
    pages = {"", "en/", "cases/a/", "en/cases/a/", "cases/only-fr/", "en/only-en/"}
    both = {"fr": "cases/a/", "en": "en/cases/a/", "x-default": "cases/a/"}
    assert alternates("cases/a/", pages) == both
    assert alternates("en/cases/a/", pages) == both  # the same set from either side
    assert alternates("", pages) == {"fr": "", "en": "en/", "x-default": ""}
    assert alternates("cases/only-fr/", pages) == {}
    assert alternates("en/only-en/", pages) == {}


def test_sitemap_is_valid_xml_with_absolute_escaped_urls() -> None:
    text = sitemap_xml("https://example.org/casebook/", ["", "cases/a&b/", "en/", "en/cases/a&b/", "été/"])
    root = ET.fromstring(text)
    assert root.tag == f"{{{NS['s']}}}urlset"
    locs = [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)]
    assert locs == ["https://example.org/casebook/", "https://example.org/casebook/cases/a&b/",
                    "https://example.org/casebook/en/", "https://example.org/casebook/en/cases/a&b/",
                    "https://example.org/casebook/%C3%A9t%C3%A9/"]
    first = root.findall("s:url", NS)[1]
    links = {link.get("hreflang"): link.get("href") for link in first.findall("x:link", NS)}
    assert links == {"fr": "https://example.org/casebook/cases/a&b/", "en": "https://example.org/casebook/en/cases/a&b/",
                     "x-default": "https://example.org/casebook/cases/a&b/"}
    assert all(link.get("rel") == "alternate" for link in first.findall("x:link", NS))
    assert root.findall("s:url", NS)[4].findall("x:link", NS) == []  # no English counterpart


def test_robots_txt() -> None:
    assert robots_txt("https://example.org/") == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    assert robots_txt("") == "User-agent: *\nAllow: /\n"


def test_without_site_url_no_sitemap_is_left(tmp_path: Path) -> None:
    site = _site(tmp_path, ["index.html", "en/index.html"])
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")  # what MkDocs writes with relative URLs
    (site / "sitemap.xml.gz").write_bytes(b"")
    diags = write_publishing_files(site, "")
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text(encoding="utf-8")
    assert [d.field for d in diags] == ["site_url"]


def test_not_found_texts_lead_with_the_page_language() -> None:
    fr, en = not_found_texts("fr", "/casebook")
    assert (fr["lang"], en["lang"]) == ("fr", "en")
    assert (fr["home_url"], en["home_url"]) == ("/casebook/", "/casebook/en/")
    assert fr["title"] == "Page introuvable" and en["title"] == "Page not found"
    assert [t["lang"] for t in not_found_texts("en", "/")] == ["en", "fr"]


def test_description_is_plain_and_cut_at_a_word() -> None:
    assert description("Une **collaboration** [@key, p. 3] entre *écoles*.") == "Une collaboration entre écoles."
    long = description("mot " * 100, limit=50)
    assert long == "mot " * 11 + "mot…" and len(long) <= 50
    assert description("x" * 60, limit=50) == "x" * 49 + "…"


# ---- the built site --------------------------------------------------------------------------------------------------
class _Head(HTMLParser):
    """``<html lang>``, ``<title>``, meta (name and property) and ``<link rel>`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.sections: list[str] = []
        self._in_title = False
        self._in_head = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "title" and self._in_head:  # not an SVG's <title> in the body
            self._in_title = True
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        elif tag == "link" and "rel" in a:
            self.links.setdefault(a["rel"], a.get("href", ""))
        elif tag == "section" and "lang" in a:
            self.sections.append(a["lang"])

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"
        self._in_head = self._in_head and tag != "head"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, _Head]:
    """Every page of the built site but the 404 pages, by site-relative URL."""
    return {url: _head(built_site / (url + "index.html" if url == "" or url.endswith("/") else url))
            for url in site_pages(built_site)}


def test_sitemap_lists_every_page_with_its_alternates(built_site: Path, site_url: str, pages: dict[str, _Head]) -> None:
    root = ET.parse(built_site / "sitemap.xml").getroot()
    entries = {u.findtext("s:loc", namespaces=NS): {x.get("hreflang"): x.get("href") for x in u.findall("x:link", NS)}
               for u in root.findall("s:url", NS)}
    assert set(entries) == {site_url + url for url in pages}
    assert len(entries) > 250
    for loc, links in entries.items():
        assert set(links) == {"fr", "en", "x-default"}, loc  # every page of the site exists in both languages
        assert loc in (links["fr"], links["en"]) and links["x-default"] == links["fr"]
        assert links["en"] == site_url + "en/" + links["fr"][len(site_url):]
        assert set(links.values()) <= set(entries)  # alternates are pages of the sitemap
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


def test_robots_txt_points_at_the_sitemap(built_site: Path, site_url: str) -> None:
    lines = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "User-agent: *"
    assert not any(line.startswith("Disallow:") and line.split(":", 1)[1].strip() for line in lines)
    assert f"Sitemap: {site_url}sitemap.xml" in lines


def test_every_page_has_canonical_url_and_open_graph(site_url: str, pages: dict[str, _Head]) -> None:
    for url, head in pages.items():
        canonical = site_url + url
        lang = "en" if url.startswith("en/") else "fr"
        assert head.links.get("canonical") == canonical, url
        assert head.lang == lang, url
        assert head.meta["og:url"] == canonical, url
        assert head.meta["og:locale"] == {"fr": "fr_CA", "en": "en_CA"}[lang], url
        assert head.meta["og:locale:alternate"] == {"fr": "en_CA", "en": "fr_CA"}[lang], url
        assert head.meta["og:site_name"] == "Casebook" and head.meta["og:type"] == "website"
        assert head.meta["og:title"] and head.meta["og:title"] in head.title, url
        assert head.meta["og:description"] == head.meta["description"], url


def test_titles_and_descriptions_are_useful(pages: dict[str, _Head]) -> None:
    site_description = yaml.safe_load(re.sub(r"!ENV \[[^\]]*\]", "''", (ROOT / "mkdocs.yml").read_text("utf-8")))[
        "site_description"]
    for url, head in pages.items():
        assert head.title.strip().endswith(" - Casebook") and len(head.title) > len(" - Casebook") + 3, url
        description = html.unescape(head.meta.get("description", ""))
        # Every page says what it holds in its own language, not the bilingual site-wide fallback.
        assert description and description != site_description, f"{url}: no description of its own"
        assert 30 <= len(description) <= 300, f"{url}: {len(description)} characters: {description!r}"
        assert not description.endswith(" "), url
    titles = [(h.lang, h.title) for h in pages.values()]
    assert len(set(titles)) == len(titles), "two pages of one language share a title"
    for url in ("cases/", "en/cases/", "concepts/", "en/concepts/", "bibliography/", "en/bibliography/"):
        counterpart = url[3:] if url.startswith("en/") else "en/" + url
        assert pages[url].meta["description"] != pages[counterpart].meta["description"]  # translated


def test_case_description_is_its_summary(pages: dict[str, _Head]) -> None:
    case = yaml.safe_load((ROOT / "cases" / "spat.yml").read_text(encoding="utf-8"))
    words = pages["en/cases/spat/"].meta["description"].split()[:6]
    assert " ".join(words) in " ".join(case["summary"]["en"].split())


@pytest.mark.parametrize(("name", "lang"), [("404.html", "fr"), ("en/404.html", "en")])
def test_404_pages_speak_both_languages(built_site: Path, name: str, lang: str) -> None:
    head = _head(built_site / name)
    assert head.lang == lang
    assert head.sections == [lang, "en" if lang == "fr" else "fr"]  # the page's language first, then the other
    assert "Page introuvable" in head.title and "Page not found" in head.title
    assert head.meta.get("robots") == "noindex"
    assert "canonical" not in head.links
    text = (built_site / name).read_text(encoding="utf-8")
    assert 'href="/"' in text and 'href="/en/"' in text  # a way home in each language


@pytest.mark.parametrize("served_at", ["en/cases/gone/", "a/b/c/d/", "missing.html", "en/"])
def test_404_page_works_at_any_address(built_site: Path, site_url: str, served_at: str) -> None:
    """A static host answers any missing address with the root 404.html (GitHub Pages does): its links and
    assets are root-relative, so they resolve from wherever it is served."""
    checker = SiteChecker(built_site, site_url)
    page = checker.page(built_site / "404.html")
    assert page.links
    for link in page.links:
        target = urljoin(site_url + served_at, link)
        if target.startswith(site_url) and not link.startswith("#"):
            assert checker.target(target) is not None, f"{link} from {served_at}"


def test_pages_workflow_builds_strict_and_deploys() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    runs = "\n".join(step.get("run", "") for step in steps)
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "mkdocs build --strict" in runs
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    permissions = {k: v for job in workflow["jobs"].values() for k, v in (job.get("permissions") or {}).items()}
    permissions.update(workflow.get("permissions") or {})
    assert permissions.get("pages") == "write" and permissions.get("id-token") == "write"


def test_readme_tells_how_to_publish() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    for needed in ("site_url", "mkdocs build --strict", "404.html", "sitemap.xml", ".github/workflows/pages.yml"):
        assert needed in section, needed
