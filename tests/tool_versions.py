"""Checks, before the browser tests, the programs they rely on: Node (for Lighthouse and axe-core, at least what every
package in .ci/package-lock.json declares), Chromium, and Java (for the Nu HTML Checker, at least the release its
classes are compiled for). ``python -m tests.tool_versions`` prints one line per program, or one line per problem
saying what is wrong and what to do, and exits 1 if there is any.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

from .test_locks import node_satisfies

ROOT = Path(__file__).resolve().parent.parent
NPM_LOCK = ROOT / ".ci" / "package-lock.json"
VNU_JAR = ROOT / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The Chromium the suite was last run with. Debian 12 and 13 ship each new stable Chromium in their security
# updates, so an older one means the machine's packages are not up to date.
MIN_CHROMIUM = 156


def _output(command: list[str]) -> str | None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (result.stdout + result.stderr) if result.returncode == 0 else None


def node_requirements() -> dict[str, str]:
    """Package: its `engines.node`, for every package of the npm lock that declares one."""
    packages = json.loads(NPM_LOCK.read_text(encoding="utf-8"))["packages"]
    return {path.removeprefix("node_modules/"): entry["engines"]["node"] for path, entry in packages.items()
            if path and isinstance(entry.get("engines"), dict) and "node" in entry["engines"]}


def check_node(version_text: str | None) -> tuple[str, str | None]:
    if version_text is None:
        return "Node: missing", "Node is missing: install Debian's nodejs and npm (bash .ci/test does, as root or with sudo)"
    version = version_text.strip().removeprefix("v")
    refused = {name: wanted for name, wanted in node_requirements().items() if not node_satisfies(version, wanted)}
    if refused:
        name, wanted = sorted(refused.items())[0]
        more = f" and {len(refused) - 1} more" if len(refused) > 1 else ""
        return f"Node {version}", (f"Node {version} is too old for {name} (node {wanted}){more} in .ci/package-lock.json: "
                                   "install a Node that every package accepts, or pin releases that accept this one")
    return f"Node {version}", None


def check_chromium(version_text: str | None) -> tuple[str, str | None]:
    found = re.search(r"Chromium (\d+)\.[\d.]+", version_text or "")
    if not found:
        return "Chromium: missing", "Chromium is missing: install Debian's chromium (bash .ci/test does, as root or with sudo)"
    major = int(found.group(1))
    if major < MIN_CHROMIUM:
        return f"Chromium {major}", (f"Chromium {major} is older than {MIN_CHROMIUM}, the release the suite runs with: "
                                     "update it (apt-get update && apt-get install --only-upgrade chromium)")
    return f"Chromium {major}", None


def java_needed(jar: Path = VNU_JAR) -> int:
    """The Java release the Nu HTML Checker's main class is compiled for (class file major version - 44)."""
    with zipfile.ZipFile(jar) as archive:
        main = archive.read("META-INF/MANIFEST.MF").decode()
        name = re.search(r"^Main-Class:\s*(\S+)", main, re.MULTILINE)
        assert name, f"{jar} names no Main-Class"
        header = archive.read(name.group(1).replace(".", "/") + ".class")[:8]
    magic, _minor, major = struct.unpack(">IHH", header)
    assert magic == 0xCAFEBABE, f"{name.group(1)} in {jar} is not a class file"
    return int(major) - 44


def check_java(version_text: str | None, needed: int) -> tuple[str, str | None]:
    found = re.search(r'version "(\d+)(?:\.(\d+))?', version_text or "")
    if not found:
        return "Java: missing", "Java is missing: install Debian's default-jre-headless (bash .ci/test does, as root or with sudo)"
    major = int(found.group(2)) if found.group(1) == "1" else int(found.group(1))  # "1.8.0" is Java 8
    if major < needed:
        return f"Java {major}", (f"Java {major} is older than {needed}, which the Nu HTML Checker (vnu.jar) needs: "
                                 "install Debian's default-jre-headless")
    return f"Java {major}", None


def main() -> int:
    node = shutil.which("node")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    java = shutil.which("java")
    if not VNU_JAR.is_file():
        print(f"error: {VNU_JAR.relative_to(ROOT)} is missing: run `npm ci --prefix .ci --ignore-scripts`")
        return 1
    results = [
        check_node(_output([node, "--version"]) if node else None),
        check_chromium(_output([chromium, "--version"]) if chromium else None),
        check_java(_output([java, "-version"]) if java else None, java_needed()),
    ]
    problems = [problem for _, problem in results if problem]
    for problem in problems:
        print(f"error: {problem}")
    if not problems:
        print("versions: " + ", ".join(found for found, _ in results) + " (what the browser checks need)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
