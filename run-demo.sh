#!/usr/bin/env bash
# Set up (first run) and open Tandem on the demo study.  Extra arguments go to
# `tandem demo` (e.g. a folder for the demo project).
source "$(dirname "${BASH_SOURCE[0]}")/scripts/bootstrap.sh"
ensure_system_libs display
ensure_venv
exec "$VENV/bin/tandem" demo "$@"
