"""The text a reader sees on every built page, and the open-data exports, as a snapshot under ``tests/golden/``.

``tests/test_golden_text.py`` compares a fresh build with the snapshot, so a refactor that changes what a page says
fails with the page named. When a change alters the text on purpose, regenerate the snapshot and commit it::

    python -m tests.golden_text --update

What a page's text is (:func:`page_text`): its ``<title>`` and the text of its ``<article>`` (Material's content
area: headings, paragraphs, lists, table cells, captions, citations, buttons), one block a line, whitespace runs
folded to one space. Left out: the navigation, header and footer (the same on every page, so one new menu entry would
change every file), scripts, styles, comments and attribute values (except images' alt text). Masked, because they
differ between this checkout and a fresh clone, not because of the source:

- the build's ``site_url`` (the tests serve the site on a random port) becomes ``https://SITE/``;
- the page's own citation ("Cite this page") gives the date of the last commit that changed its source
  (``git log``; a shallow clone in CI dates every file with its one commit; a copy without git has none): the
  APA date becomes ``(<date>)`` and the BibTeX ``date`` field is left out.
  The dates of the case's sources, in the same section, are content and stay.

The exports: ``data/cases.json`` and ``schema/*.json`` indented, ``data/cases.csv`` one ``column: value`` line a
field, each record under its id, so a diff names the case and the column.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
UPDATE_COMMAND = "python -m tests.golden_text --update"
SITE_PLACEHOLDER = "https://SITE/"
DATE_PLACEHOLDER = "<date>"

_SKIP = frozenset({"script", "style", "template", "head"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div", "dl",
                    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                    "header", "hr", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary",
                    "table", "tbody", "tfoot", "thead", "tr", "ul", "svg", "g", "text", "button", "select"})
_SIBLING = frozenset({"a", "span", "small", "button", "img"})
_CELL = frozenset({"td", "th"})
_FOLD = re.compile(r"[ \t\n\r\f\v]+")  # ASCII whitespace only: no-break spaces are French typography, and kept
_APA_DATE = re.compile(r"\((?:\d{4}, [^()]*|s\.\sd\.|n\.d\.)\)")
_BIB_DATE = re.compile(r"\s*date\s*=\s*\{[^{}]*\},?\s*$")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.title = ""
        self._in_title = False
        self._stack: list[tuple[str, set[str]]] = []  # open elements inside the article: tag, its roles
        self._article = 0
        self._skip = 0
        self._buf: list[str] = []
        self._prefix = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._pre = 0
        self._cite = False  # inside the page's own citation (volatile date)
        self._cite_done = False
        self._after_end = False  # the last thing seen was an end tag, no text since

    # -- output
    def _flush(self) -> None:
        if self._pre:
            return
        text = "".join(self._buf)
        self._buf = []
        text = _FOLD.sub(" ", text).strip()
        if text:
            self._emit(self._prefix + text)
        self._prefix = ""

    def _emit(self, line: str) -> None:
        if self._cite:
            if _BIB_DATE.match(line):
                return  # the BibTeX date field: absent when the build has no git history
            line = _APA_DATE.sub(f"({DATE_PLACEHOLDER})", line)
        self.lines.append(line)

    def _text(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        else:
            self._buf.append(data)

    # -- parser events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "title" and not self._article:
            self._in_title = True
            return
        if tag == "article":
            self._article += 1
        if not self._article:
            return
        roles: set[str] = set()
        if tag in _SKIP or "headerlink" in classes:
            roles.add("skip")
            self._skip += 1
        if self._skip and "skip" not in roles:
            if tag not in _VOID:
                self._stack.append((tag, roles))
            return
        if "cb-cite-page" in classes and not self._cite_done:
            roles.add("cite")
        if tag == "h3" and self._cite:  # "Cite the case's source": its dates are content
            self._flush()
            self._cite = False
            self._cite_done = True
        if tag in _BLOCK or tag in _CELL or tag == "br":
            if self._cell is not None and tag not in _CELL:
                self._cell.append(" ")
            else:
                self._flush()
        if "cite" in roles:
            self._cite = True
        elif self._after_end and tag in _SIBLING:  # "</a><span>": boxes side by side, words apart
            self._text(" ")
        self._after_end = False
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._prefix = "#" * int(tag[1]) + " "
        elif tag == "li":
            self._prefix = "- "
        elif tag == "tr":
            self._row = []
        elif tag in _CELL and self._row is not None:
            self._cell = []
        elif tag == "pre":
            self._pre += 1
        elif tag == "img" and a.get("alt"):
            self._text(f"[{a['alt']}]")
        if tag not in _VOID:
            self._stack.append((tag, roles))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            return
        if not self._article or tag in _VOID:
            return
        if not any(t == tag for t, _ in self._stack):
            return  # a stray end tag
        self._after_end = True
        while self._stack:
            open_tag, roles = self._stack.pop()
            self._close(open_tag, roles)
            if open_tag == tag:
                break

    def _close(self, tag: str, roles: set[str]) -> None:
        if "skip" in roles:
            self._skip -= 1
            return
        if self._skip:
            return
        if tag in _CELL and self._row is not None and self._cell is not None:
            self._row.append(_FOLD.sub(" ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._cell is not None:
                self._row.append(_FOLD.sub(" ", "".join(self._cell)).strip())
                self._cell = None
            if any(self._row):
                self._emit("| " + " | ".join(self._row) + " |")
            self._row = None
        elif tag == "pre":
            text = "".join(self._buf)
            self._buf = []
            self._pre -= 1
            for line in text.strip("\n").split("\n"):
                if line.strip():
                    self._emit(line.rstrip())
        elif tag in _BLOCK:
            self._flush()
        if "cite" in roles:
            self._flush()
            self._cite = False
            self._cite_done = True
        if tag == "article":
            self._flush()
            self._article -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._article and not self._skip:
            self._text(data)
            self._after_end = False


def page_text(html: str, site_url: str = "") -> str:
    """The text a reader sees on one built page: its title, then its content, one block a line (see the module)."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    lines = [f"title: {_FOLD.sub(' ', parser.title).strip()}", *parser.lines]
    return _unsite("\n".join(lines), site_url) + "\n"


def _unsite(text: str, site_url: str) -> str:
    if not site_url:
        return text
    base = site_url if site_url.endswith("/") else site_url + "/"
    return text.replace(base, SITE_PLACEHOLDER)


def json_text(raw: str, site_url: str = "") -> str:
    """A JSON file indented (its keys in their order), the site's address masked."""
    return _unsite(json.dumps(json.loads(raw), ensure_ascii=False, indent=2), site_url) + "\n"


def csv_text(raw: str, site_url: str = "") -> str:
    """A CSV export as one ``column: value`` line a field, each record under ``[its id]``; line breaks in a value
    are written ``\\n``. Whether the file starts with a byte-order mark (which Excel needs) is kept as a first line."""
    bom = raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline="")))
    out = [f"byte-order mark: {'yes' if bom else 'no'}"]
    if rows:
        header = rows[0]
        out.append("columns: " + ", ".join(header))
        for row in rows[1:]:
            out.append(f"[{row[0] if row else ''}]")
            for name, value in zip(header, row, strict=False):
                if value:
                    out.append(f"{name}: " + value.replace("\r\n", "\n").replace("\n", "\\n"))
            if len(row) != len(header):
                out.append(f"(this row has {len(row)} fields, the header {len(header)})")
    return _unsite("\n".join(out), site_url) + "\n"


def snapshot(site: Path, site_url: str) -> dict[str, str]:
    """Every page's text and the exports' normalised text, keyed by their path under ``tests/golden/``: a page's
    path is its file's with ``.html`` replaced by ``.txt`` (``cases/spat/index.html`` → ``cases/spat/index.txt``)."""
    out: dict[str, str] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        out[rel.removesuffix(".html") + ".txt"] = page_text(path.read_text(encoding="utf-8"), site_url)
    exports = [site / "data" / "cases.json", *sorted((site / "schema").glob("*.json"))]
    for path in exports:
        if path.is_file():
            out[path.relative_to(site).as_posix()] = json_text(path.read_text(encoding="utf-8"), site_url)
    csv_path = site / "data" / "cases.csv"
    if csv_path.is_file():
        out["data/cases.csv.txt"] = csv_text(csv_path.read_text(encoding="utf-8"), site_url)
    return out


def read_golden(folder: Path = GOLDEN) -> dict[str, str]:
    """The committed snapshot: path under ``folder`` → text."""
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_golden(texts: dict[str, str], folder: Path = GOLDEN) -> None:
    """Replace the snapshot in ``folder`` by ``texts`` (files no longer built are removed)."""
    if folder.exists():
        shutil.rmtree(folder)
    for rel, text in texts.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")


def build(out: Path, site_url: str) -> None:
    """``mkdocs build --strict`` of the repository's site into ``out``, as the test's session fixture builds it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CASEBOOK_SITE_URL": site_url}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                             "-d", str(out)], capture_output=True, text=True, env=env, timeout=600)
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden_text", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="build the site and rewrite tests/golden/ from it")
    parser.add_argument("--site", type=Path, help="use this built site instead of building one")
    parser.add_argument("--site-url", default="http://127.0.0.1:8000/", help="the site_url it was built with")
    args = parser.parse_args(argv)
    if not args.update:
        parser.print_help()
        return 2
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site, args.site_url)
        texts = snapshot(site, args.site_url)
    write_golden(texts)
    print(f"wrote {len(texts)} files under {GOLDEN.relative_to(ROOT)}/; review `git diff --stat tests/golden` "
          "and say in the commit why the text changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
