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
                name = item.get("id", "?") if isinstance(item, dict) else "?"
                out[f"{key}.{name}"] += texts(item)
        elif key == "findings" and isinstance(value, dict):
            for sub, items in value.items():
                out[f"findings.{sub}"] += texts(items)
        else:
            out[key] += texts(value)
    return out


class CaseError(Exception):
    """A path that is not a readable case file; the message is one line for the reader."""


def load(path: Path) -> dict[str, Any]:
    try:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaseError(f"{path}: no such file; give the path of a case, e.g. cases/omhm-dis-hsmn.yml") from None
    except IsADirectoryError:
        raise CaseError(f"{path}: is a folder; give the path of a case file, e.g. cases/omhm-dis-hsmn.yml") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CaseError(f"{path}: cannot be read ({error.__class__.__name__}); give a UTF-8 case file") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise CaseError(f"{path}: not valid YAML{where}; fix the file or give another case") from None
    if not isinstance(case, dict):
        raise CaseError(f"{path}: not a case (the file is not a YAML mapping of fields); give a case file") from None
    return case


def report(path: Path) -> tuple[int, int]:
    table = groups(load(path))
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
    status = 0
    for arg in argv:
        try:
            report(Path(arg))
        except CaseError as error:
            print(f"case_length.py: {error}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
