"""Screenshot gallery: every page type, in both languages, at 1280×800 and 390×844, in one command.

    python benchmarks/gallery.py [--out benchmarks/out/gallery] [--site DIR] [--full] [--only case,compare]

Builds the site (``mkdocs build --strict`` into a temporary folder) unless ``--site`` names a built one, serves it
on 127.0.0.1, and takes with Debian's Chromium (through Playwright) one screenshot per page type, language and
screen size: the first screen by default, the whole page with ``--full``. It writes the PNG files and an
``index.html`` that lays them out by page type, so that a change can be looked at before and after: run it once on
each version with two ``--out`` folders.

Page types: the home page, the case index, two case pages (one long, one short), the concept index, a concept, the
bibliography, the compare page, a variable-by-case matrix, the periods timeline, the open data page, the about and
contribute pages and the 404 page. A page type that a site does not have is listed as missing, not an error.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# Page type -> path of the French page; the English page is "en/" + path.
PAGES: dict[str, str] = {
    "home": "",
    "case-index": "cases/",
    "case-long": "cases/omhm-dis-hsmn/",
    "case-short": "cases/igo-geomatics/",
    "concept-index": "concepts/",
    "concept": "concepts/accountability/",
    "bibliography": "bibliography/",
    "compare": "compare/",
    "compare-matrix": "compare/barriers/",
    "compare-periods": "compare/periods/",
    "open-data": "data/",
    "about": "about/",
    "contribute": "contribute/",
    "not-found": "404.html",
}
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
LANGS = ("fr", "en")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(out: Path) -> None:
    """Build the real site into ``out``; stop with its log when the build fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    print("building the site…", flush=True)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                             "-d", str(out)], capture_output=True, text=True, env=env)
    if result.returncode:
        sys.exit(f"gallery: the build failed:\n{result.stderr}")
    print(f"built in {time.monotonic() - started:.1f} s", flush=True)


def page_path(path: str, lang: str) -> str:
    return path if lang == "fr" else "en/" + path


def shoot(site: Path, out: Path, *, full: bool, only: set[str]) -> list[tuple[str, str, str, str | None]]:
    """Take the screenshots; return (page type, language, size, file name or None when the page is missing)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("gallery: Debian's chromium is not installed (apt-get install chromium)")
    shots: list[tuple[str, str, str, str | None]] = []
    pages = {k: v for k, v in PAGES.items() if not only or k in only}
    total = len(pages) * len(LANGS) * len(SIZES)
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              device_scale_factor=1, is_mobile=size == "phone", has_touch=size == "phone")
                page = context.new_page()
                for kind, path in pages.items():
                    for lang in LANGS:
                        rel = page_path(path, lang)
                        target = site / (rel + "index.html" if rel.endswith("/") or not rel else rel)
                        if not target.is_file():
                            shots.append((kind, lang, size, None))
                            continue
                        page.goto(base + rel, wait_until="load")
                        page.wait_for_timeout(150)  # scripts that lay out after load (compare, index filters)
                        name = f"{kind}-{lang}-{size}.png"
                        page.screenshot(path=str(out / name), full_page=full)
                        shots.append((kind, lang, size, name))
                        print(f"[{len(shots)}/{total}] {name}", flush=True)
                context.close()
        finally:
            browser.close()
    return shots


def write_index(out: Path, shots: list[tuple[str, str, str, str | None]]) -> Path:
    rows = []
    for kind in dict.fromkeys(k for k, *_ in shots):
        cells = []
        for lang in LANGS:
            for size in SIZES:
                name = next((n for k, la, s, n in shots if k == kind and la == lang and s == size), None)
                label = f"{lang} · {size}"
                cells.append(f'<figure><a href="{html.escape(name)}"><img src="{html.escape(name)}" alt="{kind} {label}" '
                             f'loading="lazy"></a><figcaption>{label}</figcaption></figure>' if name
                             else f"<figure><p>missing</p><figcaption>{label}</figcaption></figure>")
        rows.append(f'<section><h2 id="{kind}">{kind}</h2><div class="row">{"".join(cells)}</div></section>')
    index = out / "index.html"
    index.write_text(
        "<!doctype html><html lang=en><meta charset=utf-8><title>Casebook gallery</title>"
        "<style>body{font:14px system-ui;margin:1rem}.row{display:flex;gap:1rem;align-items:flex-start}"
        "figure{margin:0}img{max-width:300px;max-height:500px;object-fit:cover;object-position:top;"
        "border:1px solid #ccc}</style><h1>Casebook gallery</h1>" + "".join(rows), encoding="utf-8")
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "gallery", help="folder for the PNG files")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--full", action="store_true", help="whole pages instead of the first screen")
    parser.add_argument("--only", default="", help=f"comma-separated page types among: {', '.join(PAGES)}")
    args = parser.parse_args(argv)
    only = {k for k in args.only.split(",") if k}
    unknown = only - PAGES.keys()
    if unknown:
        parser.error(f"unknown page type(s): {', '.join(sorted(unknown))}; choose among {', '.join(PAGES)}")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        shots = shoot(site, args.out, full=args.full, only=only)
    missing = [f"{k}-{la}-{s}" for k, la, s, n in shots if n is None]
    index = write_index(args.out, shots)
    print(f"{len(shots) - len(missing)} screenshots in {args.out}; open {index}")
    if missing:
        print(f"missing pages: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
