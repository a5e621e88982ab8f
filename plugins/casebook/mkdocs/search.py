"""Per-language search: split the search plugin's index and serve it through Casebook's search worker."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ..core.searchindex import index_path, split_index
from .common import log

WORKERS = "assets/javascripts/workers"


@cache
def material_worker() -> str:
    """File name of Material's search worker (it carries a content hash that changes between releases)."""
    import material  # the theme package; only its file layout is used

    folder = Path(material.__file__).parent / "templates" / WORKERS
    names = sorted(p.name for p in folder.glob("search.*.min.js"))
    return names[-1] if names else ""


def worker_url() -> str:
    """Site-relative URL of the worker that the theme's config block gives Material (see theme/main.html)."""
    name = material_worker()
    if not name:
        return ""
    return f"{WORKERS}/casebook-search.js?material={name}"


def split_site_index(site_dir: str) -> None:
    """Rewrite ``search/search_index.json`` as a French index and write ``en/search/search_index.json``."""
    whole = Path(site_dir) / index_path("fr")
    if not whole.is_file():
        return
    index = json.loads(whole.read_text(encoding="utf-8"))
    for lang, part in split_index(index).items():
        target = Path(site_dir) / index_path(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        log.debug(f"search index {lang}: {len(part['docs'])} entries")
