#!/bin/sh
# expect_output.sh GOLDEN COMMAND...: the command succeeds and its stdout equals GOLDEN byte for byte.
golden=$1; shift
out=$(mktemp); trap 'rm -f "$out"' EXIT
"$@" >"$out" || { echo "command failed: $*"; exit 1; }
cmp -s "$out" "$golden" || { echo "stdout differs from $golden:"; diff "$golden" "$out" | head -20; exit 1; }
