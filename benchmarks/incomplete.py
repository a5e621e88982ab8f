"""Count the works that pages cite and that are marked ``incomplete`` in the bibliography.

    python benchmarks/incomplete.py [-v]

A work is cited when a case or concept file cites or lists it, or a Markdown page of ``docs/`` cites it
(``[@key]``, ``@key``). ``-v`` lists each incomplete cited work with the fields its entry says are missing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casebook.content.citations import keys_in, strip_code
from casebook.content.corpus import Paths, cited_keys, load_corpus

ROOT = Path(__file__).resolve().parent.parent


def cited(root: Path = ROOT) -> tuple[set[str], dict[str, list[str]]]:
    """(every cited key, the incomplete ones with their missing fields)."""
    corpus = load_corpus(Paths.at(root))
    keys = cited_keys(corpus)
    for page in sorted((root / "docs").rglob("*.md")):
        keys |= set(keys_in(strip_code(page.read_text(encoding="utf-8"))))
    keys &= set(corpus.bibliography.refs)
    missing = {k: corpus.bibliography.refs[k].incomplete for k in sorted(keys) if corpus.bibliography.refs[k].incomplete}
    return keys, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    keys, missing = cited()
    corpus = load_corpus(Paths.at(ROOT))
    everything = sum(1 for r in corpus.bibliography.refs.values() if r.incomplete)
    print(f"{len(missing)} of the {len(keys)} cited works are incomplete "
          f"({everything} of all {len(corpus.bibliography.refs)} entries)")
    if args.verbose:
        for key, fields in missing.items():
            ref = corpus.bibliography.refs[key]
            print(f"  {key:<28} {ref.path}:{ref.line}  missing: {', '.join(fields)}")


if __name__ == "__main__":
    main()
