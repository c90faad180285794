#!/bin/bash
# Every example model's own tests pass under the reference interpreter, and every sample input
# beside a model scores without an internal error.
# usage: test_examples_pass.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$1
examples=$2/examples
"$leadc" test "$examples"
for model in "$examples"/*/*.score; do
  case "$model" in *_test.score) continue ;; esac
  for input in "$(dirname "$model")"/*.ndjson "$(dirname "$model")"/*.csv; do
    [ -e "$input" ] || continue
    set +e
    "$leadc" score "$model" "$input" --as-of=2024-06-01T00:00:00Z -q > /dev/null 2>&1
    rc=$?
    set -e
    [ $rc -eq 0 ] || { echo "FAIL: leadc score $model $input exited $rc" >&2; exit 1; }
  done
done
echo ok
