#!/bin/bash
# The examples against a smart card: OpenSC's opensc-pkcs11.so on our
# virtual PIV card (tests/card/), a module we did not write on a card we
# did.  list-slots must show the card's certificates; select-certificate
# must sign with 9A (RSA) and with 9C (ECDSA, PIN-always: the consumer side
# does SignInit -> C_Login(CKU_CONTEXT_SPECIFIC) -> Sign), and openssl must
# verify both against the fixture's certificates.
#   card.sh BUILD_DIR          (runs itself inside tests/card/rig.sh)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$1
fail() { echo "FAIL: $*"; exit 1; }

if [ -z "${P11_PIV_LOG:-}" ]; then
    [ "$(id -u)" -eq 0 ] || { echo "needs root (its own pcscd)"; exit 77; }
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    /usr/bin/python3 "$here/../card/make_fixture.py" "$work/card" >/dev/null
    CARD_WORK=$work "$here/../card/rig.sh" "$work/card" -- "$0" "$build"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
work=$CARD_WORK fx=$P11_PIV_FIXTURE module=$P11_OPENSC_MODULE
cd "$work"
"$build/examples/list-slots" "$module" | tee list.out
for slot in "9A PIV Authentication" "9C Digital Signature" "9D Key Management" "9E Card Authentication"; do
    grep -q "CERTIFICATE .*subject \".*CN=PIV test card $slot\"" list.out || fail "list-slots misses the $slot certificate"
done
grep -q 'PRIVATE_KEY  label "CARD AUTH key" id 04 CKK_EC P-256' list.out || fail "list-slots misses the 9E key"

echo "seed data" >data
# r||s (PKCS #11) to DER (openssl).
to_der() { /usr/bin/python3 "$here/ecdsa_to_der.py" "$1" "$2"; }
# The candidates come in the module's order: pick by name.
# (--choose 99 lists them and fails: no such choice.)
choose() {
    { "$build/examples/select-certificate" --module "$module" --pin 123456 --choose 99 --data data \
        --out /dev/null 2>/dev/null || true; } | awk -v want="$1" '$0 ~ want { sub(/\).*/, ""); print; exit }'
}
for slot in 9a 9c; do
    case $slot in 9a) name="9A PIV Authentication" ;; 9c) name="9C Digital Signature" ;; esac
    n=$(choose "$name")
    [ -n "$n" ] || fail "select-certificate offers no $name"
    "$build/examples/select-certificate" --module "$module" --pin 123456 --choose "$n" --data data \
        --out "sig-$slot" | tee "select-$slot.out"
    grep -q "using .*CN=PIV test card $name" "select-$slot.out" || fail "chose the wrong certificate for $slot"
    openssl x509 -in "$fx/$slot.crt" -pubkey -noout >"pub-$slot.pem"
    sig=sig-$slot
    if [ "$slot" = 9c ]; then to_der "sig-$slot" "sig-$slot.der"; sig=sig-$slot.der; fi
    openssl dgst -sha256 -verify "pub-$slot.pem" -signature "$sig" data >/dev/null ||
        fail "the $slot signature does not verify"
done
# The card saw the PIN-always rule kept: the APDU right before the 9C
# GENERAL AUTHENTICATE was a successful VERIFY ("> cmd" / "< response" lines).
before=$(awk '/^>/ { cmd = $2 } /^</ { if (substr(cmd, 1, 4) == "0087" && substr(cmd, 7, 2) == "9C") { print prev; exit }
                                      prev = cmd " " $2 }' "$P11_PIV_LOG")
echo "before the 9C signature: $before"
[[ $before =~ ^0020008008[0-9A-F]{16}\ 9000$ ]] || fail "the 9C signature did not directly follow a VERIFY"
echo "examples on the card through OpenSC: certificates listed, 9A and 9C signatures verify"
