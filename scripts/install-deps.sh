#!/usr/bin/env bash
# Installs every package leadc needs to build and test, from Debian 12's own archive.
# Idempotent: packages already present are left alone.
set -euo pipefail
pkgs=(build-essential cmake flex bison pkg-config
      llvm-19-dev zlib1g-dev libzstd-dev clang-19 libclang-rt-19-dev   # static LLVM needs zlib, zstd
      libcmocka-dev libpcre2-dev python3 jq valgrind
      chromium)   # tests/scripts/test_html_report.sh renders the HTML reports headless
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
