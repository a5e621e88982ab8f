"""No broken internal link or anchor in the built site (checker: ``tests/linkcheck.py``, offline, html.parser)."""

from __future__ import annotations

from pathlib import Path

from .linkcheck import SiteChecker, check_site, main


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_built_site_has_no_broken_link(built_site: Path, site_url: str) -> None:
    checker = SiteChecker(built_site, site_url)
    broken = checker.check()
    links = sum(len(checker.page(p).links) for p in checker.pages())
    assert links > 5000  # the check did look at the site's links
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(map(str, broken[:50]))


def test_checker_finds_missing_pages_and_anchors(tmp_path: Path) -> None:
    site = _write(tmp_path, {
        "index.html": '<h1 id="top">Home</h1><a href="cases/">ok</a> <a href="cases/x/">missing page</a>'
                      ' <a href="#top">ok</a> <a href="#nowhere">missing anchor</a>'
                      ' <a href="cases/#intro">ok</a> <a href="cases/#outro">missing anchor there</a>'
                      ' <img src="img/a.png" alt=""> <img src="img/b.png" alt="">'
                      ' <a href="https://other.example/page">another site</a> <a href="mailto:a@b.c">mail</a>'
                      ' <a href="data/">folder without index.html</a>',
        "cases/index.html": '<h2 id="intro">Intro</h2><a href="../">up</a> <a href="/cases/?q=1#intro">root-relative</a>'
                            ' <a name="legacy"></a><a href="#legacy">named anchor</a>'
                            ' <svg><a href="../#top"><text>svg link</text></a></svg>'
                            ' <img srcset="../img/a.png 1x, ../img/c.png 2x" alt="">',
        "img/a.png": "", "img/b.png.txt": "", "data/file.json": "{}",
    })
    broken = {(b.page, b.link) for b in check_site(site, "https://example.org/")}
    assert broken == {
        ("index.html", "cases/x/"), ("index.html", "#nowhere"), ("index.html", "cases/#outro"),
        ("index.html", "img/b.png"), ("index.html", "data/"), ("cases/index.html", "../img/c.png"),
    }


def test_checker_follows_absolute_links_under_site_url_and_a_sub_path(tmp_path: Path) -> None:
    site = _write(tmp_path, {
        "index.html": '<link rel="canonical" href="https://example.org/docs/"><a href="/docs/en/">ok</a>'
                      ' <a href="https://example.org/docs/en/#x">missing anchor</a> <a href="/other/">outside the site</a>'
                      ' <a href="https://example.org/docs/nope/">missing</a> <a href="https://example.org/blog/">'
                      'another part of the host, outside the site</a>',
        "en/index.html": "<p>English</p>",
    })
    broken = {(b.page, b.link) for b in check_site(site, "https://example.org/docs/")}
    assert broken == {("index.html", "https://example.org/docs/en/#x"), ("index.html", "/other/"),
                      ("index.html", "https://example.org/docs/nope/"), ("index.html", "https://example.org/blog/")}


def test_checker_command_line(tmp_path: Path) -> None:
    good = _write(tmp_path / "good", {"index.html": '<a href="#a" id="a">a</a>'})
    bad = _write(tmp_path / "bad", {"index.html": '<a href="missing.html">a</a>'})
    assert main([str(good)]) == 0
    assert main([str(bad)]) == 1
