#!/usr/bin/env bash
# The JIT's compiled-code cache (src/backend/llvm/jit_cache.h), through `leadc score`: a first run
# stores one entry, a second run uses it without rewriting it, and an entry that is damaged, that
# others could have written, or that cannot be stored never changes a score — it only costs a
# compile. Every run is compared with the interpreter.
# usage: test_jit_cache.sh LEADC SOURCE_DIR
set -euo pipefail
leadc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
model=$src/examples/b2b_saas/b2b_saas.score
leads=$src/examples/b2b_saas/leads.ndjson
fail() { echo "FAIL: $*"; exit 1; }
if ! "$leadc" score --backend=jit -q --as-of=2024-06-01 "$model" /dev/null 2>/dev/null; then
  echo "no JIT backend built in; nothing to test"
  exit 0
fi
export LEADC_CACHE_DIR=$tmp/cache
unset LEADC_NO_CACHE
"$leadc" score --backend=interp -q --explain --as-of=2024-06-01 "$model" "$leads" > "$tmp/expected"
score() { "$leadc" score --backend=jit -q --explain --as-of=2024-06-01 "$@" "$model" "$leads"; }
check() { score > "$tmp/got"; cmp -s "$tmp/expected" "$tmp/got" || fail "$1: scores differ from the interpreter"; }
entry() { ls "$LEADC_CACHE_DIR"/*.jit; }

check "first run"
[ "$(ls "$LEADC_CACHE_DIR" | wc -l)" = 1 ] || fail "the first run should store exactly one entry"
e=$(entry)
[ "$(stat -c %a "$LEADC_CACHE_DIR")" = 700 ] || fail "the cache directory should be private"
[ "$(stat -c %a "$e")" = 600 ] || fail "an entry should be private"
inode=$(stat -c %i "$e")
cp "$e" "$tmp/saved"

check "second run"
[ "$(stat -c %i "$e")" = "$inode" ] || fail "a hit should use the entry, not store it again"
cmp -s "$e" "$tmp/saved" || fail "a hit changed the entry"

# A damaged entry — cut short, or with its machine code changed — is compiled again and replaced.
head -c 2000 "$tmp/saved" > "$e"
check "truncated entry"
cmp -s "$e" "$tmp/saved" || fail "a truncated entry should be replaced by a good one"
size=$(stat -c %s "$e")
printf '\x90\x90\x90\x90' | dd of="$e" bs=1 seek=$((size - 100)) conv=notrunc status=none
check "changed machine code"
cmp -s "$e" "$tmp/saved" || fail "an entry with changed code should be replaced"

# Code that another user could have written is never run.
chmod 660 "$e"
inode=$(stat -c %i "$e")
check "group-writable entry"
[ "$(stat -c %i "$e")" != "$inode" ] || fail "a group-writable entry should not be used"
[ "$(stat -c %a "$e")" = 600 ] || fail "the replacement entry should be private"

# Another model is another entry; -j and --format do not change the code, so they share it.
cp -r "$src/examples/b2b_saas" "$tmp/changed"
sed -i 's/then +25/then +26/' "$tmp/changed/b2b_saas.score"
"$leadc" score --backend=jit -q --as-of=2024-06-01 "$tmp/changed/b2b_saas.score" "$leads" > /dev/null
"$leadc" score --backend=jit -q -j3 --format=csv --as-of=2024-06-01 "$model" "$leads" > /dev/null
[ "$(ls "$LEADC_CACHE_DIR" | wc -l)" = 2 ] || fail "a changed model should add one entry, nothing else"

# No cache at all, and a cache that cannot be written: same scores, nothing stored.
LEADC_NO_CACHE=1 LEADC_CACHE_DIR=$tmp/off check "LEADC_NO_CACHE"
[ ! -e "$tmp/off" ] || fail "LEADC_NO_CACHE should store nothing"
touch "$tmp/file"
LEADC_CACHE_DIR=$tmp/file/cache check "unwritable cache directory"
env -u LEADC_CACHE_DIR XDG_CACHE_HOME="$tmp/xdg" "$leadc" score -q --as-of=2024-06-01 "$model" "$leads" > /dev/null
[ "$(ls "$tmp/xdg/leadc" | wc -l)" = 1 ] || fail "without LEADC_CACHE_DIR the cache should be under XDG_CACHE_HOME/leadc"
echo "jit cache: ok"
