#!/bin/bash
# APDUs per PIV scenario, client by client, on the virtual PIV card run as a YubiKey
# (tests/card/, --yubikey, in a reader named "Yubico ...": ykcs11 takes no other): list the
# objects, log in and sign (9A RSA-2048, 9C P-256 with PIN-always), generate a key pair on the
# card (P-256 in 9C, RSA-2048 in 9A) and write a certificate (9A), through pkcs11-tool with
# libp11forge.so, OpenSC's PIV module and Yubico's ykcs11, and through the vendors' own tools:
# yubico-piv-tool (2.2.0 has no plain signing action: its test-signature verifies a PIN, signs
# and checks the signature against the slot's certificate, given as a file) and OpenSC's
# piv-tool.  Medians of RUNS runs, each a new process on a card
# just reset.  Prints a Markdown table; "—" where a client cannot (its error on stderr).
#   bench/card/piv_scenarios.sh BUILD_DIR [RUNS]     (root: the rig starts its own pcscd)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/in_rig.sh"   # build, runs
P11_RIG_READER_NAME="Yubico YubiKey virtual" P11_PIV_CARD_ARGS="--yubikey" enter_rig make_fixture.py

# ---------------------------------------------------------------- inside the rig
work=$BENCH_WORK
. "$here/apdu_median.sh"
printf 'app default {\n\tframework pkcs15 {\n\t\tuse_file_caching = no;\n\t}\n}\n' >"$work/opensc.conf"
# Our module without its certificate cache (bench/card/run.sh measures the cache).
export OPENSC_CONF=$work/opensc.conf P11FORGE_TOKEN_DIR=$work/token P11FORGE_CACHE_DIR=$work/card-cache \
    P11FORGE_CARD_CACHE=0
fx=$P11_PIV_FIXTURE
ykcs11=$(dpkg -L ykcs11 2>/dev/null | grep -m1 '/libykcs11\.so$' || true)
# The factory management key (3DES), the SO PIN of ykcs11 and libp11forge.so; piv-tool reads
# it from the file PIV_EXT_AUTH_KEY names.
mgmt=010203040506070801020304050607080102030405060708
echo "$mgmt" >"$work/mgmt.hex"
export PIV_EXT_AUTH_KEY=$work/mgmt.hex
head -c 1000 /dev/urandom >"$work/data"
openssl x509 -in "$fx/9a.crt" -outform DER -out "$work/9a.der"

# p11 MODULE-NAME pkcs11-tool-options...
p11() {
    local m
    case $1 in p11forge) m=$build/src/module/libp11forge.so ;; opensc) m=$P11_OPENSC_MODULE ;; ykcs11) m=$ykcs11 ;; esac
    [ -n "$m" ] || { echo "ykcs11 is not installed"; return 1; }
    shift
    pkcs11-tool --module "$m" --slot-description "$P11_PIV_READER" "$@"
}
as_so() { local c=$1; shift; p11 "$c" --login --login-type so --so-pin "$mgmt" "$@"; }
ykpiv() { yubico-piv-tool --reader "$P11_PIV_READER" "$@"; }
# piv-tool with mutual authentication by the 9B key ("A:" external authentication fails in
# OpenSC 0.23 with -1400 before it answers the card's challenge).
pivtool() { piv-tool --reader "$P11_PIV_READER" --admin M:9B:03 "$@"; }
# piv_tool_did INS ARGS...: piv-tool ARGS; success when the card did its part, i.e. the card's
# log since the call has the instruction INS (hex, CLA 00 or 10) and the last response ends in
# 90 00.  piv-tool 0.23 exits non-zero after the card generated a key, while it converts the
# public key on OpenSSL 3 ("invalid curve", "unable to gen RSA"), and after a certificate
# written in full (exit code 129).
piv_tool_did() {
    local ins=$1 from
    shift
    from=$(($(wc -l <"$P11_PIV_LOG") + 1))
    pivtool "$@" && return 0
    tail -n +"$from" "$P11_PIV_LOG" | grep -E "^> [01]0$ins" >/dev/null && tail -n 1 "$P11_PIV_LOG" | grep '^< .*9000$' >/dev/null
}

clients=(p11forge opensc ykcs11)
# row NAME PKCS11-COMMAND -- YUBICO-PIV-TOOL-COMMAND -- PIV-TOOL-COMMAND: one scenario, the first
# command run with each PKCS#11 module (the word CLIENT in it replaced by the module's name),
# then the two tools ("-" as a command: the tool has none).
row() {
    local name=$1 p11cmd=() yk=() pt=() cells=() c
    shift
    while [ "$1" != -- ]; do p11cmd+=("$1"); shift; done
    shift
    while [ "$1" != -- ]; do yk+=("$1"); shift; done
    shift
    pt=("$@")
    for c in "${clients[@]}"; do cells+=("$(apdu_median "$runs" "${p11cmd[@]/#CLIENT/$c}")"); done
    if [ "${yk[0]}" = - ]; then cells+=("—"); else cells+=("$(apdu_median "$runs" "${yk[@]}")"); fi
    if [ "${pt[0]}" = - ]; then cells+=("—"); else cells+=("$(apdu_median "$runs" "${pt[@]}")"); fi
    table_row "$name" "${cells[@]}"
}

table_row scenario "libp11forge.so" "OpenSC 0.23" "ykcs11 2.2.0" "yubico-piv-tool 2.2.0" "OpenSC piv-tool"
table_row --- ---: ---: ---: ---: ---:
row "list objects" p11 CLIENT -O -- ykpiv -a status -- -
row "log in, sign with 9A (RSA-2048)" p11 CLIENT --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 \
    -i "$work/data" -o "$work/sig" -- ykpiv -a verify-pin -P 123456 -a test-signature -s 9a -i "$fx/9a.crt" -- -
row "log in, sign with 9C (P-256, PIN-always)" p11 CLIENT --login --pin 123456 --sign -m ECDSA-SHA256 --id 02 \
    -i "$work/data" -o "$work/sig" -- ykpiv -a verify-pin -P 123456 -a test-signature -s 9c -i "$fx/9c.crt" -- -
row "generate P-256 in 9C" card_saw 47 as_so CLIENT --keypairgen --key-type EC:prime256v1 --id 02 \
    -- card_saw 47 ykpiv -a generate -s 9c -A ECCP256 -o "$work/ykpiv.pub" \
    -- piv_tool_did 47 --genkey 9C:11 -o "$work/pivtool.pub"
row "generate RSA-2048 in 9A" card_saw 47 as_so CLIENT --keypairgen --key-type rsa:2048 --id 01 \
    -- card_saw 47 ykpiv -a generate -s 9a -A RSA2048 -o "$work/ykpiv.pub" \
    -- piv_tool_did 47 --genkey 9A:07 -o "$work/pivtool.pub"
row "write the 9A certificate" card_saw DB as_so CLIENT --write-object "$work/9a.der" --type cert --id 01 \
    -- card_saw DB ykpiv -a import-certificate -s 9a -i "$fx/9a.crt" -- piv_tool_did DB --cert 9A -i "$fx/9a.crt"
echo "(medians of $runs runs, each a new process on a card just reset; libp11forge.so without its certificate cache)"
