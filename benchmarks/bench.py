"""Build-cost benchmark: Casebook's build against a plain Material site with the same pages.

    python benchmarks/bench.py --cases 1000

Generates N synthetic cases (both languages) in a temporary project, builds it, then builds a
plain Material site with the same number of hand-written pages (2 × N, same text), and prints
build time, peak memory (of the build process) and page sizes, and the ratio between the two.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = """\
title: {{fr: "Cas synthétique {i} : une collaboration", en: "Synthetic case {i}: a collaboration"}}
short_title: {{fr: "Cas {i}", en: "Case {i}"}}
summary:
  fr: "Une collaboration entre plusieurs organisations publiques autour d'un enjeu commun, numéro {i}. Elle réunit des partenaires de plusieurs secteurs et s'appuie sur un comité de pilotage."
  en: "A collaboration between several public organisations on a shared issue, number {i}. It brings together partners from several sectors and relies on a steering committee."
sector: [education]
level: [regional]
place: {{fr: Québec, en: Québec}}
period: {{start: "{y}", end: "{y2}"}}
collaboration: {{types: [intersectoral], mode: chosen}}
timeline:
  - {{date: "{y}", event: {{fr: Lancement du projet., en: Project launch.}}}}
  - {{date: "{y2}", event: {{fr: Fin du projet., en: End of the project.}}}}
data_sources:
  - {{kind: individual-interviews, count: {i}}}
  - {{kind: documents, count: 12}}
findings:
  facilitating_factors:
    - text: {{fr: Un objectif commun clair., en: A clear shared goal.}}
      categories: [factor-shared-goals]
  barriers:
    - text: {{fr: Des ressources limitées., en: Limited resources.}}
  outcomes:
    - text: {{fr: De meilleures relations entre partenaires., en: Better relations between partners.}}
sources: [src2020]
"""


def make_corpus(dest: Path, n: int) -> None:
    shutil.copytree(ROOT / "theme", dest / "theme")
    (dest / "docs" / "en").mkdir(parents=True)
    for lang in ("", "en/"):
        (dest / "docs" / f"{lang}index.md").write_text("# Casebook\n", encoding="utf-8")
    (dest / "cases").mkdir()
    (dest / "concepts").mkdir()
    (dest / "bibliography").mkdir()
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CONCEPTS, MINIMAL_BIB, SCHEMES  # type: ignore[import-not-found]

    (dest / "concepts" / "_schemes.yml").write_text(SCHEMES, encoding="utf-8")
    for cid, text in CONCEPTS.items():
        (dest / "concepts" / f"{cid}.yml").write_text(text, encoding="utf-8")
    (dest / "concepts" / "factor-shared-goals.yml").write_text(
        "term: {fr: Buts communs, en: Shared goals}\ndefinition: {fr: D., en: D.}\n", encoding="utf-8")
    (dest / "bibliography" / "refs.bib").write_text(MINIMAL_BIB, encoding="utf-8")
    for i in range(n):
        y = 1990 + i % 30
        (dest / "cases" / f"case-{i:05d}.yml").write_text(CASE.format(i=i, y=y, y2=y + 2), encoding="utf-8")
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
    cfg = cfg.replace("extra_css:\n  - assets/casebook.css\nextra_javascript:\n  - assets/casebook.js\n", "")
    (dest / "mkdocs.yml").write_text(cfg + "\nnav:\n  - index.md\n  - English:\n      - en/index.md\n", encoding="utf-8")


def make_plain(dest: Path, n: int) -> None:
    (dest / "docs" / "en").mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# Plain\n", encoding="utf-8")
    for lang in ("", "en/"):
        (dest / "docs" / lang / "cases").mkdir(parents=True, exist_ok=True)
        for i in range(n):
            body = CASE.format(i=i, y=1990 + i % 30, y2=1992 + i % 30)
            (dest / "docs" / lang / "cases" / f"case-{i:05d}.md").write_text(
                f"# Case {i}\n\n## Summary\n\n{body}\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Plain\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\nnav:\n  - index.md\n",
        encoding="utf-8")


def timed_build(project: Path) -> tuple[float, float]:
    start = time.perf_counter()
    cmd = [sys.executable, "-c",
           "import resource,sys,runpy; sys.argv=['mkdocs','build','-q','-d','site'];"
           "\ntry: runpy.run_module('mkdocs', run_name='__main__')\nexcept SystemExit as e: code=e.code\nelse: code=0"
           "\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"]
    out = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - start
    if out.returncode:
        raise SystemExit(f"build failed in {project}:\n{out.stderr[-2000:]}")
    peak_kb = float(out.stderr.strip().splitlines()[-1])
    return elapsed, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    print(f"{'cases':>6} {'casebook s':>10} {'peak MB':>8} {'case page KB':>12} {'plain s':>8} {'plain MB':>8} {'ratio':>6}")
    for n in args.cases:
        with tempfile.TemporaryDirectory() as tmp:
            cb, plain = Path(tmp) / "casebook", Path(tmp) / "plain"
            print(f"  generating {n} cases…", file=sys.stderr)
            make_corpus(cb, n)
            make_plain(plain, n)
            t1, m1 = timed_build(cb)
            page = (cb / "site" / "cases" / "case-00000" / "index.html").stat().st_size / 1024
            t2, m2 = timed_build(plain)
            print(f"{n:>6} {t1:>10.1f} {m1:>8.0f} {page:>12.1f} {t2:>8.1f} {m2:>8.0f} {t1 / t2:>6.2f}")


if __name__ == "__main__":
    main()
