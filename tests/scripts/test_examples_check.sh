#!/usr/bin/env bash
# Every example model (with its NAME_test.score) and every stdlib module checks without errors;
# stdlib modules also without warnings. Warnings in examples are shown but do not fail the test.
# usage: test_examples_check.sh LEADC SOURCE_DIR
set -uo pipefail
leadc=$(readlink -f "$1")
src=$2
status=0
cd "$src"

shopt -s nullglob
models=(examples/*/*.score)
modules=(stdlib/std/*.score)
if [ ${#models[@]} -eq 0 ] || [ ${#modules[@]} -eq 0 ]; then
  echo "no examples or stdlib modules found under $src"
  exit 1
fi

for f in "${models[@]}"; do
  if ! out=$("$leadc" check "$f" 2>&1); then
    echo "FAIL $f"
    echo "$out"
    status=1
  elif [ -n "$out" ]; then
    echo "warnings in $f:"
    echo "$out"
  fi
done

for f in "${modules[@]}"; do
  if ! out=$("$leadc" check --werror "$f" 2>&1) || [ -n "$out" ]; then
    echo "FAIL $f"
    echo "$out"
    status=1
  fi
done

# All at once: one report, a module shared by several models reported once.
if ! "$leadc" check --format=json "${models[@]}" "${modules[@]}" > /dev/null; then
  echo "FAIL checking all files together"
  status=1
fi

[ $status -eq 0 ] && echo "${#models[@]} example files and ${#modules[@]} stdlib modules check clean"
exit $status
