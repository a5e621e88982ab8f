"""The Nu HTML Checker (vnu-jar) finds no error in any page of the built site, and the Material templates Casebook
copies into ``theme/`` to make them valid differ from Material's only by the documented changes."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

VNU_JAR = ROOT / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of every type, both languages: the check covers all pages, this proves each type was among them.
PAGE_TYPES = {
    "home": ["index.html", "en/index.html"],
    "hand-written page": ["about/index.html", "en/about/index.html"],
    "cases index": ["cases/index.html", "en/cases/index.html"],
    "case": ["cases/spat/index.html", "en/cases/spat/index.html"],
    "concepts index": ["concepts/index.html", "en/concepts/index.html"],
    "concept": ["concepts/accountability/index.html", "en/concepts/accountability/index.html"],
    "bibliography": ["bibliography/index.html", "en/bibliography/index.html"],
    "404": ["404.html", "en/404.html"],
}


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    if not java:
        pytest.fail("java is not installed (bash .ci/test installs Debian's default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} is missing: run `npm ci --prefix .ci --ignore-scripts`")
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


@pytest.fixture(scope="module")
def html_pages(built_site: Path) -> list[Path]:
    return sorted(built_site.rglob("*.html"))


@pytest.fixture(scope="module")
def vnu_messages(built_site: Path, html_pages: list[Path]) -> list[dict[str, Any]]:
    """Every error the checker reports, all pages checked in one run (the JVM is slow to start)."""
    result = subprocess.run([*_vnu_command(), *map(str, html_pages)], capture_output=True, text=True, timeout=300)
    report = result.stderr.strip() or result.stdout.strip()  # vnu writes its report on stderr
    try:
        messages: list[dict[str, Any]] = json.loads(report)["messages"]
    except (ValueError, KeyError) as exc:
        raise AssertionError(f"unreadable vnu output (exit {result.returncode}): {report[:2000]}") from exc
    assert result.returncode == (1 if messages else 0), report[:2000]
    return messages


def test_every_page_type_is_checked(html_pages: list[Path], built_site: Path) -> None:
    checked = {p.relative_to(built_site).as_posix() for p in html_pages}
    missing = {kind: [p for p in pages if p not in checked] for kind, pages in PAGE_TYPES.items()}
    assert not {k: v for k, v in missing.items() if v}
    assert len(checked) > 200  # ten cases and 115 concepts in two languages


def test_compare_page_is_checked(html_pages: list[Path], built_site: Path) -> None:
    checked = {p.relative_to(built_site).as_posix() for p in html_pages}
    if "compare/index.html" not in checked:
        pytest.skip("the site has no compare page yet (casebook/compare is not in mkdocs.yml)")
    assert "en/compare/index.html" in checked


def test_no_html_errors(vnu_messages: list[dict[str, Any]], built_site: Path) -> None:
    by_page: dict[str, list[str]] = defaultdict(list)
    for m in vnu_messages:
        page = m.get("url", "?").removeprefix("file:").replace(str(built_site) + "/", "")
        by_page[page].append(f"  line {m.get('lastLine', '?')}: {m.get('message', '')} [{(m.get('extract') or '').strip()[:120]}]")
    summary = "\n".join(f"{page}:\n" + "\n".join(lines[:5]) for page, lines in sorted(by_page.items())[:30])
    assert not vnu_messages, f"{len(vnu_messages)} HTML error(s) on {len(by_page)} page(s):\n{summary}"


# ---- Material templates copied into theme/ -------------------------------------------------------------------------
MATERIAL_HEADER = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
COPIED_TEMPLATES = {
    # theme file: [(Material's text, ours)]
    "base.html": [(
        '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
        '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n',
        '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
        '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">\n'
        '    <script>document.getElementById("__drawer").checked=document.getElementById("__search").checked=false'
        '</script>\n')],
    "partials/toc.html": [('<label class="md-nav__title" for="__toc">',
                           '<label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>')],
    "partials/search.html": [('<div class="md-search" data-md-component="search" role="dialog">',
                              '<div class="md-search" data-md-component="search" role="dialog" '
                              "aria-label=\"{{ lang.t('search') }}\">")],
}


def _material_templates() -> Path:
    material = pytest.importorskip("material")
    return Path(material.__file__).parent / "templates"


@pytest.mark.parametrize("name", sorted(COPIED_TEMPLATES))
def test_copied_template_differs_from_material_only_as_documented(name: str) -> None:
    """When Material is upgraded, this fails until the copy is refreshed from the new release."""
    theirs = (_material_templates() / name).read_text(encoding="utf-8")
    assert theirs.startswith(MATERIAL_HEADER)
    expected = theirs[len(MATERIAL_HEADER):]
    for old, new in COPIED_TEMPLATES[name]:
        assert expected.count(old) == 1, f"Material's {name} changed: {old!r} not found"
        expected = expected.replace(old, new)
    ours = (ROOT / "theme" / name).read_text(encoding="utf-8")
    assert ours.startswith("{#-"), "our copy starts with a comment saying why it exists"
    body = ours[ours.index("-#}\n") + len("-#}\n"):]
    assert body == expected
