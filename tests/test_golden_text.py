"""No regression: the text of every built page, and the open-data exports, equal the snapshot under tests/golden/.

The site is the session's one build (``built_site`` in conftest.py). When a change alters the text on purpose:
``python -m tests.golden_text --update``, then commit tests/golden/ saying why (see tests/golden_text.py)."""

from __future__ import annotations

import difflib
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.golden_text import GOLDEN, ROOT, UPDATE_COMMAND, csv_text, page_text, read_golden, snapshot

MAX_DIFFS = 3
MAX_DIFF_LINES = 40
MAX_NAMES = 30


def _names(label: str, names: list[str]) -> list[str]:
    if not names:
        return []
    shown = names[:MAX_NAMES]
    more = f" … and {len(names) - len(shown)} more" if len(names) > len(shown) else ""
    return [f"{label} ({len(names)}): " + ", ".join(shown) + more]


def golden_report(built: dict[str, str], golden: dict[str, str]) -> str:
    """What differs between a build's texts and the snapshot's, for a person: "" when nothing does."""
    added = sorted(set(built) - set(golden))
    removed = sorted(set(golden) - set(built))
    changed = sorted(k for k in set(built) & set(golden) if built[k] != golden[k])
    if not (added or removed or changed):
        return ""
    lines = [f"The built site's text differs from the snapshot in tests/golden/ "
             f"({len(added)} added, {len(removed)} removed, {len(changed)} changed):"]
    lines += _names("added (built, not in the snapshot)", added)
    lines += _names("removed (in the snapshot, no longer built)", removed)
    lines += _names("changed", changed)
    for name in changed[:MAX_DIFFS]:
        diff = list(difflib.unified_diff(golden[name].splitlines(), built[name].splitlines(),
                                         f"tests/golden/{name} (snapshot)", f"{name} (this build)", lineterm="", n=1))
        if len(diff) > MAX_DIFF_LINES:
            diff = [*diff[:MAX_DIFF_LINES], f"… ({len(diff) - MAX_DIFF_LINES} more diff lines)"]
        lines += ["", *diff]
    lines += ["", "If the change is on purpose, regenerate the snapshot and commit it with the reason:",
              f"    {UPDATE_COMMAND}",
              "If not, the change altered what readers see: fix it."]
    return "\n".join(lines)


def test_every_page_and_export_matches_the_snapshot(built_site: Path, _server_socket: ThreadingHTTPServer) -> None:
    site_url = f"http://127.0.0.1:{_server_socket.server_address[1]}/"  # the URL built_site was built with
    report = golden_report(snapshot(built_site, site_url), read_golden())
    if report:
        pytest.fail(report, pytrace=False)


def test_the_snapshot_covers_every_case_in_both_languages_and_the_exports() -> None:
    """An empty or partial snapshot would let the comparison pass while checking nothing."""
    golden = read_golden()
    case_ids = sorted(p.stem for p in (ROOT / "cases").glob("*.yml"))
    assert case_ids
    missing = [path for cid in case_ids for path in (f"cases/{cid}/index.txt", f"en/cases/{cid}/index.txt")
               if path not in golden]
    assert missing == []
    for export in ("data/cases.json", "data/cases.csv.txt", "schema/case.schema.json"):
        assert export in golden
    for cid in case_ids:  # each case has a record in the CSV export
        assert f"\n[{cid}]\n" in golden["data/cases.csv.txt"]
    assert (GOLDEN / "index.txt").read_text(encoding="utf-8").startswith("title: ")


def test_report_names_added_removed_and_changed_pages_with_a_diff() -> None:
    golden = {"a/index.txt": "title: A\nHello\n", "gone/index.txt": "title: G\n"}
    built = {"a/index.txt": "title: A\nHullo\n", "new/index.txt": "title: N\n"}
    report = golden_report(built, golden)
    assert "added (built, not in the snapshot) (1): new/index.txt" in report
    assert "removed (in the snapshot, no longer built) (1): gone/index.txt" in report
    assert "changed (1): a/index.txt" in report
    assert "\n-Hello\n+Hullo" in report
    assert UPDATE_COMMAND in report
    assert golden_report(golden, dict(golden)) == ""


PAGE = """<!doctype html><html><head><title>A case - Casebook</title><style>p{color:red}</style>
<script>var hiddenSecret = 1;</script></head><body>
<nav class="md-nav"><a href="/">Home</a></nav>
<article class="md-content__inner md-typeset">
<h1 id="t">A  case<a class="headerlink" href="#t">¶</a></h1>
<p>First   line
of <em>text</em>.</p><p>Second</p>
<table><thead><tr><th>Actor</th><th>Role</th></tr></thead>
<tbody><tr><td>City of Laval</td><td>Funds <b>the</b> project</td></tr><tr><td>School</td><td></td></tr></tbody></table>
<ul><li>one</li><li>two<br>lines</li></ul>
<script>document.write("scriptText")</script><style>.x{}</style><!-- a comment -->
<img src="x.png" alt="A chart">
<p>Prix&nbsp;: 5&#8239;%</p>
<p><a href="../b/">Next case</a><span class="cb-small">2007–2017</span> x<sup>2</sup></p>
<section class="cb-cite-page"><h2>Cite this page</h2>
<p class="cb-ref">Casebook. (2026, December 3). <cite>A case</cite>.
<a href="http://127.0.0.1:4242/cases/a/">http:/<wbr>/<wbr>127.0.0.1:4242/<wbr>cases/<wbr>a/</a></p>
<pre><code>@online{k,
  date = {2026-12-03},
}</code></pre>
<h3>Cite the case's source</h3><p class="cb-ref">Tremblay, M. (2021, November 25). Talk.</p>
<pre><code>  date = {2021-11-25},</code></pre></section>
</article><footer>Made with Material</footer></body></html>"""


def test_page_text_keeps_what_a_reader_sees_one_block_a_line() -> None:
    lines = page_text(PAGE, "http://127.0.0.1:4242/").splitlines()
    assert lines[:11] == [
        "title: A case - Casebook",
        "# A case",  # heading marked by its level; the ¶ permalink dropped
        "First line of text.",  # inline markup and line breaks folded into one space
        "Second",
        "| Actor | Role |",  # every table cell, in order, one row a line
        "| City of Laval | Funds the project |",
        "| School |  |",
        "- one",
        "- two",
        "lines",
        "[A chart]",  # an image's alt text
    ]
    assert "Prix\u00a0: 5\u202f%" in lines  # no-break spaces are typography: kept, not folded
    assert "Next case 2007–2017 x2" in lines  # boxes side by side get a space; text then an element does not


def test_page_text_drops_scripts_styles_comments_and_what_is_outside_the_article() -> None:
    text = page_text(PAGE)
    for absent in ("hiddenSecret", "scriptText", "color:red", ".x{}", "a comment", "Home", "Made with", "¶"):
        assert absent not in text


def test_page_text_masks_the_site_url_and_only_the_page_citation_date() -> None:
    lines = page_text(PAGE, "http://127.0.0.1:4242").splitlines()
    assert "Casebook. (<date>). A case. https://SITE/cases/a/" in lines
    assert not any(line.strip().startswith("date = {2026") for line in lines)  # the page's BibTeX date: left out
    assert "@online{k," in lines
    # the case's source, cited under the h3, keeps its dates: they are content
    assert "Tremblay, M. (2021, November 25). Talk." in lines
    assert "  date = {2021-11-25}," in lines
    assert "127.0.0.1" not in "\n".join(lines)


def test_csv_text_is_one_field_a_line_under_the_record_id() -> None:
    raw = '\ufeffid,url,summary,empty\r\nspat,http://x.org/cases/spat/,"two\nlines, quoted",\r\n'
    assert csv_text(raw, "http://x.org/") == (
        "byte-order mark: yes\n"
        "columns: id, url, summary, empty\n"
        "[spat]\n"
        "id: spat\n"
        "url: https://SITE/cases/spat/\n"
        "summary: two\\nlines, quoted\n")
