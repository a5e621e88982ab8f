"""Holes found with the hostile corpus (tests/hostile/), each closed in the core or the adapters: unit tests."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from casebook.core.diagnostics import Diagnostic
from casebook.core.loading import load_cases
from casebook.core.yamlfile import parse_yaml

from .conftest import make_project

# ---- the YAML reader --------------------------------------------------------------------------------------------


def test_deep_flow_nesting_is_refused_while_scanning() -> None:
    """"[[[[…" is refused by the scanner at the 41st bracket.

    Left to the composer (which stops at the 40th node, column 49), PyYAML's scanner first reads 1,024 characters
    ahead of each bracket, as each may start a key: about a second for this line (see benchmarks/hostile.py).
    """
    text = "summary: " + "[" * 300_000 + "]" * 300_000 + "\n"
    doc, diags = parse_yaml(text, "x.yml")
    # "summary: " fills columns 1-9; bracket k stands at column 9 + k; the 41st would open flow level 41.
    assert doc is None and [d.format() for d in diags] == ["x.yml:1:50: <file>: nesting deeper than 40 levels"]


def test_flow_nesting_up_to_the_limit_still_loads() -> None:
    # Every node counts: the document mapping is level 1, 38 flow sequences reach level 39, the scalar 40.
    doc, diags = parse_yaml("a: " + "[" * 38 + "1" + "]" * 38 + "\n", "x.yml")
    assert diags == [] and doc is not None


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    """A 4 GB (sparse) file is refused from its size: reading it first would take the memory and the time."""
    project = make_project(tmp_path, {})
    with open(project / "cases" / "huge.yml", "wb") as f:
        f.truncate(4 * 1024**3)
    start = time.perf_counter()
    _, diags = load_cases(project / "cases", project)
    assert time.perf_counter() - start < 2
    # 4 × 1024³ bytes = 4,294,967,296 bytes, shown in (decimal) megabytes with one decimal.
    assert [d.format() for d in diags] == ["cases/huge.yml:1:1: <file>: file too large (4295.0 MB; the limit is 1 MB)"]


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    """Opening a FIFO to read blocks until someone writes to it: the loader must not open it."""
    project = make_project(tmp_path, {})
    fifo = project / "cases" / "pipe.yml"
    os.mkfifo(fifo)
    found: list[list[Diagnostic]] = []
    thread = threading.Thread(target=lambda: found.append(load_cases(project / "cases", project)[1]), daemon=True)
    thread.start()
    thread.join(2)
    if thread.is_alive():  # unblock the reader before failing
        with open(fifo, "wb"):
            pass
        thread.join(5)
        pytest.fail("the loader blocked on a named pipe")
    assert [d.format() for d in found[0]] == ["cases/pipe.yml:1:1: <file>: not a regular file"]
