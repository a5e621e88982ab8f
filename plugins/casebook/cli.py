"""The ``casebook`` command: ``casebook validate`` checks every case, concept and reference."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .bibliography.citations import keys_in_markdown
from .bibliography.model import uncited
from .core.corpus import Corpus, Paths, cited_keys, load_corpus
from .core.diagnostics import UNCITED, Diagnostic, Severity, notice_summary
from .core.loading import links_leaving


def validate(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casebook validate",
                                     description="Check every case, concept and BibTeX file; report all problems.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--allow-pending", action="store_true",
                        help="do not fail on English translations still pending")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show information messages")
    parser.add_argument("--uncited", action="store_true", help="list the works in bibliography/ that no page cites")
    args = parser.parse_args(argv)
    corpus = load_corpus(Paths.at(args.root.resolve()))
    root = args.root.resolve()
    corpus.diagnostics += compare_blocks(root, corpus)
    # the build refuses these too (MkDocs would publish the targets of links in docs/ and theme/)
    corpus.diagnostics += [d for folder in ("docs", "theme") for d in links_leaving(root / folder, root)]
    cited = cited_keys(corpus) | {key for md in sorted((root / "docs").rglob("*.md")) if (root / "docs").is_dir()
                                  for key in keys_in_markdown(md.read_text(encoding="utf-8", errors="replace"))}
    corpus.diagnostics += uncited(corpus.bibliography, cited)
    hidden = []
    for d in corpus.diagnostics:
        if d.severity is Severity.INFO and not args.verbose and not (args.uncited and d.message == UNCITED):
            hidden.append(d)
            continue
        label = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}[d.severity]
        print(f"{d.format()} [{label}]")
    for line in notice_summary(hidden):
        print(f"casebook: {line}", file=sys.stderr)
    errors, warnings = len(corpus.errors), len(corpus.warnings)
    print(f"casebook: {len(corpus.cases)} cases, {len(corpus.concepts)} concepts, "
          f"{len(corpus.bibliography.refs)} references; {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (warnings and not args.allow_pending) else 0


def compare_blocks(root: Path, corpus: Corpus) -> list[Diagnostic]:
    """Problems in the ``casebook-compare`` blocks of the Markdown pages under ``docs/``."""
    from .core.directive import NAME, parse_page

    found: list[Diagnostic] = []
    docs = root / "docs"
    for md in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        text = md.read_text(encoding="utf-8", errors="replace")
        if NAME in text:  # the whole file, front matter included: lines are the file's
            for block in parse_page(text, corpus, page=md.relative_to(root).as_posix()):
                found.extend(block.diagnostics)
    return found


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print("usage: casebook validate [--root DIR] [--allow-pending] [-v]")
        return 0 if argv else 2
    if argv[0] == "validate":
        return validate(argv[1:])
    print(f"casebook: unknown command '{argv[0]}' (try: casebook validate)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
