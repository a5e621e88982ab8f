"""Compare-page benchmark: 1,000 synthetic cases, the first screen's weight and filtering speed in Chromium.

    python benchmarks/compare_bench.py [--cases 1000] [--runs 5]

Prints:

* the HTML of the compare page's first screen (``compare/index.html``, both languages; target: at most 2 MB)
  and of the largest case page (target: under 60 KB);
* the build time with and without the ``casebook/compare`` plugin (its cost), and of a plain Material site
  with the same pages when the generator provides one;
* in Chromium (Debian's, through Playwright), the time from an interaction to the next painted frame, with
  every row of every static page loaded (target: within 100 ms), for a few filters, opening and closing a row's
  details, ticking a case for side by side (the second tick opens the panel) and a sort; and the main thread's
  CPU time per interaction of each kind (script, style, layout, paint) from a Chromium trace (target: under
  50 ms), which a busy machine does not inflate as much as the wall-clock time.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def make_projects(n: int, tmp: Path) -> tuple[Path, Path | None]:
    """A Casebook project with ``n`` synthetic cases, and a plain Material site with the same pages if possible."""
    cb = tmp / "casebook"
    try:  # the realistic generator (findings, public values, citations…)
        from corpus import Spec, generate, write_casebook, write_plain  # type: ignore[import-not-found]
    except ImportError:
        from bench import make_corpus, make_plain  # type: ignore[import-not-found,attr-defined]

        make_corpus(cb, n)
        plain = tmp / "plain"
        make_plain(plain, n)
        return cb, plain
    data = generate(Spec(cases=n, references=2 * n, concepts=max(n // 5, 40)))
    write_casebook(data, cb)
    plain = tmp / "plain"
    write_plain(data, plain)
    return cb, plain


def without_compare(src: Path, dest: Path) -> Path:
    """A copy of the project whose mkdocs.yml leaves out casebook/compare, its nav entries and its assets."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("site"))
    cfg = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = re.sub(r"(?m)^\s*- casebook/compare\s*\n", "", cfg)
    cfg = re.sub(r"(?m)^\s*- [^:\n]+: (en/)?compare/index\.md\s*\n", "", cfg)
    cfg = re.sub(r"(?m)^\s*- assets/compare\.(css|js)\s*\n", "", cfg)
    (dest / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    return dest


def build(project: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of a build; CPU time is what a busy machine does not inflate."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=project, capture_output=True,
                         text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode:
        raise SystemExit(f"build failed in {project}:\n{out.stderr[-3000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def largest(site: Path, pattern: str) -> tuple[int, str]:
    sizes = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.glob(pattern)]
    return max(sizes) if sizes else (0, "")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


TIME_CHANGE = """async ([selector, value]) => {
  const el = document.querySelector(selector);
  const t0 = performance.now();
  el.value = value;
  el.dispatchEvent(new Event("change", {bubbles: true}));
  const t1 = performance.now();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return [t1 - t0, performance.now() - t0, document.querySelectorAll("table[data-cb-summary] tbody tr[data-row]").length];
}"""

# A row's details (every dimension's text under the compact row), opened or closed with a click.
TIME_EXPAND = """async (i) => {
  const button = document.querySelectorAll("table[data-cb-summary] tbody tr[data-row] button.cb-expand")[i];
  const t0 = performance.now();
  button.click();
  const t1 = performance.now();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return [t1 - t0, performance.now() - t0, document.querySelectorAll("tr.cb-detail").length];
}"""

# The i-th case of the compact table ticked or unticked for side by side (the second tick opens the panel and
# scrolls it into view).
TIME_PICK = """async (i) => {
  const box = document.querySelectorAll("table[data-cb-summary] tbody tr[data-row] input.cb-pick")[i];
  const t0 = performance.now();
  box.click();
  const t1 = performance.now();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return [t1 - t0, performance.now() - t0, document.querySelectorAll(".cb-side thead th").length];
}"""

TIME_SORT = """async (col) => {
  const button = document.querySelector(`th[data-d="${col}"] button`);
  const t0 = performance.now();
  button.click();
  const t1 = performance.now();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return [t1 - t0, performance.now() - t0, 0];
}"""


def main_thread_cpu(trace: Path) -> dict[str, float]:
    """CPU milliseconds of the renderer's main thread in a trace, by event (RunTask is the total)."""
    events = json.loads(trace.read_text(encoding="utf-8"))["traceEvents"]
    threads = collections.Counter((e["pid"], e["tid"]) for e in events if e.get("name") in ("Layout", "Paint"))
    if not threads:
        return {}
    main = threads.most_common(1)[0][0]
    total: collections.Counter[str] = collections.Counter()
    for e in events:
        if (e["pid"], e["tid"]) == main and e.get("ph") == "X" and "dur" in e:
            total[e["name"]] += e.get("tdur", e["dur"]) / 1000
    return dict(total)


def browser_timings(site: Path, n: int, runs: int, trace: Path) -> tuple[list[tuple[str, float, float, int]], dict[str, dict[str, float]]]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/compare/"
    results = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_function(f"window.casebookCompare && window.casebookCompare.rows.length >= {n}", timeout=120_000)
            loaded = time.perf_counter() - start
            results.append(("load every row (s)", loaded * 1000, loaded * 1000, n))
            options = page.eval_on_selector_all("select[name=sector] option", "os => os.map(o => o.value).filter(Boolean)")
            modes = page.eval_on_selector_all("select[name=mode] option", "os => os.map(o => o.value).filter(Boolean)")
            steps: list[tuple[str, str, str]] = []
            for i in range(runs):
                steps.append((f"sector = {options[i % len(options)]}", "select[name=sector]", options[i % len(options)]))
                steps.append(("sector = all", "select[name=sector]", ""))
            if modes:
                steps += [(f"mode = {modes[0]}", "select[name=mode]", modes[0]), ("mode = all", "select[name=mode]", "")]
            steps += [("from = 2005", "input[name=from]", "2005"), ("from = (none)", "input[name=from]", "")]
            cpu: dict[str, dict[str, float]] = {}

            def traced(kind: str, script: str, todo: list[tuple[str, Any]], undo: str = "") -> None:
                """Each step in a trace of its own (``undo``, run after it untraced, puts the page back)."""
                total: collections.Counter[str] = collections.Counter()
                for label, arg in todo:
                    browser.start_tracing(page=page, path=str(trace), categories=["devtools.timeline", "disabled-by-default-devtools.timeline"])
                    handler, frame, shown = page.evaluate(script, arg)
                    browser.stop_tracing()
                    total.update(main_thread_cpu(trace))
                    results.append((label, handler, frame, shown))
                    if undo:
                        page.evaluate(undo, arg)
                cpu[kind] = {k: v / len(todo) for k, v in total.items()}

            traced("filter", TIME_CHANGE, [(label, [selector, value]) for label, selector, value in steps])
            traced("expand", TIME_EXPAND, [(f"expand row {i + 1}", i) for i in range(runs)], undo=TIME_EXPAND)
            page.evaluate(TIME_PICK, 0)  # one case ticked: each next tick opens side by side
            traced("pick", TIME_PICK, [(f"pick case {i + 2} (side by side)", i + 1) for i in range(runs)], undo=TIME_PICK)
            page.evaluate("window.scrollTo(0, 0)")
            for col in ("period", "facilitating_factors", "case"):
                handler, frame, _ = page.evaluate(TIME_SORT, col)
                results.append((f"sort by {col}", handler, frame, 0))
            browser.close()
    finally:
        server.shutdown()
    return results, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="filter changes to time, each way")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain Material build")
    parser.add_argument("--site", type=Path, help="only time the browser on this built site (of --cases cases)")
    args = parser.parse_args()
    if args.site:
        with tempfile.TemporaryDirectory() as tmp_name:
            report_browser(args.site, args.cases, args.runs, Path(tmp_name) / "trace.json")
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print(f"generating {args.cases} synthetic cases…", file=sys.stderr)
        cb, plain = make_projects(args.cases, tmp)
        bare = without_compare(cb, tmp / "without-compare")
        print("building with casebook/compare…", file=sys.stderr)
        t_cb = build(cb)
        print("building without casebook/compare…", file=sys.stderr)
        t_bare = build(bare)
        t_plain = build(plain) if plain is not None and not args.no_plain else (0.0, 0.0)
        site = cb / "site"
        fr, en = (site / "compare" / "index.html").stat().st_size, (site / "en" / "compare" / "index.html").stat().st_size
        rows_fr = (site / "compare" / "index.html").read_text(encoding="utf-8").count("data-id=")
        pages = len(list(site.glob("compare/*/index.html")))
        case_kb, case_page = largest(site, "**/cases/*/index.html")
        matrix_kb, matrix_page = largest(site, "**/compare/*/index.html")
        print(f"\ncases: {args.cases}")
        print(f"compare first screen: fr {fr / 1e6:.2f} MB, en {en / 1e6:.2f} MB ({rows_fr} rows; target ≤ 2 MB)")
        print(f"compare pages (row pages and matrices, fr): {pages}; largest {matrix_kb / 1e6:.2f} MB ({matrix_page})")
        print(f"largest case page: {case_kb / 1024:.1f} KB ({case_page}; target < 60 KB)")
        print(f"data/cases.json {(site / 'data' / 'cases.json').stat().st_size / 1e6:.2f} MB, "
              f"data/cases.csv {(site / 'data' / 'cases.csv').stat().st_size / 1e6:.2f} MB")
        for name, (wall, cpu) in (("with compare", t_cb), ("without compare", t_bare), ("plain Material", t_plain)):
            if wall:
                print(f"build {name:<16} {wall:6.1f} s wall, {cpu:6.1f} s CPU")
        print(f"compare costs {t_cb[1] - t_bare[1]:+.1f} s CPU ({(t_cb[1] - t_bare[1]) / t_bare[1]:+.0%})"
              + (f"; Casebook / plain Material: {t_cb[1] / t_plain[1]:.2f} (CPU), {t_cb[0] / t_plain[0]:.2f} (wall)"
                 if t_plain[0] else ""))
        report_browser(site, args.cases, args.runs, tmp / "trace.json")


def report_browser(site: Path, n: int, runs: int, trace: Path) -> None:
    print("\nChromium, from the change to the next frame (target ≤ 100 ms):")
    print(f"{'action':<28} {'handler ms':>10} {'to frame ms':>11} {'rows shown':>10}")
    timings, cpu = browser_timings(site, n, runs, trace)
    for label, handler, frame, shown in timings:
        print(f"{label:<28} {handler:>10.1f} {frame:>11.1f} {shown:>10}")
    filters = [f for label, _, f, _ in timings if not label.startswith(("load", "sort", "expand", "collapse", "pick", "untick"))]
    print(f"filtering {n} rows, to the next frame: median {statistics.median(filters):.1f} ms, "
          f"worst {max(filters):.1f} ms")
    print("main-thread CPU per interaction, from a Chromium trace (target < 50 ms):")
    for kind, parts in cpu.items():
        detail = ", ".join(f"{k} {parts.get(k, 0):.1f}" for k in ("FunctionCall", "UpdateLayoutTree", "Layout", "PrePaint", "Paint"))
        print(f"  {kind:<7} {parts.get('RunTask', 0):6.1f} ms ({detail})")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
