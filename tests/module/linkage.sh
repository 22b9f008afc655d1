#!/bin/bash
# The module has no binary dependency but the C/C++ runtime (mbedTLS is
# linked in, PC/SC is loaded at run time) and exports nothing but the
# Cryptoki entry points.  Built on OpenSSL (-Dcrypto=openssl), it needs
# libcrypto.so.3 as well, and still exports none of OpenSSL's symbols.
#   linkage.sh MODULE [BACKEND]     BACKEND: mbedtls (default) or openssl
set -euo pipefail
module=$1
backend=${2:-mbedtls}
fail() { echo "FAIL: $*"; exit 1; }

needed=$(readelf -d "$module" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "NEEDED: $(echo $needed)"
for lib in $needed; do
    case $lib in
    libc.so.* | libm.so.* | libstdc++.so.* | libgcc_s.so.* | ld-linux*.so.* | libpthread.so.* | libdl.so.*) ;;
    libcrypto.so.3) [ "$backend" = openssl ] || fail "depends on $lib (the $backend backend does not need it)" ;;
    *) fail "depends on $lib" ;;
    esac
done

if [ "$backend" = openssl ]; then
    echo "$needed" | grep -qx 'libcrypto.so.3' || fail "the openssl backend is not linked to libcrypto.so.3"
fi

exports=$(nm -D --defined-only "$module" | awk '{ print $NF }')
count=$(echo "$exports" | grep -c '^C_' || true)
echo "exports $count C_ functions"
others=$(echo "$exports" | grep -v '^C_' | grep -v '^LIBP11FORGE' || true)
[ -z "$others" ] || fail "exports more than the C_ functions: $(echo $others | head -c 300)"
[ "$count" -ge 68 ] || fail "exports only $count C_ functions"
