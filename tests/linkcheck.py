"""Offline checker of internal links and anchors in a built static site.

Every ``href``, ``src``, ``srcset`` and ``xlink:href`` of every HTML page is resolved the way a browser would
(relative to the page, root-relative to the site, or absolute under ``site_url``); the target must be a file of the
site, and a ``#fragment`` must be an ``id`` (or an ``<a name>``) of the target page. Links leaving the site and
``mailto:``, ``tel:``, ``data:``, ``javascript:`` and ``blob:`` URLs are not followed.

Usage: ``python3 tests/linkcheck.py SITE_DIR [--site-url URL]``; it prints one line per broken link and exits 1 if
there is any. From Python: ``check_site(Path("site"), "https://example.org/")``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {"href", "src", "xlink:href", "poster", "data"}
SKIP_SCHEMES = {"mailto", "tel", "data", "javascript", "blob", "about"}
# Fragments that Material's JavaScript handles itself (its toggles), not anchors of the page.
SCRIPT_FRAGMENTS = {"__drawer", "__search", "__toc"}


@dataclass(frozen=True)
class Broken:
    page: str  # site-relative path of the page holding the link
    link: str  # the attribute value as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif tag == "base" and name == "href":
                self.base = value
            elif name in LINK_ATTRS and (name != "data" or tag == "object"):
                self.links.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.links.extend(c.strip().split()[0] for c in value.split(",") if c.strip())

    handle_startendtag = handle_starttag


@dataclass
class _Page:
    ids: set[str]
    links: list[str]
    base: str | None


class SiteChecker:
    """Checks the links of a built site folder; pages are parsed once and cached."""

    def __init__(self, site: Path, site_url: str = "") -> None:
        self.site = site.resolve()
        parts = urlsplit(site_url or "http://localhost/")
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self._pages: dict[Path, _Page] = {}

    def page(self, path: Path) -> _Page:
        if path not in self._pages:
            parser = _PageParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._pages[path] = _Page(parser.ids, parser.links, parser.base)
        return self._pages[path]

    def url_of(self, path: Path) -> str:
        """The URL under which the static host serves ``path`` (``a/index.html`` → ``/base/a/``)."""
        rel = path.relative_to(self.site).as_posix()
        if rel == "index.html":
            rel = ""
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.origin + self.base_path + rel

    def target(self, url: str) -> Path | None:
        """The file a URL of the site points at, or None if it is outside the site or missing."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        if not path.startswith(self.base_path):
            return None
        local = self.site / path[len(self.base_path):]
        try:
            local = local.resolve()
            local.relative_to(self.site)
        except (OSError, ValueError):
            return None
        if local.is_dir():
            # A host serves a folder's index.html for "folder/" (and redirects "folder" to "folder/").
            local = local / "index.html"
        return local if local.is_file() else None

    def check_page(self, path: Path) -> list[Broken]:
        page = self.page(path)
        here = self.url_of(path)
        if page.base:
            here = urljoin(here, page.base)
        name = path.relative_to(self.site).as_posix()
        broken: list[Broken] = []
        for link in page.links:
            raw = link.strip()
            if not raw:
                broken.append(Broken(name, link, "empty URL"))
                continue
            parts = urlsplit(raw)
            if parts.scheme.lower() in SKIP_SCHEMES:
                continue
            absolute = urljoin(here, raw)
            abs_parts = urlsplit(absolute)
            if f"{abs_parts.scheme}://{abs_parts.netloc}" != self.origin:
                continue  # another site: not ours to check offline
            target = self.target(absolute)
            if target is None:
                broken.append(Broken(name, link, "no such file in the site"))
                continue
            fragment = unquote(abs_parts.fragment)
            if fragment and fragment not in SCRIPT_FRAGMENTS and target.suffix == ".html" \
                    and fragment not in self.page(target).ids:
                broken.append(Broken(name, link, f"no id {fragment!r} in {target.relative_to(self.site).as_posix()}"))
        return broken

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def check(self) -> list[Broken]:
        broken: list[Broken] = []
        for path in self.pages():
            broken.extend(self.check_page(path))
        return broken


def check_site(site: Path, site_url: str = "") -> list[Broken]:
    """Every broken internal link or anchor of the built site in ``site``."""
    return SiteChecker(site, site_url).check()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site folder (mkdocs build writes site/)")
    parser.add_argument("--site-url", default="", help="the site_url it was built with (absolute links under it are "
                        "checked too); default http://localhost/")
    args = parser.parse_args(argv)
    checker = SiteChecker(args.site, args.site_url)
    broken = checker.check()
    for b in broken:
        print(b)
    print(f"{len(checker.pages())} pages, {sum(len(checker.page(p).links) for p in checker.pages())} links, "
          f"{len(broken)} broken", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
