#!/bin/bash
# The side-by-side benchmark, one command: libp11forge.so on both crypto
# backends, SoftHSMv2 (Debian softhsm2) and the raw primitives of mbedTLS and
# OpenSSL, back to back in one run.  Each module gets a fresh token in a
# temporary directory.  Prints a table with ratios (> 1 always means the
# first named is faster) and, with --plot FILE.svg, draws the ratios.
#
#   bash bench/run.sh [--seconds S] [--runs N] [--plot FILE.svg] [--tsv FILE]
#
# Release builds of the module and the benchmark programs are made in
# builds/bench-mbedtls and builds/bench-openssl (only the targets needed).
# Per module: 1,001 public token objects are made first, then the start-up
# (load + C_Initialize + session + first C_FindObjects) is timed N times
# (median), then every benchmark runs, including the search among 10,000.
# Compare figures only within one run: the machine is shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=2 runs=5 plot= tsv=
while [ $# -gt 0 ]; do
    case $1 in
    --seconds) secs=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --plot) plot=$2; shift 2 ;;
    --tsv) tsv=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--seconds S] [--runs N] [--plot FILE.svg] [--tsv FILE]" >&2; exit 2 ;;
    esac
done

build() {  # build DIR BACKEND
    [ -f "$1/build.ninja" ] || meson setup "$1" -Dbuildtype=release -Dtests=false -Dcrypto="$2" >/dev/null
    ninja -C "$1" src/module/libp11forge.so bench/module/p11forge-bench bench/module/raw-mbedtls bench/module/raw-openssl >/dev/null
}
build builds/bench-mbedtls mbedtls
build builds/bench-openssl openssl
bench_bin=builds/bench-mbedtls/bench/module/p11forge-bench

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$work/softhsm" >"$work/softhsm2.conf"

# measure NAME MODULE: token start-up with 1,001 objects, then everything.
measure() {
    local name=$1 module=$2 i
    echo "--- $name" >&2
    "$bench_bin" "$module" 123456 --prepare-objects 1000
    for i in $(seq "$runs"); do "$bench_bin" "$module" --startup; done |
        sort -k2 -n | awk -v n="$runs" 'NR == int((n + 1) / 2)' >"$work/$name.txt"
    "$bench_bin" "$module" 123456 --seconds "$secs" >>"$work/$name.txt"
}

# Ours: the software token only (no card slots), default KDF cost.
for backend in mbedtls openssl; do
    export P11FORGE_TOKEN_DIR=$work/p11forge-$backend P11FORGE_PCSC=0
    module=builds/bench-$backend/src/module/libp11forge.so
    pkcs11-tool --module "$module" --init-token --so-pin 12345678 --label bench >/dev/null
    pkcs11-tool --module "$module" --login --login-type so --so-pin 12345678 --init-pin --pin 123456 >/dev/null
    measure "p11forge-$backend" "$module"
done
unset P11FORGE_TOKEN_DIR P11FORGE_PCSC

mkdir -p "$work/softhsm"
export SOFTHSM2_CONF=$work/softhsm2.conf
softhsm2-util --init-token --free --label bench --so-pin 12345678 --pin 123456 >/dev/null
measure softhsm /usr/lib/softhsm/libsofthsm2.so

echo "--- raw mbedTLS, raw OpenSSL" >&2
builds/bench-mbedtls/bench/module/raw-mbedtls --seconds "$secs" >"$work/raw-mbedtls.txt"
builds/bench-mbedtls/bench/module/raw-openssl --seconds "$secs" >"$work/raw-openssl.txt"

/usr/bin/python3 bench/table.py "$work" ${tsv:+--tsv "$tsv"} ${plot:+--plot "$plot"}
