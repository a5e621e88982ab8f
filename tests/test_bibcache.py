"""The bibliography is parsed once per content: across plugins, and across rebuilds under `mkdocs serve`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from casebook.bibliography.apa import shared_apa
from casebook.bibliography.model import content_digest, load_bibliography
from casebook.mkdocs.bibliography import BibliographyPlugin

from .conftest import MINIMAL_BIB


def _bib(tmp_path: Path, text: str = MINIMAL_BIB) -> Path:
    folder = tmp_path / "bibliography"
    folder.mkdir(exist_ok=True)
    path = folder / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


def _same_size_same_time_edit(path: Path, old: str, new: str) -> None:
    """Edit without changing the size or the modification time (an mtime/size cache would miss it)."""
    assert len(old) == len(new)
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns


def test_digest_follows_content_not_time(tmp_path: Path) -> None:
    path = _bib(tmp_path)
    first = content_digest([path])
    os.utime(path, ns=(1, 1))  # only the time changes: same content, same digest
    assert content_digest([path]) == first
    _same_size_same_time_edit(path, "Un livre", "Un titre")
    assert content_digest([path]) != first


def _plugin(root: Path) -> BibliographyPlugin:
    plugin = BibliographyPlugin()
    plugin.load_config({})
    plugin.root = root
    return plugin


def test_plugin_cache_is_keyed_by_content(tmp_path: Path) -> None:
    path = _bib(tmp_path)
    plugin = _plugin(tmp_path)
    config: Any = None  # on_pre_build does not read the MkDocs config
    plugin.on_pre_build(config=config)
    bib, apa = plugin.bib, plugin.apa
    assert bib.refs["src2020"].title == "Un livre"

    os.utime(path, ns=(2, 2))  # touched, not changed: the rebuild reuses what was parsed and formatted
    plugin.on_pre_build(config=config)
    assert plugin.bib is bib and plugin.apa is apa

    _same_size_same_time_edit(path, "Un livre", "Un titre")
    plugin.on_pre_build(config=config)
    assert plugin.bib is not bib
    assert plugin.bib.refs["src2020"].title == "Un titre"
    assert plugin.apa is not None and "Un titre" in plugin.apa.reference("src2020", "fr")


def test_load_bibliography_parses_unchanged_content_once(tmp_path: Path) -> None:
    path = _bib(tmp_path)
    first = load_bibliography([path], tmp_path)
    assert load_bibliography([path], tmp_path) is first  # casebook/cases and casebook/bibliography share it
    assert shared_apa(first) is shared_apa(first)
    _same_size_same_time_edit(path, "PUQ", "PUL")
    second = load_bibliography([path], tmp_path)
    assert second is not first and second.refs["src2020"].get("publisher") == "PUL"
    assert "PUL" in shared_apa(second).reference("src2020", "en")


def test_bibliography_page_is_reused_when_nothing_it_shows_changed(site_copy: Path, tmp_path: Path) -> None:
    """Two rebuilds the way `mkdocs serve` makes them: the page is kept, unless a citation changes it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def rebuild() -> tuple[Any, Any]:
        config = load_config(config_file=str(site_copy / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        if first_build:
            config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/")
        plugin: Any = config.plugins["casebook/bibliography"]
        # (inputs, page body, list of references, search entries) per page
        return plugin._pages_cache["bibliography/index.md"], plugin._pages_cache["en/bibliography/index.md"]

    first_build = True
    fr, en = rebuild()
    first_build = False
    spat = site_copy / "cases" / "spat.yml"
    spat.write_text(spat.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    fr2, en2 = rebuild()
    assert fr2 is fr and en2 is en  # same formatter, citing pages and template: the HTML is reused
    text = spat.read_text(encoding="utf-8").replace("[@emerson2011]", "[@emerson2011; @ansell2008]", 1)
    assert "@ansell2008]" in text
    spat.write_text(text, encoding="utf-8")
    fr3, _ = rebuild()
    assert fr3 is not fr and fr3[2] != fr[2]  # spat now cites ansell2008: its "cited in" links changed
    assert (tmp_path / "site" / "bibliography" / "index.html").read_text(encoding="utf-8").count("cb-cited-in") > 0
