#!/usr/bin/env bash
# Set up (first run) and run the whole test suite, headless.  Extra arguments
# go to pytest.  PostgreSQL tests run when a server is reachable (see README).
source "$(dirname "${BASH_SOURCE[0]}")/scripts/bootstrap.sh"
ensure_system_libs
ensure_venv
cd "$REPO"
export QT_QPA_PLATFORM=offscreen
exec "$VENV/bin/python" -m pytest "$@"
