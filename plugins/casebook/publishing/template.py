"""The commented, bilingual template of a new case (``casebook new case ID``; the guides show the same text)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .project import Site

MODELINE = "# yaml-language-server: $schema="
REPO_SCHEMA = "../plugins/casebook/schemas/case.schema.json"  # from cases/ in Casebook's own repository


def template_text() -> str:
    """The template as the guides show it (the repository's own schema on its first line)."""
    return resources.files("casebook").joinpath("templates", "case.yml").read_text(encoding="utf-8")


def case_template(site: Site) -> str:
    """The template for a new case of ``site``: its first line points the editor at a schema the site has."""
    text = template_text()
    first, rest = text.split("\n", 1)
    assert first == MODELINE + REPO_SCHEMA, first
    cases = site.paths.cases
    if (cases / REPO_SCHEMA).is_file():
        return text
    installed = Path(str(resources.files("casebook").joinpath("schemas", "case.schema.json")))
    if installed.is_file():
        return MODELINE + Path(os.path.relpath(installed, cases)).as_posix() + "\n" + rest
    if site.site_url:
        return MODELINE + site.site_url.rstrip("/") + "/schema/case.schema.json\n" + rest
    return rest
