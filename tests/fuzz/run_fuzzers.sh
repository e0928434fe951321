#!/usr/bin/env bash
# run_fuzzers.sh SECONDS [JOBS]: builds the fuzz preset and runs every reader's fuzzer for
# SECONDS each, JOBS at a time (default 2), on a copy of its seed corpus. Exit 1 on any finding.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}; jobs=${2:-2}
cmake --preset fuzz >/dev/null && cmake --build build/fuzz >/dev/null
out=build/fuzz/runs; mkdir -p "$out"
run() {
  local t=$1; local corpus="$out/corpus_$t"
  rm -rf "$corpus"; mkdir -p "$corpus"; cp tests/fuzz/corpus/"$t"/* "$corpus"/
  if build/fuzz/tests/fuzz/"${t}"_fuzz "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
       -artifact_prefix="$out/${t}_" >"$out/$t.log" 2>&1; then
    echo "$t: clean, $(grep -E '^Done' "$out/$t.log" | tail -1)"
  else
    echo "$t: FINDING, see $out/$t.log"; return 1
  fi
}
export -f run; export out seconds
printf '%s\n' price_csv price_json event factor config | xargs -P "$jobs" -I{} bash -c 'run {}'
