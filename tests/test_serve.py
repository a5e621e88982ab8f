"""`mkdocs serve` for real: a copy of the site served on 127.0.0.1, edited while it runs.

Editing a case, a concept or a BibTeX file rebuilds the site and the page changes; breaking a case keeps the last
good site served (same page, still 200) and prints the located errors, without a traceback; fixing it rebuilds.
Every wait is bounded; the server is stopped in a ``finally``.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import BUILD_ENV, ROOT, copy_site

STARTUP_S = 240  # the first build, on a loaded machine
REBUILD_S = 120


@dataclass
class Served:
    src: Path
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, ""
        except (urllib.error.URLError, OSError):  # not listening yet, or busy rebuilding
            return 0, ""

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait(self, what: str, condition: Callable[[], bool], timeout: float = REBUILD_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"mkdocs serve exited while waiting for {what}:\n{self.output()[-3000:]}")
            if condition():
                return
            time.sleep(0.5)
        pytest.fail(f"timed out waiting for {what}:\n{self.output()[-3000:]}")

    def page_has(self, path: str, text: str) -> Callable[[], bool]:
        def check() -> bool:
            status, html = self.get(path)
            return status == 200 and text in html
        return check


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("serve")
    src = copy_site(root / "src")
    port = free_port()
    log = root / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(src / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", "--livereload"],
            stdout=out, stderr=subprocess.STDOUT, env=BUILD_ENV)
    server = Served(src, f"http://127.0.0.1:{port}/", log, process)
    try:
        server.wait("the first build", lambda: server.get("")[0] == 200, STARTUP_S)
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C does: serve removes its temporary site folder
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(20)


def without_livereload(html: str) -> str:
    """The page without the script serve injects before ``</body>`` (it holds a per-request number)."""
    start = html.rfind("<script>", 0, html.rfind("livereload("))
    end = html.index("</script>", start) + len("</script>")
    return html[:start] + html[end:]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pages_are_served_with_live_reload(served: Served) -> None:
    status, html = served.get("cases/spat/")
    assert status == 200 and "livereload" in html  # the script that reloads the browser after a rebuild


def test_editing_a_case_rebuilds_its_page(served: Served) -> None:
    edit(served.src / "cases" / "spat.yml", "  fr: >-\n    Après la réorganisation", "  fr: >-\n    Servemarqueur-cas. Après la réorganisation")
    served.wait("the case page to change", served.page_has("cases/spat/", "Servemarqueur-cas."))


def test_editing_a_concept_rebuilds_its_page(served: Served) -> None:
    edit(served.src / "concepts" / "accountability.yml", "    Valeur publique rattachée", "    Servemarqueur-concept. Valeur publique rattachée")
    served.wait("the concept page to change", served.page_has("concepts/accountability/", "Servemarqueur-concept."))


def test_editing_a_bibtex_file_rebuilds_the_bibliography(served: Served) -> None:
    edit(served.src / "bibliography" / "colloquium.bib", "title   = {An Integrative Framework for Collaborative Governance}",
         "title   = {An Integrative Framework for Collaborative Governance Servemarqueur-bib}")
    served.wait("the bibliography to change", served.page_has("en/bibliography/", "Servemarqueur-bib"))


def test_each_rebuild_prints_one_line_for_the_uncited_works(served: Served) -> None:
    """The first build and each rebuild of the edits above: one line gives the number of works never cited."""
    out = served.output()
    builds = out.count("Documentation built in")
    assert builds >= 2, out[-3000:]
    assert out.count("works in bibliography/ are never cited (casebook validate --uncited lists them)") == builds
    assert "never cited: no page cites or lists this work" not in out


def test_a_broken_case_keeps_the_last_site_and_shows_the_errors_then_a_fix_rebuilds(served: Served) -> None:
    case = served.src / "cases" / "spat.yml"
    good = case.read_text(encoding="utf-8")
    status, before = served.get("cases/spat/")
    assert status == 200
    start = len(served.output())
    # A misspelt key (so "title" is missing too) and an unknown key appended at the end.
    assert good.endswith("\n") and "\ntitle:" in good
    broken = good.replace("\ntitle:", "\ntitel:", 1) + "colour: blue\n"
    case.write_text(broken, encoding="utf-8")
    served.wait("the errors in the serve output", lambda: "Casebook found" in served.output()[start:])
    served.wait("the end of the failed rebuild", lambda: "the last good build is still served" in served.output()[start:])
    new = served.output()[start:]
    assert "Traceback" not in new
    assert "An error happened during the rebuild" not in new  # MkDocs' "server will appear stuck" state
    line = 1 + good.splitlines().index("title:")
    # the misspelt key is one error (with the field it stands for), not also "'title' is required"
    assert f"cases/spat.yml:{line}:1: titel: unknown key 'titel'; did you mean 'title' or 'timeline'? ('title' is required)" in new, new
    assert "'title' is required\n" not in new
    assert f"cases/spat.yml:{len(good.splitlines()) + 1}:1: colour: unknown key 'colour'" in new, new
    assert "Casebook found 2 error(s)" in new
    status, after = served.get("cases/spat/")
    assert status == 200 and without_livereload(after) == without_livereload(before)  # the last good site
    fixed = good.replace("Après la réorganisation du réseau", "Servemarqueur-corrige. Après la réorganisation du réseau", 1)
    assert fixed != good
    case.write_text(fixed, encoding="utf-8")
    served.wait("the fixed case to rebuild", served.page_has("cases/spat/", "Servemarqueur-corrige."))


def test_readme_serves_with_live_reload() -> None:
    """With Click 8.2.2 and later, MkDocs 1.6 needs ``--livereload`` for the page to reload by itself: the README's
    serve command (``bash .ci/site serve``) must pass it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash .ci/site serve" in readme
    script = (ROOT / ".ci" / "site").read_text(encoding="utf-8")
    serve = next(line for line in script.splitlines() if line.strip().startswith("serve)"))
    assert "mkdocs serve --livereload" in serve


def test_only_a_rebuild_stopped_before_the_site_folder_is_touched_keeps_the_last_site() -> None:
    """After MkDocs began rewriting the folder, a failed rebuild is left to MkDocs (it waits for a good build)."""
    from mkdocs.exceptions import Abort

    from casebook.mkdocs.serve import keep_last_good_site, site_rewriting

    class Server:
        builder = None

    def stops_early(config: object = None) -> None:
        raise Abort("Aborted with a BuildError!")

    def stops_late(config: object = None) -> None:
        site_rewriting()
        raise Abort("Aborted with a BuildError!")

    keep_last_good_site(Server(), stops_early).builder()  # the errors were logged; the last site is served
    with pytest.raises(Abort):
        keep_last_good_site(Server(), stops_late).builder()
