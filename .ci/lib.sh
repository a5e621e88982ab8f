# Shared by .ci/test, .ci/site and .ci/upgrade (sourced, not run): phases with their times, Debian packages
# installed as root or through sudo, and the project's virtual environment .venv installed from the lock.
# shellcheck shell=bash

# Material for MkDocs 9.7+ prints a banner about MkDocs 2 and its own end of life on every build; it says nothing
# about this site, which pins mkdocs<2 (see README, "Two commands"). The variable is Material's own switch.
export NO_MKDOCS_2_WARNING=1 PIP_DISABLE_PIP_VERSION_CHECK=1
VENV=.venv
LOCK=.ci/requirements.lock

# ---- phases: `phase NAME` starts one and ends the one before; the times are printed at the end -------------------
_phase_names=() _phase_times=() _phase_name="" _phase_start=0
_now() { date +%s.%N; }
_close_phase() {
  if [ -n "$_phase_name" ]; then
    _phase_names+=("$_phase_name")
    _phase_times+=("$(awk -v a="$_phase_start" -v b="$(_now)" 'BEGIN { printf "%.1f", b - a }')")
    _phase_name=""
  fi
}
phase() {
  _close_phase
  _phase_name="$1" _phase_start=$(_now)
  printf '\n==> %s\n' "$1"
}
phases_summary() {  # called on exit, also when a phase fails
  local status=$? failed="$_phase_name" i line=""
  _close_phase
  for i in "${!_phase_names[@]}"; do line+="${line:+, }${_phase_names[$i]} ${_phase_times[$i]} s"; done
  [ -n "$line" ] && printf '\n==> time by phase: %s\n' "$line"
  if [ "$status" -ne 0 ] && [ -n "$failed" ]; then printf '==> failed in phase "%s" (exit %s)\n' "$failed" "$status"; fi
  return "$status"
}
trap phases_summary EXIT

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---- Debian packages -------------------------------------------------------------------------------------------
# How to run a command as root: directly for root, through sudo for a user who has it (it may ask for a password).
as_root_prefix() {
  if [ "$(id -u)" = 0 ]; then
    echo ""
  elif command -v sudo >/dev/null 2>&1; then
    echo "sudo"
  else
    echo "none"
  fi
}

# apt_install PACKAGE...: install Debian packages; says what is missing and how to get it when it cannot.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  local sudo
  sudo=$(as_root_prefix)
  if [ "$sudo" = none ]; then
    die "missing Debian packages ($*) and no sudo: run as root \`apt-get install $*\`, then this command again"
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing packages ($*) and no apt-get: this script knows Debian 12 and 13"
  echo "installing Debian packages: $* (apt-get${sudo:+ through sudo})"
  $sudo apt-get update -qq
  # env: sudo drops the caller's environment
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# The packages a Python virtual environment needs on Debian: python3 itself, and python3-venv (venv's bundled pip).
python_packages_needed() {
  if ! command -v python3 >/dev/null 2>&1; then
    echo "python3 python3-venv"
  elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    echo "python3-venv"
  fi
}

# ---- the virtual environment -----------------------------------------------------------------------------------
# make_venv: create .venv if it is missing or broken (a Python that no longer runs, e.g. after an upgrade).
make_venv() {
  if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$VENV"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "$(python3 --version 2>&1) is too old: the lock is made for Python 3.11 to 3.13 (Debian 12 has 3.11)"
  echo "creating $VENV with $(python3 --version 2>&1) ($(command -v python3))"
  python3 -m venv "$VENV" || die "python3 -m venv failed: install Debian's python3-venv and run this command again"
}

# install_locked: the exact versions of .ci/requirements.lock, then the project itself (editable, no other package).
# Skipped when .venv already has them: a stamp keeps the checksum of the lock and pyproject.toml it was made from.
install_locked() {
  local stamp="$VENV/.casebook-installed" sum
  sum=$(cat "$LOCK" pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    echo "$VENV already has $LOCK and Casebook installed"
    return 0
  fi
  rm -f "$stamp"
  "$VENV/bin/python" -m pip install -q -r "$LOCK"
  "$VENV/bin/python" -m pip install -q --no-deps -e .
  echo "$sum" >"$stamp"
  echo "$("$VENV/bin/python" --version) in $VENV: $(grep -c '==' "$LOCK") packages from $LOCK, and Casebook"
}
