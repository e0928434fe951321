#!/bin/sh
# no_output_on_error.sh EVSTUDY SAMPLES: a run whose inputs fail to load exits 66 and leaves no
# --output file (the output opens once the inputs have loaded); a run that loads writes it.
ev=$1; samples=$2; out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
"$ev" run --prices "$out/missing.csv" --market SPX --events "$samples/events/cpi.csv" --report car --format csv \
  -o "$out/car.csv" 2>/dev/null
code=$?
[ "$code" -eq 66 ] || { echo "exit code $code, expected 66"; exit 1; }
[ ! -e "$out/car.csv" ] || { echo "output file created by a failed run"; exit 1; }
"$ev" run --prices "$samples/prices/daily.csv" --market SPX --events "$samples/events/cpi.csv" --report car --format csv \
  -o "$out/car.csv" || exit 1
[ "$(head -1 "$out/car.csv")" = "event,ticker,window,car,scar,bhar" ] || { echo "no car header"; exit 1; }
echo "no output file after a failed load; written after a good one"
