"""Finding a Casebook site from any folder inside it, as git finds its repository.

A site is a folder whose ``mkdocs.yml`` (or ``mkdocs.yaml``) enables one of Casebook's MkDocs plugins; its
folders (cases, concepts, bibliography, docs) come from that file's options. Nothing here imports MkDocs: the
configuration is read as plain YAML, its tags (``!ENV``, ``!!python/name``) read as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..content.corpus import Paths

PLUGINS = ("casebook/cases", "casebook/concepts", "casebook/bibliography", "casebook/compare")
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class NoSiteError(Exception):
    """No Casebook site at or above the folder: the message says where it looked and what to do."""


@dataclass(frozen=True)
class Site:
    root: Path
    config_file: Path
    paths: Paths
    docs: Path
    theme: Path | None
    site_url: str = ""
    languages: Any = ("fr", "en")  # as written in mkdocs.yml (checked by publishing.languages.declare_languages)
    apa_fallback: Any = None
    strings_dir: str = "strings"


class _TolerantLoader(yaml.SafeLoader):
    """Reads MkDocs' configuration without running anything: every tag gives ``None``."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def plugin_options(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The plugins a configuration enables, by name, with their options."""
    plugins = config.get("plugins") or []
    found: dict[str, dict[str, Any]] = {}
    items = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, {})) for p in plugins
        if isinstance(p, (str, dict)))
    for name, options in items:
        if isinstance(name, str):
            found[name] = options if isinstance(options, dict) else {}
    return found


def read_config(path: Path) -> dict[str, Any] | None:
    """The configuration in ``path``, or ``None`` when it cannot be read as a YAML mapping."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # a SafeLoader: tags give None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def site_at(folder: Path) -> Site | None:
    """The Casebook site whose configuration is in ``folder``, if there is one."""
    for name in CONFIG_NAMES:
        config_file = folder / name
        if not config_file.is_file():
            continue
        config = read_config(config_file)
        if config is None:
            continue
        plugins = plugin_options(config)
        if not any(p in plugins for p in PLUGINS):
            continue
        cases = plugins.get("casebook/cases", {})
        bib = plugins.get("casebook/bibliography", {})

        def folder_of(options: dict[str, Any], key: str, default: str) -> Path:
            value = options.get(key)
            return folder / (value if isinstance(value, str) and value else default)

        paths = Paths(folder, folder_of(cases, "cases_dir", "cases"), folder_of(cases, "concepts_dir", "concepts"),
                      folder_of(cases, "bibliography_dir", str(bib.get("bibliography_dir") or "bibliography")),
                      folder_of(cases, "model", "casebook.yml"))
        theme = config.get("theme")
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        docs = config.get("docs_dir")
        url = config.get("site_url")
        strings = cases.get("strings_dir") or bib.get("strings_dir")
        return Site(folder, config_file, paths, folder / (docs if isinstance(docs, str) and docs else "docs"),
                    folder / custom if isinstance(custom, str) and custom else None,
                    url if isinstance(url, str) else "",
                    languages=cases.get("languages") or bib.get("languages") or ("fr", "en"),
                    apa_fallback=cases.get("apa_fallback") or bib.get("apa_fallback"),
                    strings_dir=strings if isinstance(strings, str) else "strings")
    return None


def find_site(start: Path) -> Site:
    """The site at ``start`` or in the nearest folder above it (raises :class:`NoSiteError`)."""
    start = start.expanduser()
    if not start.exists():
        raise NoSiteError(f"{start}: no such folder")
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        site = site_at(folder)
        if site is not None:
            return site
    raise NoSiteError(f"no Casebook site in {here} or any folder above it: none has a mkdocs.yml that enables "
                      f"Casebook's plugins ({', '.join(PLUGINS)}). Run the command inside a site, or give --root DIR")
