"""The two lock files install on the machines the README names: every Python package the project asks for is pinned
exactly, within pyproject.toml's ranges, and every npm package in .ci/package-lock.json runs on the Node that apt
installs on Debian 12 (18.20.4) as on Node 20 (the test machines' Node, on Debian 12 and 13)."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

LOCK = ROOT / ".ci" / "requirements.lock"
NPM_LOCK = ROOT / ".ci" / "package-lock.json"
# `apt-cache madison nodejs` on Debian 12 (bookworm and its security updates: 18.20.4), and the Node 20 of the test
# machines (`node --version`; also listed for this workplace's Debian 13 machines).
NODES = {"Debian 12's apt": "18.20.4", "Node 20": "20.20.2"}


def _pins() -> dict[str, list[tuple[str, str]]]:
    """Package name: [(version, environment marker)] from the lock."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement, _, marker = line.partition(";")
        name, sep, version = requirement.strip().partition("==")
        assert sep and re.fullmatch(r"[\w.+!-]+", version.strip()), f"{LOCK.name}:{number}: not an exact pin: {line}"
        pins.setdefault(canonicalize_name(name), []).append((version.strip(), marker.strip()))
    return pins


# Extras that neither the site, the tests nor .ci/test install: benchmarks/apa_pandoc.py's pandoc binary and apa.csl,
# installed by hand (`pip install -e '.[pandoc]'`) by whoever runs that comparison; the lock leaves them out.
UNLOCKED_EXTRAS = {"pandoc"}


def _project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"]]
    for name, extra in project["optional-dependencies"].items():
        if name in UNLOCKED_EXTRAS:
            continue
        wanted += [r for r in extra if not r.startswith(project["name"] + "[")]
    return [Requirement(r) for r in wanted]


def test_every_line_of_the_lock_is_one_exact_pin() -> None:
    pins = _pins()
    assert len(pins) > 40  # the site, the tests and the tools, transitive dependencies included
    for name, versions in pins.items():
        markers = [marker for _, marker in versions]
        assert len(versions) == 1 or all(markers), f"{name} is pinned twice for the same Python"


@pytest.mark.parametrize("requirement", _project_requirements(), ids=str)
def test_what_pyproject_asks_for_is_locked_within_its_range(requirement: Requirement) -> None:
    versions = _pins().get(canonicalize_name(requirement.name))
    assert versions, f"{requirement.name} is not in {LOCK.relative_to(ROOT)}"
    for version, _ in versions:
        assert requirement.specifier.contains(version, prereleases=True), f"{requirement.name}=={version} is outside {requirement}"


# ---- npm: the `engines` ranges of every package, checked like npm's semver --------------------------------------
def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _comparators(alternative: str) -> list[tuple[str, tuple[int, ...]]]:
    """One alternative of a range (comparators joined by spaces) as [(operator, version)]; partial and x-ranges
    ('14', '6.*', '>= 10.*') are expanded, as are caret and tilde ranges."""
    result: list[tuple[str, tuple[int, ...]]] = []
    tokens = re.findall(r"(<=|>=|<|>|=|\^|~)?\s*(\*|x|\d+(?:\.(?:\d+|\*|x)){0,2})", alternative)
    rest = re.sub(r"(<=|>=|<|>|=|\^|~)?\s*(\*|x|\d+(?:\.(?:\d+|\*|x)){0,2})", "", alternative).strip()
    if rest:
        raise ValueError(f"range not understood: {alternative!r}")
    for operator, text in tokens:
        parts = [p for p in text.split(".") if p not in ("*", "x")]
        numbers = tuple(int(p) for p in parts)
        full = numbers + (0,) * (3 - len(numbers))
        if not numbers:
            continue  # '*': any version
        if operator in ("", "=") and len(numbers) < 3:  # x-range: 14 → >=14.0.0 <15.0.0
            upper = (*numbers[:-1], numbers[-1] + 1)
            result += [(">=", full), ("<", upper + (0,) * (3 - len(upper)))]
        elif operator == "^":
            first = next((i for i, n in enumerate(full) if n), 2) if len(numbers) == 3 else 0
            upper = (*full[:first], full[first] + 1)
            result += [(">=", full), ("<", upper + (0,) * (3 - len(upper)))]
        elif operator == "~":
            keep = 2 if len(numbers) >= 2 else 1
            upper = (*full[:keep - 1], full[keep - 1] + 1)
            result += [(">=", full), ("<", upper + (0,) * (3 - len(upper)))]
        else:
            result.append((operator or "=", full))
    return result


def node_satisfies(version: str, engines: str) -> bool:
    have = _version(version)
    checks = {"<": have.__lt__, "<=": have.__le__, ">": have.__gt__, ">=": have.__ge__, "=": have.__eq__}
    return any(all(checks[op](v) for op, v in _comparators(alternative))
               for alternative in engines.split("||"))


@pytest.mark.parametrize(("version", "engines", "expected"), [
    ("18.20.4", "^18.19.0 || >=20.6.0", True), ("20.5.0", "^18.19.0 || >=20.6.0", False),
    ("18.20.4", ">=22.19", False), ("22.19.0", ">=22.19", True),
    ("18.20.4", ">=20.19.0 <22.0.0 || >=22.12.0", False), ("20.19.2", ">=20.19.0 <22.0.0 || >=22.12.0", True),
    ("18.20.4", "6.* || 8.* || >= 10.*", True), ("9.1.0", "6.* || 8.* || >= 10.*", False),
    ("14.2.0", ">=16 || 14 >=14.17", False), ("14.18.0", ">=16 || 14 >=14.17", True),
    ("18.20.4", "*", True), ("18.20.4", "~18.19.0", False), ("18.19.9", "~18.19.0", True),
])
def test_node_range_reading(version: str, engines: str, expected: bool) -> None:
    """The reading of npm's ranges, on examples from the lock (Lighthouse 13's >=22.19 among them)."""
    assert node_satisfies(version, engines) is expected


@pytest.mark.parametrize("where", sorted(NODES))
def test_every_npm_package_runs_on_debians_node(where: str) -> None:
    node = NODES[where]
    packages = json.loads(NPM_LOCK.read_text(encoding="utf-8"))["packages"]
    refused = {path.removeprefix("node_modules/"): entry["engines"]["node"] for path, entry in packages.items()
               if isinstance(entry.get("engines"), dict) and "node" in entry["engines"]
               and not node_satisfies(node, entry["engines"]["node"])}
    assert not refused, f"{where} (Node {node}) is refused by {refused}"


def test_no_npm_dependency_follows_a_dist_tag_unless_pinned() -> None:
    """A dependency given as a dist-tag ('latest') makes `npm ci` refuse the lock as soon as the tag moves: package.json's
    overrides pin each one to the release in the lock."""
    manifest = json.loads((ROOT / ".ci" / "package.json").read_text(encoding="utf-8"))
    packages = json.loads(NPM_LOCK.read_text(encoding="utf-8"))["packages"]
    for path, entry in packages.items():
        for name, wanted in (entry.get("dependencies") or {}).items():
            if re.fullmatch(r"[a-z][\w-]*", wanted) and wanted != "x":  # a tag, not a range or a version
                parent = path.removeprefix("node_modules/")
                pinned = manifest.get("overrides", {}).get(parent, {}).get(name)
                assert pinned, f"{parent} asks for {name}@{wanted}: pin it in .ci/package.json's overrides"
                assert packages[f"node_modules/{name}"]["version"] == pinned


def test_every_locked_release_accepts_debian_12s_python() -> None:
    """The README's commands make .venv with the machine's python3: on Debian 12 that is 3.11.2, below what some
    releases ask for (pymdown-extensions 13 needs 3.11.5). The installed releases are the locked ones
    (test_html_valid checks it for Material), and their metadata says which Pythons they accept."""
    from importlib import metadata

    from packaging.specifiers import SpecifierSet

    refused = {}
    for name, versions in _pins().items():
        try:
            installed = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        wanted = installed.get("Requires-Python")
        if installed["Version"] in [v for v, _ in versions] and wanted and not SpecifierSet(wanted).contains("3.11.2"):
            refused[f"{name}=={installed['Version']}"] = wanted
    assert not refused, f"Debian 12's Python 3.11.2 cannot install {refused}"
