#!/bin/bash
# leadc score and the files it writes: -o is replaced atomically (complete on success, untouched
# on failure, no temporary left behind), --rejects holds the rejected lines verbatim, and a
# stream spanning many read batches comes out complete and in order.
# usage: test_score_files.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$1
fx=$2/tests/cli/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
asof=--as-of=2024-06-01T00:00:00Z
fail() { echo "FAIL: $*" >&2; exit 1; }

"$leadc" score "$fx/funnel.score" "$fx/leads.ndjson" $asof -q -o "$tmp/out.ndjson"
[ "$(wc -l < "$tmp/out.ndjson")" -eq 4 ] || fail "-o did not get 4 rows"
"$leadc" score "$fx/funnel.score" "$fx/leads.ndjson" $asof -q | cmp -s - "$tmp/out.ndjson" || fail "-o differs from stdout"

echo previous > "$tmp/kept.ndjson"
set +e
"$leadc" score "$fx/funnel.score" "$fx/bad.ndjson" $asof -q --on-error=fail -o "$tmp/kept.ndjson" 2>/dev/null
rc=$?
set -e
[ $rc -eq 3 ] || fail "--on-error=fail exited $rc, not 3"
[ "$(cat "$tmp/kept.ndjson")" = previous ] || fail "a failed run replaced the -o file"
[ "$(ls "$tmp" | wc -l)" -eq 2 ] || fail "a temporary file was left behind: $(ls "$tmp")"

"$leadc" score "$fx/funnel.score" "$fx/bad.ndjson" $asof -q --rejects="$tmp/rejects.ndjson" >/dev/null 2>&1
sed -n '2,4p' "$fx/bad.ndjson" | cmp -s - "$tmp/rejects.ndjson" || fail "--rejects is not the rejected lines verbatim"

# 30000 records (about 8 MB, several read batches), one in every 1000 malformed
python3 - "$fx/leads.ndjson" "$tmp/many.ndjson" <<'PY'
import json, sys
base = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
with open(sys.argv[2], "w") as out:
    for i in range(30000):
        if i % 1000 == 999:
            out.write('{"id": "broken", \n')
            continue
        rec = dict(base[i % len(base)])
        rec["id"] = "R%05d" % i
        out.write(json.dumps(rec) + "\n")
PY
"$leadc" score "$fx/funnel.score" "$tmp/many.ndjson" $asof --no-timings > "$tmp/many.out" 2> "$tmp/many.err"
[ "$(wc -l < "$tmp/many.out")" -eq 29970 ] || fail "expected 29970 rows, got $(wc -l < "$tmp/many.out")"
python3 - "$tmp/many.out" <<'PY' || fail "rows are not in input order"
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert ids == sorted(ids), "order"
PY
grep -q "records: 30000 read, 29970 scored, 30 rejected" "$tmp/many.err" || fail "summary: $(cat "$tmp/many.err" | tail -3)"
echo ok
