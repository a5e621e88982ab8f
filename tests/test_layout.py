"""The package's folders are its parts, and imports flow one way (the order in ``casebook/__init__.py``).

Every ``import`` in the package is read with :mod:`ast`, those inside functions included, so a lazy import cannot
hide a cycle between parts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "casebook"
# Lowest first: a part may import the parts before it, never those after it.
ORDER = ("base", "bibliography", "model", "content", "compare", "publishing", "mkdocs")
TOP = ("cli", "__main__")  # the command line sits above every part but mkdocs, which it does not need


def _part(module: str) -> str:
    """``casebook.compare.matrices`` → ``compare``; ``casebook.cli`` → ``cli``; ``casebook`` → ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    names = list(rel.parts)
    if names[-1] == "__init__":
        names.pop()
    return ".".join(names)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every Casebook module ``path`` imports, relative imports resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == "casebook" or target.startswith("casebook."):
                # ``from ..compare import charts`` imports the module casebook.compare.charts
                out += [(node.lineno, f"{target}.{a.name}" if target.count(".") == 1 and node.module != a.name
                         and (PACKAGE / target.split(".")[1] / f"{a.name}.py").exists() else target)
                        for a in node.names]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "casebook"]
    return out


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_parts_are_the_folders() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(ORDER), "a new folder of the package is a new part: add it to ORDER and to casebook/__init__.py"
    loose = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", *TOP}
    assert not loose, f"modules outside any part: {sorted(loose)}"


def test_imports_flow_one_way() -> None:
    wrong = []
    for path in modules():
        here = _part(_module_name(path))
        for line, target in imports_of(path):
            there = _part(target)
            if not there or there == here:
                continue
            if here in TOP:
                ok = there in TOP or (there in ORDER and there != "mkdocs")
            elif here in ORDER and there in ORDER:
                ok = ORDER.index(there) < ORDER.index(here)
            else:
                ok = False
            if not ok:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {here} imports {target}")
    assert not wrong, "imports against the direction " + " ← ".join(ORDER) + ":\n" + "\n".join(wrong)


def test_only_the_adapters_import_mkdocs() -> None:
    found = []
    for path in modules():
        if _part(_module_name(path)) == "mkdocs":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [f"{path.relative_to(PACKAGE)}:{node.lineno}: {n}" for n in names
                      if n.split(".")[0] in ("mkdocs", "material", "properdocs")]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("part", ORDER)
def test_each_part_says_what_it_owns_and_may_import(part: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / part / "__init__.py").read_text(encoding="utf-8"))) or ""
    lines = [line for line in doc.splitlines() if line.strip()]
    assert len(lines) == 2 and lines[0].startswith("Owns ") and lines[1].startswith("May import"), doc


def test_the_checker_sees_a_wrong_import(tmp_path: Path) -> None:
    """The resolver reads a relative import from a lower part into a higher one as that higher module."""
    fake = PACKAGE / "base" / "_layout_probe.py"
    fake.write_text("from ..compare import charts\nfrom ..publishing.site import Page\n", encoding="utf-8")
    try:
        got = [t for _, t in imports_of(fake)]
    finally:
        fake.unlink()
    assert got == ["casebook.compare.charts", "casebook.publishing.site"]
