#!/bin/sh
# threads_identical.sh EVSTUDY SAMPLES: every report of a 39-event study is byte-identical
# with 1, 2 and 7 worker threads.
set -e
ev=$1; samples=$2; out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for t in 1 2 7; do
  "$ev" run --prices "$samples/prices/daily.csv" --market SPX --events "$samples/events/cpi.csv" --window=-3:3 \
    --car 0:0 --car=-1:1 --report ar,car,fit,tests,skips,aar,caar --format csv --threads "$t" > "$out/$t.csv"
done
cmp "$out/1.csv" "$out/2.csv" && cmp "$out/1.csv" "$out/7.csv"
[ "$(grep -c '^cpi-' "$out/1.csv")" -gt 1000 ] || { echo "too few rows"; exit 1; }
echo "identical output with 1, 2 and 7 threads"
