"""Load time of each file of the hostile corpus (tests/hostile/), through the core loaders, in-process.

    python benchmarks/hostile.py [--repeat 5]

Prints one row per corpus item: the loader, the time of the first run (cold: schemas compiled, caches empty) and
the best of ``--repeat`` runs, and what the load ended in. tests/test_hostile.py checks what each item ends in, with a 2 s guard per load; the figures are here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_corpus import DOCS_SYMLINK, ITEMS, Item, empty_project, load  # noqa: E402

from casebook.base.diagnostics import Severity  # noqa: E402


def time_item(item: Item, repeat: int) -> tuple[float, float, str]:
    times, outcome = [], ""
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            project = empty_project(Path(tmp) / "project")
            item.install(project, Path(tmp) / "outside")
            start = time.perf_counter()
            diags = load(item, project)
            times.append(time.perf_counter() - start)
            errors = [d for d in diags if d.severity is Severity.ERROR]
            outcome = f"{len(errors)} located error(s)" if errors else "loads (inert)"
    return times[0], min(times), outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'item':<22} {'loader':<13} {'first ms':>9} {'best ms':>8}  outcome")
    for item in (*ITEMS, DOCS_SYMLINK):
        first, best, outcome = time_item(item, args.repeat)
        print(f"{item.id:<22} {item.folder:<13} {first * 1000:>9.1f} {best * 1000:>8.1f}  {outcome}")


if __name__ == "__main__":
    main()
