"""What the plugins share: reporting diagnostics the MkDocs way, and the theme's Jinja environment."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import YAML_RE

from ..base.diagnostics import Diagnostic, Severity, notice_summary

log = get_plugin_logger("casebook")


def report(diags: Iterable[Diagnostic]) -> None:
    """Log warnings and infos; stop the build, before the site folder is touched, on any error.

    Warnings go through ``mkdocs.plugins.*`` so that ``mkdocs build --strict`` fails on them. Infos come one line per
    kind (``101 works in bibliography/ are never cited (casebook validate --uncited lists them)``).
    """
    errors, infos = [], []
    for d in diags:
        if d.severity is Severity.ERROR:
            errors.append(d)
        elif d.severity is Severity.WARNING:
            log.warning(d.format())
        else:
            infos.append(d)
    for line in notice_summary(infos):
        log.info(line)
    if errors:
        lines = "\n".join(f"  {d.format()}" + (f"\n      hint: {d.hint}" if d.hint else "") for d in errors)
        raise PluginError(f"Casebook found {len(errors)} error(s); the site was not rebuilt:\n{lines}")


def front_matter(title: str) -> str:
    """Front matter of a generated page.

    MkDocs and Material write ``page.meta`` values into pages as HTML, unescaped (``<title>``, the header,
    ``<meta name="description">``): a contributed title goes there escaped.
    """
    return f"---\ntitle: {json.dumps(str(escape(title)), ensure_ascii=False)}\n---\n"


def theme_env(config: MkDocsConfig) -> jinja2.Environment:
    """The theme's Jinja environment (its loaders and filters) with autoescape on, for Casebook's own templates.

    MkDocs makes its environment without autoescape: contributed texts given to templates as plain
    strings would be written as raw HTML.
    """
    env = config.theme.get_env()
    env.autoescape = True
    own = casebook_theme_dir()
    if own is not None and env.loader is not None:
        # A site that does not use Casebook's theme folder (the bibliography plugin alone, say) still finds
        # Casebook's own templates; the site's theme comes first and may override them.
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(own))])
    share_compiled_templates(env)
    return env


def use_casebook_theme(config: MkDocsConfig) -> None:
    """Put Casebook's theme folder among the theme's folders, after the site's own ``custom_dir`` and before
    Material's: a site made by ``casebook new site`` has no copy of it, yet gets Casebook's pages (its
    ``main.html``, partials, 404 pages and assets). A site whose ``custom_dir`` is that folder is left as it is."""
    own = casebook_theme_dir()
    if own is None:
        return
    dirs = config.theme.dirs
    if any(Path(d).resolve() == own.resolve() for d in dirs):
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(own))


def casebook_theme_dir() -> Path | None:
    """Casebook's ``theme/`` folder: packaged in ``casebook/theme`` by a wheel, the repository's in a checkout."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "theme", package.parents[1] / "theme"):
        if (folder / "casebook").is_dir():
            return folder
    return None


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process.

    MkDocs makes a new Jinja environment for every build, and Casebook makes its own: under
    ``mkdocs serve`` every template (Material's included) was compiled again on every rebuild. Each
    entry carries its source's checksum, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_COMPILED: dict[tuple[Any, ...], _CompiledTemplates] = {}


def share_compiled_templates(env: jinja2.Environment) -> None:
    """Give ``env`` the process-wide cache of compiled templates for its configuration.

    Compiled code depends on settings such as autoescape, extensions and the filters' kinds, so
    environments share a cache only when all of those are the same.
    """
    def kinds(table: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((name, str(getattr(fn, "jinja_pass_arg", ""))) for name, fn in table.items()))

    profile = (env.autoescape, env.finalize, tuple(sorted(env.extensions)), kinds(env.filters), kinds(env.tests),
               env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
               env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
               env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized)
    env.bytecode_cache = _COMPILED.setdefault(profile, _CompiledTemplates())


def adopt_generated(page: Any, gen: Any, *, edit_uri: str = "") -> None:
    """Give an MkDocs page what a generated page (``casebook.publishing.site.Page``) knows: its table of contents, its edit link,
    its description and its title's language. The description goes into ``page.meta`` escaped: the theme writes it
    unescaped into <meta>. A heading with a part in another language (``<span lang="en">In brief</span>``, an untranslated
    label) keeps that ``lang`` in Material's table of contents: the entry gets the heading's HTML as Material's typeset
    plugin gives it (``toc_item.typeset.title``, which partials/toc-item.html writes instead of the plain title).
    ``page.meta.title_lang``: the title's language when it is not the page's (theme/main.html, partials/header.html)."""
    page.toc = get_toc(gen.toc)
    _typeset_foreign_headings(page.toc.items, gen.toc)
    if gen.title_lang:
        page.meta["title_lang"] = gen.title_lang
    if gen.edit_path and edit_uri:
        page.edit_url = edit_uri + gen.edit_path
    if gen.description:
        page.meta["description"] = str(escape(gen.description))


def _typeset_foreign_headings(items: list[Any], tokens: list[dict[str, Any]]) -> None:
    for item, token in zip(items, tokens, strict=True):
        if 'lang="' in token.get("html", ""):
            item.typeset = {"title": token["html"]}  # our HTML: _keep_lang kept nothing but <span lang> of its parts
        _typeset_foreign_headings(item.children, token["children"])


# Generated pages reached from their index pages, not from the navigation (MkDocs would list each as "not included
# in the nav" on every build).
OFF_NAV_KINDS = frozenset({"case", "concept", "compare-rows", "compare-matrix", "compare-periods"})


def page_file(config: MkDocsConfig, src: str, kind: str, front: str) -> File:
    """The MkDocs file of a generated page."""
    return File.generated(config, src, content=front,
                          inclusion=InclusionLevel.NOT_IN_NAV if kind in OFF_NAV_KINDS else InclusionLevel.UNDEFINED)


def front_matter_lines(page: MkPage, markdown: str) -> int:
    """Lines of the .md file before ``markdown`` (MkDocs strips the YAML front matter and the blank lines after it)."""
    try:
        raw = page.file.content_string
    except (OSError, UnicodeDecodeError, TypeError):
        return 0
    if markdown and raw.endswith(markdown):
        return raw[: len(raw) - len(markdown)].count("\n")
    m = YAML_RE.match(raw)
    if not m:
        return 0
    rest = raw[m.end():]
    return raw[: m.end()].count("\n") + len(rest) - len(rest.lstrip("\n"))
