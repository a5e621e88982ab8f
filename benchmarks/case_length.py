"""How long a case is, in words per language, field group by field group.

    .venv/bin/python benchmarks/case_length.py cases/omhm-dis-hsmn.yml [more.yml ...]

A text is any mapping with a French and an English string (``{fr: ..., en: ...}``). A word is a run of letters or
digits (``M$`` and ``54,3`` count as one word each); citation keys (``[@key, p. 5]``, ``@key``) and Markdown marks are
not words a reader reads, so they are left out. The groups are the case's top-level fields, with ``structures`` and
``sections`` split by their ``id``, so a merge shows where the words went.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

CITATION = re.compile(r"\[[^\]]*@[^\]]*\]|-?@[\w:.#$%&+?<>~/-]+")
WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")


def words(text: str) -> int:
    return len(WORD.findall(CITATION.sub(" ", text)))


def texts(node: Any) -> list[tuple[str, str]]:
    """Every (fr, en) pair under a YAML node, in document order."""
    if isinstance(node, dict):
        if isinstance(node.get("fr"), str) and isinstance(node.get("en"), str):
            return [(node["fr"], node["en"])]
        return [pair for value in node.values() for pair in texts(value)]
    if isinstance(node, list):
        return [pair for value in node for pair in texts(value)]
    return []


def groups(case: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, value in case.items():
        if key in ("structures", "sections") and isinstance(value, list):
            for item in value:
                out[f"{key}.{item.get('id', '?')}"] += texts(item)
        elif key == "findings" and isinstance(value, dict):
            for sub, items in value.items():
                out[f"findings.{sub}"] += texts(items)
        else:
            out[key] += texts(value)
    return out


def report(path: Path) -> tuple[int, int]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    table = groups(case)
    print(f"{path}  ({sum(len(v) for v in table.values())} FR/EN texts)")
    print(f"  {'field group':44} {'texts':>5} {'fr words':>9} {'en words':>9}")
    total_fr = total_en = 0
    for name, pairs in table.items():
        fr = sum(words(f) for f, _ in pairs)
        en = sum(words(e) for _, e in pairs)
        total_fr += fr
        total_en += en
        print(f"  {name:44} {len(pairs):5} {fr:9} {en:9}")
    print(f"  {'total':44} {'':5} {total_fr:9} {total_en:9}")
    return total_fr, total_en


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: case_length.py CASE.yml [CASE.yml ...]", file=sys.stderr)
        return 2
    for arg in argv:
        report(Path(arg))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
