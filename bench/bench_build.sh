#!/bin/bash
# The scorer `leadc build` makes against the LLVM JIT (`leadc score`), on the shared benchmark:
# shared/bench/b2b.score over gen_leads.py 200000 --seed 1, as of 2024-05-01T00:00:00Z.
#
# usage: bench/bench_build.sh [LEADC] [RECORDS] [REPEAT]     (defaults: build/leadc 200000 3)
#
# For one thread and for every core, the best of REPEAT runs of each whole process (the JIT's
# compilation and the program's start included) writing its rows to a file, by wall time and by
# CPU time, and the time of the run alone as the summary reports it (reading, decoding, scoring
# and writing; compilation excluded). Both scorers must write byte-identical rows. The data is cached in bench-data/
# beside LEADC. The machine is shared: quote the ratios, which come from one run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
leadc=$(realpath "${1:-$root/build/leadc}")
records=${2:-200000}
repeat=${3:-3}
shared=$root/../shared/bench
[ -d "$shared" ] || shared=/work/shared/bench
model=$shared/b2b.score
asof=2024-05-01T00:00:00Z
data_dir=$(dirname "$leadc")/bench-data
mkdir -p "$data_dir"
data=$data_dir/leads-$records-seed1.ndjson
[ -s "$data" ] || python3 "$shared/gen_leads.py" "$records" --seed 1 > "$data"
mb=$(awk -v b="$(stat -L -c %s "$data")" 'BEGIN { printf "%.1f", b / 1e6 }')
cores=$(nproc)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

t0=$(date +%s.%N)
"$leadc" build "$model" -o "$tmp/b2b_built"
t1=$(date +%s.%N)
build_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

# best_of NAME CMD…: the minimum over REPEAT runs of the whole process's wall seconds (best) and
# CPU seconds, user + system (cpu), and of the scoring time its summary reports (scoring).
best_of() {
  local name=$1; shift
  best=; cpu=; scoring=
  for _ in $(seq "$repeat"); do
    /usr/bin/time -f "%e %U %S" -o "$tmp/$name.time" "$@" -o "$tmp/$name.out" 2> "$tmp/$name.err"
    read -r wall user sys < "$tmp/$name.time"
    local c s
    c=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    s=$(sed -n 's/^  time: *\([0-9.]*\) s.*/\1/p' "$tmp/$name.err")
    min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }
    best=$(min "$wall" "$best"); cpu=$(min "$c" "$cpu"); scoring=$(min "$s" "$scoring")
  done
}

printf "%-14s %8s %8s %12s %9s %10s\n" "scorer" "wall s" "CPU s" "records/s" "MB/s" "scoring s"
declare -A wall cpus score_s
for j in 1 "$cores"; do
  best_of "built-j$j" "$tmp/b2b_built" "$data" --as-of=$asof -j "$j"
  wall[built$j]=$best; cpus[built$j]=$cpu; score_s[built$j]=$scoring
  best_of "jit-j$j" "$leadc" score "$model" "$data" --as-of=$asof --backend=jit -j "$j"
  wall[jit$j]=$best; cpus[jit$j]=$cpu; score_s[jit$j]=$scoring
  cmp -s "$tmp/built-j$j.out" "$tmp/jit-j$j.out" || { echo "FAIL: built and JIT rows differ (-j $j)" >&2; exit 1; }
  for s in built jit; do
    w=${wall[$s$j]}
    printf "%-14s %8s %8s %12.0f %9.1f %10s\n" "$s -j $j" "$w" "${cpus[$s$j]}" \
      "$(awk -v n="$records" -v w="$w" 'BEGIN { print n / w }')" "$(awk -v m="$mb" -v w="$w" 'BEGIN { print m / w }')" \
      "${score_s[$s$j]}"
  done
done
echo
echo "data: $records records, $mb MB; leadc build took ${build_s} s; rows identical"
for j in 1 "$cores"; do
  awk -v j="$j" -v bw="${wall[built$j]}" -v jw="${wall[jit$j]}" -v bc="${cpus[built$j]}" -v jc="${cpus[jit$j]}" \
      -v bs="${score_s[built$j]}" -v js="${score_s[jit$j]}" \
    'BEGIN { printf "-j %s: built/JIT throughput %.2f by wall time, %.2f by CPU time (whole process); %.2f on the run alone (the summary'"'"'s time)\n", j, jw / bw, jc / bc, js / bs }'
done
