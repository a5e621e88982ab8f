"""The site's languages, declared in ``mkdocs.yml`` (``languages:`` of ``casebook/cases``, the first at the root),
read once per build by every Casebook plugin (the same result whichever runs first) and handed to the domain
(``casebook.publishing.languages``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..base.i18n import Languages, site_languages
from ..base.ui import tr
from ..publishing.languages import DEFAULT_LANGUAGES, declare_languages
from .common import report


def _options(config: MkDocsConfig, name: str) -> Any:
    plugin = config.plugins.get(name)
    return getattr(plugin, "config", None)


def configure_languages(config: MkDocsConfig) -> Languages:
    """The site's languages from ``casebook/cases`` (or ``casebook/bibliography`` alone), made the domain's, with their
    strings files; the ``extra.alternate`` switcher filled in when a Casebook site leaves it out. A bad declaration, a missing
    strings file or string stops the build with located messages (PluginError)."""
    config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
    root = config_file.parent
    cases, bib = _options(config, "casebook/cases"), _options(config, "casebook/bibliography")
    declared = getattr(cases, "languages", None)
    own = getattr(bib, "languages", None)
    if cases is not None and own and declared and list(own) != list(declared):
        raise PluginError(f"{config_file.name}: plugins.casebook/bibliography.languages: {list(own)} differs from "
                          f"casebook/cases' {list(declared)}: remove it (the bibliography follows casebook/cases)")
    codes = list(declared or own or DEFAULT_LANGUAGES)
    owner = "casebook/cases" if cases is not None else "casebook/bibliography"
    fallback = getattr(cases, "apa_fallback", None) or getattr(bib, "apa_fallback", None)
    strings_dir = getattr(cases, "strings_dir", None) or getattr(bib, "strings_dir", None) or "strings"
    report(declare_languages(codes, fallback, strings_dir, root, config_file, owner))
    langs = site_languages()
    # Only for a Casebook site: the bibliography alone makes no other page in each language, so a switcher to
    # "/en/" would lead nowhere, and Material's own switcher fetches "/en/sitemap.xml", which such a site lacks.
    if cases is not None and len(codes) > 1 and not config.extra.get("alternate"):
        config.extra["alternate"] = [{"name": tr(code, "language_name"), "link": "/" + langs.prefix(code),
                                      "lang": code} for code in codes]
    return langs
