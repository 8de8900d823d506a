#!/usr/bin/env bash
# Set up (first run) and open Tandem on the demo study.  Extra arguments go to
# `tandem demo` (e.g. a folder for the demo project).
source "$(dirname "${BASH_SOURCE[0]}")/scripts/bootstrap.sh"
ensure_system_libs display
ensure_venv
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  say "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set): the window cannot open."
  say "run it in a desktop session, or under a virtual screen: xvfb-run -a ./run-demo.sh"
  say "(without a window: .venv/bin/tandem demo --no-gui builds the demo project and prints its path)"
  exit 1
fi
exec "$VENV/bin/tandem" demo "$@"
