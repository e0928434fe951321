#!/bin/sh
# threads_identical.sh EVSTUDY SAMPLES: every report of a 39-event study is byte-identical
# with 1, 2 and 7 worker threads, in csv, tsv, json and ndjson; a report asked for alone (written event by event as the study
# runs) is byte-identical to its section of the all-reports output, whatever the thread count.
set -e
ev=$1; samples=$2; out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
study() {
  "$ev" run --prices "$samples/prices/daily.csv" --market SPX --events "$samples/events/cpi.csv" --window=-3:3 \
    --car 0:0 --car=-1:1 "$@"
}
for t in 1 2 7; do
  study --report ar,car,fit,tests,skips,aar,caar --format csv --threads "$t" > "$out/$t.csv"
done
cmp "$out/1.csv" "$out/2.csv" && cmp "$out/1.csv" "$out/7.csv"
# Each event's rows are made into text on the thread that ran it: every machine format too.
for f in tsv json ndjson; do
  for t in 1 2 7; do
    study --report ar,car,fit,tests,skips,aar,caar --format "$f" --threads "$t" > "$out/$t.$f"
  done
  cmp "$out/1.$f" "$out/2.$f" && cmp "$out/1.$f" "$out/7.$f"
  [ "$(wc -c < "$out/1.$f")" -gt 100000 ] || { echo "too little $f"; exit 1; }
done
[ "$(grep -c '^cpi-' "$out/1.csv")" -gt 1000 ] || { echo "too few rows"; exit 1; }
for r in ar car fit tests skips aar caar; do
  awk -v r="# report: $r" '$0 == r { on = 1; next } on && $0 == "" { exit } on { print }' "$out/1.csv" > "$out/section.csv"
  [ -s "$out/section.csv" ] || { echo "no $r section"; exit 1; }
  for t in 1 2 7; do
    study --report "$r" --format csv --threads "$t" > "$out/alone.csv"
    cmp "$out/section.csv" "$out/alone.csv" || { echo "--report $r alone differs ($t threads)"; exit 1; }
  done
done
# JSON and NDJSON of one report: the same rows as their all-reports forms.
study --report car --format ndjson --threads 2 > "$out/alone.ndjson"
study --report car,skips --format ndjson --threads 1 | grep '"report":"car"' > "$out/section.ndjson"
cmp "$out/section.ndjson" "$out/alone.ndjson"
study --report skips --format json --threads 2 > "$out/alone.json"
study --report skips,car --format json --threads 1 | awk '/^"car"/ { exit } { print }' | sed '$ s/,$//' > "$out/section.json"
printf '}\n' >> "$out/section.json"
cmp "$out/section.json" "$out/alone.json"
echo "identical output with 1, 2 and 7 threads, and per report alone"
