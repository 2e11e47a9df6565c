#!/usr/bin/env bash
# The reliability suite at full size: kill -9 at random moments of every write, faults from below (a full,
# read-only or locked disk, damaged files, a scrape target dying mid-body), a bulk import under live traffic,
# hostile posts at scale and slow clients, two minutes of fuzzing per parser, and backups under writes.
# Prints one table of what was tried and how much went wrong; docs/reliability.md quotes it ("What we promise and how it
# is tested"). The normal tests (scripts/test.sh) run the same checks small.
#
# Usage: scripts/reliability.sh            (about 25 minutes on 2 cores; run as root: the full-disk and
#                                            read-only checks mount a small tmpfs, and are inconclusive otherwise)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

figures="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$figures" "$log"' EXIT
set +e
LABORWATCH_RELIABILITY=full LABORWATCH_RELIABILITY_OUT="$figures" \
  dotnet test --project tests/LaborWatch.Web.Tests -c Release --filter "TestCategory=Reliability" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

echo
echo "## Reliability: $(date -u +%F), $(nproc) cores"
echo
echo "| area | check | tried | went wrong |"
echo "|---|---|---:|---:|"
# Thousands grouped by hand: awk's %'d needs a locale that a fresh machine may not have.
sort -t$'\t' -k1,1 -s "$figures" | awk -F'\t' '
  function grouped(n,   s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
  { printf "| %s | %s | %s %s | %s %s |\n", $1, $2, grouped($3), $4, grouped($5), $6 }'
echo
awk -F'\t' '
  { wrong += $5 }
  $1 == "crash"       { kills += $3 }
  $1 == "fault"       { faults += $3 }
  $1 == "concurrency" { busy += $3 }
  $1 == "hostile" && $4 == "posts" { hostile += $3 }
  $1 == "hostile" && $4 == "pages" { pages += $3 }
  $1 == "fuzz"        { fuzz += $3 }
  $1 == "backup"      { copies += $3 }
  END {
    printf "kill -9s survived: %d; faults met: %d; requests under a bulk import: %d; hostile posts: %d, pages read back: %d; fuzz executions: %d; backups: %d\n", kills, faults, busy, hostile, pages, fuzz, copies
    printf "went wrong in all: %d (lost or half-written rows, server errors, injected elements, escaped exceptions)\n", wrong
  }' "$figures"
failed=$(grep -E '^\s*failed:\s*[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo "?")
echo "checks failed: $failed"
exit "$status"
