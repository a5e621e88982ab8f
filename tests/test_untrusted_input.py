"""Holes found with the hostile corpus (tests/hostile/), each closed in the core or the adapters: unit tests."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from casebook.base.diagnostics import Diagnostic
from casebook.base.yamlfile import parse_yaml
from casebook.model.loading import load_cases

from .conftest import MINIMAL_CASE, make_project

# ---- the YAML reader --------------------------------------------------------------------------------------------


def test_deep_flow_nesting_is_refused_while_scanning() -> None:
    """"[[[[…" is refused by the scanner at the 41st bracket.

    Left to the composer (which stops at the 40th node, column 49), PyYAML's scanner first reads 1,024 characters
    ahead of each bracket, as each may start a key: about a second for this line (see benchmarks/hostile.py).
    """
    text = "summary: " + "[" * 300_000 + "]" * 300_000 + "\n"
    doc, diags = parse_yaml(text, "x.yml")
    # "summary: " fills columns 1-9; bracket k stands at column 9 + k; the 41st would open flow level 41.
    assert doc is None and [d.format() for d in diags] == ["x.yml:1:50: <file>: nesting deeper than 40 levels"]


def test_flow_nesting_up_to_the_limit_still_loads() -> None:
    # Every node counts: the document mapping is level 1, 38 flow sequences reach level 39, the scalar 40.
    doc, diags = parse_yaml("a: " + "[" * 38 + "1" + "]" * 38 + "\n", "x.yml")
    assert diags == [] and doc is not None


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    """A 4 GB (sparse) file is refused from its size: reading it first would take the memory and the time."""
    project = make_project(tmp_path, {})
    with open(project / "cases" / "huge.yml", "wb") as f:
        f.truncate(4 * 1024**3)
    start = time.perf_counter()
    _, diags = load_cases(project / "cases", project)
    assert time.perf_counter() - start < 2
    # 4 × 1024³ bytes = 4,294,967,296 bytes, shown in (decimal) megabytes with one decimal.
    assert [d.format() for d in diags] == ["cases/huge.yml:1:1: <file>: file too large (4295.0 MB; the limit is 1 MB)"]


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    """Opening a FIFO to read blocks until someone writes to it: the loader must not open it."""
    project = make_project(tmp_path, {})
    fifo = project / "cases" / "pipe.yml"
    os.mkfifo(fifo)
    found: list[list[Diagnostic]] = []
    thread = threading.Thread(target=lambda: found.append(load_cases(project / "cases", project)[1]), daemon=True)
    thread.start()
    thread.join(2)
    if thread.is_alive():  # unblock the reader before failing
        with open(fifo, "wb"):
            pass
        thread.join(5)
        pytest.fail("the loader blocked on a named pipe")
    assert [d.format() for d in found[0]] == ["cases/pipe.yml:1:1: <file>: not a regular file"]


# ---- ids and names --------------------------------------------------------------------------------------------


def test_index_is_a_reserved_id(tmp_path: Path) -> None:
    """cases/index.yml would make cases/index.md, the page of the case index: the list of cases would vanish."""
    project = make_project(tmp_path, {"index.yml": MINIMAL_CASE, "good.yml": MINIMAL_CASE})
    cases, diags = load_cases(project / "cases", project)
    assert set(cases) == {"good"}
    assert [d.format() for d in diags] == [
        "cases/index.yml:1:1: <file>: the case id 'index' is reserved (its page would replace the case index): rename the file"]


def test_a_file_name_ending_in_a_newline_is_not_a_slug(tmp_path: Path) -> None:
    """Python's "$" matches before a final newline: "escape\\n" passed the slug check and became an id."""
    project = make_project(tmp_path, {"escape\n.yml": MINIMAL_CASE})
    cases, diags = load_cases(project / "cases", project)
    assert cases == {}
    assert [d.format() for d in diags] == [
        "cases/escape\\n.yml:1:1: <file>: bad case id 'escape\\n' (the file name): use lowercase letters, digits and hyphens"]


def test_control_characters_in_file_names_are_shown_escaped(tmp_path: Path) -> None:
    """A name holding a newline and an ANSI sequence would forge a diagnostic line or recolour the terminal."""
    name = "x\ngood.yml:1:1: <file>: \x1b[2Jfake\u200b.yml"  # "/" cannot be in a file name
    project = make_project(tmp_path, {name: MINIMAL_CASE})
    _, diags = load_cases(project / "cases", project)
    (line,) = [d.format() for d in diags]
    assert "\n" not in line and "\x1b" not in line and "\u200b" not in line
    assert line.startswith("cases/x\\ngood.yml:1:1: <file>: \\x1b[2Jfake\\u200b.yml:1:1: <file>: bad case id")


def test_schema_patterns_do_not_accept_a_final_newline(tmp_path: Path) -> None:
    """JSON Schema patterns follow ECMA 262, where "$" ends the text; Python's "$" let "2017-02\\n" through."""
    case = MINIMAL_CASE.replace('period: {start: "2017-02", end: "2018"}', 'period: {start: "2017-02\\n", end: "2018"}')
    case += 'sections: [{id: "notes\\n", title: {fr: T, en: T}, body: {fr: B, en: B}}]\n'
    project = make_project(tmp_path, {"x.yml": case})
    cases, diags = load_cases(project / "cases", project)
    assert cases == {}
    assert [d.format() for d in diags] == [
        "cases/x.yml:7:17: period.start: bad date '2017-02\\n': write YYYY, YYYY-MM or YYYY-MM-DD",
        "cases/x.yml:12:17: sections[0].id: bad id 'notes\\n': use lowercase letters, digits and hyphens"]


# ---- Markdown in contributed texts --------------------------------------------------------------------------


def test_images_from_other_hosts_are_dropped_with_their_text_kept() -> None:
    """An image from another host makes every reader's browser request it (a tracker): only site images stay."""
    from casebook.content.markup import TextRenderer

    html = str(TextRenderer().block(
        "a ![t1](https://tracker.example.net/p.gif) b ![t2](//tracker.example.net/p.gif) c "
        "![t3](/\\tracker.example.net/p.gif) d ![t4](data:image/png;base64,AAAA) e ![ok](img/map.png) f"))
    assert html == '<p>a  b  c  d  e <img alt="ok" src="img/map.png"> f</p>'


def test_links_are_checked_as_the_browser_reads_them() -> None:
    """Entities are decoded before the check: a mail autolink (written as entities) keeps its target."""
    from casebook.content.markup import TextRenderer, safe_url

    assert 'href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;' in str(TextRenderer().block("<cb@example.org>"))
    for bad in ("javascript&#58;alert(1)", "&#106;avascript:alert(1)", "java\tscript:alert(1)", " javascript:x",
                "\x01javascript:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd"):
        assert not safe_url(bad), bad
    for good in ("https://example.org/", "mailto:a@example.org", "#top", "../concepts/x/", "page.html"):
        assert safe_url(good), good


# ---- BibTeX -------------------------------------------------------------------------------------------------


def test_undecodable_latex_is_located_at_its_field() -> None:
    r"""bibtexparser's LaTeX decoder fails on \href: the entry was "malformed BibTeX entry" at its first line."""
    from casebook.bibliography.model import parse_bibtex

    text = ("@misc{a,\n  author = {Mallory, M.},\n  title = {A \\href{https://example.org}{link}},\n"
            "  year = {2020},\n  langid = {english},\n}\n")
    refs, diags = parse_bibtex(text, "x.bib")
    assert refs == []
    assert [d.format() for d in diags] == [
        "x.bib:3:1: a.title: cannot decode the LaTeX of 'title' (commands such as \\href are not supported): "
        "write it as plain text"]


# ---- pages ----------------------------------------------------------------------------------------------------


def test_templates_escape_and_titles_are_escaped_for_mkdocs() -> None:
    """MkDocs' Jinja environment has no autoescape, and MkDocs and Material write ``page.meta`` unescaped."""
    import yaml
    from mkdocs.config import load_config

    from casebook.mkdocs.common import front_matter, theme_env

    from .conftest import ROOT

    env = theme_env(load_config(str(ROOT / "mkdocs.yml")))
    assert env.from_string("<p>{{ text }}</p>").render(text='<img src=x onerror="x()">') == \
        "<p>&lt;img src=x onerror=&#34;x()&#34;&gt;</p>"
    front = front_matter("</title><script>x()</script> & l'été")
    assert front.startswith("---\n") and front.endswith("\n---\n")
    assert yaml.safe_load(front.strip("-\n")) == {"title": "&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; &amp; l&#39;été"}


def test_links_leaving_the_repository_are_found(tmp_path: Path) -> None:
    """MkDocs follows symbolic links in docs/ and publishes their targets (docs/key.txt -> ~/.ssh/id_rsa)."""
    from casebook.model.loading import links_leaving

    root, outside = tmp_path / "repo", tmp_path / "outside"
    (root / "docs" / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs" / "same.md").symlink_to(root / "docs" / "index.md")  # inside: allowed
    (root / "docs" / "key.txt").symlink_to(outside / "secret.txt")
    (root / "docs" / "sub" / "linked").symlink_to(outside)  # a folder: reported, not entered
    (root / "docs" / "gone.md").symlink_to(outside / "missing.md")
    assert [d.format() for d in links_leaving(root / "docs", root)] == [
        f"docs/{name}:1:1: <file>: symbolic link leading outside the repository folder: refused"
        for name in ("gone.md", "key.txt", "sub/linked")]


def test_casebook_validate_reports_links_leaving_the_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`casebook validate` refuses what the build refuses: a link in docs/ or theme/ to a file outside the folder."""
    from casebook.cli import main

    from .conftest import copy_site

    root, outside = copy_site(tmp_path / "repo"), tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    assert main(["validate", "--root", str(root)]) == 0
    capsys.readouterr()
    (root / "docs" / "key.txt").symlink_to(outside / "secret.txt")
    (root / "theme" / "leak.html").symlink_to(outside / "secret.txt")
    assert main(["validate", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    for name in ("docs/key.txt", "theme/leak.html"):
        assert f"{name}:1:1: <file>: symbolic link leading outside the repository folder: refused [error]" in out
