#!/usr/bin/env bash
# Shared set-up for ./run-demo.sh and ./run-tests.sh (sourced, not run).
# Creates .venv, installs Tandem into it when pyproject.toml changed, and makes
# sure Qt's system libraries are present: installed with apt-get when run as
# root, otherwise the exact command to run is printed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"

# Qt's runtime libraries: Debian package -> the shared library it provides.
QT_LIBS=(
  "libegl1:libEGL.so.1" "libgl1:libGL.so.1" "libxkbcommon0:libxkbcommon.so.0"
  "libfontconfig1:libfontconfig.so.1" "libfreetype6:libfreetype.so.6" "libdbus-1-3:libdbus-1.so.3"
  "libglib2.0-0:libglib-2.0.so.0" "libx11-6:libX11.so.6"
)
# Extra libraries for a real X11 display (the xcb platform plugin).
XCB_LIBS=(
  "libxcb-cursor0:libxcb-cursor.so.0" "libxkbcommon-x11-0:libxkbcommon-x11.so.0"
  "libxcb-icccm4:libxcb-icccm.so.4" "libxcb-keysyms1:libxcb-keysyms.so.1"
  "libxcb-shape0:libxcb-shape.so.0" "libxcb-xinerama0:libxcb-xinerama.so.0"
  "libxcb-randr0:libxcb-randr.so.0" "libxcb-render-util0:libxcb-render-util.so.0"
  "libxcb-image0:libxcb-image.so.0"
)

say() { printf 'tandem setup: %s\n' "$*" >&2; }

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

apt_install() {  # apt_install PKG... : install as root, else print the command and fail
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages: $*"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    say "missing system packages; install them with:"
    printf '\n    sudo apt-get install -y %s\n\n' "$*" >&2
    exit 1
  fi
}

ensure_system_libs() {  # ensure_system_libs [display]
  local wanted=("${QT_LIBS[@]}") missing=() entry
  if [ "${1:-}" = "display" ]; then wanted+=("${XCB_LIBS[@]}"); fi
  command -v ldconfig >/dev/null 2>&1 || return 0  # not glibc Linux: nothing to check
  local cache; cache="$(ldconfig -p 2>/dev/null || true)"
  for entry in "${wanted[@]}"; do
    grep -q "${entry#*:}" <<<"$cache" || missing+=("${entry%%:*}")
  done
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

ensure_venv() {
  local py stamp want
  if [ ! -x "$VENV/bin/python" ]; then
    py="$(find_python)" || { say "Tandem needs Python 3.11 or newer (sudo apt-get install -y python3)"; exit 1; }
    if ! "$py" -m venv "$VENV" >/dev/null 2>&1; then
      rm -rf "$VENV"
      apt_install python3-venv
      "$py" -m venv "$VENV"
    fi
  fi
  stamp="$VENV/.tandem-installed"
  want="$(sha256sum "$REPO/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing Tandem and its dependencies into .venv (first run takes a minute)"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e "$REPO[test]"
    # the test-only reference irrCAC, without its pins (see pyproject.toml, extra "reference")
    "$VENV/bin/python" -m pip install -q --no-deps "irrCAC==0.4.4"
    echo "$want" > "$stamp"
  fi
  # Tandem's own modules as bytecode, as an installed package has them: where
  # PYTHONDONTWRITEBYTECODE is set, every command would otherwise compile them
  # again (about 0.1 s of each `tandem` command).  Only changed files are compiled.
  "$VENV/bin/python" -m compileall -q -j 0 "$REPO/app" "$REPO/coding" "$REPO/storage" "$REPO/importers" \
    "$REPO/exporters" >/dev/null 2>&1 || true
}
