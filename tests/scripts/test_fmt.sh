#!/bin/bash
# leadc fmt on real files: every example model, test file, stdlib module and test fixture formats
# idempotently (fmt(fmt(x)) == fmt(x)); a comment put before or after any line of the examples is
# kept and still formats idempotently; formatted models score every lead exactly as the originals
# do (the examples' leads, and a generated 2000-rule model on 3000 generated leads); their tests
# still pass; --write rewrites atomically and only what changed; --check lists what is not
# formatted.
# usage: test_fmt.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
asof=--as-of=2024-06-01T00:00:00Z
fail() { echo "FAIL: $*" >&2; exit 1; }

# idempotence
n=0
while IFS= read -r f; do
  "$leadc" fmt "$f" > "$tmp/once.score" || fail "fmt $f"
  "$leadc" fmt "$tmp/once.score" > "$tmp/twice.score" || fail "fmt of formatted $f"
  cmp -s "$tmp/once.score" "$tmp/twice.score" || { diff "$tmp/once.score" "$tmp/twice.score" >&2; fail "not idempotent: $f"; }
  n=$((n + 1))
done < <(find "$src/examples" "$src/stdlib" "$src/tests/cli/fixtures" "$src/tests/unit/data" -name '*.score' | sort)
[ "$n" -ge 10 ] || fail "only $n files found"

# comments anywhere: before every third line, or at its end (outside `given` objects)
python3 - "$leadc" "$tmp" "$src"/examples/*/*.score "$src"/stdlib/std/*.score <<'PY'
import subprocess, sys
leadc, tmp, files = sys.argv[1], sys.argv[2], sys.argv[3:]
def fmt(path):
    p = subprocess.run([leadc, "fmt", path], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr
bad = 0
for path in files:
    lines = open(path, encoding="utf-8").read().split("\n")
    in_json = set()
    depth = 0
    for i, l in enumerate(lines):
        if depth or "given {" in l:
            in_json.add(i)
            depth += l.count("{") - l.count("}")
    for i in range(0, len(lines), 3):
        if i in in_json or not lines[i].strip():
            continue
        for own in (True, False):
            probe = "# probe %d" % i
            v = list(lines)
            v[i] = probe + "\n" + v[i] if own else v[i] + "  " + probe
            case = "%s/probe.score" % tmp
            open(case, "w", encoding="utf-8").write("\n".join(v))
            rc, out = fmt(case)
            if rc or probe not in out:
                print("%s:%d (%s comment): exit %d\n%s" % (path, i + 1, "own-line" if own else "trailing", rc, out[-400:]))
                bad += 1
                continue
            open(case, "w", encoding="utf-8").write(out)
            rc2, again = fmt(case)
            if rc2 or again != out:
                print("%s:%d (%s comment): not idempotent" % (path, i + 1, "own-line" if own else "trailing"))
                bad += 1
sys.exit(1 if bad else 0)
PY

# differential scoring: each example copied, formatted in place, scored beside the original
for dir in "$src"/examples/*/; do
  name=$(basename "$dir")
  cp -r "$dir" "$tmp/$name"
  "$leadc" fmt --write "$tmp/$name"
  "$leadc" fmt --check "$tmp/$name" > /dev/null || fail "$name not formatted after --write"
  for leads in "$dir"leads.ndjson "$dir"leads.csv; do
    [ -f "$leads" ] || continue
    "$leadc" score "$dir$name.score" "$leads" $asof --explain -q --backend=interp > "$tmp/orig.out" 2>/dev/null || true
    "$leadc" score "$tmp/$name/$name.score" "$leads" $asof --explain -q --backend=interp > "$tmp/fmt.out" 2>/dev/null || true
    [ -s "$tmp/orig.out" ] || fail "$name: no scores from $leads"
    cmp -s "$tmp/orig.out" "$tmp/fmt.out" || fail "$name: formatted model scores $(basename "$leads") differently"
  done
  "$leadc" test "$tmp/$name" > /dev/null || fail "$name: tests fail after formatting"
done

python3 "$src/bench/gen_model.py" 2000 --seed 7 > "$tmp/big.score"
python3 "$src/bench/gen_leads.py" 3000 --seed 7 -o "$tmp/big.ndjson"
"$leadc" fmt "$tmp/big.score" > "$tmp/big_fmt.score"
"$leadc" score "$tmp/big.score" "$tmp/big.ndjson" $asof --explain -q > "$tmp/big_orig.out"
"$leadc" score "$tmp/big_fmt.score" "$tmp/big.ndjson" $asof --explain -q > "$tmp/big_fmt.out"
[ "$(wc -l < "$tmp/big_orig.out")" -eq 3000 ] || fail "generated model: expected 3000 rows"
cmp -s "$tmp/big_orig.out" "$tmp/big_fmt.out" || fail "generated model: formatted model scores differently"

# --write: atomic, permissions kept, untouched when already formatted, refused on syntax errors
mkdir "$tmp/w"
printf 'model w\ninput lead { key id : string }\n' > "$tmp/w/a.score"
printf 'model ok\ninput lead {\n  key id: string\n}\n' > "$tmp/w/b.score"
printf 'model bad\nrule r when then 1\n' > "$tmp/w/c.score"
chmod 640 "$tmp/w/a.score"
touch -d '2020-01-01' "$tmp/w/b.score"
set +e
"$leadc" fmt --check "$tmp/w" > "$tmp/check.out" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] || fail "--check exited $rc, not 1"
[ "$(cat "$tmp/check.out")" = "$tmp/w/a.score" ] || fail "--check listed: $(cat "$tmp/check.out")"
set +e
"$leadc" fmt --write "$tmp/w" 2>/dev/null
rc=$?
set -e
[ $rc -eq 1 ] || fail "--write with a broken file exited $rc, not 1"
[ "$(cat "$tmp/w/a.score")" = "$(printf 'model w\ninput lead {\n  key id: string\n}')" ] || fail "--write result: $(cat "$tmp/w/a.score")"
[ "$(stat -c %a "$tmp/w/a.score")" = 640 ] || fail "--write lost the file's permissions"
[ "$(stat -c %Y "$tmp/w/b.score")" = "$(date -d 2020-01-01 +%s)" ] || fail "--write touched a formatted file"
[ "$(cat "$tmp/w/c.score")" = "$(printf 'model bad\nrule r when then 1')" ] || fail "--write changed a file with errors"
[ "$(ls "$tmp/w" | wc -l)" -eq 3 ] || fail "a temporary file was left behind: $(ls "$tmp/w")"
echo ok
