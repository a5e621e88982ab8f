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

from . import material_copies
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
LOCK = ROOT / ".ci" / "requirements.lock"


def _locked_version(package: str) -> str:
    pins = [line.split(";")[0].strip() for line in LOCK.read_text(encoding="utf-8").splitlines()]
    found = [pin.split("==", 1)[1] for pin in pins if pin.lower().startswith(package + "==")]
    assert len(found) == 1, f"{LOCK.relative_to(ROOT)} pins {package} {len(found)} times"
    return found[0]


def test_installed_material_is_the_locked_one() -> None:
    """The copies are checked against the installed Material, which must be the release the lock pins."""
    pytest.importorskip("material")
    locked = _locked_version("mkdocs-material")
    assert material_copies.material_version() == locked, (
        f"mkdocs-material {material_copies.material_version()} is installed, the lock pins {locked}: "
        "install from the lock (bash .ci/test does), or upgrade everything together with bash .ci/upgrade")


@pytest.mark.parametrize("name", sorted(material_copies.COPIED_TEMPLATES))
def test_copied_template_differs_from_material_only_as_documented(name: str) -> None:
    """When Material is upgraded, this fails until the copy is refreshed from the new release (bash .ci/upgrade)."""
    pytest.importorskip("material")
    expected = material_copies.patched(name, material_copies.material_template(name))
    comment, body = material_copies.split_copy((ROOT / "theme" / name).read_text(encoding="utf-8"))
    assert body == expected
    release = material_copies.RELEASE_IN_COMMENT.search(comment)
    assert release, "our comment names the Material release the copy was made from"
    assert release.group(1) == material_copies.material_version()


def test_refresh_recopies_a_stale_copy(tmp_path: Path) -> None:
    """What bash .ci/upgrade does after a Material upgrade: a copy made from an older release is brought up to date."""
    pytest.importorskip("material")
    version = material_copies.material_version()
    for name in material_copies.COPIED_TEMPLATES:
        current = (ROOT / "theme" / name).read_text(encoding="utf-8")
        stale = current.replace(f"Material {version}'s ", "Material 9.0.1's ", 1).replace(f"material-{version}", "material-9.0.1")
        assert stale != current
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(stale, encoding="utf-8")
        assert material_copies.refresh(name, tmp_path) is True
        assert (tmp_path / name).read_text(encoding="utf-8") == current
        assert material_copies.refresh(name, tmp_path) is False


def test_a_change_that_no_longer_applies_stops_the_refresh() -> None:
    pytest.importorskip("material")
    theirs = material_copies.material_template("partials/search.html").replace('role="dialog">', 'role="dialog" id="x">')
    with pytest.raises(material_copies.PatchError, match=r"search\.html changed"):
        material_copies.patched("partials/search.html", theirs)
