"""Time the reference-manager exports of a 5,000-entry bibliography: the COinS of every entry (one span per
reference on the bibliography pages; the same string serves both languages), the CSL-JSON and the RIS files.

    python benchmarks/exports_bench.py [--entries 5000] [--runs 5]

The entries are the synthetic ones of ``benchmarks/scale.py``'s bibliography line (every entry type). The best of
``--runs`` is printed, in CPU seconds, beside the time to parse and format the same entries in APA 7 (both
languages) for scale: the exports must not blow the bibliography's cold-build budget (README, 10 s).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Gen, Spec

from casebook.bibliography.apa import APA
from casebook.bibliography.exports import Exports, csl_json, ris
from casebook.bibliography.model import Bibliography, parse_bibtex


def best(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    gen = Gen(Spec(cases=1, references=args.entries, concepts=1))
    gen.make_bib(args.entries)
    text = "\n\n".join(gen.corpus.bib_text.values())
    start = time.process_time()
    refs, diags = parse_bibtex(text, "synthetic.bib")
    parse_s = time.process_time() - start
    bib = Bibliography(refs={r.key: r for r in refs})
    assert len(bib.refs) == args.entries, (len(bib.refs), diags[:3])

    def apa() -> None:
        fmt = APA(bib)
        for key in fmt.sorted_keys():
            fmt.reference(key, "fr")
            fmt.reference(key, "en")

    def coins() -> None:
        exports = Exports(bib)
        for key in bib.refs:
            exports.coins(key)

    rows = [("parse BibTeX (once)", parse_s), ("APA 7, both languages", best(args.runs, apa)),
            ("COinS, every entry", best(args.runs, coins)), ("CSL-JSON file", best(args.runs, lambda: csl_json(bib))),
            ("RIS file", best(args.runs, lambda: ris(bib)))]
    print(f"{args.entries} entries, best of {args.runs} runs (CPU s)")
    for name, secs in rows:
        print(f"  {name:<24} {secs:6.3f}")
    print(f"  {'exports in all':<24} {sum(s for n, s in rows[2:]):6.3f}")


if __name__ == "__main__":
    main()
