#!/usr/bin/env bash
# Runs every test of LaborWatch: the README's test command, and what CI runs.
# Installs what a fresh machine lacks (only the .NET SDK is assumed: Debian's chromium is added for the
# browser tests, and npm's axe-core for their accessibility audit), then `dotnet test` over the solution,
# and ends with one plain line "N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet) is required: see global.json for the version" >&2
  exit 1
fi

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing chromium for the browser tests (Debian package)..." >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

# The printed report is read back as text, as a reader would: poppler's pdftotext, pdfinfo and pdftoppm.
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "test.sh: installing poppler-utils for the printed report's tests (Debian package)..." >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  fi
fi

# The accessibility audit runs axe-core (npm, version pinned in tests/LaborWatch.Web.Tests/axe/package-lock.json).
axe_dir="$root/tests/LaborWatch.Web.Tests/axe"
if [ ! -f "$axe_dir/node_modules/axe-core/axe.min.js" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "test.sh: installing npm for the accessibility audit (Debian package)..." >&2
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    fi
  fi
  echo "test.sh: installing axe-core for the accessibility audit (npm ci)..." >&2
  (cd "$axe_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The suite runs twice: on SQLite (the embedded default), then on a throwaway PostgreSQL cluster that
# scripts/pg-cluster.sh starts (Debian's postgresql, installed if missing; initdb in a temp folder, a free
# loopback port) and removes after. Tests of SQLite's own file are left out of the second run (TestStore.SqliteOnly).
# LABORWATCH_TEST_STORES=sqlite (or postgresql) runs one.
stores="${LABORWATCH_TEST_STORES:-sqlite postgresql}"
log="$(mktemp)"
pgdir=""
cleanup() {
  rm -f "$log"
  if [ -n "$pgdir" ]; then "$root/scripts/pg-cluster.sh" stop "$pgdir" || true; rm -rf "$pgdir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # so that an interrupted run still stops its PostgreSQL cluster

status=0
total_passed=0; total_failed=0; total_skipped=0; summary=""
for store in $stores; do
  : >"$log"
  set +e
  if [ "$store" = postgresql ]; then
    pgdir="$(mktemp -d /tmp/laborwatch-pg-XXXXXX)"
    uri="$("$root/scripts/pg-cluster.sh" start "$pgdir")" || { echo "test.sh: could not start a PostgreSQL cluster for the tests" >&2; exit 1; }
    echo "test.sh: the suite on PostgreSQL ($uri)" >&2
    LABORWATCH_TEST_POSTGRES="$uri" dotnet test --solution LaborWatch.sln -c Release --filter "TestCategory!=sqlite-only" "$@" 2>&1 | tee "$log"
  else
    echo "test.sh: the suite on SQLite" >&2
    dotnet test --solution LaborWatch.sln -c Release "$@" 2>&1 | tee "$log"
  fi
  run_status=${PIPESTATUS[0]}
  set -e
  # Microsoft.Testing.Platform ends with "total: N / failed: N / succeeded: N"; say it in one plain line.
  succeeded=$(grep -E '^\s*succeeded:\s*[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
  failed=$(grep -E '^\s*failed:\s*[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
  skipped=$(grep -E '^\s*skipped:\s*[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
  if [ "$run_status" -eq 0 ] && [ "${succeeded:-0}" -eq 0 ]; then
    echo "test.sh: no test ran on $store" >&2
    run_status=1
  fi
  [ "$run_status" -ne 0 ] && status=$run_status
  total_passed=$((total_passed + ${succeeded:-0})); total_failed=$((total_failed + ${failed:-0})); total_skipped=$((total_skipped + ${skipped:-0}))
  summary="$summary $store: ${succeeded:-0} passed, ${failed:-0} failed;"
done
echo "tests: ${total_passed} passed, ${total_failed} failed, ${total_skipped} skipped (${summary# })"
exit "$status"
