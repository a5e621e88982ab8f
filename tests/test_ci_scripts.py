"""The logic shared by the README's two commands (.ci/lib.sh, sourced by .ci/test and .ci/site): Debian packages are
installed directly as root and through sudo otherwise, a user with neither is told in one line what to run, the
virtual environment is made once, and each phase is named and timed, also when one fails.

apt-get, sudo and id are stand-ins here that only write down how they were called: nothing is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from . import tool_versions
from .conftest import ROOT

LIB = ROOT / ".ci" / "lib.sh"
BASH = shutil.which("bash") or "/bin/bash"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path: Path):
    """A PATH with the few real programs lib.sh uses and stand-ins for id, apt-get and (optionally) sudo."""
    stubs, tools, log = tmp_path / "stubs", tmp_path / "tools", tmp_path / "calls.log"
    stubs.mkdir()
    tools.mkdir()
    for program in ("awk", "date", "env", "rm", "cat"):
        found = shutil.which(program)
        assert found, program
        (tools / program).symlink_to(found)
    _stub(stubs, "apt-get", f'echo "apt-get $*" >> {log}')

    def run(script: str, *, uid: int, sudo: bool) -> subprocess.CompletedProcess[str]:
        _stub(stubs, "id", f'[ "$1" = -u ] && echo {uid}')
        if sudo:
            _stub(stubs, "sudo", f'echo "sudo $*" >> {log}; exec "$@"')
        elif (stubs / "sudo").exists():
            (stubs / "sudo").unlink()
        env = {"PATH": f"{stubs}:{tools}", "HOME": str(tmp_path)}
        return subprocess.run([BASH, "-c", f". {LIB}; {script}"], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=60)

    run.log = log  # type: ignore[attr-defined]
    return run


def _calls(machine) -> list[str]:
    return machine.log.read_text(encoding="utf-8").splitlines() if machine.log.exists() else []


def test_root_installs_with_apt_get_directly(machine) -> None:
    result = machine("apt_install chromium default-jre-headless", uid=0, sudo=True)
    assert result.returncode == 0, result.stderr
    assert _calls(machine) == ["apt-get update -qq", "apt-get install -y -qq chromium default-jre-headless"]


def test_a_user_with_sudo_installs_through_sudo(machine) -> None:
    result = machine("apt_install python3-venv", uid=1000, sudo=True)
    assert result.returncode == 0, result.stderr
    assert _calls(machine) == [
        "sudo apt-get update -qq", "apt-get update -qq",
        # sudo drops the environment: the variable goes through env, after sudo
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv",
        "apt-get install -y -qq python3-venv"]
    assert "through sudo" in result.stdout


def test_a_user_without_sudo_is_told_what_to_run(machine) -> None:
    result = machine("apt_install chromium npm", uid=1000, sudo=False)
    assert result.returncode == 1
    assert _calls(machine) == []
    assert result.stderr.strip().splitlines() == [
        "error: missing Debian packages (chromium npm) and no sudo: run as root `apt-get install chromium npm`, "
        "then this command again"]


def test_nothing_to_install_runs_nothing(machine) -> None:
    assert machine("apt_install", uid=1000, sudo=False).returncode == 0
    assert _calls(machine) == []


def test_python3_venv_is_asked_for_when_venv_cannot_make_pip(machine, tmp_path: Path) -> None:
    stubs = tmp_path / "stubs"
    _stub(stubs, "python3", 'exit 1')  # a Debian python3 without python3-venv: `import ensurepip` fails
    assert machine("python_packages_needed", uid=0, sudo=False).stdout.strip() == "python3-venv"
    (stubs / "python3").unlink()
    assert machine("python_packages_needed", uid=0, sudo=False).stdout.strip() == "python3 python3-venv"
    _stub(stubs, "python3", 'exit 0')
    assert machine("python_packages_needed", uid=0, sudo=False).stdout.strip() == ""


def test_each_phase_is_named_and_timed_also_when_one_fails(machine) -> None:
    result = machine('phase "system packages"; phase "lint"; exit 3', uid=0, sudo=False)
    assert result.returncode == 3
    lines = result.stdout.strip().splitlines()
    assert "==> system packages" in lines and "==> lint" in lines
    summary = next(line for line in lines if line.startswith("==> time by phase: "))
    assert summary.removeprefix("==> time by phase: ").split(", ")[0].startswith("system packages ")
    assert summary.endswith(" s") and ", lint " in summary
    assert lines[-1] == '==> failed in phase "lint" (exit 3)'


def test_the_mkdocs_2_banner_is_switched_off(machine) -> None:
    assert machine('echo "$NO_MKDOCS_2_WARNING"', uid=0, sudo=False).stdout.splitlines()[0] == "1"


def test_the_virtual_environment_is_made_once(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": os.environ.get("PATH", "")}
    run = [BASH, "-c", f". {LIB}; make_venv"]
    first = subprocess.run(run, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "creating .venv with Python 3." in first.stdout
    python = tmp_path / ".venv" / "bin" / "python"
    assert subprocess.run([python, "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True,
                          check=True).stdout.strip() == str(tmp_path / ".venv")
    again = subprocess.run(run, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert again.returncode == 0 and "creating" not in again.stdout


# ---- the versions phase: python -m tests.tool_versions ----------------------------------------------------------
def test_node_is_checked_against_every_package_of_the_npm_lock() -> None:
    assert tool_versions.check_node("v18.20.4\n") == ("Node 18.20.4", None)
    found, problem = tool_versions.check_node("v16.20.2\n")
    assert found == "Node 16.20.2" and problem and "\n" not in problem
    assert problem.startswith("Node 16.20.2 is too old for ") and "install a Node" in problem
    assert tool_versions.check_node(None)[1] == (
        "Node is missing: install Debian's nodejs and npm (bash .ci/test does, as root or with sudo)")


def test_chromium_and_java_problems_say_what_to_do() -> None:
    assert tool_versions.check_chromium("Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)\n") == (
        "Chromium 156", None)
    assert "apt-get install --only-upgrade chromium" in (tool_versions.check_chromium("Chromium 120.0.6099.224 ")[1] or "")
    assert tool_versions.check_java('openjdk version "17.0.15" 2025-04-15\n', 11) == ("Java 17", None)
    assert tool_versions.check_java('java version "1.8.0_392"\n', 11)[1] == (
        "Java 8 is older than 11, which the Nu HTML Checker (vnu.jar) needs: install Debian's default-jre-headless")


def test_java_needed_is_read_from_the_checker_itself() -> None:
    if not tool_versions.VNU_JAR.is_file():
        pytest.skip("npm ci --prefix .ci has not run")
    assert tool_versions.java_needed() >= 8
