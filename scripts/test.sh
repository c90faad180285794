#!/usr/bin/env bash
# The whole test suite, from a clean checkout: installs dependencies, builds, runs every CTest
# test, then does the same under AddressSanitizer + UndefinedBehaviorSanitizer, then runs each
# fuzz target for a bounded time. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

./scripts/install-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLEADC_SANITIZE=ON
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

if [ -x tests/fuzz/run.sh ]; then
  tests/fuzz/run.sh
fi
