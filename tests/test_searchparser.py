"""The fast search parser gives the sections Material's parser gives, on odd HTML and on every page of the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from casebook.mkdocs.searchparser import FastParser


def sections(parser_class: type, html: str) -> list[tuple[str, str | None, float, list[str], list[str], bool]]:
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, s.depth, s.title, s.text, s.is_excluded()) for s in parser.data]


ODD = [
    "plain text before any tag",
    "<p>Intro</p><h2 id='a'>A <a class='headerlink' href='#a'>¶</a></h2><p>x &amp; y</p><h3 id='b'>B</h3><ul><li>1</li><li> </li></ul>",
    "<h1>Title</h1><div><h2 id='n'>Nested</h2><p>in</p></div><p>after the nested section</p>",
    # an excluded element: Material's parser skips by tag name, so any <div> inside it, and the first </div>, end it
    "<div data-search-exclude><div>inner</div>still skipped?</div><p>kept</p><div>div text</div>",
    "<p>a<script>var x = '<p>no</p>';</script>b<style>p{}</style>c</p>",
    "<pre><code>line 1\n  line 2\n\n</code></pre><p>one\ntwo</p><sub></sub><sup> </sup>",
    "<table class='linenodiv'><tr><td>1</td></tr></table><p>code</p>",
    "<p>unclosed <b>bold<p>next</p><br><img src=x alt=y><wbr>end</p></span>",
    "<h2 id='x'>Café <em>crème</em></h2><ol><li><p>é &lt;tag&gt;</p></li></ol><h4 id='y'></h4>",
    "<svg><text>label</text><line/></svg><object><p>gone</p></object><p>&nbsp;&#233;</p>",
]


@pytest.mark.parametrize("html", ODD)
def test_same_sections_on_odd_html(html: str) -> None:
    assert sections(FastParser, html) == sections(Parser, html)


def test_same_sections_on_every_page_of_the_site(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        body = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', html, re.S)
        for part in (html, body[1] if body else ""):
            assert sections(FastParser, part) == sections(Parser, part), path.relative_to(built_site)
