"""Publishing glue of ``casebook/cases``: the 404 pages in the site's languages, ``sitemap.xml`` and ``robots.txt``.

The work is done by ``casebook.publishing.publish``; this module only hands it MkDocs' configuration and context.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation

from ..base.i18n import lang_prefix, site_languages
from ..base.ui import tr
from ..publishing.publish import not_found_texts, write_publishing_files
from .common import report


def not_found_pages() -> dict[str, str]:
    """The theme templates of the 404 pages and their language: "404.html" in the first language (MkDocs renders it
    itself; Material lists it), and "<code>/404.html" for each other language, added to the static templates."""
    langs = site_languages()
    return {"404.html": langs.default, **{f"{lang}/404.html": lang for lang in langs.others}}


def add_not_found_pages(config: MkDocsConfig) -> None:
    for name in not_found_pages():
        config.theme.static_templates.add(name)


def not_found_loader(env: jinja2.Environment) -> None:
    """Give ``env`` a template for each other language's 404 page that the theme has no file for (the theme ships
    ``en/404.html``): the 404 page itself, which :func:`not_found_context` puts in that language."""
    extra = {name: '{% extends "404.html" %}' for name in not_found_pages() if name != "404.html"}
    if extra and env.loader is not None:
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.DictLoader(extra)])


def site_root(config: MkDocsConfig) -> str:
    """The path the site is served under (``/`` or ``/casebook/``), as MkDocs uses for its 404 page."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def not_found_context(context: Any, template_name: str, config: MkDocsConfig, navs: dict[str, Navigation]) -> Any:
    """Language, navigation, switcher and texts of a 404 page; its links are root-relative (it is served anywhere)."""
    lang = not_found_pages().get(template_name)
    if lang is None:
        return context
    root = site_root(config)
    context["base_url"] = root  # MkDocs does so for "404.html" only
    context["casebook_lang"] = lang
    if lang in navs:
        context["nav"] = navs[lang]
    context["casebook_alternates"] = [
        {"lang": other, "name": tr(other, "language_name"), "url": root + lang_prefix(other), "abs": lang_prefix(other),
         "current": other == lang, "abs_prefix": lang_prefix(other), "og_locale": tr(other, "og_locale")}
        for other in site_languages().codes
    ]
    context["casebook_home"] = root + lang_prefix(lang)
    context["casebook_not_found"] = not_found_texts(lang, root)
    return context


def publish_site(config: MkDocsConfig) -> None:
    """Write ``sitemap.xml`` (with the ``hreflang`` alternates) and ``robots.txt`` into the built site."""
    report(write_publishing_files(Path(config.site_dir), config.site_url or ""))
