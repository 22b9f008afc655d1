#!/bin/bash
# APDUs and wall time per PKCS #11 scenario on the virtual PIV card
# (tests/card/), for libp11forge.so and OpenSC's opensc-pkcs11.so side by
# side, in one run.  Each run of a scenario is a fresh process on a card
# just reset (no PIN status, no applet selected), so every module pays its
# full cost; OpenSC runs with its file cache off.
#   bench/card/run.sh BUILD_DIR [RUNS]      (root: the rig starts its own pcscd)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "$1" && pwd)
runs=${2:-5}

if [ -z "${P11_PIV_LOG:-}" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    /usr/bin/python3 "$here/../../tests/card/make_fixture.py" "$work/card" >/dev/null
    BENCH_WORK=$work "$here/../../tests/card/rig.sh" "$work/card" -- "$0" "$build" "$runs"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
work=$BENCH_WORK
printf 'app default {\n\tframework pkcs15 {\n\t\tuse_file_caching = no;\n\t}\n}\n' >"$work/opensc.conf"
export OPENSC_CONF=$work/opensc.conf
# Our module: its software token elsewhere, the card slots from PC/SC.
export P11FORGE_TOKEN_DIR=$work/token P11FORGE_PCSC=1
scenario=$build/bench/card/card-scenario
declare -A modules=([OpenSC]=$P11_OPENSC_MODULE [p11forge]=$build/src/module/libp11forge.so)

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure MODULE SCENARIO: "APDUS MILLISECONDS" (medians), or "- -" if it fails.
measure() {
    local module=$1 what=$2 i before after out apdus=() times=()
    for ((i = 0; i < runs; i++)); do
        opensc-tool --reader "$P11_PIV_READER" --reset cold >/dev/null 2>&1 || true
        before=$(grep -c '^>' "$P11_PIV_LOG" || true)
        if ! out=$("$scenario" "$module" "$P11_PIV_READER" "$what" 2>"$work/err"); then
            echo "- -"
            sed 's/^/    /' "$work/err" >&2
            return
        fi
        after=$(grep -c '^>' "$P11_PIV_LOG" || true)
        apdus+=($((after - before)))
        times+=("${out#* }")
    done
    echo "$(printf '%s\n' "${apdus[@]}" | median) $(printf '%s\n' "${times[@]}" | median)"
}

printf '%-8s | %-10s %8s %8s | %-10s %8s %8s\n' scenario module APDUs ms module APDUs ms
for what in init list sign9a sign9c; do
    line=$(printf '%-8s' "$what")
    for name in p11forge OpenSC; do
        read -r a t < <(measure "${modules[$name]}" "$what")
        line+=$(printf ' | %-10s %8s %8s' "$name" "$a" "$t")
    done
    echo "$line"
done
echo "(medians of $runs runs; physical floor for login + sign once: SELECT + VERIFY + GENERAL AUTHENTICATE = 3 APDUs)"
