#!/bin/bash
# The module exports nothing but the Cryptoki entry points: built on
# OpenSSL (-Dcrypto=openssl), none of OpenSSL's symbols either.
#   linkage.sh MODULE
set -euo pipefail
module=$1
fail() { echo "FAIL: $*"; exit 1; }

# What it needs at load time (NEEDED: libcrypto.so.3 with the OpenSSL
# backend, no C++ runtime; symbol versions) is packaging-runtime-deps'
# business (tests/packaging/linux_deps.py).
exports=$(nm -D --defined-only "$module" | awk '{ print $NF }')
count=$(echo "$exports" | grep -c '^C_' || true)
echo "exports $count C_ functions"
others=$(echo "$exports" | grep -v '^C_' | grep -v '^LIBP11FORGE' || true)
[ -z "$others" ] || fail "exports more than the C_ functions: $(echo $others | head -c 300)"
[ "$count" -ge 68 ] || fail "exports only $count C_ functions"
