#!/bin/bash
# The module has no binary dependency but the C/C++ runtime (mbedTLS is
# linked in, PC/SC is loaded at run time) and exports nothing but the
# Cryptoki entry points.
#   linkage.sh MODULE
set -euo pipefail
module=$1
fail() { echo "FAIL: $*"; exit 1; }

needed=$(readelf -d "$module" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "NEEDED: $(echo $needed)"
for lib in $needed; do
    case $lib in
    libc.so.* | libm.so.* | libstdc++.so.* | libgcc_s.so.* | ld-linux*.so.* | libpthread.so.* | libdl.so.*) ;;
    *) fail "depends on $lib" ;;
    esac
done

exports=$(nm -D --defined-only "$module" | awk '{ print $NF }')
count=$(echo "$exports" | grep -c '^C_' || true)
echo "exports $count C_ functions"
others=$(echo "$exports" | grep -v '^C_' | grep -v '^LIBP11FORGE' || true)
[ -z "$others" ] || fail "exports more than the C_ functions: $(echo $others | head -c 300)"
[ "$count" -ge 68 ] || fail "exports only $count C_ functions"
