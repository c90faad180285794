#!/bin/bash
# leadc test --coverage=lcov:FILE writes a well-formed LCOV file: one record per source file with
# functions (rules, tiers), lines and branches whose counts agree with their totals and with the
# text report; the file appears whole or not at all; every example model is covered without error.
# usage: test_coverage_lcov.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$leadc" test --coverage=lcov:"$tmp/cov.info" "$src/tests/golden/coverage/fixtures/partly.score" > "$tmp/text"
python3 - "$tmp/cov.info" "$tmp/text" <<'PY' || fail "malformed LCOV"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
text = open(sys.argv[2]).read()
records, cur = [], None
for l in lines:
    if l.startswith("SF:"):
        assert cur is None, "SF inside a record"
        cur = {"fn": {}, "fnda": {}, "brda": [], "da": {}, "totals": {}}
        cur["sf"] = l[3:]
    elif l == "end_of_record":
        records.append(cur); cur = None
    elif l.startswith("TN:"):
        continue
    else:
        key, _, val = l.partition(":")
        assert cur is not None, "line outside a record: " + l
        if key == "FN": line, name = val.split(",", 1); cur["fn"][name] = int(line)
        elif key == "FNDA": n, name = val.split(",", 1); cur["fnda"][name] = int(n)
        elif key == "BRDA": cur["brda"].append(val.split(","))
        elif key == "DA": line, n = val.split(","); cur["da"][int(line)] = int(n)
        elif key in ("FNF", "FNH", "BRF", "BRH", "LF", "LH"): cur["totals"][key] = int(val)
        else: raise AssertionError("unknown LCOV line " + l)
assert cur is None and len(records) == 1, records
r = records[0]
assert r["sf"].endswith("partly.score")
assert set(r["fn"]) == set(r["fnda"]) == {"rule.senior", "rule.enterprise", "rule.partner_lead", "rule.pricing",
                                          "rule.demo", "tier.sql", "tier.mql", "tier.lead"}, r["fn"]
t = r["totals"]
assert t["FNF"] == 8 and t["FNH"] == sum(1 for v in r["fnda"].values() if v) == 5, t
assert r["fnda"]["rule.enterprise"] == 0 and r["fnda"]["tier.mql"] == 0 and r["fnda"]["rule.demo"] == 1
taken = [b[3] for b in r["brda"]]
assert t["BRF"] == len(taken) == 22 and t["BRH"] == sum(1 for x in taken if x not in ("0", "-")) == 14, t
assert all(x in ("0", "1", "-") for x in taken)
blocks = {}
for line, block, branch, x in r["brda"]:
    blocks.setdefault(block, []).append(branch)
assert all(v == ["0", "1"] for v in blocks.values()), blocks
assert t["LF"] == len(r["da"]) == 8 and t["LH"] == 5
assert "condition branches taken 14 of 22" in text and "rules fired 3 of 5" in text
PY

# the file is replaced only when complete: an unwritable destination leaves nothing behind
set +e
"$leadc" test --coverage=lcov:"$tmp/no/such/dir/cov.info" "$src/tests/golden/coverage/fixtures/partly.score" > /dev/null 2>&1
rc=$?
set -e
[ $rc -eq 4 ] || fail "unwritable LCOV file: exit $rc, not 4"

"$leadc" test --coverage=lcov:"$tmp/examples.info" "$src/examples" > /dev/null || fail "coverage of the examples"
[ "$(grep -c '^end_of_record$' "$tmp/examples.info")" -ge 3 ] || fail "one LCOV record per example model"
echo ok
