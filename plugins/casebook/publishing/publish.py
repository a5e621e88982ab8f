"""Publishing a built site: ``sitemap.xml`` with the ``hreflang`` alternates of every page, ``robots.txt``, 404 texts.

Nothing here imports MkDocs: it reads the folder of a built static site (directory URLs, the site's first language at
the root and each other one under ``/<code>/``) and the address where the site is published (``site_url``).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from ..base.diagnostics import Diagnostic, Severity
from ..base.i18n import counterpart_url, lang_of_url, lang_prefix, site_languages
from ..base.ui import tr

NOT_FOUND = "404.html"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def site_pages(site_dir: Path) -> list[str]:
    """Site-relative URLs of the HTML pages of a built site, sorted (``""``, ``cases/x/``, ``en/``…).

    ``a/index.html`` is served as ``a/``; the 404 pages are not pages to index.
    """
    urls = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if path.name == NOT_FOUND:
            continue
        if rel == "index.html":
            urls.append("")
        elif path.name == "index.html":
            urls.append(rel[: -len("index.html")])
        else:
            urls.append(rel)
    return sorted(urls)


def absolute(site_url: str, url: str) -> str:
    """``site_url`` joined with a site-relative URL, its path percent-encoded."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + quote(url, safe="/#?=&~-._")


def alternates(url: str, pages: set[str]) -> dict[str, str]:
    """The language versions of a page that exist, by ``hreflang``, plus ``x-default`` (the site's first language).

    Empty when the page has no counterpart: a page alone in its language needs no alternates.
    """
    langs = site_languages()
    versions = {lang: counterpart_url(url, lang) for lang in langs.codes}
    versions = {lang: u for lang, u in versions.items() if u in pages}
    if len(versions) < 2 or lang_of_url(url) not in versions:
        return {}
    versions["x-default"] = versions.get(langs.default, url)
    return versions


def sitemap_xml(site_url: str, urls: list[str]) -> str:
    """A sitemap (sitemaps.org 0.9) of ``urls``, each with its ``xhtml:link`` alternates."""
    pages = set(urls)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    for url in urls:
        out.append(f"  <url>\n    <loc>{escape(absolute(site_url, url))}</loc>")
        for hreflang, alt in alternates(url, pages).items():
            out.append(f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href={quoteattr(absolute(site_url, alt))}/>')
        out.append("  </url>")
    out.append("</urlset>\n")
    return "\n".join(out)


def robots_txt(site_url: str) -> str:
    """Every crawler may read everything; the sitemap's address when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {absolute(site_url, 'sitemap.xml')}"]
    return "\n".join(lines) + "\n"


def write_publishing_files(site_dir: Path, site_url: str) -> list[Diagnostic]:
    """Write ``sitemap.xml`` (and its gzip copy) and ``robots.txt`` into a built site.

    Without ``site_url`` a sitemap cannot hold the absolute URLs it needs: none is written (an older one is
    removed) and an info diagnostic says so.
    """
    diags: list[Diagnostic] = []
    parts = urlsplit(site_url)
    if site_url and not (parts.scheme in ("http", "https") and parts.netloc):
        diags.append(Diagnostic("mkdocs.yml", 0, 0, "site_url", f"'{site_url}' is not an absolute http(s) URL; "
                                "no sitemap.xml written", Severity.WARNING))
        site_url = ""
    sitemap, sitemap_gz = site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"
    if site_url:
        text = sitemap_xml(site_url, site_pages(site_dir))
        sitemap.write_text(text, encoding="utf-8")
        sitemap_gz.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        sitemap.unlink(missing_ok=True)
        sitemap_gz.unlink(missing_ok=True)
        if not diags:
            diags.append(Diagnostic("mkdocs.yml", 0, 0, "site_url", "no site_url: no sitemap.xml written",
                                    Severity.INFO))
    (site_dir / "robots.txt").write_text(robots_txt(site_url), encoding="utf-8")
    return diags


def not_found_texts(lang: str, root: str) -> list[dict[str, str]]:
    """What the 404 page says, in ``lang`` first and then in the other languages.

    A static host serves one 404 page for every missing address (GitHub Pages serves the root ``404.html``, English
    addresses included), so each 404 page speaks every language of the site. ``root`` is the site's path (``/`` or
    ``/casebook/``): the page is served at any depth, so its links are root-relative.
    """
    root = root if root.endswith("/") else root + "/"
    order = [lang] + [other for other in site_languages().codes if other != lang]
    return [{"lang": code, "title": tr(code, "not_found"), "text": tr(code, "not_found_text"),
             "home": tr(code, "not_found_home"), "home_url": root + lang_prefix(code)} for code in order]
