#!/usr/bin/env bash
# Runs the given command with TEST_DATABASE_URL pointing at a real PostgreSQL.
# Uses TEST_DATABASE_URL when already set; otherwise starts a throwaway cluster (see postgres.sh).
# Also makes sure Chromium is there for the browser tests (see chromium.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/chromium.sh"
ensure_chromium
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  source "$here/postgres.sh"
  start_postgres
fi
exec "$@"
