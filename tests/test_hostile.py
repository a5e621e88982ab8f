"""Hostile and broken input (issue 7): every file of the corpus in ``tests/hostile/`` ends in a located error or in
inert, escaped text, quickly, and leaves the rest of the site alone.

The cheap checks run the core loaders in-process, one corpus item at a time. The builds are batched: one clean
build of a copy of the real site, then one copy with every inert item and one with every broken item, each built
with and without ``--strict``. What each item must end in is in ``tests/hostile_corpus.py``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casebook.base.diagnostics import Severity
from casebook.bibliography.model import load_bibliography
from casebook.model.loading import load_cases, load_concepts, load_schemes

from .conftest import BUILD_ENV, ROOT, copy_site, mkdocs_build
from .hostile_corpus import (
    BROKEN,
    DOCS_SYMLINK,
    HOSTILE,
    IGNORED_NAMES,
    INERT,
    ITEMS,
    Item,
    Located,
    empty_project,
    install,
    load,
)

# A behaviour guard, not a benchmark (benchmarks/hostile.py prints the figures): no corpus file may make the
# loader crawl, as an alias bomb or a deep nesting does with a naive loader.
LOAD_BOUND_S = 2.0


# ---- the loaders, one item at a time ---------------------------------------------------------------------------

@pytest.mark.parametrize("item", [*ITEMS, DOCS_SYMLINK], ids=lambda i: i.id)
def test_loader_ends_in_located_errors_or_loads(item: Item, tmp_path: Path) -> None:
    project = empty_project(tmp_path / "project")
    item.install(project, tmp_path / "outside")
    start = time.perf_counter()
    diags = load(item, project)
    elapsed = time.perf_counter() - start
    errors = [d.format() for d in diags if d.severity is Severity.ERROR]
    assert elapsed < LOAD_BOUND_S, f"{item.id}: {elapsed:.2f} s"
    for expected in item.errors:
        assert any(expected.matches(e) for e in errors), (expected, errors)
    # Nothing else: one error for each expected one.
    assert len(errors) == len(item.errors), errors
    assert not any(d.severity is Severity.WARNING for d in diags), diags


def test_inert_cases_and_concepts_load(tmp_path: Path) -> None:
    project = empty_project(tmp_path / "project")
    install(INERT, project, tmp_path / "outside")
    cases, _ = load_cases(project / "cases", project)
    concepts, _ = load_concepts(project / "concepts", project)
    assert set(cases) == {"hostile-injection", "hostile-urls"}  # the ignored names are not cases
    assert "hostile-concept" in concepts
    assert "hostile-scheme" in load_schemes(project / "concepts", project)[0]


def test_string_macros_are_not_expanded(tmp_path: Path) -> None:
    bib = load_bibliography([HOSTILE / "bibliography" / "hostile-string-bomb.bib"])
    assert bib.refs["hostile-string-bomb"].title == "a29 # a29"


# ---- builds -----------------------------------------------------------------------------------------------------

Build = tuple[subprocess.CompletedProcess[str], Path]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """Every build of the module, run side by side: the clean copy and the inert copy (loose and strict), then the
    broken copy (loose and strict), each into a folder holding the clean site, as the last good build would."""
    root = tmp_path_factory.mktemp("hostile")
    clean, inert, broken = (copy_site(root / name) for name in ("clean", "inert", "broken"))
    install(INERT, inert, root / "outside-inert")
    install(BROKEN, broken, root / "outside-broken")

    def run(jobs: dict[str, tuple[Path, tuple[str, ...]]]) -> dict[str, Build]:
        with ThreadPoolExecutor(len(jobs)) as pool:
            futures = {name: pool.submit(mkdocs_build, src, root / f"site-{name}", *extra) for name, (src, extra) in jobs.items()}
            return {name: (f.result(), root / f"site-{name}") for name, f in futures.items()}

    out = run({"clean": (clean, ("--strict",)), "inert-loose": (inert, ()), "inert-strict": (inert, ("--strict",))})
    assert out["clean"][0].returncode == 0, out["clean"][0].stderr
    for name in ("broken-loose", "broken-strict"):
        shutil.copytree(out["clean"][1], root / f"site-{name}")
    out.update(run({"broken-loose": (broken, ()), "broken-strict": (broken, ("--strict",))}))
    return out


@pytest.fixture(scope="module")
def clean_site(builds: dict[str, Build]) -> Path:
    return builds["clean"][1]


@pytest.fixture(scope="module")
def inert_src(builds: dict[str, Build]) -> Path:
    return builds["clean"][1].parent / "inert"


@pytest.fixture(scope="module")
def broken_src(builds: dict[str, Build]) -> Path:
    return builds["clean"][1].parent / "broken"


@pytest.fixture(scope="module")
def inert_builds(builds: dict[str, Build]) -> dict[str, Build]:
    return {"loose": builds["inert-loose"], "strict": builds["inert-strict"]}


@pytest.fixture(scope="module")
def broken_builds(builds: dict[str, Build]) -> dict[str, Build]:
    return {"loose": builds["broken-loose"], "strict": builds["broken-strict"]}


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def real_case_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "cases").glob("*.yml"))


class Scan(HTMLParser):
    """Elements, attributes, script bodies and the text a reader sees (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[str, str]] = []  # (type, body)
        self.text: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = True
            self.scripts.append((dict(attrs).get("type") or "", ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False

    def handle_data(self, data: str) -> None:
        if self._script:
            kind, body = self.scripts[-1]
            self.scripts[-1] = (kind, body + data)
        else:
            self.text.append(data)


def scan(path: Path) -> Scan:
    parser = Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "srcset"}
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)
OTHER_HOST = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
DATA_SCRIPTS = {"application/json", "application/ld+json"}
FORBIDDEN_TAGS = {"iframe", "textarea", "object", "embed", "base", "frame", "frameset", "applet"}


def browser_url(value: str) -> str:
    return re.sub(r"[\x00-\x20]", "", value).replace("\\", "/")


def live_markup(page: Scan) -> list[str]:
    """Everything in a page that would run script, load from elsewhere or come from the hostile input."""
    found = []
    for tag, attrs in page.elements:
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name == "srcdoc":
                found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and UNSAFE_SCHEME.match(browser_url(value)):
                found.append(f"<{tag} {name}={value!r}>")
            if tag == "img" and name in {"src", "srcset"} and OTHER_HOST.match(browser_url(value)):
                found.append(f"<img {name}={value!r}>")
    for kind, body in page.scripts:
        # Hostile text may sit in JSON data (JSON-LD, search config) but never as code, and never with a "<"
        # that could close the element ("</script>") or open a comment.
        if "cb(" in body and (kind not in DATA_SCRIPTS or "<" in body):
            found.append(f"<script type={kind!r}>{body[:60]}")
    return found


@pytest.fixture(scope="module")
def changed_pages(clean_site: Path, inert_builds: dict[str, Build]) -> dict[str, Scan]:
    """The HTML pages of the strict inert build that differ from the clean build (where hostile text can be)."""
    result, site = inert_builds["strict"]
    assert result.returncode == 0, result.stderr
    clean, dirty = digests(clean_site), digests(site)
    return {rel: scan(site / rel) for rel, digest in dirty.items() if rel.endswith(".html") and clean.get(rel) != digest}


def test_inert_corpus_builds_loose_and_strict(inert_builds: dict[str, Build]) -> None:
    for mode, (result, site) in inert_builds.items():
        assert result.returncode == 0, (mode, result.stderr)
        assert "Traceback" not in result.stderr
        for case in ("hostile-injection", "hostile-urls"):
            assert (site / "cases" / case / "index.html").exists() and (site / "en" / "cases" / case / "index.html").exists()
    assert digests(inert_builds["loose"][1]) == digests(inert_builds["strict"][1])


def test_no_live_markup_from_the_corpus(changed_pages: dict[str, Scan]) -> None:
    assert "cases/hostile-injection/index.html" in changed_pages and "en/concepts/hostile-concept/index.html" in changed_pages
    problems = {rel: found for rel, page in changed_pages.items() if (found := live_markup(page))}
    assert not problems, problems


def _payload_fields(source: str) -> set[str]:
    return set(re.findall(r'<script>cb\("([^"]+)"\)</script>', (HOSTILE / source).read_text(encoding="utf-8")))


PAYLOAD_SOURCES = ("cases/hostile-injection.yml", "concepts/hostile-concept.yml", "schemes-append.yml",
                   "bibliography/hostile-latex.bib")


def test_every_payload_is_shown_as_text(changed_pages: dict[str, Scan]) -> None:
    """Each field's payload is on some page of its language, as the characters the contributor typed."""
    text = {"fr": "", "en": ""}
    for rel, page in changed_pages.items():
        text["en" if rel.startswith("en/") else "fr"] += "\n".join(page.text)
    fields = set().union(*(_payload_fields(s) for s in PAYLOAD_SOURCES))
    assert len(fields) > 60
    missing = []
    for f in sorted(fields):
        langs = ["fr"] if re.search(r"\.fr\b", f) else ["en"] if re.search(r"\.en\b", f) else ["fr", "en"]
        missing += [(lang, f) for lang in langs if f'<script>cb("{f}")</script>' not in text[lang]]
    assert not missing, missing
    assert "cb-ssti-ok" not in text["fr"] + text["en"]  # Jinja syntax in a text is never evaluated
    assert '{{ "cb-ssti" ~ "-ok" }}' in text["fr"]


def test_unsafe_links_lose_their_target_and_safe_ones_stay(inert_builds: dict[str, Build]) -> None:
    site = inert_builds["strict"][1]
    for lang in ("", "en/"):
        page = scan(site / f"{lang}cases/hostile-urls/index.html")
        links = {}
        for tag, attrs in page.elements:
            if tag == "a":
                links.setdefault(dict(attrs).get("href"), 0)
        text = "".join(page.text)
        for label in ("m-inline", "m-upper", "m-space", "m-tab", "m-entity", "m-vbs", "m-data", "m-file", "m-ref",
                      "m-ref-data", "m-ref-upper", "m-titled", "m-after-image", "m-after-remote"):
            assert label in text, label  # the words stay
        assert not any(h and UNSAFE_SCHEME.match(browser_url(h)) for h in links)
        imgs = [dict(attrs) for tag, attrs in page.elements if tag == "img"]
        assert not any(OTHER_HOST.match(browser_url(i.get("src") or "")) for i in imgs), imgs
        for kept in ("https://example.org/ok", "mailto:cb@example.org", "../../concepts/accountability/", "#hostile-links"):
            assert kept in links, kept


def test_bibtex_latex_is_shown_not_run(inert_builds: dict[str, Build]) -> None:
    site = inert_builds["strict"][1]
    page = scan(site / "en" / "bibliography" / "index.html")
    text = "".join(page.text)
    assert '<script>cb("bib.title")</script> javascript:cb(1)' in text  # \url{...} is text, not a link
    assert "@string{hostilestr" not in text and "publisher    = hostilestr" in text  # the raw BibTeX box, escaped
    dois = [v for tag, attrs in page.elements if tag == "a" for k, v in attrs if k == "href" and v and "10.1234/" in v]
    assert dois and all(d.startswith('https://doi.org/10.1234/"><script>') for d in dois)
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))
    assert "root:x:0:0" not in everything  # \input{/etc/passwd} read nothing
    case = "".join(scan(site / "cases" / "hostile-injection" / "index.html").text)
    assert '<script>cb("bib.author")</script>' in case  # the case cites it: APA reference and BibTeX box


def test_other_case_pages_are_untouched(clean_site: Path, inert_builds: dict[str, Build]) -> None:
    """Every other case page is the one a clean site has, but for its previous and next case: a hostile case that
    loads is a case like any other, and may be a neighbour (its title is escaped there as everywhere)."""
    site = inert_builds["strict"][1]
    pager = re.compile(rb'<nav class="cb-case-pager".*?</nav>', re.S)
    for case in real_case_ids():
        for lang in ("", "en/"):
            rel = f"{lang}cases/{case}/index.html"
            hostile, clean = (site / rel).read_bytes(), (clean_site / rel).read_bytes()
            assert pager.sub(b"", hostile) == pager.sub(b"", clean), rel
            assert b"<script>" not in b"".join(pager.findall(hostile)), rel


def test_ignored_names_make_no_page(inert_builds: dict[str, Build]) -> None:
    site = inert_builds["strict"][1]
    pages = {p.name for p in (site / "cases").iterdir() if p.is_dir()}
    assert pages == {*real_case_ids(), "hostile-injection", "hostile-urls"}
    assert not any(n.startswith((".", "_")) or "escape" in n for n in pages), IGNORED_NAMES
    assert not (site.parent / "escape").exists() and not (site.parent / "escape.html").exists()


@pytest.mark.parametrize("mode", ["loose", "strict"])
def test_broken_build_lists_every_error_and_keeps_the_last_site(
        mode: str, broken_builds: dict[str, Build], clean_site: Path) -> None:
    result, site = broken_builds[mode]
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr  # a file name's escape sequence is shown escaped
    expected: list[Located] = [e for item in BROKEN for e in item.errors]
    lines = [ln.strip() for ln in result.stderr.splitlines()]
    missing = [e for e in expected if not any(e.matches(ln) for ln in lines)]
    assert not missing, (missing, result.stderr[-3000:])
    m = re.search(r"Casebook found (\d+) error\(s\)", result.stderr)
    assert m and int(m[1]) == len(expected), result.stderr[-3000:]
    assert digests(site) == digests(clean_site)  # the last good site is still there, untouched


def test_validate_reports_every_error_and_passes_the_inert_corpus(broken_src: Path, inert_src: Path) -> None:
    cli = [sys.executable, "-m", "casebook", "validate", "--root"]
    broken = subprocess.run([*cli, str(broken_src)], capture_output=True, text=True, env=BUILD_ENV, timeout=120)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    lines = broken.stdout.splitlines()
    # validate checks what the build checks, symbolic links in docs/ included
    expected = [e for item in BROKEN for e in item.errors]
    assert not [e for e in expected if not any(e.matches(ln) for ln in lines)], broken.stdout
    assert f"; {len(expected)} error(s)" in broken.stderr, broken.stderr
    inert = subprocess.run([*cli, str(inert_src)], capture_output=True, text=True, env=BUILD_ENV, timeout=120)
    assert inert.returncode == 0, inert.stdout + inert.stderr
