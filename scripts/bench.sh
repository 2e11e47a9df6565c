#!/usr/bin/env bash
# Benchmarks LaborWatch side by side with its peers in one run, and prints times, rates and ratios.
#
#   import: `laborwatch import contracts` of N synthetic logs (CSV) against
#           sqlite3's `.import` into a table of the CSV's columns, and `sqlite-utils insert --csv`;
#           all three write one SQLite file in WAL mode inside a transaction. Ours also validates every
#           value, coarsens dates, hashes each row for dedupe and keeps a unique index and foreign keys.
#   stats:  `laborwatch stats --json --by platform` over those logs against the sqlite3 CLI computing the
#           per-platform counts, distinct submitters and sums on the same file (which is all it computes:
#           no quantiles, FX, minimum wages or disclosure control).
#   scrape: `laborwatch scrape --offline` of 2,000 generated job pages (30-60 KB: boilerplate, a JSON-LD
#           JobPosting, a pay sentence; scripts/bench_pages.py) against Python BeautifulSoup+lxml and bare
#           lxml.html extracting the same JSON-LD (their own parse and extraction time; ours is the whole
#           command: start-up, parse, extract, store with history and raw bytes).
#
# Usage: scripts/bench.sh [ROWS]   (default 1,000,000; BENCH_DIR to choose the work folder, default bench/;
#        BENCH_PARTS=import,stats,scrape to choose parts, all by default)
# Installs sqlite3, sqlite-utils, bc, python3-bs4 and python3-lxml from Debian when missing (needs root). Timings are wall-clock seconds:
# run on an otherwise idle machine, and compare ratios, not absolute numbers, across machines.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
work="${BENCH_DIR:-$root/bench}"
repeat="${BENCH_REPEAT:-3}"
mkdir -p "$work"

need=()
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v sqlite-utils >/dev/null || need+=(sqlite-utils)
command -v bc >/dev/null || need+=(bc)
/usr/bin/python3 -c "import bs4, lxml" 2>/dev/null || need+=(python3-bs4 python3-lxml)
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: installing ${need[*]} (Debian packages)..." >&2
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

lw="$root/scripts/laborwatch"
"$lw" --help >/dev/null   # build once, outside the timings

parts="${BENCH_PARTS:-import,stats,scrape}"
part() { [[ ",$parts," == *",$1,"* ]]; }

csv="$work/contracts-$rows.csv"
if { part import || part stats; } && [ ! -s "$csv" ]; then
  echo "bench: generating $rows synthetic logs..." >&2
  "$lw" sample --rows "$rows" --out "$csv" >/dev/null
fi

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
# median of several runs of a command: prints seconds
median_of() {
  local times=() t0 t1
  for _ in $(seq "$repeat"); do
    t0=$(now); "$@" >/dev/null; t1=$(now)
    times+=("$(elapsed "$t0" "$t1")")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

echo "LaborWatch benchmark on $(nproc) cores, parts: $parts$([ -s "$csv" ] && echo "; $rows contract logs, $(du -h "$csv" | cut -f1) CSV")"
echo

ours_db="$work/ours.db"
if part import; then
# --- import ---------------------------------------------------------------------------------------
fresh "$ours_db"
t0=$(now); "$lw" --db "$ours_db" import contracts "$csv" >/dev/null; t1=$(now)
ours_import=$(elapsed "$t0" "$t1")

s3_db="$work/sqlite3.db"; fresh "$s3_db"
columns="$(head -1 "$csv")"
# The CSV's columns with the types our table uses for them.
ddl="CREATE TABLE contracts ($(echo "$columns" | tr ',' '\n' | awk '
  /^(submitter|platform|task_type|country|region|started|ended|status|pay_basis|advertised_unit|currency|notes)$/ {print $0 " TEXT"; next}
  /hours$|^advertised_rate$|^gross_pay$/ {print $0 " REAL"; next}
  {print $0 " INTEGER"}' | paste -sd, -))"
sqlite3 "$s3_db" "PRAGMA journal_mode=WAL;" "$ddl" >/dev/null
t0=$(now); sqlite3 "$s3_db" "PRAGMA synchronous=NORMAL;" ".import --csv --skip 1 $csv contracts"; t1=$(now)
s3_import=$(elapsed "$t0" "$t1")

su_db="$work/sqlite-utils.db"; fresh "$su_db"
sqlite3 "$su_db" "PRAGMA journal_mode=WAL;" >/dev/null
t0=$(now); sqlite-utils insert "$su_db" contracts "$csv" --csv >/dev/null; t1=$(now)
su_import=$(elapsed "$t0" "$t1")

printf '%-44s %10s %12s %14s\n' "import" "seconds" "rows/s" "ours / peer"
for entry in "laborwatch import contracts|$ours_import" "sqlite3 .import|$s3_import" "sqlite-utils insert --csv|$su_import"; do
  name="${entry%%|*}"; secs="${entry##*|}"
  printf '%-44s %10.2f %12.0f %14s\n' "$name" "$secs" "$(echo "$rows / $secs" | bc -l)" \
    "$( [ "$name" = "laborwatch import contracts" ] && echo "-" || printf '%.2fx' "$(echo "$ours_import / $secs" | bc -l)")"
done
echo "  (targets: within 1.50x of sqlite3's time; at most 0.33x of sqlite-utils' time)"
echo
fi

# --- stats ----------------------------------------------------------------------------------------
if part stats; then
[ -s "$ours_db" ] || "$lw" --db "$ours_db" import contracts "$csv" >/dev/null
ours_stats=$(median_of "$lw" --db "$ours_db" stats --json --by platform)
s3_stats=$(median_of sqlite3 "$ours_db" "SELECT platform_id, count(*), count(DISTINCT submitter_id), sum(gross_pay_minor),
  sum(paid_hours + unpaid_onboarding_hours + unpaid_assessment_hours + unpaid_guidelines_hours + unpaid_idle_hours
      + unpaid_rework_hours + unpaid_overrun_hours)
  FROM contracts GROUP BY platform_id")
printf '%-44s %10s %12s %14s\n' "stats --by platform (median of $repeat)" "seconds" "rows/s" "ours / peer"
printf '%-44s %10.2f %12.0f %14s\n' "laborwatch stats --json" "$ours_stats" "$(echo "$rows / $ours_stats" | bc -l)" "-"
printf '%-44s %10.2f %12.0f %14s\n' "sqlite3 group-by (sums and counts only)" "$s3_stats" "$(echo "$rows / $s3_stats" | bc -l)" \
  "$(printf '%.2fx' "$(echo "$ours_stats / $s3_stats" | bc -l)")"
echo "  (target: no slower than the sqlite3 group-by alone, i.e. at most 1.00x)"
echo
fi

# --- scrape ---------------------------------------------------------------------------------------
if part scrape; then
pages="$work/pages"
[ -d "$pages" ] || /usr/bin/python3 "$root/scripts/bench_pages.py" generate "$pages" 2000
count=$(find "$pages" -name '*.html' | wc -l)
scrape_db="$work/scrape.db"; fresh "$scrape_db"
t0=$(now); "$lw" --db "$scrape_db" scrape --offline "$pages" --observed-at 2026-11-23 >/dev/null; t1=$(now)
ours_scrape=$(elapsed "$t0" "$t1")
seconds_of() { /usr/bin/python3 "$root/scripts/bench_pages.py" "$1" "$pages" | sed -E 's/.*seconds=([0-9.]+).*/\1/'; }
lxml_scrape=$(seconds_of lxml)
bs4_scrape=$(seconds_of bs4)
printf '%-44s %10s %12s %14s\n' "scrape $count pages (30-60 KB, JSON-LD)" "seconds" "pages/s" "ours / peer"
printf '%-44s %10.2f %12.0f %14s\n' "laborwatch scrape --offline (whole command)" "$ours_scrape" "$(echo "$count / $ours_scrape" | bc -l)" "-"
printf '%-44s %10.2f %12.0f %14s\n' "lxml.html parse + JSON-LD" "$lxml_scrape" "$(echo "$count / $lxml_scrape" | bc -l)" "$(printf '%.2fx' "$(echo "$ours_scrape / $lxml_scrape" | bc -l)")"
printf '%-44s %10.2f %12.0f %14s\n' "BeautifulSoup+lxml + JSON-LD" "$bs4_scrape" "$(echo "$count / $bs4_scrape" | bc -l)" "$(printf '%.2fx' "$(echo "$ours_scrape / $bs4_scrape" | bc -l)")"
echo "  (target: at most 1.00x of lxml.html's time, i.e. at least 10x BeautifulSoup+lxml's pages/s)"
fi
