#!/bin/bash
# -j N scores blocks of records on N threads, and nothing a user can see may depend on N: for every
# example model, over generated inputs with malformed records, the rows, the --rejects file, the
# reject reports and the summary on stderr, and the exit code are byte-identical to -j 1 — also
# when --max-rejects or --on-error=fail stops the run part-way (nothing after the stopping record
# is written). The inputs span many read blocks, so blocks really are scored out of order.
# usage: test_threads.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# b2b_saas reads gen_leads.py records; the other examples get their own samples (leads.ndjson,
# leads.csv, where they have them) repeated to the same size, with every 97th record broken
# (NDJSON cut short, CSV a cell short).
python3 "$src/bench/gen_leads.py" 20000 --seed 11 --bad-every 97 > "$tmp/b2b_saas.ndjson"
python3 "$src/bench/gen_leads.py" 20000 --seed 12 --bad-every 89 --format csv > "$tmp/b2b_saas.csv"
for ex in "$src"/examples/*/; do
  name=$(basename "$ex")
  [ "$name" = b2b_saas ] && continue
  python3 - "$ex" "$tmp/$name" <<'PY'
import csv, os, sys
sample = os.path.join(sys.argv[1], "leads.")
if os.path.exists(sample + "ndjson"):
    nd = [l.rstrip("\n") for l in open(sample + "ndjson", encoding="utf-8") if l.strip()]
    with open(sys.argv[2] + ".ndjson", "w", encoding="utf-8") as out:
        for i in range(20000):
            line = nd[i % len(nd)]
            out.write((line[: len(line) * 2 // 3] if i % 97 == 96 else line) + "\n")
if os.path.exists(sample + "csv"):
    rows = list(csv.reader(open(sample + "csv", encoding="utf-8", newline="")))
    with open(sys.argv[2] + ".csv", "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(rows[0])
        for i in range(20000):
            row = rows[1 + i % (len(rows) - 1)]
            w.writerow(row[:-1] if i % 97 == 96 else row)
PY
done

# Scores $model on $input with -j1 and then each other thread count, comparing everything.
same_for_all_threads() {
  local label=$1; shift
  local ref="$tmp/ref" rc_ref=0
  "$leadc" score "$@" -j 1 --no-timings --rejects="$ref.rej" > "$ref.out" 2> "$ref.err" || rc_ref=$?
  [ -s "$ref.out" ] || fail "$label: -j 1 wrote no rows"
  for j in 2 4 default; do
    local got="$tmp/got" rc=0 jopt=(-j "$j")
    [ "$j" = default ] && jopt=()
    "$leadc" score "$@" "${jopt[@]}" --no-timings --rejects="$got.rej" > "$got.out" 2> "$got.err" || rc=$?
    [ "$rc" -eq "$rc_ref" ] || fail "$label -j $j: exit $rc, -j 1 exited $rc_ref"
    cmp -s "$ref.out" "$got.out" || fail "$label -j $j: rows differ from -j 1"
    cmp -s "$ref.rej" "$got.rej" || fail "$label -j $j: --rejects differs from -j 1"
    cmp -s "$ref.err" "$got.err" || fail "$label -j $j: stderr differs from -j 1: $(diff "$ref.err" "$got.err" | head -5)"
  done
  echo "$rc_ref"
}

asof=--as-of=2024-05-01T00:00:00Z
tested=0
for ex in "$src"/examples/*/; do
  name=$(basename "$ex")
  model="$ex/$name.score"
  [ -f "$tmp/$name.ndjson" ] || continue
  tested=$((tested + 1))
  for fmt in ndjson csv; do
    in="$tmp/$name.$fmt"
    [ -f "$in" ] || continue
    rc=$(same_for_all_threads "$name $fmt" "$model" "$in" $asof)
    [ "$rc" -eq 0 ] || fail "$name $fmt: exit $rc without a reject limit"
    grep -q "rejected" "$tmp/ref.err" || fail "$name $fmt: no record was rejected"
    rc=$(same_for_all_threads "$name $fmt --max-rejects" "$model" "$in" $asof --max-rejects=30)
    [ "$rc" -eq 3 ] || fail "$name $fmt --max-rejects: exit $rc, not 3"
    rc=$(same_for_all_threads "$name $fmt --on-error=fail" "$model" "$in" $asof --on-error=fail)
    [ "$rc" -eq 3 ] || fail "$name $fmt --on-error=fail: exit $rc, not 3"
  done
  rc=$(same_for_all_threads "$name --explain, two inputs" "$model" "$tmp/$name.ndjson" "$tmp/$name.ndjson" $asof --explain)
  [ "$rc" -eq 0 ] || fail "$name two inputs: exit $rc"
  rc=$(same_for_all_threads "$name --passthrough" "$model" "$tmp/$name.ndjson" $asof --passthrough)
  [ "$rc" -eq 0 ] || fail "$name --passthrough: exit $rc"
  if [ -f "$tmp/$name.csv" ]; then
    rc=$(same_for_all_threads "$name csv out" "$model" "$tmp/$name.csv" $asof --format=csv --explain)
    [ "$rc" -eq 0 ] || fail "$name csv out: exit $rc"
  fi
done

[ "$tested" -ge 3 ] || fail "only $tested examples have sample inputs"

# A stopped run ends right at the stopping record: the rows are exactly those before it.
"$leadc" score "$src/examples/b2b_saas/b2b_saas.score" "$tmp/b2b_saas.ndjson" $asof -q -j 4 \
  > "$tmp/all.out" 2>/dev/null
first_bad=$(python3 - "$tmp/b2b_saas.ndjson" "$tmp/all.out" <<'PY'
import json, sys
scored = {json.loads(l)["id"] for l in open(sys.argv[2])}
for n, line in enumerate(open(sys.argv[1], encoding="utf-8", errors="replace"), 1):
    try:
        if json.loads(line).get("id") in scored:
            continue
    except ValueError:
        pass
    print(n)
    break
PY
)
set +e
"$leadc" score "$src/examples/b2b_saas/b2b_saas.score" "$tmp/b2b_saas.ndjson" $asof -q -j 4 \
  --on-error=fail > "$tmp/stop.out" 2>/dev/null
set -e
head -n "$((first_bad - 1))" "$tmp/all.out" | cmp -s - "$tmp/stop.out" \
  || fail "--on-error=fail -j 4 did not end right before line $first_bad"
echo ok
