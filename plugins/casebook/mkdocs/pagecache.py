"""Under ``mkdocs serve``, a page whose template would see what it saw in the previous build is not rendered again.

Rendering every page with Material's template (its navigation above all) was most of a rebuild, though editing one
case changes two pages. MkDocs 1.6 (and ProperDocs) converts every page first, fires ``on_env``, then for each page
picks its template (``page.meta["template"]``), fires ``on_page_context``, renders and fires ``on_post_page``.

* At ``on_env`` every page is pointed at ``casebook/pagecache.html``, which either writes the page's output kept from
  the previous build or extends the template the page asked for (the same output as that template alone).
* At ``on_page_context``, after every other plugin, a key is made of everything the template sees: the page (its
  HTML, table of contents, metadata, title, URLs, previous and next pages, ancestors, inclusion), every other value of
  the context (the navigation given to the page: each item's title, URL, metadata and active state; the languages,
  licence and citation Casebook adds…), the configuration (every option of MkDocs, the theme and each plugin), and
  the theme's files (every file in every theme folder, its size and modification time; but an installed theme's
  own icons, which change only when it is upgraded, and a server is restarted then). A value it does not know how to key stops the reuse of that
  page. When the key is the previous build's, the kept output is written.
* At ``on_post_page``, before every other plugin, the template's output is kept with its key: the other plugins'
  ``on_post_page`` run on a reused page as on a rendered one.

It is made only under ``mkdocs serve``; ``mkdocs build`` does none of it. Only what the last build rendered is kept.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markdown.extensions import Extension
from markupsafe import Markup
from mkdocs.plugins import BasePlugin
from mkdocs.theme import Theme

WRAPPER = "casebook/pagecache.html"
TEMPLATE_VAR = "casebook_page_template"  # the template the page asked for (the wrapper extends it)
CACHED_VAR = "casebook_cached_page"  # the output kept from the previous build, on a hit
_SKIPPED = {"page", "config", "nav", "pages", TEMPLATE_VAR, CACHED_VAR}


class UnkeyableError(Exception):
    """A value the key cannot describe: the page is rendered."""


class PageCache:
    """The rendered pages of the last serve build, by source file, with the key of what their template saw."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, str]] = {}  # src_uri -> (key, output of the template)
        self._made: dict[str, tuple[str, str]] = {}
        self._templates: dict[str, str] = {}  # src_uri -> template the page is rendered with
        self._asked: dict[str, Any] = {}  # src_uri -> its ``template`` metadata, None if it has none
        self._pending: dict[str, str] = {}  # src_uri -> key of the page being built
        self._build = ""  # digest of what every page shares; "" when it could not be made
        self._config: Any = None
        self._dated = False  # a theme template mentions build_date_utc: it is keyed
        self._digests: dict[int, tuple[Any, str]] = {}  # id of a navigation or file list -> (it, digest)
        self._theme_files: dict[str, bool] = {}  # "path|mtime|size" of a theme template -> mentions build_date_utc
        self.hits = 0  # pages of this build whose kept output was written
        self.keyed = 0  # pages of this build kept for the next one

    # ---- on_env ---------------------------------------------------------------------------------
    def start(self, config: Any, files: Any) -> None:
        """Point every page at the wrapper, and digest what every page shares."""
        self._made, self._pending, self._digests, self._templates, self._asked = {}, {}, {}, {}, {}
        self.hits = self.keyed = 0
        self._config = config
        try:
            theme, dated = self._theme_digest(list(config.theme.dirs))
            self._build = _digest("casebook-pagecache-1", theme, str(dated), stable(config))
            self._dated = dated
        except (UnkeyableError, OSError):
            self._build = ""
            return
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            asked = page.meta.get("template")
            self._asked[file.src_uri] = asked
            self._templates[file.src_uri] = str(asked or "main.html")
            page.meta["template"] = WRAPPER

    def _theme_digest(self, dirs: list[str]) -> tuple[str, bool]:
        """Every file of the theme folders, with its size and modification time (an installed theme's icons aside);
        and whether a template mentions ``build_date_utc`` (a value that changes every build)."""
        h = hashlib.sha256()
        dated = False
        seen: dict[str, bool] = {}
        for folder in dirs:
            h.update(f"\0dir {folder}".encode("utf-8", "surrogatepass"))
            installed = _installed(folder)
            for root, subdirs, names in os.walk(folder):
                if installed and root == folder and ".icons" in subdirs:
                    subdirs.remove(".icons")  # an installed theme's 10,000 icons: they change when it is upgraded
                subdirs.sort()
                for name in sorted(names):
                    path = os.path.join(root, name)
                    st = os.stat(path)
                    sig = f"{path}|{st.st_mtime_ns}|{st.st_size}"
                    h.update(b"\0" + sig.encode("utf-8", "surrogatepass"))
                    if name.endswith((".html", ".xml", ".j2", ".jinja")):
                        mentions = self._theme_files.get(sig)
                        if mentions is None:
                            mentions = b"build_date_utc" in Path(path).read_bytes()
                        seen[sig] = mentions
                        dated = dated or mentions
        self._theme_files = seen
        return h.hexdigest(), dated

    # ---- on_page_context ------------------------------------------------------------------------
    def context(self, context: Any, page: Any) -> Any:
        """Give the wrapper the page's template and, when nothing it sees changed, the kept output."""
        src = page.file.src_uri
        name = self._templates.get(src)
        if name is None:
            return context
        context[TEMPLATE_VAR] = name
        if not self._build:
            return context
        try:
            key = self._key(context, page, name)
        except UnkeyableError:
            return context
        self._pending[src] = key
        kept = self._kept.get(src)
        if kept is not None and kept[0] == key:
            context[CACHED_VAR] = Markup(kept[1])
            self.hits += 1
        return context

    def _key(self, context: Any, page: Any, template: str) -> str:
        if context.get("config") is not self._config:
            raise UnkeyableError("config")
        others = []
        for name in sorted(context):
            if name in _SKIPPED or (name == "build_date_utc" and not self._dated):
                continue
            others.append((name, describe(context[name])))
        nav = context.get("nav")
        return _digest(
            self._build, template, _page_key(page, self._asked), page.content or "",
            self._once(nav, _nav_static) if nav is not None else "", _active(nav) if nav is not None else "",
            self._once(context.get("pages"), _files_key), repr(others),
        )

    def _once(self, value: Any, digest: Any) -> str:
        """``digest(value)``, made once a build for the same object (the navigation every page shares)."""
        hit = self._digests.get(id(value))
        if hit is None or hit[0] is not value:
            hit = (value, _digest(digest(value, self._asked)))
            self._digests[id(value)] = hit
        return hit[1]

    # ---- on_post_page, on_post_build ------------------------------------------------------------
    def capture(self, output: str, page: Any) -> None:
        """Keep the template's output of a page (called before every other ``on_post_page``)."""
        key = self._pending.pop(page.file.src_uri, None)
        if key is not None:
            self._made[page.file.src_uri] = (key, output)
            self.keyed += 1

    def finish(self) -> None:
        """The build is written: its pages are what the next one may reuse."""
        self._kept, self._made = self._made, {}


def _installed(folder: str) -> bool:
    """Whether a theme folder belongs to an installed package (Material's, MkDocs' own)."""
    where = os.path.realpath(folder)
    roots = {os.path.realpath(p) for p in sys.path if "site-packages" in p or "dist-packages" in p}
    return any(where == r or where.startswith(r + os.sep) for r in roots)


def _digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0\1")
    return h.hexdigest()


def describe(value: Any) -> Any:
    """:func:`stable`, or for plain data (texts, numbers, lists and dictionaries of them, as Casebook's context values
    are) its ``repr``, which tells ``Markup`` from ``str`` too, and costs less."""
    return repr(value) if _plain(value, 0) else stable(value)


def _plain(value: Any, depth: int) -> bool:
    if depth > 40:
        return False
    kind = type(value)
    if kind in (str, Markup, int, float, bool, type(None)):
        return True
    if kind in (list, tuple):
        return all(_plain(v, depth + 1) for v in value)
    if kind is dict:
        return all(type(k) is str and _plain(v, depth + 1) for k, v in value.items())
    return False


def stable(value: Any, depth: int = 0) -> Any:
    """A description of ``value`` that is equal for equal values from one build to the next (no object addresses);
    :class:`UnkeyableError` for a value it does not know."""
    if depth > 40:
        raise UnkeyableError("too deep")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return (type(value).__name__, str(value))  # Markup and str are written differently
    if isinstance(value, (date, datetime)):
        return ("date", value.isoformat())
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(stable(v, depth + 1) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(stable(v, depth + 1)) for v in value)))
    if isinstance(value, Theme):
        return ("theme", value.name, tuple(value.dirs), tuple(sorted(value.static_templates)),
                stable(dict(value.items()), depth + 1))
    if isinstance(value, BasePlugin):
        return ("plugin", type(value).__module__, type(value).__qualname__, stable(value.config, depth + 1))
    if isinstance(value, Mapping):
        return ("map", type(value).__name__,
                tuple(sorted((repr(k), stable(v, depth + 1)) for k, v in value.items())))
    if type(value).__name__ == "Locale" and hasattr(value, "language"):  # the theme's locale (Babel's, or MkDocs' own)
        return ("locale", type(value).__module__, str(value))
    if isinstance(value, Extension):
        return ("md-extension", type(value).__module__, type(value).__qualname__,
                stable(value.getConfigs(), depth + 1))
    raise UnkeyableError(type(value).__qualname__)


def _link(page: Any) -> Any:
    return None if page is None else (str(page.title), str(page.url))


def _meta(page: Any, asked: dict[str, Any]) -> Any:
    """A page's metadata as the page gave it (its ``template`` is the wrapper's now)."""
    meta = dict(page.meta or {})
    src = page.file.src_uri
    if src in asked:
        if asked[src] is None:
            meta.pop("template", None)
        else:
            meta["template"] = asked[src]
    return stable(meta)


def _toc(items: Any) -> Any:
    return tuple((str(getattr(i, "title", "")), str(getattr(i, "url", "")), getattr(i, "level", None),
                  stable(getattr(i, "typeset", None)), _toc(getattr(i, "children", None))) for i in items or [])


def _page_key(page: Any, asked: dict[str, Any]) -> Any:
    ancestors = tuple(str(getattr(a, "title", "")) for a in getattr(page, "ancestors", []) or [])
    return repr((page.file.src_uri, str(page.file.inclusion), page.url, page.canonical_url, page.abs_url,
                 page.edit_url, stable(page.title), page.is_homepage, type(page.content).__name__, _toc(page.toc),
                 _meta(page, asked), _link(page.previous_page), _link(page.next_page), ancestors,
                 stable(getattr(page, "update_date", None)), stable(getattr(page, "typeset", None))))


def _nav_items(items: Any, asked: dict[str, Any]) -> Any:
    out = []
    for item in items or []:
        kind = type(item).__name__
        entry: list[Any] = [kind, stable(getattr(item, "title", None)), stable(getattr(item, "url", None))]
        if getattr(item, "is_page", False):
            entry += [item.file.src_uri, item.is_index, item.is_homepage, _meta(item, asked),
                      item.canonical_url, stable(getattr(item, "typeset", None)),
                      stable(getattr(item, "encrypted", None))]
        entry.append(_nav_items(getattr(item, "children", None), asked))
        out.append(tuple(entry))
    return tuple(out)


def _nav_static(nav: Any, asked: dict[str, Any]) -> str:
    """The navigation without its active items: titles, URLs, metadata and structure."""
    homepage = getattr(nav, "homepage", None)
    pages = tuple(str(p.url) for p in getattr(nav, "pages", []) or [])
    return repr((type(nav).__name__, _link(homepage), pages, _nav_items(getattr(nav, "items", nav), asked)))


def _active(nav: Any) -> str:
    """Which items of the navigation are active (the page's own and its sections, or the section it belongs to)."""
    marks: list[int] = []
    n = 0

    def walk(items: Any) -> None:
        nonlocal n
        for item in items or []:
            if getattr(item, "active", False):
                marks.append(n)
            n += 1
            walk(getattr(item, "children", None))

    walk(getattr(nav, "items", nav))
    return ",".join(map(str, marks))


def _files_key(files: Any, asked: dict[str, Any]) -> str:
    if files is None:
        return ""
    return repr(tuple((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files))
