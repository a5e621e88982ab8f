"""What the three plugins share: reporting diagnostics the MkDocs way, and the theme's Jinja environment."""

from __future__ import annotations

import json
from collections.abc import Iterable

import jinja2
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..core.diagnostics import Diagnostic, Severity

log = get_plugin_logger("casebook")


def report(diags: Iterable[Diagnostic]) -> None:
    """Log warnings and infos; stop the build, before the site folder is touched, on any error.

    Warnings go through ``mkdocs.plugins.*`` so that ``mkdocs build --strict`` fails on them.
    """
    errors = []
    for d in diags:
        if d.severity is Severity.ERROR:
            errors.append(d)
        elif d.severity is Severity.WARNING:
            log.warning(d.format())
        else:
            log.info(d.format())
    if errors:
        lines = "\n".join(f"  {d.format()}" for d in errors)
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
    return env
