"""The fast search parser gives the sections Material's parser gives, on odd HTML and on every page of the site; its
tokenizer gives the calls ``html.parser`` gives, or leaves the page to it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from material.plugins.search.plugin import Parser

from casebook.mkdocs.searchparser import FastParser, tokens


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
    # nested excluded elements of one tag name: the inner one's end tag ends the exclusion of both
    "<div data-search-exclude><p>a</p><div data-search-exclude>b</div>c</div><p>d</p><div><div>e</div></div>",
    "<section><h2 id='s'>S</h2><div class='linenodiv'><pre>1\n2</pre></div><pre>x\n  y</pre></section>",
]

# html.parser's own reading of these differs from a naive one (a bare "<", a comment, unquoted or entity-laden
# values, upper case, <tag/>, whitespace in odd places, a script's raw text, a tag name with a dash)
TOKENIZER = [
    *ODD,
    "<P CLASS=\"X\" Data-A='1'>Up</P>",
    "<a href=\"?a=1&amp;b=2\" title='&lt;t&gt;' hidden>x &lt; y &amp; z &#x41; &eacute; &notanentity; a&b</a>",
    "<a href = \"spaced\" >s</a><br/><br /><line x='1'/><p\n  class=\"n\"\n>nl</p><p a=\"x>y\">gt in value</p>",
    "<a href=x>unquoted</a>", "a < b", "1<2", "<!-- a comment -->", "<!DOCTYPE html>", "<?pi?>", "<![CDATA[x]]>",
    "<script>if (a < b) { x = '</p>'; }</script><p>after</p>", "<style>p > a {}</style>",
    "<my-element a=\"1\">custom</my-element>", "<p\xa0class=\"x\">nbsp</p>", "<p\vclass='v'>vt</p>",
    "<p a=\"1\"b=\"2\">no space</p>", "<p>x</p x>", "<p>&amp</p>", "<p>&#0;&#x110000;&#128;</p>",
    "text at the end &amp",
    "",
]


class Recorder(HTMLParser):
    """The calls html.parser makes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, Any, Any]] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.calls.append(("start", tag, attrs))

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self.calls.append(("startend", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.calls.append(("end", tag, None))

    def handle_data(self, data: str) -> None:
        self.calls.append(("data", data, None))


def recorded(html: str) -> list[tuple[str, Any, Any]]:
    parser = Recorder()
    parser.feed(html)
    parser.close()
    return parser.calls


@pytest.mark.parametrize("html", TOKENIZER)
def test_tokenizer_gives_html_parsers_calls_or_none(html: str) -> None:
    calls = tokens(html)
    assert calls is None or calls == recorded(html)
    assert sections(FastParser, html) == sections(Parser, html)


def test_tokenizer_reads_plain_html_and_leaves_the_rest() -> None:
    assert tokens("<p class=\"a\">x &amp; y</p><br/>") == [
        ("start", "p", [("class", "a")]), ("data", "x & y", None), ("end", "p", None), ("startend", "br", [])]
    for html in ("a < b", "<!-- c -->", "<a href=x>", "<script>s</script>", "<p a=\"1\"b=\"2\">"):
        assert tokens(html) is None, html


@pytest.mark.parametrize("html", ODD)
def test_same_sections_on_odd_html(html: str) -> None:
    assert sections(FastParser, html) == sections(Parser, html)


def test_same_sections_on_every_page_of_the_site(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    left = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        body = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', html, re.S)
        for part in (html, body[1] if body else ""):
            assert sections(FastParser, part) == sections(Parser, part), path.relative_to(built_site)
            calls = tokens(part)
            assert calls is None or calls == recorded(part), path.relative_to(built_site)
        if body and tokens(body[1]) is None:
            left.append(path.relative_to(built_site).as_posix())
    # every page body (what the search plugin parses) is read by the tokenizer, none is left to html.parser (whole
    # pages, with their scripts, are)
    assert left == []
