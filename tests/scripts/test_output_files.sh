#!/usr/bin/env bash
# Output files (-o, --write, lcov): a regular file is replaced whole through a temporary file;
# a FIFO or device is written in place and stays what it was — renaming a temporary file over
# /dev/null once turned it into a plain file on a developer's machine.
# usage: test_output_files.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
model=$src/examples/b2b_saas/b2b_saas.score
leads=$src/examples/b2b_saas/leads.ndjson
fail() { echo "FAIL: $*"; exit 1; }

"$leadc" score -q --as-of=2024-06-01 "$model" "$leads" > "$tmp/expected"

for cmd in score emit; do
  mkfifo "$tmp/fifo"
  timeout 20 cat "$tmp/fifo" > "$tmp/got" &   # bounded: a regression would never open it
  reader=$!
  if [ $cmd = score ]; then
    "$leadc" score -q --as-of=2024-06-01 -o "$tmp/fifo" "$model" "$leads"
  else
    "$leadc" emit c -o "$tmp/fifo" "$model"
  fi
  wait $reader || true
  [ -p "$tmp/fifo" ] || fail "$cmd -o FIFO replaced the FIFO"
  [ -s "$tmp/got" ] || fail "$cmd -o FIFO wrote nothing through it"
  [ $cmd = emit ] || cmp -s "$tmp/expected" "$tmp/got" || fail "score -o FIFO: rows differ"
  rm "$tmp/fifo" "$tmp/got"
done

# A regular file keeps its permissions and leaves no temporary file behind.
echo old > "$tmp/out.ndjson"
chmod 640 "$tmp/out.ndjson"
"$leadc" score -q --as-of=2024-06-01 -o "$tmp/out.ndjson" "$model" "$leads"
cmp -s "$tmp/expected" "$tmp/out.ndjson" || fail "score -o FILE: rows differ"
[ "$(stat -c %a "$tmp/out.ndjson")" = 640 ] || fail "score -o FILE lost the file's permissions"
[ "$(ls "$tmp" | grep -c tmp-)" = 0 ] || fail "a temporary file was left behind"

# A failed run leaves the old contents alone.
echo old > "$tmp/kept.ndjson"
printf 'not json\n' > "$tmp/bad.ndjson"
set +e
"$leadc" score -q --as-of=2024-06-01 --on-error=fail -o "$tmp/kept.ndjson" "$model" "$tmp/bad.ndjson" 2>/dev/null
rc=$?
set -e
[ $rc = 3 ] || fail "--on-error=fail on a bad record exited $rc, not 3"
[ "$(cat "$tmp/kept.ndjson")" = old ] || fail "a failed run changed the -o file"
echo "1 passed, 0 failed"
