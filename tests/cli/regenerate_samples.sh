#!/bin/sh
# regenerate_samples.sh GENERATOR SAMPLES OUTDIR: the generator rewrites samples/ byte for byte.
set -e
generator=$1; samples=$2; out=$3
rm -rf "$out"
"$generator" "$out" 2>/dev/null
diff -r "$samples/prices" "$out/prices"
diff -r "$samples/events" "$out/events"
diff -r "$samples/factors" "$out/factors"
cmp "$samples/cpi-2026-02-11.json" "$out/cpi-2026-02-11.json"
