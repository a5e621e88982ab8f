"""Kept for the old command: ``python benchmarks/bench.py`` runs ``benchmarks/scale.py`` (same options)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import main

if __name__ == "__main__":
    main()
