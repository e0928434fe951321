#!/bin/sh
# golden_check.sh EVSTUDY SPEC WORKDIR: save a golden file, then check it unchanged (0), drifted
# (1), with a row missing (1) or extra (1), malformed (65) and missing (66).
set -u
ev=$1; spec=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAILED: $*"; exit 1; }
expect() {  # expect CODE PATTERN -- args...: exit code and a line of output matching PATTERN
  code=$1; pattern=$2; shift 2
  out=$("$ev" "$@" 2>&1); got=$?
  [ "$got" -eq "$code" ] || fail "evstudy $* exited $got, expected $code: $out"
  printf '%s\n' "$out" | grep -q -- "$pattern" || fail "evstudy $*: no line matching '$pattern' in: $out"
}
"$ev" run "$spec" --save-golden "$work/golden.json" --format csv >/dev/null || fail "save-golden"
expect 0 "1290 rows in 7 reports within tolerance" check "$work/golden.json"
expect 0 "within tolerance (rtol 0, atol 0)" check "$work/golden.json" --rtol 0 --atol 0

sed 's/\("ticker":"IWM","window":"0:4","car":\)0\.13/\10.12/' "$work/golden.json" > "$work/drift.json"
expect 1 "^car  *cpi-2026-02-11,IWM,0:4  *car  *0.126" check "$work/drift.json"
expect 0 "within tolerance" check "$work/drift.json" --atol 0.02

# The golden file lacks a row the re-run has (an extra row):
grep -v '"ticker":"KEY","window":"0:0"' "$work/golden.json" > "$work/fewer.json"
expect 1 "cpi-2026-02-11,KEY,0:0  *(row)  *(missing)  *row" check "$work/fewer.json"

# The golden file has a row the re-run lacks (a missing row):
awk '{ print } /"ticker":"KEY","window":"0:0"/ { line = $0; sub(/"KEY"/, "\"ZZZ\"", line); print line }' "$work/golden.json" > "$work/extra.json"
expect 1 "cpi-2026-02-11,ZZZ,0:0  *(row)  *row  *(missing)" check "$work/extra.json"
# Many drifted values: the diff is capped.
sed 's/"scar":\([0-9]\)/"scar":1\1/' "$work/golden.json" > "$work/many.json"
expect 1 "^\.\.\. and [0-9]* more$" check "$work/many.json"

head -c 500 "$work/golden.json" > "$work/truncated.json"
expect 65 "evstudy: error: $work/truncated.json: invalid JSON at byte 501, expected an evstudy golden file" check "$work/truncated.json"
expect 66 "evstudy: error: $work/nowhere.json: cannot open: No such file or directory" check "$work/nowhere.json"
expect 64 "evstudy: error: --rtol and --atol: expected numbers >= 0" check "$work/golden.json" --rtol -1
echo "golden check: all exit codes as expected"
