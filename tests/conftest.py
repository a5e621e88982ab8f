from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _site_languages_back_to_the_default() -> Iterator[None]:
    """A test that builds or validates a site in this process (``casebook new site --languages en,fr,es``, say)
    sets the site's languages; the next test starts from French and English again."""
    from casebook.base.i18n import Languages, use_languages

    yield
    use_languages(Languages())


MINIMAL_CASE = textwrap.dedent("""\
    title: {fr: Un cas, en: A case}
    short_title: {fr: Cas, en: Case}
    summary: {fr: Résumé du cas., en: Summary of the case.}
    sector: [education]
    level: [regional]
    place: {fr: Laval, en: Laval}
    period: {start: "2017-02", end: "2018"}
    collaboration:
      types: [intersectoral]
      mode: chosen
    sources: [src2020]
    """)

MINIMAL_BIB = textwrap.dedent("""\
    @book{src2020,
      author = {Tremblay, Marie},
      title = {Un livre},
      year = {2020},
      publisher = {PUQ},
      langid = {french}
    }
    """)

CONCEPTS = {
    "education": "term: {fr: Éducation, en: Education}\nschemes: [sector]\ndefinition: {fr: Secteur., en: Sector.}\n",
    "regional": "term: {fr: Régional, en: Regional}\nschemes: [level]\ndefinition: {fr: Palier., en: Level.}\n",
    "intersectoral": "term: {fr: Intersectorielle, en: Intersectoral}\nschemes: [collaboration-type]\ndefinition: {fr: Type., en: Type.}\n",
    "chosen": "term: {fr: Choisie, en: Chosen}\nschemes: [collaboration-mode]\ndefinition: {fr: Mode., en: Mode.}\n",
}
SCHEMES = textwrap.dedent("""\
    sector: {label: {fr: Secteur, en: Sector}, facet: sector}
    level: {label: {fr: Palier, en: Level}, facet: level}
    collaboration-type: {label: {fr: Type, en: Type}, facet: collaboration.types}
    collaboration-mode: {label: {fr: Mode, en: Mode}, facet: collaboration.mode}
    """)


def make_project(tmp: Path, cases: dict[str, str | bytes] | None = None) -> Path:
    """A tiny project: cases, concepts, schemes and one BibTeX file."""
    (tmp / "cases").mkdir(parents=True, exist_ok=True)
    (tmp / "concepts").mkdir(exist_ok=True)
    (tmp / "bibliography").mkdir(exist_ok=True)
    (tmp / "concepts" / "_schemes.yml").write_text(SCHEMES, encoding="utf-8")
    for cid, text in CONCEPTS.items():
        (tmp / "concepts" / f"{cid}.yml").write_text(text, encoding="utf-8")
    (tmp / "bibliography" / "refs.bib").write_text(MINIMAL_BIB, encoding="utf-8")
    for name, body in (cases if cases is not None else {"good.yml": MINIMAL_CASE}).items():
        path = tmp / "cases" / name
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return tmp


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A copy of the real site sources, safe to break."""
    return copy_site(tmp_path / "site-src")


def copy_site(dest: Path) -> Path:
    """Copy the real site sources to ``dest`` (for fixtures of any scope)."""
    for name in ("cases", "concepts", "bibliography", "docs", "theme", "strings"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copy(ROOT / "casebook.yml", dest / "casebook.yml")
    return dest


BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(src: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a real ``mkdocs build`` of ``src/mkdocs.yml`` into ``out``."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(src / "mkdocs.yml"), "-d", str(out), *extra],
                          capture_output=True, text=True, env={**BUILD_ENV, **(env or {})}, timeout=600)


@pytest.fixture(scope="session")
def _server_socket() -> Iterator[ThreadingHTTPServer]:
    """A server bound to a free port on 127.0.0.1 before the build, so the build can use its URL as ``site_url``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    try:
        yield server
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, _server_socket: ThreadingHTTPServer) -> Path:
    """The real site, built once per test session with ``--strict``, its ``site_url`` the local server's."""
    out = tmp_path_factory.mktemp("built-site")
    port = _server_socket.server_address[1]
    result = mkdocs_build(ROOT, out, "--strict", env={"CASEBOOK_SITE_URL": f"http://127.0.0.1:{port}/"})
    assert result.returncode == 0, result.stderr
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site as static hosts do (GitHub Pages, Netlify, nginx): text gzip-compressed when the browser
    accepts it. Lighthouse's performance figures depend on it; the Python server alone sends everything raw."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path) \
                or not (ctype.startswith("text/") or ctype.endswith(("json", "javascript", "xml"))):
            return super().send_head()
        data = _gzipped(path, os.stat(path).st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@functools.lru_cache(maxsize=1024)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6)


@contextlib.contextmanager
def serving(server: ThreadingHTTPServer, directory: Path) -> Iterator[str]:
    """``directory`` served by ``server`` (bound to 127.0.0.1) in a thread, the way static hosts serve a site."""
    server.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(directory))  # type: ignore[assignment]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """``directory`` served on a port of its own (a test module's site, beside the real one's server)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    try:
        with serving(server, directory) as url:
            yield url
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path, _server_socket: ThreadingHTTPServer) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1, for browser tests."""
    with serving(_server_socket, built_site) as url:
        yield url
