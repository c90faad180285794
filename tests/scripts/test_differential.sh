#!/bin/bash
# The LLVM JIT against the reference interpreter, byte for byte: every model among the examples
# and the CLI fixtures, over its own sample leads, over variations of them (fields dropped, values
# swapped between records, numbers scaled, times shifted, list elements dropped and repeated) and
# over generated leads (bench/gen_leads.py, malformed records mixed in), as of several dates
# (before, inside and after the activity, so decay, windows and the point-in-time rule all bite),
# with --explain so every group total and every fired rule's points are compared, as NDJSON and
# as CSV.
# usage: test_differential.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$src/bench/gen_leads.py" 3000 --seed 7 --bad-every 97 -o "$tmp/gen.ndjson"
python3 "$src/bench/gen_leads.py" 400 --seed 8 --format csv --as-of 2024-06-01 -o "$tmp/gen.csv"

# variations.py SAMPLES OUT: 1500 records made from the sample records' own fields and values
cat > "$tmp/variations.py" <<'PY'
import json, random, sys
r = random.Random(11)
samples = []
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    try:
        obj = json.loads(line)
    except ValueError:
        continue                                                # the malformed samples
    if isinstance(obj, dict): samples.append(obj)
pool = {}
def collect(obj):
    for k, v in obj.items():
        pool.setdefault(k, []).append(v)
        if isinstance(v, list):
            for e in v:
                if isinstance(e, dict): collect(e)
for s in samples: collect(s)
def shift_time(v):
    if isinstance(v, str) and len(v) >= 10 and v[4:5] == "-" and v[7:8] == "-" and v[:4].isdigit():
        y, m, d = int(v[:4]), int(v[5:7]), int(v[8:10])
        d = min(28, max(1, d + r.randint(-20, 20)))
        m = min(12, max(1, m + r.choice([-1, 0, 0, 1])))
        return "%04d-%02d-%02d%s" % (y, m, d, v[10:])
    return v
def vary(obj):
    out = {}
    for k, v in obj.items():
        x = r.random()
        if x < 0.08: continue                                   # dropped
        if x < 0.25 and pool.get(k): v = r.choice(pool[k])      # another record's value
        if isinstance(v, bool): pass
        elif isinstance(v, (int, float)) and r.random() < 0.3:
            v = v * r.choice([0, 0.5, 1.5, 3, -1]) if isinstance(v, float) else int(v * r.choice([0, 2, 10])) + r.randint(-3, 3)
        elif isinstance(v, str): v = shift_time(v) if r.random() < 0.5 else v
        elif isinstance(v, list):
            v = [vary(e) if isinstance(e, dict) else e for e in v if r.random() > 0.15]
            if v and r.random() < 0.3: v = v + [r.choice(v)]
        out[k] = v
    return out
with open(sys.argv[2], "w") as f:
    for i in range(1500):
        f.write(json.dumps(vary(r.choice(samples)), ensure_ascii=False) + "\n")
PY

compared=0
for model in "$src"/examples/*/*.score "$src"/tests/cli/fixtures/*.score "$src"/tests/cli/fixtures/*/*.score; do
  case $model in *_test.score) continue ;; esac
  "$leadc" check "$model" >/dev/null 2>&1 || continue        # fixtures with errors on purpose
  grep -q '^model ' "$model" || continue                      # modules
  dir=$(dirname "$model")
  inputs=("$tmp/gen.ndjson" "$tmp/gen.csv")
  for f in "$dir"/*.ndjson "$dir"/*.csv; do [ -e "$f" ] && inputs+=("$f"); done
  if ls "$dir"/*.ndjson >/dev/null 2>&1; then
    cat "$dir"/*.ndjson > "$tmp/samples.ndjson"
    python3 "$tmp/variations.py" "$tmp/samples.ndjson" "$tmp/varied.ndjson"
    inputs+=("$tmp/varied.ndjson")
  fi
  for asof in 2024-05-01T00:00:00Z 2024-06-01T12:30:00Z 2025-01-01T00:00:00Z; do
    for input in "${inputs[@]}"; do
      for fmt in ndjson csv; do
        for backend in interp jit; do
          set +e
          "$leadc" score "$model" "$input" --as-of=$asof --explain --format=$fmt -q \
            --backend=$backend > "$tmp/$backend.out" 2> "$tmp/$backend.err"
          echo $? > "$tmp/$backend.rc"
          set -e
        done
        what="$(basename "$model") on $(basename "$input") as of $asof ($fmt)"
        cmp -s "$tmp/interp.rc" "$tmp/jit.rc" || fail "$what: exit $(cat "$tmp/interp.rc") (interp) vs $(cat "$tmp/jit.rc") (jit)"
        if ! cmp -s "$tmp/interp.out" "$tmp/jit.out"; then
          diff "$tmp/interp.out" "$tmp/jit.out" | head -6 >&2
          fail "$what: the backends' rows differ"
        fi
        compared=$((compared + $(wc -l < "$tmp/jit.out")))
      done
    done
  done
done
[ $compared -gt 30000 ] || fail "only $compared rows compared: are the models and inputs where they should be?"
echo "ok: $compared rows identical from both backends"
