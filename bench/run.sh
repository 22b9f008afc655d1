#!/bin/bash
# The side-by-side benchmark: libp11forge.so, SoftHSMv2 and the raw crypto
# backend, back to back in one run, each module on a fresh token in a
# temporary directory.  Prints a table with ratios (ours / SoftHSMv2 and
# ours / raw); compare figures only within one run.
#   bash bench/run.sh [BUILD_DIR] [SECONDS]     (defaults: builds/gcc, 2)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-builds/gcc}
secs=${2:-2}
[ -x "$build/bench/module/p11forge-bench" ] || ninja -C "$build" bench/module/p11forge-bench bench/module/raw-mbedtls src/module/libp11forge.so >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Ours: its software token only (no card slots), default KDF cost.
P11FORGE_TOKEN_DIR=$work/p11forge P11FORGE_PCSC=0 bash -c '
    m=$1
    pkcs11-tool --module "$m" --init-token --so-pin 12345678 --label bench >/dev/null
    pkcs11-tool --module "$m" --login --login-type so --so-pin 12345678 --init-pin --pin 123456 >/dev/null
    exec "$2" "$m" 123456 --seconds "$3"' _ "$build/src/module/libp11forge.so" "$build/bench/module/p11forge-bench" "$secs" >"$work/p11forge.txt"

mkdir -p "$work/softhsm"
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$work/softhsm" >"$work/softhsm2.conf"
SOFTHSM2_CONF=$work/softhsm2.conf bash -c '
    softhsm2-util --init-token --free --label bench --so-pin 12345678 --pin 123456 >/dev/null
    exec "$1" /usr/lib/softhsm/libsofthsm2.so 123456 --seconds "$2"' _ "$build/bench/module/p11forge-bench" "$secs" >"$work/softhsm.txt"

"$build/bench/module/raw-mbedtls" --seconds "$secs" >"$work/raw.txt"

/usr/bin/python3 - "$work" <<'PY'
import sys, os
work = sys.argv[1]
def read(name):
    out = {}
    for line in open(os.path.join(work, name)):
        parts = line.split()
        if len(parts) >= 3:
            out[parts[0]] = (float(parts[1]), parts[2])
    return out
ours, hsm, raw = read("p11forge.txt"), read("softhsm.txt"), read("raw.txt")
print(f"{'operation':28} {'p11forge':>12} {'SoftHSMv2':>12} {'raw mbedTLS':>12} {'/SoftHSM':>9} {'/raw':>7}  unit")
for name, (v, unit) in ours.items():
    h = hsm.get(name, (None,))[0]
    r = raw.get(name, (None,))[0]
    # For a time (ms) less is better: the ratio is inverted so that > 1 always means we are faster.
    def ratio(other):
        if not other: return "-"
        return f"{(other / v if unit == 'ms' else v / other):.2f}"
    fmt = lambda x: f"{x:12.1f}" if x is not None else f"{'-':>12}"
    print(f"{name:28} {fmt(v)} {fmt(h)} {fmt(r)} {ratio(h):>9} {ratio(r):>7}  {unit}")
PY
