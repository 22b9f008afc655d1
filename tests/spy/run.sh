#!/bin/bash
# Runs pkcs11-tool through p11forge-spy against a real module and checks
# that the spy is transparent (same results as without it) and that its log
# decodes what went by: functions, arguments, templates, return values by
# name, timing, and never a PIN.
#   run.sh KIND SPY MODULE    (KIND: p11forge | softhsm)
set -euo pipefail
kind=$1 spy=$2 module=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }

. "$here/../common/module_env.sh"
module_env "$kind" "$work"
export P11FORGE_SPY_MODULE=$module P11FORGE_SPY_OUTPUT=$work/spy.log
so_pin=so-secret-4711 user_pin=user-secret-0815

# through M ARGS...: pkcs11-tool through the spy; its output in out.txt.
through() { pkcs11-tool --module "$spy" "$@" >out.txt 2>&1 || { cat out.txt; fail "pkcs11-tool (spy) $*"; }; }
direct() { pkcs11-tool --module "$module" "$@" 2>&1; }

through --init-token --slot-index 0 --so-pin "$so_pin" --label spied
slot=$(direct -L | awk '/token label *: spied/{print prev} {if ($1=="Slot") {p=$3; gsub(/[():]/, "", p); prev=p}}' | head -n 1)
slot=$((slot))
through --slot "$slot" --login --login-type so --so-pin "$so_pin" --init-pin --pin "$user_pin"
through --slot "$slot" --login --pin "$user_pin" --keypairgen --key-type EC:prime256v1 --label spy-key --id 5b
echo "data to sign" >data
# Plain CKM_ECDSA over the digest: SoftHSMv2 has no CKM_ECDSA_SHA256.
openssl dgst -sha256 -binary data >digest
through --slot "$slot" --login --pin "$user_pin" --sign --mechanism ECDSA --id 5b --input-file digest \
    --output-file sig --signature-format openssl
# The signature made through the spy verifies directly, and with openssl.
direct --slot "$slot" --read-object --type pubkey --id 5b --output-file pub.der >/dev/null
openssl pkey -pubin -inform der -in pub.der -out pub.pem 2>/dev/null || fail "public key not readable"
openssl dgst -sha256 -verify pub.pem -signature sig data >/dev/null || fail "signature made through the spy does not verify"

# Transparent: the same listings with and without the spy.
for args in "-L" "-M" "--slot $slot -O"; do
    # shellcheck disable=SC2086
    through $args
    # shellcheck disable=SC2086
    direct $args >direct.txt
    diff -u direct.txt out.txt || fail "pkcs11-tool $args differs through the spy"
done
# And an error passes through unchanged: a wrong PIN.
if pkcs11-tool --module "$spy" --slot "$slot" --login --pin wrong-pin -O >out.txt 2>&1; then
    fail "a wrong PIN was accepted through the spy"
fi
grep -q CKR_PIN_INCORRECT out.txt || fail "the wrong PIN's error was not passed through"

log=spy.log
expect() { grep -qE -- "$1" "$log" || fail "spy log lacks: $1"; }
expect '^\[[0-9a-f]+\] C_Initialize$'
expect 'C_GetSlotList -> CKR_OK \([0-9]+ us\)'
expect '^ +userType = CKU_SO$'
expect 'C_Login -> CKR_PIN_INCORRECT'
expect '^ +pMechanism = CKM_EC_KEY_PAIR_GEN'
expect 'CKA_LABEL'
expect 'CKA_EC_PARAMS'
expect 'C_FindObjectsInit'
expect 'C_SignInit'
expect '^ +hSession = [0-9]+$'
expect 'C_Finalize -> CKR_OK'
# Never a PIN, not even a wrong one.
for secret in "$so_pin" "$user_pin" wrong-pin; do
    grep -qF "$secret" "$log" && fail "the spy logged a PIN"
done
calls=$(grep -cE '^\[[0-9a-f]+\] C_[A-Za-z]+ -> ' "$log")
[ "$calls" -gt 50 ] || fail "only $calls calls logged"
echo "spy ($kind): $calls calls logged, output identical, no PIN in the log"
