#!/bin/sh
# color.sh EVSTUDY SPEC: colour codes appear only on a terminal and only without NO_COLOR.
ev=$1; spec=$2
esc=$(printf '\033')
"$ev" run "$spec" --format table | grep -q "$esc\[" && { echo "colour in a pipe"; exit 1; }
command -v script >/dev/null || { echo "skipped: no script(1) to fake a terminal"; exit 0; }
script -qec "$ev run $spec --format table" /dev/null | grep -q "$esc\[32m" || { echo "no colour on a terminal"; exit 1; }
NO_COLOR=1 script -qec "$ev run $spec --format table" /dev/null | grep -q "$esc\[3" && { echo "colour despite NO_COLOR"; exit 1; }
echo "colour only on a terminal without NO_COLOR"
