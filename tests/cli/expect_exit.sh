#!/bin/sh
# expect_exit.sh CODE MESSAGE COMMAND...: the command exits with CODE and its stderr is MESSAGE.
expected_code=$1; expected_message=$2; shift 2
stderr=$("$@" 2>&1 >/dev/null); code=$?
[ "$code" -eq "$expected_code" ] || { echo "exit code $code, expected $expected_code; stderr: $stderr"; exit 1; }
[ "$stderr" = "$expected_message" ] || { printf 'stderr:   %s\nexpected: %s\n' "$stderr" "$expected_message"; exit 1; }
