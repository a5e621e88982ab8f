"""Publishing glue of ``casebook/cases``: the 404 page in both languages, ``sitemap.xml`` and ``robots.txt``.

The work is done by ``casebook.publishing.publish``; this module only hands it MkDocs' configuration and context.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation

from ..base.i18n import LANG_NAMES, LANGS, lang_prefix
from ..publishing.publish import not_found_texts, write_publishing_files
from .common import report

# The theme templates of the 404 pages and their language. MkDocs renders "404.html" itself (Material lists it);
# "en/404.html" (theme/en/404.html) is added to the theme's static templates.
NOT_FOUND_PAGES = {"404.html": "fr", "en/404.html": "en"}


def add_not_found_pages(config: MkDocsConfig) -> None:
    for name in NOT_FOUND_PAGES:
        config.theme.static_templates.add(name)


def site_root(config: MkDocsConfig) -> str:
    """The path the site is served under (``/`` or ``/casebook/``), as MkDocs uses for its 404 page."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def not_found_context(context: Any, template_name: str, config: MkDocsConfig, navs: dict[str, Navigation]) -> Any:
    """Language, navigation, switcher and texts of a 404 page; its links are root-relative (it is served anywhere)."""
    lang = NOT_FOUND_PAGES.get(template_name)
    if lang is None:
        return context
    root = site_root(config)
    context["base_url"] = root  # MkDocs does so for "404.html" only
    context["casebook_lang"] = lang
    if lang in navs:
        context["nav"] = navs[lang]
    context["casebook_alternates"] = [
        {"lang": other, "name": LANG_NAMES[other], "url": root + lang_prefix(other), "abs": lang_prefix(other),
         "current": other == lang}
        for other in LANGS
    ]
    context["casebook_home"] = root + lang_prefix(lang)
    context["casebook_not_found"] = not_found_texts(lang, root)
    return context


def publish_site(config: MkDocsConfig) -> None:
    """Write ``sitemap.xml`` (with the ``hreflang`` alternates) and ``robots.txt`` into the built site."""
    report(write_publishing_files(Path(config.site_dir), config.site_url or ""))
