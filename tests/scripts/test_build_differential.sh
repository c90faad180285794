#!/bin/bash
# `leadc build` programs against the reference interpreter (and the LLVM JIT), byte for byte:
# every model among the examples and the CLI fixtures is built once, then scored over its own
# sample leads and over generated leads (bench/gen_leads.py, malformed records mixed in), as of
# dates before, inside and after the activity, with --explain so every group total and fired
# rule's points are compared, as NDJSON and as CSV. Exit codes and the summary's counts must
# agree too. Also: `leadc emit c` gives the same bytes twice, the generated C compiles cleanly
# with -Wall -Wextra -pedantic (cc, and clang when there is one), and `leadc score --backend=c`
# gives the built program's rows.
# usage: test_build_differential.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$src/bench/gen_leads.py" 2000 --seed 17 --bad-every 89 -o "$tmp/gen.ndjson"
python3 "$src/bench/gen_leads.py" 300 --seed 18 --format csv --as-of 2024-06-01 -o "$tmp/gen.csv"
backends=(interp)
: | "$leadc" score "$src/tests/cli/fixtures/funnel.score" --backend=jit -q 2>/dev/null && backends+=(jit)

# A generated model large enough for several rule functions and several walks over one list
mkdir -p "$tmp/gen-model"
python3 "$src/bench/gen_model.py" 400 --seed 3 > "$tmp/gen-model/generated.score"

compared=0
models=0
for model in "$src"/examples/*/*.score "$src"/tests/cli/fixtures/*.score "$src"/tests/cli/fixtures/*/*.score \
             "$tmp/gen-model/generated.score" /dev/null; do
  [ "$model" = /dev/null ] && break
  case $model in *_test.score) continue ;; esac
  "$leadc" check "$model" >/dev/null 2>&1 || continue        # fixtures with errors on purpose
  grep -q '^model ' "$model" || continue                      # modules
  name=$(basename "$model" .score)
  dir=$(dirname "$model")

  "$leadc" emit c "$model" -o "$tmp/$name.c"
  "$leadc" emit c "$model" | cmp -s - "$tmp/$name.c" || fail "$name: emit c is not deterministic"
  (cd "$dir" && "$leadc" emit c "$(basename "$model")") | cmp -s - "$tmp/$name.c" ||
    fail "$name: emit c depends on the directory it runs from"
  for compiler in ${CC:-cc} $(command -v clang || true); do
    $compiler -std=c11 -Wall -Wextra -pedantic -Werror -ffp-contract=off -I"$src/include" -c "$tmp/$name.c" \
      -o "$tmp/$name.o" || fail "$name: the generated C does not compile cleanly with $compiler"
  done
  "$leadc" build "$model" -o "$tmp/$name" || fail "$name: leadc build failed"
  models=$((models + 1))
  # --backend=c runs the same generated code inside leadc
  "$tmp/$name" "$tmp/gen.ndjson" --as-of=2024-06-01T12:30:00Z --explain -q > "$tmp/built.out" 2>/dev/null || true
  "$leadc" score "$model" "$tmp/gen.ndjson" --as-of=2024-06-01T12:30:00Z --explain -q --backend=c \
    > "$tmp/c.out" 2>/dev/null || true
  cmp -s "$tmp/built.out" "$tmp/c.out" || fail "$name: --backend=c differs from the built program"

  inputs=("$tmp/gen.ndjson" "$tmp/gen.csv")
  for f in "$dir"/*.ndjson "$dir"/*.csv; do [ -e "$f" ] && inputs+=("$f"); done
  for asof in 2024-05-01T00:00:00Z 2024-06-01T12:30:00Z 2025-01-01T00:00:00Z; do
    for input in "${inputs[@]}"; do
      for fmt in ndjson csv; do
        what="$name on $(basename "$input") as of $asof ($fmt)"
        set +e
        "$tmp/$name" "$input" --as-of=$asof --explain --format=$fmt --no-timings -j 2 \
          > "$tmp/built.out" 2> "$tmp/built.err"
        echo $? > "$tmp/built.rc"
        for backend in "${backends[@]}"; do
          "$leadc" score "$model" "$input" --as-of=$asof --explain --format=$fmt --no-timings \
            --backend=$backend > "$tmp/$backend.out" 2> "$tmp/$backend.err"
          echo $? > "$tmp/$backend.rc"
        done
        set -e
        for backend in "${backends[@]}"; do
          cmp -s "$tmp/$backend.rc" "$tmp/built.rc" ||
            fail "$what: exit $(cat "$tmp/built.rc") (built) vs $(cat "$tmp/$backend.rc") ($backend)"
          if ! cmp -s "$tmp/$backend.out" "$tmp/built.out"; then
            diff "$tmp/$backend.out" "$tmp/built.out" | head -6 >&2
            fail "$what: the built program's rows differ from $backend's"
          fi
          # the summary and reject reports: the same but for who is speaking
          sed "s/^leadc score: /$name: /" "$tmp/$backend.err" | cmp -s - "$tmp/built.err" ||
            { diff "$tmp/$backend.err" "$tmp/built.err" | head -6 >&2; fail "$what: stderr differs from $backend's"; }
        done
        compared=$((compared + $(wc -l < "$tmp/built.out")))
      done
    done
  done
done
[ $models -ge 5 ] || fail "only $models models built: are the examples where they should be?"
[ $compared -gt 20000 ] || fail "only $compared rows compared"
echo "ok: $models models built; $compared rows identical to ${backends[*]}"
