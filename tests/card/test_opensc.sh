#!/bin/bash
# Cross-check that the virtual PIV card speaks real PIV: OpenSC's own PIV driver
# (opensc-pkcs11.so through pkcs11-tool) must find the token, its keys and certificates, log in,
# sign (9A RSA, 9C ECDSA with PIN-always, 9E without PIN), decrypt (9D), derive (ECDH with a
# retired key) and count a wrong PIN; OpenSSL verifies every result against the fixture.
# Also prints how many APDUs OpenSC needs for some operations (one side of a benchmark).
#
#   tests/card/test_opensc.sh        # makes two fixtures and runs itself inside rig.sh
#
# Exits non-zero if any check fails.  P11_RIG_KEEP=1 keeps the rig directory with all logs.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${P11_PYTHON:-/usr/bin/python3}

if [ -z "${P11_PIV_LOG2:-}" ]; then
    fixtures=$(mktemp -d "${TMPDIR:-/tmp}/p11-piv-fixture.XXXXXX") || exit 2
    trap 'rm -rf "$fixtures"' EXIT
    "$python" "$here/make_fixture.py" "$fixtures/card1" || exit 2
    "$python" "$here/make_fixture.py" "$fixtures/card2" --retired 1 --name "second card" || exit 2
    "$here/rig.sh" "$fixtures/card1" "$fixtures/card2" -- "$0"
    exit $?
fi

# ---------------------------------------------------------------- inside the rig
fx=$P11_PIV_FIXTURE
: "${P11_PIV_LOG:?}"  # set by rig.sh, like P11_PIV_LOG2
work=$P11_RIG_DIR/opensc
mkdir -p "$work"
# A private OpenSC configuration: no on-disk file cache, so APDU counts do not depend on earlier
# runs or on /etc.
printf 'app default {\n\tframework pkcs15 {\n\t\tuse_file_caching = no;\n\t}\n}\n' >"$work/opensc.conf"
export OPENSC_CONF=$work/opensc.conf

p11() { pkcs11-tool --module "$P11_OPENSC_MODULE" --slot-description "$P11_PIV_READER" "$@"; }
p11_card2() { pkcs11-tool --module "$P11_OPENSC_MODULE" --slot-description "$P11_PIV_READER2" "$@"; }
pubkey() { openssl x509 -in "$1" -pubkey -noout >"$2"; }

. "$here/checks.sh"

head -c 1000 /dev/urandom >"$work/data"

list_token() {
    p11 -L | tee "$work/list"
    grep -q "Virtual PCD 00 00" "$work/list"
    grep -Eq "token label +: PIV test card" "$work/list"
    grep -Eq "token manufacturer +: piv_II" "$work/list"
}

objects_match_fixture() {
    p11 --login --pin 123456 -O | tee "$work/objects"
    # (Pipelines end in files, not in `grep -q`: its early exit would be a SIGPIPE failure
    # under pipefail.)
    grep -A2 "Private Key Object" "$work/objects" >"$work/private-keys"
    grep -A6 "label: *SIGN key" "$work/objects" >"$work/sign-key"
    local id slot
    for id in 01 02 03 04; do
        case $id in 01) slot=9a ;; 02) slot=9c ;; 03) slot=9d ;; 04) slot=9e ;; esac
        p11 --read-object --type cert --id $id -o "$work/$slot.der"
        openssl x509 -in "$fx/$slot.crt" -outform DER | cmp - "$work/$slot.der"
        grep -q "ID: *$id" "$work/private-keys"
    done
    # 9C is the PIN-always key: OpenSC must mark it CKA_ALWAYS_AUTHENTICATE.
    grep -q "always authenticate" "$work/sign-key"
}

sign_9a_rsa() {
    p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/9a.sig"
    pubkey "$fx/9a.crt" "$work/9a.pub"
    openssl dgst -sha256 -verify "$work/9a.pub" -signature "$work/9a.sig" "$work/data"
}

sign_9c_ecdsa_pin_always() {
    local from
    from=$(wc -l <"$P11_PIV_LOG")
    p11 --login --pin 123456 --sign -m ECDSA-SHA256 --signature-format openssl --id 02 \
        -i "$work/data" -o "$work/9c.sig"
    pubkey "$fx/9c.crt" "$work/9c.pub"
    openssl dgst -sha256 -verify "$work/9c.pub" -signature "$work/9c.sig" "$work/data"
    # The card accepted it, so the APDU right before GENERAL AUTHENTICATE 9C was a good VERIFY.
    apdu_before_auth "$from" 9C >"$work/before-9c"
    cat "$work/before-9c"
    grep -Eq '^0020008008[0-9A-F]{16} 9000$' "$work/before-9c"
}

sign_9e_without_pin() {
    # A cold reset drops the PIN status the card kept from earlier pkcs11-tool runs.  pkcs11-tool
    # logs in before any signature on a login-required token, so sign through PyKCS11 instead.
    opensc-tool --reader "$P11_PIV_READER" --reset cold
    local from
    from=$(wc -l <"$P11_PIV_LOG")
    "$python" - "$P11_OPENSC_MODULE" "$P11_PIV_READER" "$fx/9e.crt" "$work/data" <<'PY'
import sys, PyKCS11
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
module, reader, cert, data = sys.argv[1], sys.argv[2], sys.argv[3], open(sys.argv[4], "rb").read()
lib = PyKCS11.PyKCS11Lib()
lib.load(module)
slot = next(s for s in lib.getSlotList(tokenPresent=True)
            if lib.getSlotInfo(s).slotDescription.strip() == reader)
session = lib.openSession(slot)
key = session.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY), (PyKCS11.CKA_ID, (4,))])[0]
sig = bytes(session.sign(key, data, PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256)))
der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
x509.load_pem_x509_certificate(open(cert, "rb").read()).public_key().verify(
    der, data, ec.ECDSA(hashes.SHA256()))
print("9E signature verified")
PY
    # No PIN went to the card, and the card said so when asked.
    tail -n +"$from" "$P11_PIV_LOG" >"$work/9e.apdu"
    if grep -q '^> 0020008008' "$work/9e.apdu"; then
        echo "a PIN was sent to the card"; return 1
    fi
    grep -q '^> 0087119E' "$work/9e.apdu"
}

decrypt_9d_rsa() {
    pubkey "$fx/9d.crt" "$work/9d.pub"
    head -c 32 /dev/urandom >"$work/secret"
    openssl pkeyutl -encrypt -pubin -inkey "$work/9d.pub" -in "$work/secret" -out "$work/secret.enc"
    p11 --login --pin 123456 --decrypt -m RSA-PKCS --id 03 -i "$work/secret.enc" -o "$work/secret.dec"
    cmp "$work/secret" "$work/secret.dec"
}

ecdh_retired_key() {
    # Card 2 (reader 00 01) has a retired P-256 key management key in slot 82 (OpenSC id 05).
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/peer.key"
    openssl pkey -in "$work/peer.key" -pubout -outform DER -out "$work/peer.der"
    pubkey "$P11_PIV_FIXTURE2/82.crt" "$work/82.pub"
    openssl pkeyutl -derive -inkey "$work/peer.key" -peerkey "$work/82.pub" -out "$work/ecdh.expected"
    p11_card2 --login --pin 123456 --derive -m ECDH1-DERIVE --id 05 -i "$work/peer.der" -o "$work/ecdh.card"
    cmp "$work/ecdh.expected" "$work/ecdh.card"
}

tries() {  # the card's PIN retry counter, from its saved state
    "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["pin_tries"])' "$P11_PIV_STATE"
}
wrong_pin_counts() {
    [ "$(tries)" = 3 ]
    if p11 --login --pin 999999 -O >"$work/wrong" 2>&1; then
        echo "login with a wrong PIN succeeded"; return 1
    fi
    cat "$work/wrong"
    grep -q CKR_PIN_INCORRECT "$work/wrong"
    [ "$(tries)" = 2 ]
    grep -q '^< 63C2$' "$P11_PIV_LOG"
    # OpenSC asks the counter with an empty VERIFY.  (It does not set CKF_USER_PIN_COUNT_LOW:
    # PIV cannot report the maximum, so OpenSC cannot tell "low".)
    local from
    from=$(wc -l <"$P11_PIV_LOG")
    p11 -L >/dev/null
    tail -n +"$from" "$P11_PIV_LOG" >"$work/status.apdu"
    grep -A1 '^> 00200080$' "$work/status.apdu" >"$work/status-verify"
    grep -q '^< 63C2$' "$work/status-verify"
    p11 --login --pin 123456 -O >/dev/null   # a good PIN resets the counter
    [ "$(tries)" = 3 ]
}

check list "OpenSC lists the PIV token in Virtual PCD 00 00" list_token
check objects "keys and certificates of 9A/9C/9D/9E, certs equal the fixture's" objects_match_fixture
check sign-9a "9A RSA-2048 SHA256-RSA-PKCS signature verifies with openssl" sign_9a_rsa
check sign-9c "9C P-256 ECDSA-SHA256 (context-specific login) verifies" sign_9c_ecdsa_pin_always
check sign-9e "9E P-256 ECDSA without PIN verifies" sign_9e_without_pin
check decrypt-9d "9D RSA-PKCS decrypts what openssl encrypted" decrypt_9d_rsa
check ecdh-82 "ECDH with retired key 82 (second card) equals openssl's" ecdh_retired_key
check wrong-pin "a wrong PIN decrements the counter (63 C2), a good one resets it" wrong_pin_counts

count "pkcs11-tool -L" p11 -L
count "login + sign with 9A (SHA256-RSA-PKCS)" \
    p11 --login --pin 123456 --sign -m SHA256-RSA-PKCS --id 01 -i "$work/data" -o "$work/count.sig"
count "login + sign with 9C (ECDSA-SHA256, PIN-always)" \
    p11 --login --pin 123456 --sign -m ECDSA-SHA256 --id 02 -i "$work/data" -o "$work/count.sig"

echo
echo "OpenSC $(dpkg-query -W -f='${Version}' opensc 2>/dev/null) against the virtual PIV card:"
printf '  %s\n' "${results[@]}"
echo "APDUs per pkcs11-tool run on card 1 after a reset (whole process, C_Initialize to C_Finalize):"
printf '  %s\n' "${counts[@]}"
echo "$((${#results[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
