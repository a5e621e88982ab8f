"""The bibliography plugin on its own: a plain Material site with no Casebook theme folder, cases or concepts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BUILD_ENV

BIB = """\
@book{ostrom1990,
  author = {Ostrom, Elinor},
  title = {Governing the Commons},
  year = {1990},
  publisher = {Cambridge University Press},
  langid = {english}
}

@article{bourgon2007,
  author = {Bourgon, Jocelyne},
  title = {Responsive, responsible and respected government},
  journal = {International Review of Administrative Sciences},
  volume = {73},
  number = {1},
  pages = {7--26},
  year = {2007},
  langid = {english}
}

@book{lemieux2018,
  author = {Lemieux, Vincent},
  title = {L'analyse politique : une introduction},
  year = {2018},
  publisher = {Presses de l'Université de Montréal},
  langid = {french}
}
"""

PAGE = """\
# Notes

Commons can be governed by their users [@ostrom1990, p. 90]. @bourgon2007 asks for a responsive government.

`[@ostrom1990]` in code stays as it is.
"""


def make_standalone(dest: Path) -> Path:
    """A minimal MkDocs site: Material, search and ``casebook/bibliography``, nothing else from Casebook."""
    (dest / "docs").mkdir(parents=True)
    (dest / "bibliography").mkdir()
    (dest / "bibliography" / "refs.bib").write_text(BIB, encoding="utf-8")
    (dest / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Standalone\nsite_url: https://example.org/\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - casebook/bibliography\n", encoding="utf-8")
    return dest


def build_standalone(src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(src / "mkdocs.yml"), "-d", str(out)],
                          capture_output=True, text=True, env=BUILD_ENV, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    src = make_standalone(tmp_path_factory.mktemp("standalone"))
    result = build_standalone(src, src / "site")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return src / "site", result.stderr


@pytest.fixture(scope="module")
def standalone(built: tuple[Path, str]) -> Path:
    return built[0]


def test_works_no_page_cites_are_listed_in_an_info_message(built: tuple[Path, str]) -> None:
    log = built[1]
    # lemieux2018 starts on line 20 of refs.bib; the Markdown page cites the other two
    assert "INFO    -  casebook: bibliography/refs.bib:20:1: lemieux2018: never cited: no page cites or lists this work" in log, log
    assert "ostrom1990: never cited" not in log and "bourgon2007: never cited" not in log
    assert "no such anchor" not in log, "MkDocs knows the anchors of the reference list the plugin adds"


def test_citations_in_a_markdown_page_link_to_its_references(standalone: Path) -> None:
    html = (standalone / "index.html").read_text(encoding="utf-8")
    # pages outside en/ follow Casebook's convention: they are French (the page's own list is « Références »)
    # each citation has an id, and its entry in the list links back to it (↩)
    assert '(<a class="cb-cite__link" id="cite-ostrom1990-1" href="#ref-ostrom1990">Ostrom, 1990, p. 90</a>)' in html
    assert '<a class="cb-cite__link" id="cite-bourgon2007-1" href="#ref-bourgon2007">Bourgon (2007)</a>' in html
    for key in ("ostrom1990", "bourgon2007"):
        entry = html[html.index(f'<li id="ref-{key}">'):]
        assert f'<a class="cb-backref" href="#cite-{key}-1"' in entry[:entry.index("</li>")]
    assert '<h2 id="references">Références</h2>' in html
    assert "<code>[@ostrom1990]</code>" in html
    refs = html[html.index('id="references"'):]
    assert refs.index("ref-bourgon2007") < refs.index("ref-ostrom1990"), "sorted by author"
    assert "lemieux2018" not in refs, "only the works the page cites"


def test_the_bibliography_pages_list_every_work_with_cited_in_and_bibtex(standalone: Path) -> None:
    for prefix in ("", "en/"):
        html = (standalone / prefix / "bibliography" / "index.html").read_text(encoding="utf-8")
        keys = re.findall(r'<li id="ref-([^"]+)"', html)
        assert keys == ["bourgon2007", "lemieux2018", "ostrom1990"]
        entry = html[html.index('id="ref-ostrom1990"'):]
        entry = entry[:entry.index("</li>")]
        assert "@book{ostrom1990," in entry
        if prefix == "":  # the citing page is French: the French bibliography leads to it
            assert '<p class="cb-cited-in">Cité dans\u00a0: <a href="../#ref-ostrom1990">Notes</a></p>' in entry
        else:
            assert "cb-cited-in" not in entry
        assert 'name="case"' not in html, "no case filter on a site without cases"
        assert "assets/casebook.js" in html and "assets/casebook.css" in html
    assert (standalone / "assets" / "casebook.js").is_file() and (standalone / "assets" / "casebook.css").is_file()
    assert "@article{bourgon2007," in (standalone / "bibliography" / "casebook.bib").read_text(encoding="utf-8")
