"""benchmarks/case_length.py: a path that is not a case gives one line naming it, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "case_length.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "no such file"),
        ("a: [1\n", "not valid YAML at line 2"),
        ("- just\n- a list\n", "not a case"),
    ],
)
def test_bad_path_is_one_line(tmp_path: Path, content: str | None, said: str) -> None:
    path = tmp_path / "case.yml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and said in lines[0]


def test_good_case_still_counted_after_a_bad_one(tmp_path: Path) -> None:
    case = tmp_path / "good.yml"
    case.write_text("summary: {fr: Trois mots ici, en: Two words}\n", encoding="utf-8")
    result = run(str(tmp_path / "missing.yml"), str(case))
    assert result.returncode == 1
    total = [line for line in result.stdout.splitlines() if line.strip().startswith("total")]
    assert total and total[0].split()[-2:] == ["3", "2"]


def test_odd_items_in_a_case_are_counted_not_a_traceback(tmp_path: Path) -> None:
    """A mapping whose sections/structures hold something other than mappings is still counted."""
    case = tmp_path / "odd.yml"
    case.write_text("sections: [1, {id: a, body: {fr: Un deux, en: One}}]\nstructures: [just text]\n", encoding="utf-8")
    result = run(str(case))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    total = [line for line in result.stdout.splitlines() if line.strip().startswith("total")]
    assert total and total[0].split()[-2:] == ["2", "1"]
