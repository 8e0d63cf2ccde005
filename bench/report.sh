#!/usr/bin/env bash
# Times `ladder report` over a synthetic ledger (default ten million records; generated once, then reused).
# Usage: bench/report.sh [RECORDS] [FILE]. Prints wall-clock seconds per run, JVM start included: the default report
# (which includes the findings section), the report without findings, grouped by task, and the findings alone.
# The report target: at most 2 s over ten million records on DuckDB (2 cores). Run on a quiet machine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
records=${1:-10000000}
file=${2:-"$root/target/bench/ledger-$records.duckdb"}
mkdir -p "$(dirname "$file")"
if [ ! -f "$file" ]; then
  "$root/ladder" ledger generate --records "$records" --data "$file"
fi
run() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$root/ladder" "$@" > /dev/null
  end=$(date +%s.%N)
  printf '%-40s %6.2f s\n' "$label" "$(echo "$end - $start" | bc)"
}
run "report (warm-up)" report --data "$file" --format json
for i in 1 2 3; do
  run "report (with findings), run $i" report --data "$file" --format json
done
for i in 1 2 3; do
  run "report --no-findings, run $i" report --data "$file" --no-findings --format json
done
run "report --by task --no-findings" report --data "$file" --by task --no-findings --format json
run "findings" findings --data "$file" --format json
