#!/usr/bin/env bash
# Builds every libFuzzer target with clang (ASan + UBSan) and runs each for a bounded time on a
# seed corpus made from the examples, the stdlib and the golden cases. Any crash, leak, hang or
# sanitizer report fails the run. FUZZ_SECONDS sets the time per target (default 30).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-30}
build=build-fuzz

CC=clang-19 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DLEADC_FUZZ=ON -DLEADC_TESTS=OFF >/dev/null
targets=$(cd tests/fuzz && ls fuzz_*.c 2>/dev/null | sed 's/\.c$//')
[ -n "$targets" ] || { echo "no fuzz targets"; exit 0; }
cmake --build "$build" -j"$(nproc)" --target $targets

for t in $targets; do
  corpus=$(mktemp -d)
  seeds="tests/fuzz/seeds/${t#fuzz_}"
  [ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
  if [ "$t" = fuzz_frontend ] || [ "$t" = fuzz_fmt ]; then
    i=0
    while IFS= read -r f; do cp "$f" "$corpus/seed_$i.score"; i=$((i + 1)); done \
      < <(find examples stdlib tests/golden -type f -name '*.score' | sort)
  fi
  echo "fuzzing $t for ${seconds}s ($(ls "$corpus" | wc -l) seeds)"
  "$build/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
      "$corpus" 2>"$build/$t.log" || { tail -50 "$build/$t.log"; rm -rf "$corpus"; exit 1; }
  rm -rf "$corpus"
done
echo "fuzzing: no crash, leak or hang"
