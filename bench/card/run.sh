#!/bin/bash
# APDUs and wall time per PKCS #11 scenario on the virtual PIV card
# (tests/card/), for libp11forge.so (without and with its certificate cache),
# OpenSC's opensc-pkcs11.so and, when installed, Yubico's ykcs11 side by
# side, in one run.  Each run of a scenario is a fresh process on a card
# just reset (no PIN status, no applet selected), so every module pays its
# full cost; OpenSC runs with its file cache off; "p11forge+cache" runs with
# a cache primed by one untimed run.  The card runs as a YubiKey (--yubikey,
# in a reader named "Yubico ...") so that ykcs11 takes it.  Then the APDUs of
# every client per scenario, enrollment included, on both card families:
# piv_scenarios.sh and openpgp_scenarios.sh (each in a rig of its own).
#   bench/card/run.sh BUILD_DIR [RUNS]      (root: the rig starts its own pcscd)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/in_rig.sh"   # build, runs

if [ -z "${P11_PIV_LOG:-}" ]; then
    P11_RIG_READER_NAME="Yubico YubiKey virtual" P11_PIV_CARD_ARGS="--yubikey" in_rig make_fixture.py
    echo
    echo "PIV, APDUs per client:"
    "$here/piv_scenarios.sh" "$build" "$runs"
    echo
    echo "OpenPGP card, APDUs per client:"
    "$here/openpgp_scenarios.sh" "$build" "$runs"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
work=$BENCH_WORK
printf 'app default {\n\tframework pkcs15 {\n\t\tuse_file_caching = no;\n\t}\n}\n' >"$work/opensc.conf"
export OPENSC_CONF=$work/opensc.conf
# Our module: its software token elsewhere, the card slots from PC/SC.
export P11FORGE_TOKEN_DIR=$work/token P11FORGE_PCSC=1
scenario=$build/bench/card/card-scenario
declare -A modules=([OpenSC]=$P11_OPENSC_MODULE [p11forge]=$build/src/module/libp11forge.so
                   [p11forge+cache]=$build/src/module/libp11forge.so)
names=(p11forge p11forge+cache OpenSC)
ykcs11=$(dpkg -L ykcs11 2>/dev/null | grep -m1 '/libykcs11\.so$' || true)
if [ -n "$ykcs11" ]; then modules[ykcs11]=$ykcs11; names+=(ykcs11); fi

. "$here/apdu_median.sh"   # median

# measure MODULE SCENARIO: "APDUS MILLISECONDS" (medians), or "- -" if it fails.
measure() {
    local module=${modules[$1]} what=$2 i before after out apdus=() times=()
    # The cache (per run of this script) is on for p11forge+cache only, and primed.
    export P11FORGE_CACHE_DIR=$work/card-cache P11FORGE_CARD_CACHE=0
    if [ "$1" = p11forge+cache ]; then
        P11FORGE_CARD_CACHE=1
        "$scenario" "$module" "$P11_PIV_READER" list >/dev/null 2>&1 || true
    fi
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

line=$(printf '%-8s' scenario)
for name in "${names[@]}"; do line+=$(printf ' | %-14s %6s %8s' module APDUs ms); done
echo "$line"
for what in init list sign9a sign9c; do
    line=$(printf '%-8s' "$what")
    for name in "${names[@]}"; do
        read -r a t < <(measure "$name" "$what")
        line+=$(printf ' | %-14s %6s %8s' "$name" "$a" "$t")
    done
    echo "$line"
done
echo "(medians of $runs runs; physical floor for login + sign once: SELECT + VERIFY + GENERAL AUTHENTICATE = 3 APDUs)"
